//! Finding when a smooth function of time crosses zero, without missing a crossing.
//!
//! The function is sampled every `step`; an interval whose end values could hide two
//! crossings (|f₁| + |f₂| ≤ r·Δt, with r a bound on |df/dt|) is halved until that
//! cannot happen, so a body that grazes the horizon for a minute at high latitude is
//! found whatever the step. Each sign change is then refined by the Illinois method
//! (regula falsi with halving of a stale end) to [`TOLERANCE_S`].

use crate::error::Result;
use orrery_core::{Duration, Epoch};

/// Crossing times are refined to this, s.
pub const TOLERANCE_S: f64 = 1e-3;

/// Shortest interval the guard splits down to, s: a pair of crossings closer than
/// this is one grazing contact, reported as none.
pub const MIN_SPLIT_S: f64 = 0.5;

/// A zero of the function: when, and whether it goes from negative to positive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// The instant.
    pub time: Epoch,
    /// True when the function goes from below zero to above.
    pub rising: bool,
}

/// Every zero crossing of `f` in `[start, end]`; `max_rate` bounds |df/dt| in the
/// function's unit per second.
pub fn crossings(
    f: &dyn Fn(Epoch) -> Result<f64>,
    start: Epoch,
    end: Epoch,
    step: Duration,
    max_rate: f64,
) -> Result<Vec<Crossing>> {
    let mut out = Vec::new();
    if end <= start {
        return Ok(out);
    }
    let step_s = step.to_seconds().max(1.0);
    let mut t = start;
    let mut ft = f(t)?;
    while t < end {
        let mut dt = step_s.min((end - t).to_seconds());
        let mut next = t + Duration::from_seconds(dt);
        let mut fn_ = f(next)?;
        while dt > MIN_SPLIT_S
            && ft.signum() == fn_.signum()
            && ft.abs() + fn_.abs() <= max_rate * dt
        {
            dt *= 0.5;
            next = t + Duration::from_seconds(dt);
            fn_ = f(next)?;
        }
        if ft != 0.0 && fn_ != 0.0 && ft.signum() != fn_.signum() {
            out.push(Crossing {
                time: refine(f, t, ft, next, fn_)?,
                rising: fn_ > ft,
            });
        }
        t = next;
        ft = fn_;
    }
    Ok(out)
}

/// Illinois method between `a` and `b` (`fa`, `fb` of opposite signs), to [`TOLERANCE_S`].
fn refine(f: &dyn Fn(Epoch) -> Result<f64>, a: Epoch, fa: f64, b: Epoch, fb: f64) -> Result<Epoch> {
    let (mut lo, mut hi) = (0.0, (b - a).to_seconds());
    let (mut flo, mut fhi) = (fa, fb);
    let mut side = 0i8;
    for _ in 0..100 {
        if hi - lo <= TOLERANCE_S {
            break;
        }
        let mut x = lo + (hi - lo) * flo / (flo - fhi);
        if !(x > lo && x < hi) {
            x = 0.5 * (lo + hi);
        }
        let fx = f(a + Duration::from_seconds(x))?;
        if fx == 0.0 {
            return Ok(a + Duration::from_seconds(x));
        }
        if fx.signum() == flo.signum() {
            lo = x;
            flo = fx;
            if side == -1 {
                fhi *= 0.5;
            }
            side = -1;
        } else {
            hi = x;
            fhi = fx;
            if side == 1 {
                flo *= 0.5;
            }
            side = 1;
        }
    }
    Ok(a + Duration::from_seconds(0.5 * (lo + hi)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use orrery_core::Unit;

    #[test]
    fn finds_a_brief_grazing_excursion_with_a_coarse_step() {
        let t0 = Epoch::from_gregorian_utc_at_midnight(2026, 1, 1);
        // f(t) = 1e-3 − (t − 5000 s)² · 1e-9: above zero for ±1000 s around t = 5000 s.
        let f = |t: Epoch| -> Result<f64> {
            let s = (t - t0).to_seconds() - 5000.0;
            Ok(1e-3 - s * s * 1e-9)
        };
        let found = crossings(&f, t0, t0 + Unit::Hour * 3, Unit::Hour * 1, 2e-5).unwrap();
        assert_eq!(found.len(), 2);
        assert!(found[0].rising && !found[1].rising);
        for (c, want) in found.iter().zip([4000.0, 6000.0]) {
            assert!(((c.time - t0).to_seconds() - want).abs() < TOLERANCE_S);
        }
    }
}
