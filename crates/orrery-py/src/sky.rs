//! `orrery.sky`: rises, transits and sets of the Sun, the Moon and the planets, twilights
//! and Moon phases for an observer.

use crate::common::{json, run_long, value_err, PyOk};
use crate::ephem::PyEphemeris;
use crate::sat::PyObserver;
use crate::time::PyTime;
use orrery::localtime::LocalZone;
use orrery::sky::almanac::{almanac_with, AlmanacRequest, ObserverInfo, SkyBody};
use pyo3::prelude::*;

/// The document of `orrery sky --format json`: events from `start` to `stop`, positions
/// and the Moon at `at` (default `start`), for `bodies` (default all nine).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (observer, start, stop, at=None, bodies=None, ephemeris=None,
                    time_zone=None, callback=None))]
pub fn almanac_json(
    py: Python<'_>,
    observer: &PyObserver,
    start: &PyTime,
    stop: &PyTime,
    at: Option<&PyTime>,
    bodies: Option<Vec<String>>,
    ephemeris: Option<&PyEphemeris>,
    time_zone: Option<&str>,
    callback: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let bodies = match bodies {
        Some(names) => names
            .iter()
            .map(|n| SkyBody::parse(n))
            .collect::<Result<Vec<_>, _>>()
            .py()?,
        None => SkyBody::ALL.to_vec(),
    };
    let zone_name = time_zone
        .map(str::to_string)
        .or_else(|| observer.time_zone.clone());
    let zone = zone_name
        .as_deref()
        .map(|z| LocalZone::named(z).map_err(|e| value_err(e.to_string())))
        .transpose()?;
    let g = observer.obs.geodetic;
    let t0 = start.first()?;
    let req = AlmanacRequest {
        observer: observer.obs,
        info: ObserverInfo {
            name: observer.name.clone(),
            lat_deg: g.lat.to_degrees(),
            lon_deg: g.lon.to_degrees(),
            alt_m: g.alt * 1000.0,
            time_zone: zone_name,
        },
        zone,
        start: t0,
        end: stop.first()?,
        at: at.map_or(Ok(t0), PyTime::first)?,
        bodies,
    };
    let builtin = orrery::ephem::Source::builtin();
    let eph = ephemeris.map_or(&builtin, |e| &*e.source);
    let a = run_long(py, callback, |c| almanac_with(eph, &req, c))?.py()?;
    json(&a)
}
