//! Vetting statistics of a box-shaped transit candidate: per-transit depths,
//! number of transits with data, odd/even depth difference, and a search for a
//! secondary eclipse at phase 0.5 (the usual false-positive checks for
//! eclipsing binaries; cf. Thompson et al. 2018, ApJS 235, 38, sect. 3).

use serde::Serialize;

/// One transit epoch.
#[derive(Debug, Clone, Serialize)]
pub struct TransitDepth {
    /// Epoch number (0 = the reference transit).
    pub epoch: i64,
    /// Predicted mid-transit time, days (light curve's time system).
    pub time: f64,
    /// Points inside the box.
    pub n_points: usize,
    /// Depth (out-of-transit mean − in-transit weighted mean), relative flux.
    pub depth: f64,
    /// 1-sigma uncertainty of `depth`.
    pub depth_err: f64,
}

/// Depth and uncertainty.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Depth {
    /// Depth, relative flux (positive = dimming).
    pub depth: f64,
    /// 1-sigma uncertainty.
    pub depth_err: f64,
}

/// Vetting results.
#[derive(Debug, Clone, Serialize)]
pub struct Vetting {
    /// Transits with at least one point in the box.
    pub n_transits: usize,
    /// Per-transit depths.
    pub transits: Vec<TransitDepth>,
    /// Depth from odd epochs.
    pub depth_odd: Depth,
    /// Depth from even epochs.
    pub depth_even: Depth,
    /// |odd − even| / combined sigma.
    pub odd_even_sigma: f64,
    /// Box of the same duration at phase 0.5.
    pub secondary: Depth,
    /// `secondary.depth / secondary.depth_err`.
    pub secondary_snr: f64,
}

fn weighted_mean(iter: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    let (mut s, mut w) = (0.0, 0.0);
    for (y, wi) in iter {
        s += y * wi;
        w += wi;
    }
    (w > 0.0).then(|| (s / w, w))
}

/// Computes the vetting statistics for period `period`, mid-transit `t0`,
/// box duration `duration` (days) on detrended flux `y` with errors `dy`.
pub fn vet(t: &[f64], y: &[f64], dy: &[f64], period: f64, t0: f64, duration: f64) -> Vetting {
    let half = 0.5 * duration;
    let phase = |ti: f64| (ti - t0 + 0.5 * period).rem_euclid(period) - 0.5 * period;
    let w = |i: usize| 1.0 / (dy[i] * dy[i]);
    let n = t.len().min(y.len()).min(dy.len());
    // Out of transit: away from both the transit and phase 0.5.
    let outside = |i: usize| {
        let ph = phase(t[i]).abs();
        ph >= duration && (ph - 0.5 * period).abs() >= duration
    };
    let out = weighted_mean((0..n).filter(|&i| outside(i)).map(|i| (y[i], w(i))));
    let (y_out, w_out) = out.unwrap_or((1.0, f64::INFINITY));
    let depth_of = |sel: &dyn Fn(usize) -> bool| -> Depth {
        match weighted_mean((0..n).filter(|&i| sel(i)).map(|i| (y[i], w(i)))) {
            Some((m, wi)) => Depth {
                depth: y_out - m,
                depth_err: (1.0 / wi + 1.0 / w_out).sqrt(),
            },
            None => Depth {
                depth: f64::NAN,
                depth_err: f64::NAN,
            },
        }
    };
    let epoch = |ti: f64| ((ti - t0) / period).round() as i64;
    let in_box = |i: usize| phase(t[i]).abs() < half;
    let odd = depth_of(&|i| in_box(i) && epoch(t[i]).rem_euclid(2) == 1);
    let even = depth_of(&|i| in_box(i) && epoch(t[i]).rem_euclid(2) == 0);
    let odd_even_sigma = (odd.depth - even.depth).abs() / odd.depth_err.hypot(even.depth_err);
    let secondary = depth_of(&|i| (phase(t[i]).abs() - 0.5 * period).abs() < half);
    let mut transits: Vec<TransitDepth> = Vec::new();
    let (first, last) = match (t.first(), t.last()) {
        (Some(a), Some(b)) => (epoch(*a), epoch(*b)),
        _ => (0, -1),
    };
    for e in first..=last {
        let tc = t0 + e as f64 * period;
        let sel = |i: usize| (t[i] - tc).abs() < half;
        let k = (0..n).filter(|&i| sel(i)).count();
        if k > 0 {
            let d = depth_of(&sel);
            transits.push(TransitDepth {
                epoch: e,
                time: tc,
                n_points: k,
                depth: d.depth,
                depth_err: d.depth_err,
            });
        }
    }
    Vetting {
        n_transits: transits.len(),
        transits,
        depth_odd: odd,
        depth_even: even,
        odd_even_sigma: if odd_even_sigma.is_finite() {
            odd_even_sigma
        } else {
            0.0
        },
        secondary_snr: if secondary.depth_err > 0.0 {
            secondary.depth / secondary.depth_err
        } else {
            0.0
        },
        secondary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eclipsing_binary_shows_odd_even_and_secondary() {
        let t: Vec<f64> = (0..5000).map(|i| i as f64 * 0.01).collect();
        let p = 2.0;
        let y: Vec<f64> = t
            .iter()
            .map(|&x| {
                let e = (x / p).round() as i64;
                let ph = x - e as f64 * p;
                if ph.abs() < 0.05 {
                    if e % 2 == 0 {
                        0.99
                    } else {
                        0.995
                    }
                } else if (ph.abs() - 1.0).abs() < 0.05 {
                    0.998
                } else {
                    1.0
                }
            })
            .collect();
        let dy = vec![1e-3; t.len()];
        let v = vet(&t, &y, &dy, p, 0.0, 0.08);
        assert_eq!(v.n_transits, 26);
        assert!((v.depth_even.depth - 0.01).abs() < 1e-9);
        assert!((v.depth_odd.depth - 0.005).abs() < 1e-9);
        assert!(v.odd_even_sigma > 10.0);
        assert!((v.secondary.depth - 0.002).abs() < 1e-9);
        assert!(v.secondary_snr > 10.0);
    }
}
