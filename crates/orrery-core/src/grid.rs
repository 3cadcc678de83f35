//! Evenly spaced instants: the one time grid of Orrery.
//!
//! Every computation that steps through time (ephemeris tables, ground tracks, SGP4
//! batches, porkchop axes, visibility scans) builds its instants here, so that they
//! all follow one rule:
//!
//! * the instants are `start + k·step` for `k = 0, 1, …` while `k·step ≤ end − start`;
//!   the end is included exactly when it falls on a step;
//! * the arithmetic is hifitime's integer nanoseconds, so no instant drifts by
//!   rounding and `k·step` is exact whatever the length of the span;
//! * the span is measured in TAI (a leap second inside it counts as a second);
//! * the step must be positive and the end must not precede the start;
//! * a grid has at most the limit its caller names ([`TimeGrid::with_limit`]), and
//!   the error says what that limit is.
//!
//! ```
//! use orrery_core::grid::TimeGrid;
//! use orrery_core::time::parse_epoch;
//! use orrery_core::Unit;
//!
//! let start = parse_epoch("2026-05-08T00:00:00 UTC")?;
//! let end = parse_epoch("2026-05-08T01:30:00 UTC")?;
//! let grid = TimeGrid::new(start, end, Unit::Minute * 10)?;
//! assert_eq!(grid.len(), 10); // 00:00, 00:10, ..., 01:30
//! assert_eq!(grid.last(), end);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::time::format_utc_ms;
use hifitime::{Duration, Epoch};
use thiserror::Error;

/// Why a grid could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum GridError {
    /// A step of zero, a negative step or one beyond hifitime's range.
    #[error("the time step must be positive, got {step}")]
    NonPositiveStep {
        /// The step given.
        step: Duration,
    },
    /// The end lies before the start.
    #[error("the span is empty: it ends ({}) before it starts ({})", format_utc_ms(*.end), format_utc_ms(*.start))]
    EndBeforeStart {
        /// First instant.
        start: Epoch,
        /// Last instant.
        end: Epoch,
    },
    /// More instants than the caller allows.
    #[error("{n} instants is more than the limit of {max}; use a larger step or a shorter span")]
    TooMany {
        /// Instants the span and step would give.
        n: u128,
        /// The limit.
        max: usize,
    },
}

/// The default limit on the number of instants of one grid (ten million).
pub const DEFAULT_MAX_INSTANTS: usize = 10_000_000;

/// Instants `start, start + step, …` up to and including `end` when it falls on a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeGrid {
    start: Epoch,
    step: Duration,
    len: usize,
}

impl TimeGrid {
    /// A grid over `[start, end]` with at most [`DEFAULT_MAX_INSTANTS`] instants.
    pub fn new(start: Epoch, end: Epoch, step: Duration) -> Result<Self, GridError> {
        Self::with_limit(start, end, step, DEFAULT_MAX_INSTANTS)
    }

    /// A grid over `[start, end]` with at most `max` instants.
    pub fn with_limit(
        start: Epoch,
        end: Epoch,
        step: Duration,
        max: usize,
    ) -> Result<Self, GridError> {
        let step_ns = step.total_nanoseconds();
        if step_ns <= 0 {
            return Err(GridError::NonPositiveStep { step });
        }
        let span_ns = (end - start).total_nanoseconds();
        if span_ns < 0 {
            return Err(GridError::EndBeforeStart { start, end });
        }
        // i128 nanoseconds: exact for any span hifitime can represent.
        let n = (span_ns / step_ns) as u128 + 1;
        if n > max as u128 {
            return Err(GridError::TooMany { n, max });
        }
        Ok(TimeGrid {
            start,
            step,
            len: n as usize,
        })
    }

    /// `n` instants from `start`, `step` apart (`n ≥ 1`; `step` may be zero only when `n = 1`).
    pub fn from_count(start: Epoch, step: Duration, n: usize) -> Result<Self, GridError> {
        if n > 1 && step.total_nanoseconds() <= 0 {
            return Err(GridError::NonPositiveStep { step });
        }
        Ok(TimeGrid {
            start,
            step,
            len: n.max(1),
        })
    }

    /// A grid of one instant.
    pub fn single(at: Epoch) -> Self {
        TimeGrid {
            start: at,
            step: Duration::ZERO,
            len: 1,
        }
    }

    /// A grid over `[start, start + span]`.
    pub fn spanning(start: Epoch, span: Duration, step: Duration) -> Result<Self, GridError> {
        Self::new(start, start + span, step)
    }

    /// Number of instants (at least 1).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a grid holds at least its start.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// First instant.
    pub fn start(&self) -> Epoch {
        self.start
    }

    /// Last instant.
    pub fn last(&self) -> Epoch {
        self.at(self.len - 1)
    }

    /// The spacing.
    pub fn step(&self) -> Duration {
        self.step
    }

    /// Instant `k` (`start + k·step`, exact); `k` may exceed the grid.
    pub fn at(&self, k: usize) -> Epoch {
        self.start + self.step * (k as i64)
    }

    /// The instants in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Epoch> + '_ {
        (0..self.len).map(|k| self.at(k))
    }

    /// The instants as a vector.
    pub fn to_vec(&self) -> Vec<Epoch> {
        self.iter().collect()
    }

    /// Seconds of each instant after the first (`k·step`), for kernels that work in
    /// seconds from a reference.
    pub fn offsets_s(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        let step = self.step.to_seconds();
        (0..self.len).map(move |k| k as f64 * step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_epoch;
    use hifitime::Unit;

    fn at(s: &str) -> Epoch {
        parse_epoch(s).unwrap()
    }

    #[test]
    fn end_included_only_on_a_step() {
        let s = at("2020-07-01T00:00:00 UTC");
        let g = TimeGrid::new(s, at("2020-07-10T00:00:00 UTC"), Unit::Day * 3).unwrap();
        assert_eq!(g.len(), 4);
        assert_eq!(g.last(), at("2020-07-10T00:00:00 UTC"));
        let g = TimeGrid::new(s, at("2020-07-09T23:59:59.999999999 UTC"), Unit::Day * 3).unwrap();
        assert_eq!(g.len(), 3);
        assert_eq!(TimeGrid::new(s, s, Unit::Second * 1).unwrap().len(), 1);
    }

    #[test]
    fn exact_after_many_steps_and_across_a_leap_second() {
        // 1 ms steps over these two hours (and the leap second) exceed a limit of 1e6...
        let s = at("2016-12-31T23:00:00 UTC");
        let e = at("2017-01-01T01:00:00 UTC");
        assert!(matches!(
            TimeGrid::with_limit(s, e, Unit::Millisecond * 1, 1_000_000),
            Err(GridError::TooMany { n: 7_201_001, .. })
        ));
        // ...and the leap second 2016-12-31T23:59:60 counts: 7201 s, not 7200 s.
        let g = TimeGrid::new(s, e, Unit::Second * 1).unwrap();
        assert_eq!(g.len(), 7202);
        assert_eq!(g.at(7201), e);
        // 1/3 s steps: k·step is exact in nanoseconds (333,333,333 ns each).
        let g = TimeGrid::new(s, s + Unit::Hour * 1, Unit::Nanosecond * 333_333_333).unwrap();
        assert_eq!(g.len(), 10_801);
        assert_eq!((g.last() - s).total_nanoseconds(), 10_800 * 333_333_333);
    }

    #[test]
    fn errors_name_the_problem() {
        let s = at("2026-01-01T00:00:00 UTC");
        assert!(matches!(
            TimeGrid::new(s, s + Unit::Day * 1, Duration::ZERO),
            Err(GridError::NonPositiveStep { .. })
        ));
        assert!(matches!(
            TimeGrid::new(s, s + Unit::Day * 1, Unit::Second * -1),
            Err(GridError::NonPositiveStep { .. })
        ));
        let e = TimeGrid::new(s + Unit::Day * 1, s, Unit::Hour * 1).unwrap_err();
        assert!(matches!(e, GridError::EndBeforeStart { .. }));
        let e = TimeGrid::with_limit(s, s + Unit::Day * 1, Unit::Second * 1, 1000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "86401 instants is more than the limit of 1000; use a larger step or a shorter span"
        );
        assert_eq!(TimeGrid::single(s).len(), 1);
        assert!(TimeGrid::from_count(s, Duration::ZERO, 3).is_err());
    }
}
