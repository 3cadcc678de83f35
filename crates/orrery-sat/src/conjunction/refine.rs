//! The time of closest approach on the continuous SGP4 trajectories: the root of the
//! range rate. With `Δr = r₂ − r₁` (TEME, km), `d|Δr|²/dt` goes from negative to
//! positive at a closest approach. It is taken as a central difference of `|Δr|²`
//! over ±[`DERIVATIVE_STEP_S`], from positions only: SGP4's velocity is not exactly
//! the derivative of its position (by a few mm/s), which would move the root of
//! `Δr·Δv` by up to a tenth of a second for objects drifting past each other at
//! metres per second. The root is bracketed and found by the Illinois variant of
//! regula falsi (Dowell & Jarratt 1971), which converges superlinearly and never
//! leaves its bracket, to [`TCA_TOLERANCE_S`].

use crate::kernel::{Propagator, Sgp4Code};
use nalgebra::Vector3;

/// Width of the final bracket of the TCA, s (10 µs).
pub const TCA_TOLERANCE_S: f64 = 1e-5;

/// Half-width of the central difference of `|Δr|²`, s.
pub const DERIVATIVE_STEP_S: f64 = 1e-3;

/// One object on the kernel's continuous trajectory, with the minutes from its
/// element epoch to the request's start.
#[derive(Debug, Clone)]
pub struct Track {
    /// The propagator (same constants and code as the batch kernel).
    pub prop: Propagator,
    /// Minutes from the element epoch to the start of the span.
    pub minutes_at_start: f64,
}

impl Track {
    /// TEME position (km) `t` seconds after the start of the span; `None` where
    /// SGP4 fails or the object has decayed.
    pub fn position(&self, t: f64) -> Option<Vector3<f64>> {
        self.state(t).map(|(r, _)| r)
    }

    /// TEME position (km) and velocity (km/s) `t` seconds after the start of the span;
    /// `None` where SGP4 fails (codes 1-4) or the object has decayed (code 6).
    pub fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)> {
        let (r, v, code) = self.prop.state_minutes(self.minutes_at_start + t / 60.0);
        (code == Sgp4Code::Ok).then(|| (Vector3::from(r), Vector3::from(v)))
    }
}

/// `½·d|Δr|²/dt` at `t` (km²/s, the range rate times the range) from positions,
/// `None` where either state fails.
fn rate(a: &Track, b: &Track, t: f64) -> Option<f64> {
    let d2 = |s: f64| -> Option<f64> { Some((b.position(s)? - a.position(s)?).norm_squared()) };
    let h = DERIVATIVE_STEP_S;
    Some((d2(t + h)? - d2(t - h)?) / (4.0 * h))
}

/// Closest approaches of `a` and `b` whose TCA lies in the half-intervals
/// `(t − h/2, t]` and `(t, t + h/2]` (seconds after the start of the span): at most
/// one in each, where the range rate goes from negative to non-negative. Deterministic in
/// its arguments, so every piece of a split screening finds the same roots.
pub fn approaches_near(a: &Track, b: &Track, t: f64, h: f64) -> Vec<f64> {
    let pts = [t - 0.5 * h, t, t + 0.5 * h];
    let mut f = [0.0; 3];
    for (k, &s) in pts.iter().enumerate() {
        match rate(a, b, s) {
            Some(v) => f[k] = v,
            None => return Vec::new(),
        }
    }
    let mut out = Vec::new();
    for k in 0..2 {
        if f[k] < 0.0 && f[k + 1] >= 0.0 {
            if let Some(root) = illinois(a, b, pts[k], f[k], pts[k + 1], f[k + 1]) {
                out.push(root);
            }
        }
    }
    out
}

/// The root of the range rate in `(lo, hi]` given `f(lo) < 0 ≤ f(hi)`.
fn illinois(
    a: &Track,
    b: &Track,
    mut lo: f64,
    mut flo: f64,
    mut hi: f64,
    mut fhi: f64,
) -> Option<f64> {
    if fhi == 0.0 {
        return Some(hi);
    }
    let mut side = 0i8;
    for _ in 0..200 {
        if hi - lo <= TCA_TOLERANCE_S {
            break;
        }
        let mut x = (lo * fhi - hi * flo) / (fhi - flo);
        // Keep the step strictly inside the bracket (and bisect when the secant stalls).
        if !(x > lo && x < hi) {
            x = 0.5 * (lo + hi);
        }
        let fx = rate(a, b, x)?;
        if fx < 0.0 {
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
            if fx == 0.0 {
                return Some(x);
            }
        }
    }
    // The secant point of the final bracket.
    let x = (lo * fhi - hi * flo) / (fhi - flo);
    Some(if x > lo && x <= hi {
        x
    } else {
        0.5 * (lo + hi)
    })
}
