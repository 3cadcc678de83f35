//! What a screening reports: each close approach, one row per pair of objects with
//! its approaches grouped (co-orbital and docked objects meet again and again), and
//! the report of the whole screening. These are the records `orrery conjunctions
//! --format json|csv` writes and the Python package returns.

use super::frame::to_rtn;
use super::sieve::{PieceResult, SieveStats};
use super::{Piece, ScreenRequest};
use crate::error::{Result, SatError};
use crate::satellite::{Satellite, Teme};
use hifitime::Epoch;
use nalgebra::Vector3;
use serde::Serialize;

/// One closest approach of two objects: the time of closest approach (TCA), the miss
/// distance and the relative state of object 2 with respect to object 1, on the axes
/// of object 1's radial / in-track / cross-track frame ([`super::frame`]).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Approach {
    /// Time of closest approach (UTC in outputs; found to 10 µs, written to 1 ms).
    #[serde(rename = "tca_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub tca: Epoch,
    /// Distance between the objects at the TCA, km.
    pub miss_distance_km: f64,
    /// Speed of object 2 relative to object 1 at the TCA, km/s.
    pub relative_speed_km_s: f64,
    /// Miss vector (object 2 − object 1) along object 1's radial direction, km.
    pub radial_km: f64,
    /// Miss vector along object 1's in-track direction, km.
    pub in_track_km: f64,
    /// Miss vector along object 1's orbit normal (cross-track), km.
    pub cross_track_km: f64,
    /// Relative velocity (object 2 − object 1) on object 1's R, T, N axes, km/s.
    pub relative_velocity_rtn_km_s: [f64; 3],
    /// Seconds from the start of the span to the TCA (exact, for merging).
    #[serde(skip)]
    pub tca_s: f64,
    /// Object 1's state at the TCA, TEME (km, km/s).
    #[serde(skip)]
    pub state1: Teme,
    /// Object 2's state at the TCA, TEME (km, km/s).
    #[serde(skip)]
    pub state2: Teme,
}

impl Approach {
    /// The approach at `tca` (`tca_s` seconds after the start) from both TEME states.
    pub fn new(tca: Epoch, tca_s: f64, state1: Teme, state2: Teme) -> Self {
        let dr: Vector3<f64> = state2.position - state1.position;
        let dv: Vector3<f64> = state2.velocity - state1.velocity;
        let [radial_km, in_track_km, cross_track_km] =
            to_rtn(&state1.position, &state1.velocity, &dr);
        Approach {
            tca,
            miss_distance_km: dr.norm(),
            relative_speed_km_s: dv.norm(),
            radial_km,
            in_track_km,
            cross_track_km,
            relative_velocity_rtn_km_s: to_rtn(&state1.position, &state1.velocity, &dv),
            tca_s,
            state1,
            state2,
        }
    }
}

/// One object of a conjunction.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ObjectInfo {
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Name from the catalog.
    pub name: String,
    /// International designator (COSPAR), when the catalog gives it.
    pub international_designator: Option<String>,
    /// Epoch of the element set (UTC).
    #[serde(
        rename = "element_epoch_utc",
        serialize_with = "orrery_core::records::utc"
    )]
    #[schemars(with = "String")]
    pub element_epoch: Epoch,
    /// Age of the elements at the TCA of the closest approach, days (negative when
    /// the elements are newer than the TCA).
    pub element_age_days: f64,
    /// The elements are older (or newer) than the request's `max_age_days` at the TCA.
    pub stale: bool,
}

impl ObjectInfo {
    fn new(s: &Satellite, tca: Epoch, max_age_days: f64) -> Self {
        let age = s.age_days(tca);
        ObjectInfo {
            norad_id: s.norad_id(),
            name: s.name(),
            international_designator: s.elements.international_designator.clone(),
            element_epoch: s.epoch,
            element_age_days: age,
            stale: age.abs() > max_age_days,
        }
    }
}

/// One pair of objects that comes within the threshold: the closest of its
/// approaches in the span, how many there were, and (in JSON) all of them.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ConjunctionRow {
    /// Object 1: the primary when primaries were given, else the one earlier in the catalog.
    pub object1: ObjectInfo,
    /// Object 2.
    pub object2: ObjectInfo,
    /// The closest approach of the pair in the span.
    #[serde(flatten)]
    pub closest: Approach,
    /// Number of approaches of the pair under the threshold in the span (more than
    /// one for co-orbital, co-launched and docked objects).
    pub approach_count: usize,
    /// TCA of the pair's first approach in the span (UTC).
    #[serde(rename = "first_tca_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub first_tca: Epoch,
    /// TCA of the pair's last approach in the span (UTC).
    #[serde(rename = "last_tca_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub last_tca: Epoch,
    /// Every approach of the pair under the threshold, in time order (left empty in CSV).
    pub approaches: Vec<Approach>,
}

/// An object that could not be screened over the whole span.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ObjectFailure {
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Name.
    pub name: String,
    /// First sampled instant where it failed (UTC), `null` when it could not be
    /// initialised at all.
    #[serde(rename = "time_utc", serialize_with = "orrery_core::records::utc_opt")]
    #[schemars(with = "Option<String>")]
    pub time: Option<Epoch>,
    /// Why (SGP4's message).
    pub reason: String,
    /// Index of the object in the screened satellites.
    #[serde(skip)]
    pub index: usize,
}

impl ObjectFailure {
    pub(crate) fn new(index: usize, s: &Satellite, time: Option<Epoch>, reason: String) -> Self {
        ObjectFailure {
            norad_id: s.norad_id(),
            name: s.name(),
            time,
            reason,
            index,
        }
    }
}

/// The result of a screening.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScreenReport {
    /// Start of the span (UTC).
    #[serde(rename = "start_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub start: Epoch,
    /// End of the span (UTC).
    #[serde(rename = "end_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub end: Epoch,
    /// Miss-distance threshold, km.
    pub threshold_km: f64,
    /// Sample step of the sieve, s.
    pub step_s: f64,
    /// Element age beyond which objects are flagged stale, days.
    pub max_age_days: f64,
    /// Objects in the catalog.
    pub objects: usize,
    /// NORAD numbers of the primaries (empty: all against all).
    pub primaries: Vec<u64>,
    /// One row per pair that comes within the threshold, by TCA of its closest approach.
    pub conjunctions: Vec<ConjunctionRow>,
    /// Approaches under the threshold, all pairs together.
    pub approach_count: usize,
    /// Objects in the conjunctions whose elements are stale at the TCA.
    pub stale_objects: usize,
    /// Objects of the whole catalog whose elements are more than `max_age_days` from
    /// the middle of the span: screening them is screening guesses.
    pub stale_in_catalog: usize,
    /// Objects that could not be propagated over all of the span (their approaches
    /// after the failure are missing).
    pub failures: Vec<ObjectFailure>,
    /// How much work the sieve did (summed over pieces).
    pub sieve: SieveStats,
}

/// Puts the results of pieces of one request together: the same report as
/// [`super::screen`] when the pieces cover every sample of the request exactly once
/// (anything else is an error naming the gap or overlap).
pub fn assemble(
    sats: &[&Satellite],
    req: &ScreenRequest,
    mut results: Vec<PieceResult>,
) -> Result<ScreenReport> {
    req.validate(sats.len())?;
    results.sort_by_key(|r| r.piece.first);
    let mut next = 0;
    for r in &results {
        let Piece { first, end } = r.piece;
        if first != next {
            return Err(SatError::InvalidArgument {
                what: "pieces".into(),
                reason: format!(
                    "samples {}..{} are {}",
                    next.min(first),
                    next.max(first),
                    if first > next {
                        "missing"
                    } else {
                        "screened twice"
                    }
                ),
            });
        }
        next = end;
    }
    if next != req.n_samples() {
        return Err(SatError::InvalidArgument {
            what: "pieces".into(),
            reason: format!("samples {next}..{} are missing", req.n_samples()),
        });
    }
    let mut stats = SieveStats::default();
    let mut raw = Vec::new();
    let mut failures: Vec<ObjectFailure> = Vec::new();
    for r in results {
        if r.approaches
            .iter()
            .any(|a| a.object1.max(a.object2) >= sats.len())
            || r.failures.iter().any(|f| f.index >= sats.len())
        {
            return Err(SatError::InvalidArgument {
                what: "pieces".into(),
                reason: "a piece refers to objects beyond the satellites given (screened with another catalog?)".into(),
            });
        }
        stats.add(&r.stats);
        raw.extend(r.approaches);
        failures.extend(r.failures);
    }
    // The earliest failure of each object.
    failures.sort_by(|a, b| {
        a.index
            .cmp(&b.index)
            .then(a.time.is_some().cmp(&b.time.is_some()))
            .then(a.time.cmp(&b.time))
    });
    failures.dedup_by_key(|f| f.index);
    raw.sort_by(|a, b| {
        (a.object1, a.object2)
            .cmp(&(b.object1, b.object2))
            .then(a.approach.tca_s.total_cmp(&b.approach.tca_s))
    });
    let mut rows = Vec::new();
    for group in raw.chunk_by(|a, b| (a.object1, a.object2) == (b.object1, b.object2)) {
        let (i, j) = (group[0].object1, group[0].object2);
        let list: Vec<Approach> = group.iter().map(|r| r.approach.clone()).collect();
        let Some(closest) = list
            .iter()
            .min_by(|a, b| a.miss_distance_km.total_cmp(&b.miss_distance_km))
            .cloned()
        else {
            continue;
        };
        rows.push(ConjunctionRow {
            object1: ObjectInfo::new(sats[i], closest.tca, req.max_age_days),
            object2: ObjectInfo::new(sats[j], closest.tca, req.max_age_days),
            approach_count: list.len(),
            first_tca: list[0].tca,
            last_tca: list[list.len() - 1].tca,
            closest,
            approaches: list,
        });
    }
    rows.sort_by(|a, b| {
        a.closest
            .tca_s
            .total_cmp(&b.closest.tca_s)
            .then(a.object1.norad_id.cmp(&b.object1.norad_id))
            .then(a.object2.norad_id.cmp(&b.object2.norad_id))
    });
    let mut stale: Vec<u64> = rows
        .iter()
        .flat_map(|r| [&r.object1, &r.object2])
        .filter(|o| o.stale)
        .map(|o| o.norad_id)
        .collect();
    stale.sort_unstable();
    stale.dedup();
    Ok(ScreenReport {
        start: req.start,
        end: req.end(),
        threshold_km: req.threshold_km,
        step_s: req.step_s,
        max_age_days: req.max_age_days,
        objects: sats.len(),
        primaries: req
            .primaries
            .iter()
            .flatten()
            .map(|&i| sats[i].norad_id())
            .collect(),
        approach_count: rows.iter().map(|r| r.approach_count).sum(),
        conjunctions: rows,
        stale_objects: stale.len(),
        stale_in_catalog: {
            let mid = req.start + hifitime::Duration::from_seconds(0.5 * req.span_s);
            sats.iter()
                .filter(|s| s.age_days(mid).abs() > req.max_age_days)
                .count()
        },
        failures,
        sieve: stats,
    })
}
