//! Ephemeris answers as records: a table of states of one body relative to another
//! over a time grid (`orrery ephem`), and what a source can evaluate (`orrery bodies`).

use super::{EphemError, Ephemeris, Source};
use crate::bodies::{Body, BODIES};
use crate::frames::Frame;
use crate::grid::TimeGrid;
use crate::records::{tdb, utc};
use crate::time::format_jd;
use hifitime::{Epoch, TimeScale};
use serde::Serialize;

/// The most states one table may hold.
pub const MAX_STATES: usize = 1_000_000;

/// A body as asked for and as evaluated.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BodyRef {
    /// Name (`Mars`).
    pub name: String,
    /// NAIF id asked for.
    pub naif_id: i32,
    /// NAIF id actually evaluated (a DE kernel's system barycentre may stand in for a
    /// planet).
    pub evaluated_as: i32,
}

/// One state of a table.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct EphemerisRow {
    /// The instant, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub time_utc: Epoch,
    /// The same instant, TDB (the ephemeris' time argument).
    #[serde(rename = "time_tdb", serialize_with = "tdb")]
    #[schemars(with = "String")]
    pub time_tdb: Epoch,
    /// Julian date, TDB (a string: exact to the microsecond).
    pub jd_tdb: JdTdb,
    /// Position x, km.
    pub x_km: f64,
    /// Position y, km.
    pub y_km: f64,
    /// Position z, km.
    pub z_km: f64,
    /// Velocity x, km/s.
    pub vx_km_s: f64,
    /// Velocity y, km/s.
    pub vy_km_s: f64,
    /// Velocity z, km/s.
    pub vz_km_s: f64,
}

/// A Julian date in TDB, written as a decimal string.
#[derive(Debug, Clone, Copy)]
pub struct JdTdb(pub Epoch);

impl schemars::JsonSchema for JdTdb {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "JdTdb".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Julian date in TDB as a decimal string (exact to the microsecond)"
        })
    }
}

impl Serialize for JdTdb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_jd(self.0, TimeScale::TDB))
    }
}

/// States of one body relative to another: `orrery ephem --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StateTable {
    /// The ephemeris (`built-in analytic model` or the kernel file).
    pub source: String,
    /// The target body.
    pub target: BodyRef,
    /// The centre body.
    pub center: BodyRef,
    /// The axes (`icrf`, `ecliptic`).
    pub frame: &'static str,
    /// Geometric states (no light time, no aberration), in time order.
    pub states: Vec<EphemerisRow>,
}

/// The geometric state of `target` relative to `center` at every instant of `grid`,
/// on the axes of `frame`, from `source` (at most [`MAX_STATES`] instants).
///
/// ```
/// use orrery_core::ephem::{report::state_table, Source};
/// use orrery_core::{grid::TimeGrid, time::parse_epoch, Body, Frame, Unit};
///
/// let t0 = parse_epoch("2020-10-13T23:00:00 UTC")?; // Mars at opposition
/// let grid = TimeGrid::new(t0, t0 + Unit::Day * 2, Unit::Day * 1)?;
/// let table = state_table(&Source::builtin(), Body::MARS, Body::EARTH, &grid, Frame::Icrf)?;
/// let d = (table.states[0].x_km.powi(2) + table.states[0].y_km.powi(2)
///          + table.states[0].z_km.powi(2)).sqrt();
/// assert!((d / 1e6 - 62.7).abs() < 0.5); // 62.07 million km at closest approach (6 Oct)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn state_table(
    source: &Source,
    target: Body,
    center: Body,
    grid: &TimeGrid,
    frame: Frame,
) -> Result<StateTable, EphemError> {
    if grid.len() > MAX_STATES {
        return Err(EphemError::TooManyStates {
            n: grid.len(),
            max: MAX_STATES,
        });
    }
    let (t_eval, c_eval) = (source.resolve(target)?, source.resolve(center)?);
    let mut states = Vec::with_capacity(grid.len());
    for t in grid.iter() {
        let s = source.state(t_eval, c_eval, t, frame)?;
        states.push(EphemerisRow {
            time_utc: t,
            time_tdb: t,
            jd_tdb: JdTdb(t),
            x_km: s.position.x,
            y_km: s.position.y,
            z_km: s.position.z,
            vx_km_s: s.velocity.x,
            vy_km_s: s.velocity.y,
            vz_km_s: s.velocity.z,
        });
    }
    let body = |b: Body, e: Body| BodyRef {
        name: b.name(),
        naif_id: b.0,
        evaluated_as: e.0,
    };
    Ok(StateTable {
        source: source.source_name(),
        target: body(target, t_eval),
        center: body(center, c_eval),
        frame: frame.name(),
        states,
    })
}

/// Geometric states of `target` relative to `center` at each of `epochs` (any order,
/// any spacing), on the axes of `frame`: `[x, y, z, vx, vy, vz]` in km and km/s per
/// instant. The vectorised call behind front ends that take arrays of instants (the
/// Python package's `Ephemeris.state(target, center, times)`); at most [`MAX_STATES`].
///
/// ```
/// use orrery_core::ephem::{report::states_at, Source};
/// use orrery_core::{time::parse_epoch, Body, Ephemeris, Frame};
///
/// let eph = Source::builtin();
/// let t = [parse_epoch("2020-10-06T14:18 UTC")?, parse_epoch("2021-01-01 TDB")?];
/// let s = states_at(&eph, Body::MARS, Body::EARTH, &t, Frame::Icrf)?;
/// let one = eph.state(Body::MARS, Body::EARTH, t[1], Frame::Icrf)?;
/// assert_eq!(s[1][0], one.position.x);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn states_at(
    source: &Source,
    target: Body,
    center: Body,
    epochs: &[Epoch],
    frame: Frame,
) -> Result<Vec<[f64; 6]>, EphemError> {
    if epochs.len() > MAX_STATES {
        return Err(EphemError::TooManyStates {
            n: epochs.len(),
            max: MAX_STATES,
        });
    }
    let (t_eval, c_eval) = (source.resolve(target)?, source.resolve(center)?);
    epochs
        .iter()
        .map(|&t| {
            let s = source.state(t_eval, c_eval, t, frame)?;
            Ok([
                s.position.x,
                s.position.y,
                s.position.z,
                s.velocity.x,
                s.velocity.y,
                s.velocity.z,
            ])
        })
        .collect()
}

/// One body a source can evaluate: a row of `orrery bodies`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BodyRow {
    /// Name.
    pub name: String,
    /// NAIF id.
    pub naif_id: i32,
    /// The body it is stored relative to.
    pub center: String,
    /// Its NAIF id.
    pub center_id: i32,
    /// First instant covered, TDB.
    #[serde(serialize_with = "tdb")]
    #[schemars(with = "String")]
    pub start_tdb: Epoch,
    /// Last instant covered, TDB.
    #[serde(serialize_with = "tdb")]
    #[schemars(with = "String")]
    pub end_tdb: Epoch,
    /// NAIF id evaluated when this body is asked for (a barycentre may stand in).
    pub evaluated_as: i32,
    /// `evaluated as ...` when a barycentre stands in, else empty.
    pub note: String,
}

/// What a source can evaluate: `orrery bodies --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BodyList {
    /// The source.
    pub source: String,
    /// Its bodies, with the planets a kernel answers through their barycentres.
    pub bodies: Vec<BodyRow>,
}

/// The bodies `source` covers, and the named planets it answers through their system
/// barycentre.
pub fn body_list(source: &Source) -> BodyList {
    let cov = source.coverage();
    let mut rows: Vec<BodyRow> = cov
        .iter()
        .map(|c| BodyRow {
            name: c.body.name(),
            naif_id: c.body.0,
            center: c.center.name(),
            center_id: c.center.0,
            start_tdb: c.start,
            end_tdb: c.end,
            evaluated_as: c.body.0,
            note: String::new(),
        })
        .collect();
    for info in BODIES {
        let b = Body(info.id);
        if cov.iter().any(|c| c.body == b) {
            continue;
        }
        if let Ok(used) = source.resolve(b) {
            if used != b {
                if let Some(c) = cov.iter().find(|c| c.body == used) {
                    rows.push(BodyRow {
                        name: b.name(),
                        naif_id: b.0,
                        center: c.center.name(),
                        center_id: c.center.0,
                        start_tdb: c.start,
                        end_tdb: c.end,
                        evaluated_as: used.0,
                        note: format!("evaluated as {used} ({})", used.0),
                    });
                }
            }
        }
    }
    BodyList {
        source: source.source_name(),
        bodies: rows,
    }
}
