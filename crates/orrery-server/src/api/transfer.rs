//! Transfers: the porkchop grid, one transfer's trajectory, launch windows and a
//! mission budget.

use crate::error::ApiError;
use crate::params::{duration, epoch, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use orrery::transfer::budget::{self, Budget};
use orrery::transfer::porkchop::{compute_with, DateRange, EndOrbits, PorkchopSpec};
use orrery::transfer::report::{PorkchopGrid, WindowRow};
use orrery::transfer::trajectory::{transfer_path, TransferPath};
use orrery::transfer::windows::{find, WindowSpec};
use orrery::{Body, Epoch, Unit};
use serde::Deserialize;

fn body(v: &Option<String>, name: &str, default: &str) -> Result<Body, ApiError> {
    let s = v
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(default);
    Body::parse(s).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
}

fn range(v: &Option<String>, name: &str) -> Result<(Epoch, Epoch), ApiError> {
    let s = v.as_deref().ok_or_else(|| {
        ApiError::bad_request(format!(
            "give {name}=START..END (e.g. 2020-05-01..2020-09-30)"
        ))
    })?;
    let (a, b) = s.split_once("..").ok_or_else(|| {
        ApiError::bad_request(format!(
            "{name}: expected START..END (e.g. 2020-05-01..2020-09-30), got '{s}'"
        ))
    })?;
    let (a, b) = (
        epoch(&Some(a.to_string()), name)?,
        epoch(&Some(b.to_string()), name)?,
    );
    if b < a {
        return Err(ApiError::bad_request(format!(
            "{name}: the end comes before the start"
        )));
    }
    Ok((a, b))
}

fn orbits(q: &OrbitQuery) -> Result<EndOrbits, ApiError> {
    let d = EndOrbits::default();
    let check = |v: Option<f64>, name: &str, default: f64| -> Result<f64, ApiError> {
        match v {
            None => Ok(default),
            Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
            Some(x) => Err(ApiError::bad_request(format!(
                "{name} must be a length ≥ 0, got {x}"
            ))),
        }
    };
    let e = q.capture_eccentricity.unwrap_or(d.capture_eccentricity);
    if !(0.0..1.0).contains(&e) {
        return Err(ApiError::bad_request(
            "capture_eccentricity must be within [0, 1)",
        ));
    }
    Ok(EndOrbits {
        parking_altitude_km: check(q.parking_alt_km, "parking_alt_km", d.parking_altitude_km)?,
        capture_altitude_km: check(q.capture_alt_km, "capture_alt_km", d.capture_altitude_km)?,
        capture_eccentricity: e,
    })
}

/// Parking and capture orbits of a query (defaults of the CLI).
#[derive(Debug, Deserialize)]
pub struct OrbitQuery {
    /// Circular parking orbit altitude at departure, km (default 200).
    pub parking_alt_km: Option<f64>,
    /// Capture orbit periapsis altitude, km (default 400).
    pub capture_alt_km: Option<f64>,
    /// Capture orbit eccentricity (default 0).
    pub capture_eccentricity: Option<f64>,
}

/// Query of `/api/porkchop`.
#[derive(Debug, Deserialize)]
pub struct PorkchopQuery {
    /// Departure body (default earth).
    pub from: Option<String>,
    /// Arrival body (default mars).
    pub to: Option<String>,
    /// Departure dates `START..END`.
    pub depart: Option<String>,
    /// Arrival dates `START..END`.
    pub arrive: Option<String>,
    /// Grid spacing on both axes (`1d`), instead of `n`.
    pub step: Option<String>,
    /// Dates per axis (2 to 1000) instead of `step`.
    pub n: Option<usize>,
}

/// The porkchop grid as columns (`orrery porkchop`'s numbers).
pub async fn porkchop(
    State(st): State<AppState>,
    Q(q): Q<PorkchopQuery>,
    Q(o): Q<OrbitQuery>,
) -> Result<Json<PorkchopGrid>, ApiError> {
    let (from, to) = (body(&q.from, "from", "earth")?, body(&q.to, "to", "mars")?);
    let (d0, d1) = range(&q.depart, "depart")?;
    let (a0, a1) = range(&q.arrive, "arrive")?;
    let steps = |a: Epoch, b: Epoch| -> Result<(orrery::Duration, usize), ApiError> {
        match (q.n, &q.step) {
            (Some(n), None) if (2..=1000).contains(&n) => Ok(((b - a) / ((n - 1) as f64), n)),
            (Some(n), None) => Err(ApiError::bad_request(format!(
                "n must be within 2..1000, got {n}"
            ))),
            (None, s) => {
                let step = duration(s, "step", Unit::Day * 1)?;
                Ok((
                    step,
                    ((b - a).to_seconds() / step.to_seconds()).floor() as usize + 1,
                ))
            }
            (Some(_), Some(_)) => Err(ApiError::bad_request("give step or n, not both")),
        }
    };
    let (ds, nd) = steps(d0, d1)?;
    let (as_, na) = steps(a0, a1)?;
    let max = st.limits().max_porkchop_cells;
    if nd.saturating_mul(na) > max {
        return Err(ApiError::limit(
            format!(
                "{nd} × {na} = {} cells asked for; at most {max}",
                nd.saturating_mul(na)
            ),
            "max_porkchop_cells",
            max,
        ));
    }
    let spec = PorkchopSpec {
        from,
        to,
        center: Body::SUN,
        depart: DateRange {
            start: d0,
            end: d1,
            step: ds,
        },
        arrive: DateRange {
            start: a0,
            end: a1,
            step: as_,
        },
        orbits: orbits(&o)?,
    };
    let eph = st.ephemeris.clone();
    let g = st
        .pool
        .run(move |w| Ok(compute_with(&spec, &*eph, w)?.grid_columns()))
        .await?;
    Ok(Json(g))
}

/// Query of `/api/transfer`.
#[derive(Debug, Deserialize)]
pub struct TransferQuery {
    /// Departure body (default earth).
    pub from: Option<String>,
    /// Arrival body (default mars).
    pub to: Option<String>,
    /// Departure instant.
    pub depart: Option<String>,
    /// Arrival instant.
    pub arrive: Option<String>,
    /// Points of the arc (default 200).
    pub n: Option<usize>,
}

/// One transfer arc with both planets' orbits (heliocentric, ecliptic J2000, km).
pub async fn transfer(
    State(st): State<AppState>,
    Q(q): Q<TransferQuery>,
) -> Result<Json<TransferPath>, ApiError> {
    let (from, to) = (body(&q.from, "from", "earth")?, body(&q.to, "to", "mars")?);
    let need = |v: &Option<String>, name: &str| -> Result<Epoch, ApiError> {
        if v.as_deref().is_none_or(str::is_empty) {
            return Err(ApiError::bad_request(format!("give {name}=DATE")));
        }
        epoch(v, name)
    };
    let (dep, arr) = (need(&q.depart, "depart")?, need(&q.arrive, "arrive")?);
    let n = q.n.unwrap_or(200);
    if !(2..=orrery::transfer::trajectory::MAX_POINTS).contains(&n) {
        return Err(ApiError::limit(
            format!(
                "n must be within 2..{}",
                orrery::transfer::trajectory::MAX_POINTS
            ),
            "transfer_points",
            orrery::transfer::trajectory::MAX_POINTS,
        ));
    }
    let eph = st.ephemeris.clone();
    let p = st
        .pool
        .run(move |_| Ok(transfer_path(&*eph, from, to, Body::SUN, dep, arr, n)?))
        .await?;
    Ok(Json(p))
}

/// Query of `/api/windows`.
#[derive(Debug, Deserialize)]
pub struct WindowsQuery {
    /// Departure body (default earth).
    pub from: Option<String>,
    /// Arrival body (default mars).
    pub to: Option<String>,
    /// First departure date (default now).
    pub start: Option<String>,
    /// Span of departures (default `1461d`).
    pub span: Option<String>,
    /// Shortest time of flight (default `80d`).
    pub tof_min: Option<String>,
    /// Longest time of flight (default `500d`).
    pub tof_max: Option<String>,
}

/// Launch windows (`orrery windows`).
pub async fn windows(
    State(st): State<AppState>,
    Q(q): Q<WindowsQuery>,
    Q(o): Q<OrbitQuery>,
) -> Result<Json<Vec<WindowRow>>, ApiError> {
    let start = epoch(&q.start, "start")?;
    let span = duration(&q.span, "span", Unit::Day * 1461)?;
    let max = st.limits().max_window_days;
    if span.to_seconds() > max * 86_400.0 {
        return Err(ApiError::limit(
            format!("windows are searched over at most {max} days"),
            "max_window_days",
            max,
        ));
    }
    let days = |d: orrery::Duration| d.to_seconds() / 86_400.0;
    let spec = WindowSpec {
        from: body(&q.from, "from", "earth")?,
        to: body(&q.to, "to", "mars")?,
        center: Body::SUN,
        start,
        end: start + span,
        tof_min_days: days(duration(&q.tof_min, "tof_min", Unit::Day * 80)?),
        tof_max_days: days(duration(&q.tof_max, "tof_max", Unit::Day * 500)?),
        orbits: orbits(&o)?,
    };
    let eph = st.ephemeris.clone();
    let rows = st
        .pool
        .run(move |_| Ok(find(&spec, &*eph)?.iter().map(WindowRow::from).collect()))
        .await?;
    Ok(Json(rows))
}

/// A mission budget from the TOML of `orrery budget` in the request body.
pub async fn budget(
    body: Result<String, axum::extract::rejection::StringRejection>,
) -> Result<Json<Budget>, ApiError> {
    let body =
        body.map_err(|e| ApiError::bad_request(format!("the mission: {}", e.body_text())))?;
    let m = budget::parse(&body, "request body")?;
    Ok(Json(budget::compute(&m, "request body")?))
}
