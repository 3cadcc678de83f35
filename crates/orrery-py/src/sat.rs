//! `orrery.sat`: catalogs, SGP4 states of whole catalogs as numpy arrays, ground tracks
//! and passes.

use crate::common::{json, run_long, value_err, PyOk};
use crate::ephem::PyEphemeris;
use crate::time::PyTime;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArray3, PyArrayMethods, PyReadonlyArray1};
use orrery::earth::{Geodetic, Observer};
use orrery::localtime::LocalZone;
use orrery::progress::Silent;
use orrery::sat::batch::{propagate_interleaved_with, STATES_PER_BLOCK};
use orrery::sat::conjunction::{
    assemble, pieces, screen, screen_piece, Piece, PieceResult, ScreenRequest,
};
use orrery::sat::kernel::{Output, Propagator};
use orrery::sat::passes::{predict_passes_with, PassOptions, PassRow};
use orrery::sat::track::ground_track;
use orrery::sat::{Catalog, ReadOptions, Satellite};
use orrery::{TimeGrid, Unit};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// A satellite: one element set with SGP4 initialised.
#[pyclass(module = "orrery._orrery", name = "_Satellite", frozen)]
pub struct PySatellite {
    cat: Arc<Catalog>,
    i: usize,
    prop: OnceLock<Option<Propagator>>,
}

impl PySatellite {
    fn new(cat: Arc<Catalog>, i: usize) -> Self {
        PySatellite {
            cat,
            i,
            prop: OnceLock::new(),
        }
    }

    /// The satellite.
    pub fn sat(&self) -> &Satellite {
        &self.cat.satellites[self.i]
    }

    fn propagator(&self) -> PyResult<&Propagator> {
        self.prop
            .get_or_init(|| Propagator::new(self.sat()).ok())
            .as_ref()
            .ok_or_else(|| value_err(format!("SGP4 cannot initialise {}", self.sat().name())))
    }
}

/// `(n, 3)` array from `n` rows.
fn rows3<'py>(py: Python<'py>, rows: Vec<[f64; 3]>) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let n = rows.len();
    rows.into_iter()
        .flatten()
        .collect::<Vec<f64>>()
        .into_pyarray(py)
        .reshape([n, 3])
}

type States<'py> = (
    Bound<'py, PyArray3<f64>>,
    Option<Bound<'py, PyArray3<f64>>>,
    Vec<Option<String>>,
);

/// SGP4 (TEME, km and km/s) of every satellite at every instant, with the GIL released
/// (stoppable with Ctrl-C between blocks of satellites; progress per satellite).
fn batch_states<'py>(
    py: Python<'py>,
    sats: &[&Satellite],
    time: &PyTime,
    velocity: bool,
    callback: Option<&Bound<'_, PyAny>>,
) -> PyResult<States<'py>> {
    let (tai, lo): (Vec<f64>, Vec<f64>) = time
        .epochs
        .iter()
        .map(|&e| orrery::time::tai_seconds_split(e))
        .unzip();
    let (n, m) = (sats.len(), tai.len());
    let output = if velocity {
        Output::PositionVelocity
    } else {
        Output::Position
    };
    let b = if n * m <= STATES_PER_BLOCK && callback.is_none() {
        // One block (under a second): no worker thread, no progress.
        py.detach(|| propagate_interleaved_with(sats, &tai, Some(&lo), output, &Silent))
    } else {
        run_long(py, callback, |c| {
            propagate_interleaved_with(sats, &tai, Some(&lo), output, c)
        })?
    }
    .py()?;
    let errors: Vec<Option<String>> = b
        .errors
        .iter()
        .map(|e| e.as_ref().map(|e| e.to_string()))
        .collect();
    let pos = b.positions.into_pyarray(py).reshape([n, m, 3])?;
    let vel = if velocity {
        Some(b.velocities.into_pyarray(py).reshape([n, m, 3])?)
    } else {
        None
    };
    Ok((pos, vel, errors))
}

#[pymethods]
impl PySatellite {
    /// Name from the catalog.
    #[getter]
    fn name(&self) -> String {
        self.sat().name()
    }

    /// NORAD catalog number.
    #[getter]
    fn norad_id(&self) -> u64 {
        self.sat().norad_id()
    }

    /// International designator (`1998-067A`), if the record has one.
    #[getter]
    fn designator(&self) -> Option<String> {
        self.sat().elements.international_designator.clone()
    }

    /// Epoch of the element set.
    #[getter]
    fn epoch(&self) -> PyTime {
        PyTime::new(vec![self.sat().epoch])
    }

    /// Orbital period, minutes.
    #[getter]
    fn period_minutes(&self) -> f64 {
        self.sat().period_minutes()
    }

    /// Inclination, degrees.
    #[getter]
    fn inclination_deg(&self) -> f64 {
        self.sat().elements.inclination
    }

    /// Eccentricity.
    #[getter]
    fn eccentricity(&self) -> f64 {
        self.sat().elements.eccentricity
    }

    /// Mean motion, revolutions per day.
    #[getter]
    fn mean_motion_rev_day(&self) -> f64 {
        self.sat().elements.mean_motion
    }

    /// SGP4 at `minutes` after the epoch, python-sgp4's `sgp4_tsince` conventions:
    /// `(r (n, 3) km, v (n, 3) km/s, error codes (n,))`, NaN where the code is not 0.
    #[allow(clippy::type_complexity)]
    fn propagate_minutes<'py>(
        &self,
        py: Python<'py>,
        minutes: PyReadonlyArray1<'_, f64>,
    ) -> PyResult<(
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray1<u8>>,
    )> {
        let p = self.propagator()?;
        let m = minutes.as_slice()?;
        let s = p.states_minutes(m);
        let codes: Vec<u8> = s.codes.iter().map(|&c| c as u8).collect();
        Ok((
            rows3(py, s.positions)?,
            rows3(py, s.velocities)?,
            codes.into_pyarray(py),
        ))
    }

    /// TEME state at one instant: `((x, y, z) km, (vx, vy, vz) km/s)`; raises when
    /// SGP4 fails (decay).
    fn state_at(&self, time: &PyTime) -> PyResult<([f64; 3], [f64; 3])> {
        let s = self.propagator()?.propagate(time.first()?).py()?;
        Ok((s.position.into(), s.velocity.into()))
    }

    /// TEME states at every instant: `(pos (1, m, 3), vel (1, m, 3), [error])`.
    fn states<'py>(&self, py: Python<'py>, time: &PyTime, velocity: bool) -> PyResult<States<'py>> {
        batch_states(py, &[self.sat()], time, velocity, None)
    }

    /// The document of `orrery track --format json` over `start..=stop` every `step_s`.
    #[pyo3(signature = (start, stop, step_s, observer=None, ephemeris=None))]
    fn ground_track_json(
        &self,
        py: Python<'_>,
        start: &PyTime,
        stop: &PyTime,
        step_s: f64,
        observer: Option<&PyObserver>,
        ephemeris: Option<&PyEphemeris>,
    ) -> PyResult<String> {
        let grid = TimeGrid::new(start.first()?, stop.first()?, Unit::Second * step_s).py()?;
        let builtin = orrery::ephem::Source::builtin();
        let sun = ephemeris.map_or(&builtin, |e| &*e.source);
        let obs = observer.map(|o| &o.obs);
        let sat = self.sat();
        let track = py.detach(|| ground_track(sat, &grid, obs, sun)).py()?;
        json(&track)
    }

    /// One TLE/OMM-derived line for `repr`.
    fn __repr__(&self) -> String {
        format!(
            "Satellite({:?}, norad_id={}, epoch={})",
            self.sat().name(),
            self.sat().norad_id(),
            orrery::time::format_utc_ms(self.sat().epoch)
        )
    }
}

/// A catalog of satellites (TLE, 3LE, OMM XML/JSON).
#[pyclass(module = "orrery._orrery", name = "_Catalog", frozen)]
pub struct PyCatalog {
    cat: Arc<Catalog>,
}

impl PyCatalog {
    fn from_catalog(c: Catalog) -> Self {
        PyCatalog { cat: Arc::new(c) }
    }

    fn index_of(&self, hits: &[&Satellite]) -> Vec<usize> {
        hits.iter()
            .filter_map(|h| self.cat.satellites.iter().position(|s| std::ptr::eq(s, *h)))
            .collect()
    }

    fn refs(&self) -> Vec<&Satellite> {
        self.cat.satellites.iter().collect()
    }
}

/// A conjunction screening request (`conjunction::ScreenRequest`): all against all from
/// `start` over `span_s` seconds at `threshold_km`, or `primaries` (indices into the
/// catalog it is used with) against all; `step_s` `None` is the library's default.
#[pyclass(module = "orrery._orrery", name = "_ScreenRequest", frozen)]
pub struct PyScreenRequest {
    req: ScreenRequest,
}

#[pymethods]
impl PyScreenRequest {
    #[new]
    #[pyo3(signature = (start, span_s, threshold_km, primaries=None, step_s=None, max_age_days=7.0))]
    fn new(
        start: &PyTime,
        span_s: f64,
        threshold_km: f64,
        primaries: Option<Vec<usize>>,
        step_s: Option<f64>,
        max_age_days: f64,
    ) -> PyResult<Self> {
        let mut req = ScreenRequest::new(start.first()?, span_s, threshold_km);
        req.primaries = primaries;
        if let Some(step) = step_s {
            req.step_s = step;
        }
        req.max_age_days = max_age_days;
        Ok(PyScreenRequest { req })
    }
}

impl PyScreenRequest {
    /// The request, checked against a catalog of `n_sats` objects.
    fn checked(&self, n_sats: usize) -> PyResult<&ScreenRequest> {
        self.req.validate(n_sats).py()?;
        Ok(&self.req)
    }
}

fn opts(lenient: bool, verify_checksum: bool) -> ReadOptions {
    ReadOptions {
        lenient,
        verify_checksum,
    }
}

#[pymethods]
impl PyCatalog {
    /// Reads a catalog file (format detected from its content).
    #[staticmethod]
    #[pyo3(signature = (path, lenient=false, verify_checksum=true))]
    fn load(py: Python<'_>, path: PathBuf, lenient: bool, verify_checksum: bool) -> PyResult<Self> {
        let o = opts(lenient, verify_checksum);
        let c = py.detach(|| Catalog::read(&path, &o)).py()?;
        Ok(Self::from_catalog(c))
    }

    /// Parses catalog text; `name` names it in messages.
    #[staticmethod]
    #[pyo3(signature = (text, name="<text>", lenient=false, verify_checksum=true))]
    fn parse(text: &str, name: &str, lenient: bool, verify_checksum: bool) -> PyResult<Self> {
        let c = Catalog::parse(text, name, &opts(lenient, verify_checksum)).py()?;
        Ok(Self::from_catalog(c))
    }

    /// The bundled sample (18 objects of CelesTrak's active group, 2026-05-07).
    #[staticmethod]
    fn bundled() -> Self {
        Self::from_catalog(Catalog::bundled())
    }

    /// The bundled whole active catalog (CelesTrak, 2026-05-07, 15,347 objects).
    #[staticmethod]
    fn bundled_active(py: Python<'_>) -> PyResult<Self> {
        let c = py.detach(Catalog::bundled_active).py()?;
        Ok(Self::from_catalog(c))
    }

    /// The document of `orrery conjunctions --format json` for `request` on this
    /// catalog, on this machine.
    #[pyo3(signature = (request, callback=None))]
    fn conjunctions_json(
        &self,
        py: Python<'_>,
        request: &PyScreenRequest,
        callback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let sats = self.refs();
        let req = request.checked(sats.len())?;
        let report = run_long(py, callback, |c| screen(&sats, req, c))?.py()?;
        json(&report)
    }

    /// The request's samples in at most `n` pieces, as `(first, end)` sample indices.
    fn conjunction_pieces(
        &self,
        request: &PyScreenRequest,
        n: usize,
    ) -> PyResult<Vec<(usize, usize)>> {
        let req = request.checked(self.cat.satellites.len())?;
        Ok(pieces(req, n).iter().map(|p| (p.first, p.end)).collect())
    }

    /// Screens the samples `first..end` of `request` (one task of a cluster) and
    /// returns the piece's result as text for [`Self::conjunctions_assemble`].
    #[pyo3(signature = (request, first, end, callback=None))]
    fn conjunction_piece(
        &self,
        py: Python<'_>,
        request: &PyScreenRequest,
        first: usize,
        end: usize,
        callback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let sats = self.refs();
        let req = request.checked(sats.len())?;
        if first >= end || end > req.n_samples() {
            return Err(value_err(format!(
                "piece {first}..{end} is not within the request's {} samples",
                req.n_samples()
            )));
        }
        let piece = Piece { first, end };
        let r = run_long(py, callback, |c| screen_piece(&sats, req, piece, c))?.py()?;
        Ok(r.to_wire())
    }

    /// The report (JSON) of pieces screened by [`Self::conjunction_piece`], which
    /// must cover every sample of the same request exactly once.
    fn conjunctions_assemble(
        &self,
        request: &PyScreenRequest,
        results: Vec<String>,
    ) -> PyResult<String> {
        let sats = self.refs();
        let req = request.checked(sats.len())?;
        let pieces: Vec<PieceResult> = results
            .iter()
            .map(|t| PieceResult::from_wire(&sats, t))
            .collect::<Result<_, _>>()
            .py()?;
        json(&assemble(&sats, req, pieces).py()?)
    }

    /// Where it came from.
    #[getter]
    fn source(&self) -> String {
        self.cat.source.clone()
    }

    /// Records skipped in lenient mode, with why.
    #[getter]
    fn skipped(&self) -> Vec<String> {
        self.cat.skipped.iter().map(|e| e.to_string()).collect()
    }

    fn __len__(&self) -> usize {
        self.cat.satellites.len()
    }

    /// Satellite `i`.
    fn get(&self, i: usize) -> PyResult<PySatellite> {
        let n = self.cat.satellites.len();
        if i >= n {
            return Err(value_err(format!(
                "index {i} out of range for {n} satellites"
            )));
        }
        Ok(PySatellite::new(self.cat.clone(), i))
    }

    /// Names, in catalog order.
    fn names(&self) -> Vec<String> {
        self.cat.satellites.iter().map(|s| s.name()).collect()
    }

    /// NORAD numbers, in catalog order.
    fn norad_ids(&self) -> Vec<u64> {
        self.cat.satellites.iter().map(|s| s.norad_id()).collect()
    }

    /// Indices of the satellites a query matches (name, NORAD number or designator).
    fn find(&self, query: &str) -> Vec<usize> {
        self.index_of(&self.cat.find(query))
    }

    /// Index of the one satellite a query names (raises when none or ambiguous).
    fn one(&self, query: &str) -> PyResult<usize> {
        let hit = self.cat.one(query).py()?;
        Ok(self.index_of(&[hit])[0])
    }

    /// Indices of the satellites matching any of the queries (each must match).
    fn select(&self, queries: Vec<String>) -> PyResult<Vec<usize>> {
        let hits = self.cat.select(&queries).py()?;
        Ok(self.index_of(&hits))
    }

    /// The sub-catalog of these indices.
    fn subset(&self, idx: Vec<usize>) -> PyResult<Self> {
        let n = self.cat.satellites.len();
        let satellites =
            idx.iter()
                .map(|&i| {
                    self.cat.satellites.get(i).cloned().ok_or_else(|| {
                        value_err(format!("index {i} out of range for {n} satellites"))
                    })
                })
                .collect::<PyResult<Vec<_>>>()?;
        Ok(Self::from_catalog(Catalog {
            source: self.cat.source.clone(),
            satellites,
            skipped: Vec::new(),
        }))
    }

    /// TEME positions (and velocities) of every satellite at every instant:
    /// `(pos (n_sats, n_times, 3) km, vel (n_sats, n_times, 3) km/s or None,
    /// per-satellite first error or None)`. NaN from a satellite's first failure on.
    #[pyo3(signature = (time, velocity, callback=None))]
    fn states<'py>(
        &self,
        py: Python<'py>,
        time: &PyTime,
        velocity: bool,
        callback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<States<'py>> {
        batch_states(py, &self.refs(), time, velocity, callback)
    }

    /// The rows of `orrery passes --format json` over `observer` from `start` to `stop`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (observer, start, stop, min_elevation_deg=0.0, twilight_deg=-6.0,
                        visible_only=false, ephemeris=None, visibility=true, time_zone=None,
                        callback=None))]
    fn passes_json(
        &self,
        py: Python<'_>,
        observer: &PyObserver,
        start: &PyTime,
        stop: &PyTime,
        min_elevation_deg: f64,
        twilight_deg: f64,
        visible_only: bool,
        ephemeris: Option<&PyEphemeris>,
        visibility: bool,
        time_zone: Option<&str>,
        callback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<(String, Vec<String>)> {
        let (t0, t1) = (start.first()?, stop.first()?);
        if t1 <= t0 {
            return Err(value_err("stop must come after start"));
        }
        if !(min_elevation_deg.is_finite() && (-90.0..90.0).contains(&min_elevation_deg)) {
            return Err(value_err(format!(
                "min_elevation_deg must be in [-90, 90), got {min_elevation_deg}"
            )));
        }
        let zone = match time_zone {
            Some(z) => LocalZone::named(z).map_err(|e| value_err(e.to_string()))?,
            None => LocalZone::utc(),
        };
        let popts = PassOptions {
            min_elevation_deg,
            twilight_deg,
            ..PassOptions::default()
        };
        let builtin = orrery::ephem::Source::builtin();
        let sun_src = ephemeris.map_or(&builtin, |e| &*e.source);
        let sun: Option<&dyn orrery::Ephemeris> = visibility.then_some(sun_src as _);
        let sats = self.refs();
        let obs = &observer.obs;
        let list = run_long(py, callback, |c| {
            predict_passes_with(&sats, obs, t0, t1, &popts, sun, visible_only, c)
        })?;
        let rows: Vec<PassRow> = list
            .passes
            .iter()
            .map(|(s, p)| PassRow::new(s, p, &zone))
            .collect();
        let failures = list.failures.iter().map(|e| e.to_string()).collect();
        Ok((json(&rows)?, failures))
    }
}

/// A place on the Earth (WGS-84).
#[pyclass(module = "orrery._orrery", name = "_Observer", frozen)]
pub struct PyObserver {
    pub obs: Observer,
    pub name: String,
    pub time_zone: Option<String>,
}

#[pymethods]
impl PyObserver {
    /// An observer at geodetic latitude and longitude (degrees) and height (km).
    #[new]
    #[pyo3(signature = (lat_deg, lon_deg, alt_km=0.0))]
    fn new(lat_deg: f64, lon_deg: f64, alt_km: f64) -> PyResult<Self> {
        if !(lat_deg.is_finite() && (-90.0..=90.0).contains(&lat_deg)) {
            return Err(value_err(format!(
                "latitude must be in [-90, 90] degrees, got {lat_deg}"
            )));
        }
        if !(lon_deg.is_finite() && (-360.0..=360.0).contains(&lon_deg)) {
            return Err(value_err(format!(
                "longitude must be in [-360, 360] degrees, got {lon_deg}"
            )));
        }
        if !(alt_km.is_finite() && (-12.0..=100.0).contains(&alt_km)) {
            return Err(value_err(format!(
                "altitude must be in [-12, 100] km, got {alt_km}"
            )));
        }
        Ok(PyObserver {
            obs: Observer::new(Geodetic::from_degrees(lat_deg, lon_deg, alt_km)),
            name: format!("{lat_deg:.4}, {lon_deg:.4}"),
            time_zone: None,
        })
    }

    /// A city of Orrery's table (`Paris`, `Sydney`...), with its time zone.
    #[staticmethod]
    fn city(name: &str) -> PyResult<Self> {
        let c = orrery::cities::city(name).map_err(|e| value_err(e.to_string()))?;
        Ok(PyObserver {
            obs: Observer::new(c.geodetic()),
            name: c.name.to_string(),
            time_zone: Some(c.time_zone.to_string()),
        })
    }

    /// Latitude, degrees.
    #[getter]
    fn lat_deg(&self) -> f64 {
        self.obs.geodetic.lat.to_degrees()
    }

    /// Longitude, degrees east.
    #[getter]
    fn lon_deg(&self) -> f64 {
        self.obs.geodetic.lon.to_degrees()
    }

    /// Height above the ellipsoid, km.
    #[getter]
    fn alt_km(&self) -> f64 {
        self.obs.geodetic.alt
    }

    /// The city's name, or the coordinates.
    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }

    /// IANA time zone of a city.
    #[getter]
    fn time_zone(&self) -> Option<String> {
        self.time_zone.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Observer({}: {:.4}°, {:.4}°, {:.3} km)",
            self.name,
            self.lat_deg(),
            self.lon_deg(),
            self.alt_km()
        )
    }
}
