//! Conjunction screening: which objects of a catalog come within a threshold of one
//! another (or of chosen primaries) over a span, when (time of closest approach, TCA),
//! how close (miss distance), how fast, and where the miss lies in the primary's
//! radial / in-track / cross-track frame. `docs/conjunctions.md` tells the method and
//! its guarantee at length; in short:
//!
//! 1. **Shell filter** ([`shell`]): an object whose mean perigee-apogee shell, widened
//!    by a margin, overlaps no other object's (no primary's) cannot come close to it
//!    and is not propagated (Hoots, Crawford & Roehrich 1984, "An analytic method to
//!    determine future close approaches between satellites", the apogee-perigee
//!    filter).
//! 2. **Sieve** ([`sieve`]): every remaining object is propagated with the SIMD kernel
//!    at samples `t_k = start + k·h` (`h` = [`ScreenRequest::step_s`]), in chunks of
//!    [`CHUNK_SAMPLES`] samples, so memory stays bounded. Sample `k` answers for the
//!    interval `I_k = [t_k − h/2, t_k + h/2]`. Over `I_k` the relative position of
//!    two objects differs from its linear extrapolation `Δr_k + Δv_k·τ` by at most
//!    `½·A·τ²`, with `A = a₁ + a₂` bounding the objects' accelerations
//!    (`a = 1.1·μ/r_lo²`, `r_lo = |r| − |v|·h/2`). So if the pair comes within the
//!    threshold `D` anywhere in `I_k`, the extrapolated segment passes within
//!    `D' = D + ½·A·(h/2)² + 2·δv·h/2 + 10 m` (δv = 5 m/s bounds the difference
//!    between SGP4's velocity and the derivative of its position), and then
//!    `|Δr_k| ≤ D' + |Δv_k|·h/2`. A spatial grid with cells `R` wide,
//!    `R = D'_max + 2·v_max·h/2` (`v_max` the largest speed at that sample, the few
//!    objects faster than circular LEO being compared with every object instead),
//!    finds every such pair among the 3³ neighbouring cells (two points within `R`
//!    are at most one cell apart on each axis; clamping far objects into the edge
//!    cells of the keys' cube keeps that true); each
//!    pair found is kept as a candidate when its extrapolated segment passes within
//!    `D'`. **No approach under the threshold can be missed** as long as SGP4's
//!    acceleration stays under 1.1 μ/r² (two-body term plus J2-J4 and drag, a few
//!    per mille above the surface: 1.0016 measured on the whole catalog in
//!    `tests/conjunction_bounds.rs`, as is δv: 2.1 m/s) and the distance has at
//!    most one local minimum per half-sample (the step is far shorter than any
//!    orbit). Candidates whose sampled range rate keeps one sign over
//!    `t_{k−1}..t_{k+1}` hold no approach in `I_k` and are dropped (when fast
//!    enough that δv cannot move the root by `h/2`).
//! 3. **Refinement** ([`refine`]): for a candidate at sample `k` the range rate
//!    (`d|Δr|²/dt`, a central difference of positions) is evaluated on the
//!    continuous SGP4 trajectories at `t_k − h/2`,
//!    `t_k`, `t_k + h/2`; each half-interval where it goes from negative to
//!    non-negative holds one closest approach, found by the Illinois method to
//!    10 µs. The approach is kept when its miss distance is at most `D` and its TCA
//!    is within the span.
//!
//! An approach belongs to the one half-interval `(a, b]` that holds its TCA, so
//! screening split into pieces of samples ([`pieces`], [`screen_piece`]) and put
//! together ([`assemble`]) gives exactly what one [`screen`] gives: the pieces can
//! run on different machines (the Python package maps them over a Dask cluster).
//!
//! ```
//! use orrery_sat::conjunction::{screen, ScreenRequest};
//! use orrery_sat::{Catalog, Satellite};
//! use orrery_core::progress::Silent;
//! let cat = Catalog::bundled();
//! let sats: Vec<&Satellite> = cat.satellites.iter().collect();
//! let start = orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC")?;
//! let iss = sats.iter().position(|s| s.norad_id() == 25544).unwrap();
//! let mut req = ScreenRequest::new(start, 3600.0, 10.0);
//! req.primaries = Some(vec![iss]);
//! let report = screen(&sats, &req, &Silent)?;
//! // Nothing of the 18-object sample comes within 10 km of the ISS in that hour.
//! assert!(report.conjunctions.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cdm;
pub mod frame;
pub mod refine;
pub mod report;
pub mod shell;
pub mod sieve;
pub mod wire;

use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use hifitime::Epoch;
use orrery_core::progress::Progress;
pub use report::{assemble, Approach, ConjunctionRow, ObjectFailure, ObjectInfo, ScreenReport};
use serde::{Deserialize, Serialize};
pub use sieve::{screen_piece, PieceResult, RawApproach, SieveStats, Timings};

/// The longest span one request may screen, days: SGP4 element sets lose their
/// accuracy within days, and a month of samples is already many minutes of work.
pub const MAX_SPAN_DAYS: f64 = 30.0;
/// The largest miss-distance threshold, km: beyond it the sieve's candidates grow
/// as the square of the threshold and the answer is no longer a conjunction list.
pub const MAX_THRESHOLD_KM: f64 = 100.0;
/// Default sample step of the sieve, s (the speed/size trade-off measured in
/// `docs/conjunctions.md`).
pub const DEFAULT_STEP_S: f64 = 45.0;
/// Longest sample step, s: the refinement assumes at most one closest approach per
/// half-step, which needs a step far shorter than any orbit (LEO ≈ 5,300 s).
pub const MAX_STEP_S: f64 = 120.0;
/// Shortest sample step, s.
pub const MIN_STEP_S: f64 = 1.0;
/// Default element age beyond which an approach is flagged, days.
pub const DEFAULT_MAX_AGE_DAYS: f64 = 7.0;
/// Samples propagated at once: memory is about `objects × CHUNK_SAMPLES × 56` bytes
/// (54 MB for the 15,347-object catalog), whatever the span.
pub const CHUNK_SAMPLES: usize = 64;

/// What to screen. Times are instants, lengths km, durations s.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenRequest {
    /// Indices (into the satellites passed to [`screen`]) of the primaries, each
    /// screened against every object; `None` screens all against all.
    pub primaries: Option<Vec<usize>>,
    /// Start of the span.
    pub start: Epoch,
    /// Length of the span, s (positive, at most [`MAX_SPAN_DAYS`]).
    pub span_s: f64,
    /// Miss-distance threshold, km (positive, at most [`MAX_THRESHOLD_KM`]).
    pub threshold_km: f64,
    /// Sample step of the sieve, s ([`MIN_STEP_S`]..=[`MAX_STEP_S`]); it changes
    /// the speed, not the answer.
    pub step_s: f64,
    /// Elements older (or newer) than this at the TCA are flagged stale, days.
    pub max_age_days: f64,
}

impl ScreenRequest {
    /// All against all from `start` over `span_s` seconds at `threshold_km`, with the
    /// default step and element-age limit.
    pub fn new(start: Epoch, span_s: f64, threshold_km: f64) -> Self {
        ScreenRequest {
            primaries: None,
            start,
            span_s,
            threshold_km,
            step_s: DEFAULT_STEP_S,
            max_age_days: DEFAULT_MAX_AGE_DAYS,
        }
    }

    /// Checks every limit, naming the one that is broken.
    pub fn validate(&self, n_sats: usize) -> Result<()> {
        let bad = |what: &str, reason: String| {
            Err(SatError::InvalidArgument {
                what: what.into(),
                reason,
            })
        };
        if !(self.span_s.is_finite() && self.span_s > 0.0) {
            return bad("span", format!("{} s: it must be positive", self.span_s));
        }
        if self.span_s > MAX_SPAN_DAYS * 86_400.0 {
            return bad(
                "span",
                format!(
                    "{:.1} days is more than the limit of {MAX_SPAN_DAYS} days (SGP4 elements are good for days, not months)",
                    self.span_s / 86_400.0
                ),
            );
        }
        if !(self.threshold_km.is_finite() && self.threshold_km > 0.0) {
            return bad(
                "threshold",
                format!("{} km: it must be positive", self.threshold_km),
            );
        }
        if self.threshold_km > MAX_THRESHOLD_KM {
            return bad(
                "threshold",
                format!(
                    "{} km is more than the limit of {MAX_THRESHOLD_KM} km",
                    self.threshold_km
                ),
            );
        }
        if !(MIN_STEP_S..=MAX_STEP_S).contains(&self.step_s) {
            return bad(
                "step",
                format!("{} s is outside {MIN_STEP_S}..{MAX_STEP_S} s", self.step_s),
            );
        }
        if !(self.max_age_days.is_finite() && self.max_age_days > 0.0) {
            return bad(
                "maximum element age",
                format!("{} days: it must be positive", self.max_age_days),
            );
        }
        if let Some(p) = &self.primaries {
            if p.is_empty() {
                return bad(
                    "primaries",
                    "an empty list (give None for all against all)".into(),
                );
            }
            if let Some(&i) = p.iter().find(|&&i| i >= n_sats) {
                return bad(
                    "primaries",
                    format!("index {i} is beyond the {n_sats} satellites"),
                );
            }
        }
        if n_sats > u32::MAX as usize {
            return Err(SatError::TooMuchWork {
                what: "objects",
                requested: n_sats as u128,
                limit: u32::MAX as u128,
            });
        }
        Ok(())
    }

    /// Number of samples `t_k = start + k·step_s`, k = 0..=K with `K·step_s ≥ span_s`.
    pub fn n_samples(&self) -> usize {
        (self.span_s / self.step_s).ceil() as usize + 1
    }

    /// The end of the span.
    pub fn end(&self) -> Epoch {
        self.start + hifitime::Duration::from_seconds(self.span_s)
    }
}

/// A contiguous range of the request's samples, `first..end` (sample indices), with
/// the approaches whose TCA falls in those samples' half-intervals: one unit of work
/// for one machine. Serializable so a scheduler can ship it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Piece {
    /// First sample index.
    pub first: usize,
    /// One past the last sample index.
    pub end: usize,
}

/// The request's samples split into at most `n` pieces of nearly equal length (in
/// time order). Screening every piece ([`screen_piece`]) and passing all the results
/// to [`assemble`] gives exactly the report of [`screen`].
pub fn pieces(req: &ScreenRequest, n: usize) -> Vec<Piece> {
    let total = req.n_samples();
    let n = n.clamp(1, total);
    (0..n)
        .map(|p| Piece {
            first: total * p / n,
            end: total * (p + 1) / n,
        })
        .filter(|p| p.end > p.first)
        .collect()
}

/// Screens `sats` as `req` asks, on this machine (in parallel), reporting progress in
/// samples and stopping with [`SatError::Cancelled`] when asked.
pub fn screen(
    sats: &[&Satellite],
    req: &ScreenRequest,
    progress: &dyn Progress,
) -> Result<ScreenReport> {
    let all = Piece {
        first: 0,
        end: req.n_samples(),
    };
    let piece = screen_piece(sats, req, all, progress)?;
    assemble(sats, req, vec![piece])
}

#[cfg(test)]
mod tests;
