//! `/api/sky`: the almanac of `orrery sky`.

use crate::error::ApiError;
use crate::params::{duration, epoch, ObserverQuery, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use orrery::sky::almanac::{almanac_with, night, Almanac, AlmanacRequest, ObserverInfo, SkyBody};
use orrery::Unit;
use serde::Deserialize;

/// The query of `/api/sky` (besides the observer).
#[derive(Debug, Deserialize)]
pub struct SkyQuery {
    /// The night of this local date (`2026-05-08`): local noon to the next noon.
    pub night: Option<String>,
    /// Start of the span instead of a night (default now).
    pub from: Option<String>,
    /// Length of the span (`1d`).
    pub span: Option<String>,
    /// Instant of the positions (default the start).
    pub at: Option<String>,
    /// Bodies, comma-separated (default all nine).
    pub bodies: Option<String>,
}

/// The sky over an observer: positions, rises, transits, sets, twilights, Moon phase.
pub async fn sky(
    State(st): State<AppState>,
    Q(obs): Q<ObserverQuery>,
    Q(q): Q<SkyQuery>,
) -> Result<Json<Almanac>, ApiError> {
    let (site, zone) = obs.resolve()?;
    let (start, end) = match q.night.as_deref().filter(|n| !n.is_empty()) {
        Some(date) => night(date, &zone)?,
        None => {
            let start = epoch(&q.from, "from")?;
            (start, start + duration(&q.span, "span", Unit::Day * 1)?)
        }
    };
    let max = st.limits().max_sky_days;
    if (end - start).to_seconds() > max * 86_400.0 {
        return Err(ApiError::limit(
            format!("the almanac covers at most {max} days"),
            "max_sky_days",
            max,
        ));
    }
    let at = match q.at.as_deref().filter(|a| !a.is_empty()) {
        Some(_) => epoch(&q.at, "at")?,
        None => start,
    };
    let bodies = match q.bodies.as_deref().filter(|b| !b.is_empty()) {
        None => SkyBody::ALL.to_vec(),
        Some(list) => list
            .split(',')
            .map(|b| SkyBody::parse(b.trim()))
            .collect::<Result<Vec<_>, _>>()?,
    };
    let g = site.observer.geodetic;
    let req = AlmanacRequest {
        info: ObserverInfo {
            name: site.label.clone(),
            lat_deg: g.lat.to_degrees(),
            lon_deg: g.lon.to_degrees(),
            alt_m: g.alt * 1000.0,
            time_zone: Some(zone.label().to_string()),
        },
        observer: site.observer,
        zone: Some(zone),
        start,
        end,
        at,
        bodies,
    };
    let eph = st.ephemeris.clone();
    let alm = st
        .pool
        .run(move |w| Ok(almanac_with(&eph, &req, w)?))
        .await?;
    Ok(Json(alm))
}
