//! Phase folding: the one place where a time is turned into an offset from
//! the nearest mid-transit and an epoch number. Every stage (masking,
//! fitting, vetting, plotting) calls these.

use serde::Serialize;

/// A linear ephemeris: mid-transit times `t0_days + n · period_days`.
///
/// Times are days in the light curve's own time system (`BJD_TDB − bjd_ref`
/// for MAST files).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Ephemeris {
    /// Orbital period, days.
    pub period_days: f64,
    /// A mid-transit time, days.
    pub t0_days: f64,
}

impl Ephemeris {
    /// An ephemeris of period `period_days` through mid-transit `t0_days`.
    pub fn new(period_days: f64, t0_days: f64) -> Self {
        Ephemeris {
            period_days,
            t0_days,
        }
    }

    /// Time from the nearest mid-transit, days, in `[−P/2, P/2)`:
    /// `((t − t0 + P/2) mod P) − P/2`.
    ///
    /// ```
    /// use orrery_transit::phase::Ephemeris;
    /// let e = Ephemeris::new(2.0, 0.5);
    /// assert!((e.offset(4.6) - 0.1).abs() < 1e-12);
    /// assert!((e.offset(4.4) + 0.1).abs() < 1e-12);
    /// ```
    #[inline]
    pub fn offset(&self, t: f64) -> f64 {
        let p = self.period_days;
        (t - self.t0_days + 0.5 * p).rem_euclid(p) - 0.5 * p
    }

    /// Epoch number of the nearest transit (0 = the one at `t0_days`).
    #[inline]
    pub fn epoch(&self, t: f64) -> i64 {
        ((t - self.t0_days) / self.period_days).round() as i64
    }

    /// Mid-transit time of epoch `n`, days.
    #[inline]
    pub fn transit_time(&self, n: i64) -> f64 {
        self.t0_days + n as f64 * self.period_days
    }

    /// Whether `t` lies within `half_width_days` of a mid-transit.
    #[inline]
    pub fn in_transit(&self, t: f64, half_width_days: f64) -> bool {
        self.offset(t).abs() < half_width_days
    }

    /// The same ephemeris with `t0_days` moved to the first transit at or
    /// after `t_start` (days).
    pub fn first_after(&self, t_start: f64) -> Ephemeris {
        Ephemeris {
            t0_days: t_start + (self.t0_days - t_start).rem_euclid(self.period_days),
            ..*self
        }
    }
}

/// A box-shaped transit: what the BLS stages find and the fit starts from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BoxTransit {
    /// Period and a mid-transit time.
    pub ephemeris: Ephemeris,
    /// Box duration, days.
    pub duration_days: f64,
    /// Box depth, relative flux.
    pub depth: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_epochs_and_first_transit() {
        let e = Ephemeris::new(3.0, 10.0);
        assert_eq!(e.epoch(16.2), 2);
        assert_eq!(e.epoch(8.4), -1);
        assert!((e.offset(11.4) - 1.4).abs() < 1e-12);
        assert!((e.offset(8.4) + 1.6 - 3.0).abs() < 1e-12);
        assert!((e.transit_time(-2) - 4.0).abs() < 1e-12);
        assert!(e.in_transit(13.05, 0.1) && !e.in_transit(13.2, 0.1));
        let f = e.first_after(0.3);
        assert!((f.t0_days - 1.0).abs() < 1e-12);
    }
}
