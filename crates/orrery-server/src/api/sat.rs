//! Satellites: the catalog, the whole catalog's positions for the live map, ground
//! tracks, passes (JSON and iCalendar), coastlines and the subsolar point.

use crate::error::ApiError;
use crate::params::{duration, epoch, number, ObserverQuery, Q};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use orrery::grid::TimeGrid;
use orrery::sat::passes::{predict_passes_with, PassOptions, PassRow};
use orrery::sat::satellite::SatelliteRow;
use orrery::sat::states::{catalog_positions, CatalogPositions};
use orrery::sat::track::{ground_track, GroundTrack};
use orrery::sat::{Catalog, Satellite};
use orrery::{Epoch, Unit};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// `/api/satellites`: the catalog, or the satellites matching `q`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SatelliteList {
    /// Where the catalog comes from.
    pub source: String,
    /// Satellites in the catalog.
    pub total: usize,
    /// Those listed.
    pub satellites: Vec<SatelliteRow>,
}

/// Query of `/api/satellites`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// A name, NORAD number or designator; all when absent.
    pub q: Option<String>,
}

/// The catalog listing.
pub async fn satellites(
    State(st): State<AppState>,
    Q(q): Q<ListQuery>,
) -> Result<Json<SatelliteList>, ApiError> {
    let cat = &st.catalog;
    let rows = match q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(query) => cat.find(query).into_iter().map(SatelliteRow::new).collect(),
        None => cat.satellites.iter().map(SatelliteRow::new).collect(),
    };
    Ok(Json(SatelliteList {
        source: cat.source.clone(),
        total: cat.satellites.len(),
        satellites: rows,
    }))
}

/// Query of `/api/satellites/positions`.
#[derive(Debug, Deserialize)]
pub struct PositionsQuery {
    /// First instant (default now).
    pub from: Option<String>,
    /// Span (default `10min`).
    pub span: Option<String>,
    /// Step (default `60s`).
    pub step: Option<String>,
}

/// Every satellite's sub-satellite point at a few instants (the live map).
pub async fn positions(
    State(st): State<AppState>,
    Q(q): Q<PositionsQuery>,
) -> Result<Json<CatalogPositions>, ApiError> {
    let start = epoch(&q.from, "from")?;
    let span = duration(&q.span, "span", Unit::Minute * 10)?;
    let step = duration(&q.step, "step", Unit::Second * 60)?;
    let grid = TimeGrid::new(start, start + span, step)?;
    let n = st.catalog.satellites.len() * grid.len();
    let max = st.limits().max_positions;
    if n > max {
        return Err(ApiError::limit(
            format!("{n} positions asked for ({} satellites × {} instants); at most {max}: shorten the span or lengthen the step", st.catalog.satellites.len(), grid.len()),
            "max_positions",
            max,
        ));
    }
    let cat = st.catalog.clone();
    let p = st
        .pool
        .run(move |_| {
            let sats: Vec<&Satellite> = cat.satellites.iter().collect();
            Ok(catalog_positions(&sats, &grid)?)
        })
        .await?;
    Ok(Json(p))
}

/// Query of `/api/track`.
#[derive(Debug, Deserialize)]
pub struct TrackQuery {
    /// The satellite: name, NORAD number or designator.
    pub sat: Option<String>,
    /// First instant (default now).
    pub from: Option<String>,
    /// Span (default one and a half orbits).
    pub span: Option<String>,
    /// Step (default `30s`).
    pub step: Option<String>,
}

fn one(cat: &Catalog, q: &Option<String>) -> Result<usize, ApiError> {
    let name = q
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request("give the satellite: sat=ISS, a NORAD number or a designator")
        })?;
    let s = cat.one(name)?;
    Ok(cat
        .satellites
        .iter()
        .position(|x| std::ptr::eq(x, s))
        .unwrap_or_default())
}

/// A ground track with look angles from the observer when one is given.
pub async fn track(
    State(st): State<AppState>,
    Q(q): Q<TrackQuery>,
    Q(obs): Q<ObserverQuery>,
) -> Result<Json<GroundTrack>, ApiError> {
    let i = one(&st.catalog, &q.sat)?;
    let sat = &st.catalog.satellites[i];
    let start = epoch(&q.from, "from")?;
    let period = Unit::Minute * (1.5 * sat.period_minutes()).min(10.0 * 1440.0);
    let span = duration(&q.span, "span", period)?;
    let step = duration(&q.step, "step", Unit::Second * 30)?;
    let grid = TimeGrid::new(start, start + span, step)?;
    let max = st.limits().max_track_points;
    if grid.len() > max {
        return Err(ApiError::limit(
            format!("{} track points asked for; at most {max}", grid.len()),
            "max_track_points",
            max,
        ));
    }
    let observer = if obs.city.is_some() || obs.lat_deg.is_some() {
        Some(obs.resolve()?.0.observer)
    } else {
        None
    };
    let (cat, eph) = (st.catalog.clone(), st.ephemeris.clone());
    let t = st
        .pool
        .run(move |_| {
            Ok(ground_track(
                &cat.satellites[i],
                &grid,
                observer.as_ref(),
                &*eph,
            )?)
        })
        .await?;
    Ok(Json(t))
}

/// Query of `/api/passes` (besides the observer).
#[derive(Debug, Deserialize)]
pub struct PassQuery {
    /// Satellites, comma-separated names, NORAD numbers or designators (default 25544,
    /// the ISS).
    pub sats: Option<String>,
    /// Start (default now).
    pub from: Option<String>,
    /// Span (default `1d`).
    pub span: Option<String>,
    /// Lowest culmination counted, degrees (default 0).
    pub min_elevation_deg: Option<f64>,
    /// Sun elevation below which the sky is dark enough, degrees (default −6).
    pub twilight_deg: Option<f64>,
    /// Only passes in which the satellite is visible.
    pub visible_only: Option<bool>,
    /// Add each pass's path across the sky (azimuth, elevation, lit) every 10 s.
    pub paths: Option<bool>,
}

/// A point of a pass's path across the sky.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SkyPoint {
    /// Instant, UTC.
    pub time_utc: String,
    /// Azimuth, degrees from north through east.
    pub azimuth_deg: f64,
    /// Elevation, degrees.
    pub elevation_deg: f64,
    /// Any part of the Sun is visible from the satellite.
    pub sunlit: bool,
}

/// `/api/passes`: the rows of `orrery passes --format json`, with the sky paths.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PassesReport {
    /// The observer.
    pub observer: String,
    /// The zone of the local times.
    pub time_zone: String,
    /// Where the elements come from.
    pub catalog: String,
    /// The passes, in order of rise.
    pub passes: Vec<PassRow>,
    /// Path across the sky of each pass (same order), when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<Vec<SkyPoint>>,
    /// Satellites that could not be propagated, with why.
    pub failures: Vec<String>,
}

struct PassJob {
    idx: Vec<usize>,
    observer: orrery::earth::Observer,
    start: Epoch,
    end: Epoch,
    opts: PassOptions,
    visible_only: bool,
}

fn pass_job(
    st: &AppState,
    q: &PassQuery,
    obs: &ObserverQuery,
) -> Result<(PassJob, String, orrery::localtime::LocalZone), ApiError> {
    let (site, zone) = obs.resolve()?;
    let list = q.sats.as_deref().unwrap_or("25544");
    let mut idx = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        idx.push(one(&st.catalog, &Some(name.to_string()))?);
    }
    let lim = st.limits();
    if idx.is_empty() || idx.len() > lim.max_pass_satellites {
        return Err(ApiError::limit(
            format!(
                "give 1 to {} satellites, got {}",
                lim.max_pass_satellites,
                idx.len()
            ),
            "max_pass_satellites",
            lim.max_pass_satellites,
        ));
    }
    let start = epoch(&q.from, "from")?;
    let span = duration(&q.span, "span", Unit::Day * 1)?;
    if span.to_seconds() > lim.max_pass_days * 86_400.0 {
        return Err(ApiError::limit(
            format!(
                "a pass prediction covers at most {} days",
                lim.max_pass_days
            ),
            "max_pass_days",
            lim.max_pass_days,
        ));
    }
    let min_el = number(q.min_elevation_deg, "min_elevation_deg", 0.0)?;
    if !(-90.0..90.0).contains(&min_el) {
        return Err(ApiError::bad_request(
            "min_elevation_deg must be within -90..90 degrees",
        ));
    }
    let opts = PassOptions {
        min_elevation_deg: min_el,
        twilight_deg: number(q.twilight_deg, "twilight_deg", -6.0)?,
        ..Default::default()
    };
    Ok((
        PassJob {
            idx,
            observer: site.observer,
            start,
            end: start + span,
            opts,
            visible_only: q.visible_only.unwrap_or(false),
        },
        site.label,
        zone,
    ))
}

impl PassJob {
    /// The library's pass prediction of this job.
    fn predict<'a>(
        &self,
        sats: &[&'a Satellite],
        eph: &orrery::ephem::Source,
        w: &crate::limits::Watch,
    ) -> orrery::sat::passes::PassList<'a> {
        predict_passes_with(
            sats,
            &self.observer,
            self.start,
            self.end,
            &self.opts,
            Some(eph),
            self.visible_only,
            w,
        )
    }
}

/// Passes of one or a few satellites over an observer, with visibility.
pub async fn passes(
    State(st): State<AppState>,
    Q(q): Q<PassQuery>,
    Q(obs): Q<ObserverQuery>,
) -> Result<Json<PassesReport>, ApiError> {
    let (job, label, zone) = pass_job(&st, &q, &obs)?;
    let want_paths = q.paths.unwrap_or(false);
    let (cat, eph) = (st.catalog.clone(), st.ephemeris.clone());
    let report = st
        .pool
        .run(move |w| {
            let sats: Vec<&Satellite> = job.idx.iter().map(|&i| &cat.satellites[i]).collect();
            let list = job.predict(&sats, &eph, w);
            let mut paths = Vec::new();
            if want_paths {
                for (s, p) in &list.passes {
                    paths.push(sky_path(s, p, &job.observer, &eph)?);
                }
            }
            Ok(PassesReport {
                observer: label,
                time_zone: zone.label().to_string(),
                catalog: cat.source.clone(),
                passes: list
                    .passes
                    .iter()
                    .map(|(s, p)| PassRow::new(s, p, &zone))
                    .collect(),
                paths,
                failures: list.failures.iter().map(|e| e.to_string()).collect(),
            })
        })
        .await?;
    Ok(Json(report))
}

/// The pass's path across the sky from rise to set (culmination ± 10 min when one end
/// is outside the span), every 10 s.
fn sky_path(
    s: &Satellite,
    p: &orrery::sat::passes::Pass,
    obs: &orrery::earth::Observer,
    eph: &Arc<orrery::ephem::Source>,
) -> Result<Vec<SkyPoint>, ApiError> {
    let c = p.culmination.time;
    let a = p.rise.map_or(c - Unit::Minute * 10, |e| e.time);
    let b = p.set.map_or(c + Unit::Minute * 10, |e| e.time);
    let grid = TimeGrid::new(a, b, Unit::Second * 10)?;
    let mut points = ground_track(s, &grid, Some(obs), &**eph)?.points;
    // The culmination itself, so that the chart peaks where the pass does.
    let top = ground_track(
        s,
        &TimeGrid::new(c, c, Unit::Second * 1)?,
        Some(obs),
        &**eph,
    )?;
    points.extend(top.points);
    points.sort_by_key(|p| p.time);
    Ok(points
        .iter()
        .map(|pt| SkyPoint {
            time_utc: orrery::time::format_utc_ms(pt.time),
            azimuth_deg: pt.azimuth_deg.unwrap_or(f64::NAN),
            elevation_deg: pt.elevation_deg.unwrap_or(f64::NAN),
            sunlit: pt.sunlit,
        })
        .collect())
}

/// The passes as an iCalendar file (`orrery passes --format ics`).
pub async fn passes_ics(
    State(st): State<AppState>,
    Q(q): Q<PassQuery>,
    Q(obs): Q<ObserverQuery>,
) -> Result<Response, ApiError> {
    let (job, label, _) = pass_job(&st, &q, &obs)?;
    let (cat, eph) = (st.catalog.clone(), st.ephemeris.clone());
    let bytes = st
        .pool
        .run(move |w| {
            let sats: Vec<&Satellite> = job.idx.iter().map(|&i| &cat.satellites[i]).collect();
            let list = job.predict(&sats, &eph, w);
            let mut out = Vec::new();
            orrery::sat::ics::write_ics(
                &mut out,
                &list.passes,
                &label,
                Epoch::now().unwrap_or(job.start),
            )
            .map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(out)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"passes.ics\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The bundled coastlines as `{"source", "rings": [[[lon, lat], ...], ...]}`, degrees.
pub fn coastlines_json() -> Result<String, String> {
    use orrery::sat::coastline::{Coastlines, LAND_110M_NAME};
    let c = Coastlines::bundled().map_err(|e| e.to_string())?;
    let rings: Vec<Vec<[f32; 2]>> = c
        .rings
        .iter()
        .filter(|r| !r.hole)
        .map(|r| {
            r.points
                .iter()
                .map(|&(x, y)| [x as f32, y as f32])
                .collect()
        })
        .collect();
    serde_json::to_string(&serde_json::json!({ "source": LAND_110M_NAME, "rings": rings }))
        .map_err(|e| e.to_string())
}

/// Coastlines for the map.
pub async fn coastlines(State(st): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        st.coastlines.as_str().to_owned(),
    )
        .into_response()
}

/// Query of `/api/sun`.
#[derive(Debug, Deserialize)]
pub struct SunQuery {
    /// Instant (default now).
    pub at: Option<String>,
}

/// `/api/sun`: where the Sun is overhead (the map's night side).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SunReport {
    /// Instant, UTC.
    pub at_utc: String,
    /// Latitude of the subsolar point, degrees.
    pub subsolar_lat_deg: f64,
    /// Longitude of the subsolar point, degrees east.
    pub subsolar_lon_deg: f64,
}

/// The subsolar point.
pub async fn sun(
    State(st): State<AppState>,
    Q(q): Q<SunQuery>,
) -> Result<Json<SunReport>, ApiError> {
    let t = epoch(&q.at, "at")?;
    let s = orrery::sat::sun::subsolar_point(&*st.ephemeris, t)?;
    Ok(Json(SunReport {
        at_utc: orrery::time::format_utc_ms(t),
        subsolar_lat_deg: s.lat.to_degrees(),
        subsolar_lon_deg: s.lon.to_degrees(),
    }))
}
