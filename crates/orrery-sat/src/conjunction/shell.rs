//! The apogee-perigee filter (Hoots, Crawford & Roehrich 1984): two objects whose
//! radial shells `[perigee, apogee]` stay apart by more than the threshold can never
//! meet. Shells come from the mean elements (the Kozai mean motion through Kepler's
//! third law with WGS-72's μ); the osculating radius of an SGP4 trajectory departs
//! from them by SGP4's short-period terms (J2: about 10 km in LEO), the
//! Kozai/Brouwer difference of the semi-major axis (≤ 8 km) and the secular change
//! over the span (drag, lunar-solar terms). Each shell is widened by
//! [`excursion_km`] on both sides for these, and reaches down by twice the decay of
//! the osculating semi-major axis over the span ([`decay_km`], from SGP4 itself) or
//! to the ground for perigees below [`DECAY_RADIUS_KM`]; `tests` checks that margin against the
//! sampled radii of the whole bundled catalog.

use crate::kernel::{Propagator, Sgp4Code};
use crate::satellite::Satellite;
use rayon::prelude::*;

/// WGS-72 gravitational parameter, km³/s² (the constant SGP4 elements are fitted with).
pub const MU_WGS72: f64 = 398_600.8;

/// Objects with a mean perigee below this radius (300 km altitude) may re-enter within
/// days: their shell reaches down to the ground.
pub const DECAY_RADIUS_KM: f64 = 6378.135 + 300.0;

/// How far the osculating radius of an orbit of mean semi-major axis `a_km` may
/// leave its mean shell over a span of `span_days`, km: 30 km, plus 10 km per day,
/// plus 0.3 % of the semi-major axis (lunar-solar terms of high orbits).
pub fn excursion_km(span_days: f64, a_km: f64) -> f64 {
    30.0 + 10.0 * span_days.max(0.0) + 3e-3 * a_km.max(0.0)
}

/// Mean perigee and apogee radii, km (NaN for elements without a positive mean motion).
pub fn mean_shell(sat: &Satellite) -> (f64, f64) {
    let n = sat.elements.mean_motion * std::f64::consts::TAU / 86_400.0; // rad/s
    if n.is_nan() || n <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let a = (MU_WGS72 / (n * n)).cbrt();
    let e = sat.elements.eccentricity;
    (a * (1.0 - e), a * (1.0 + e))
}

/// How much the osculating semi-major axis (vis-viva, km) falls from `start_tai`
/// (TAI seconds) to `span_s` later: drag of a re-entering object, a few km per day
/// for most, over 100 km for some. Infinite when SGP4 fails on the way.
pub fn decay_km(sat: &Satellite, start_tai: f64, span_s: f64) -> f64 {
    let Ok(p) = Propagator::new(sat) else {
        return f64::INFINITY;
    };
    let a = |t: f64| -> Option<f64> {
        let (r, v, code) = p.state_minutes((t - sat.epoch.to_tai_seconds()) / 60.0);
        if code != Sgp4Code::Ok {
            return None;
        }
        let rn = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt();
        let v2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
        Some(1.0 / (2.0 / rn - v2 / MU_WGS72))
    };
    match (a(start_tai), a(start_tai + span_s)) {
        (Some(a0), Some(a1)) if a0 > 0.0 && a1 > 0.0 => (a0 - a1).max(0.0),
        _ => f64::INFINITY,
    }
}

/// The widened shell `[lo, hi]` of `sat`, km: the mean shell, widened by half the
/// threshold and [`excursion_km`], reaching down by twice the `decay_km` drift
/// (or to the ground for a perigee below [`DECAY_RADIUS_KM`]).
pub fn bounds(sat: &Satellite, threshold_km: f64, span_days: f64, decay_km: f64) -> (f64, f64) {
    let (p, a) = mean_shell(sat);
    if !(p.is_finite() && a.is_finite() && decay_km.is_finite()) {
        return (f64::NEG_INFINITY, f64::INFINITY);
    }
    let half = 0.5 * threshold_km + excursion_km(span_days, 0.5 * (p + a));
    let lo = if p < DECAY_RADIUS_KM {
        0.0
    } else {
        p - half - 2.0 * decay_km
    };
    (lo, a + half)
}

/// Which objects may come within `threshold_km` of another (all against all:
/// `primaries` is `None`) or of a primary, over `span_s` from `start_tai`: `true`
/// to keep. Primaries are always kept; objects with unusable elements are kept (the
/// propagator reports them).
pub fn keep(
    sats: &[&Satellite],
    primaries: Option<&[bool]>,
    threshold_km: f64,
    start_tai: f64,
    span_s: f64,
) -> Vec<bool> {
    let shells: Vec<(f64, f64)> = sats
        .par_iter()
        .map(|s| {
            bounds(
                s,
                threshold_km,
                span_s / 86_400.0,
                decay_km(s, start_tai, span_s),
            )
        })
        .collect();
    let n = sats.len();
    match primaries {
        Some(is_p) => {
            let ps: Vec<(f64, f64)> = (0..n).filter(|&i| is_p[i]).map(|i| shells[i]).collect();
            (0..n)
                .map(|i| {
                    is_p[i]
                        || ps
                            .iter()
                            .any(|&(lo, hi)| shells[i].0 <= hi && lo <= shells[i].1)
                })
                .collect()
        }
        None => {
            // Sorted by the lower edge: an interval overlaps another exactly when it
            // overlaps the reach of the intervals before it or the next one's start.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| shells[a].0.total_cmp(&shells[b].0));
            let mut keep = vec![false; n];
            let mut reach = f64::NEG_INFINITY;
            for (k, &i) in order.iter().enumerate() {
                let (lo, hi) = shells[i];
                let before = reach >= lo;
                let after = order.get(k + 1).is_some_and(|&j| shells[j].0 <= hi);
                keep[i] = before || after;
                reach = reach.max(hi);
            }
            keep
        }
    }
}
