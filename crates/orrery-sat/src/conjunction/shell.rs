//! The apogee-perigee filter (Hoots, Crawford & Roehrich 1984): two objects whose
//! radial shells `[perigee, apogee]` stay apart by more than the threshold can never
//! meet. Shells come from the mean elements (the Kozai mean motion through Kepler's
//! third law with WGS-72's μ); the osculating radius of an SGP4 trajectory departs
//! from them by SGP4's short-period terms (J2: about 10 km in LEO), the
//! Kozai/Brouwer difference of the semi-major axis (≤ 8 km) and the secular change
//! over the span (drag, lunar-solar terms). Each shell is widened by
//! [`excursion_km`] on both sides for these; `tests` checks that margin against the
//! sampled radii of the whole bundled catalog.

use crate::satellite::Satellite;

/// WGS-72 gravitational parameter, km³/s² (the constant SGP4 elements are fitted with).
pub const MU_WGS72: f64 = 398_600.8;

/// How far the osculating radius may leave the mean shell over a span of
/// `span_days`, km: 30 km plus 10 km per day.
pub fn excursion_km(span_days: f64) -> f64 {
    30.0 + 10.0 * span_days.max(0.0)
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

/// Which objects may come within `threshold_km` of another (all against all:
/// `primaries` is `None`) or of a primary, over `span_days`: `true` to keep.
/// Primaries are always kept; objects with unusable elements are kept (the
/// propagator reports them).
pub fn keep(
    sats: &[&Satellite],
    primaries: Option<&[bool]>,
    threshold_km: f64,
    span_days: f64,
) -> Vec<bool> {
    let half = 0.5 * threshold_km + excursion_km(span_days);
    let shells: Vec<(f64, f64)> = sats
        .iter()
        .map(|s| {
            let (p, a) = mean_shell(s);
            if p.is_finite() && a.is_finite() {
                (p - half, a + half)
            } else {
                (f64::NEG_INFINITY, f64::INFINITY)
            }
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
