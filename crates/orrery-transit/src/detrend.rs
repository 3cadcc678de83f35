//! Time-windowed robust detrending with Tukey's biweight location, the filter
//! Hippke et al. (2019, AJ 158, 143, "wotan") recommend for transit searches,
//! with a window about 3× the longest transit duration searched.
//!
//! For each point the trend is the biweight location (Mosteller & Tukey 1977;
//! tuning constant `c = 5`, iterated from the median) of the unmasked points
//! within ± window/2. The light curve is split at gaps longer than
//! `break_tolerance`, so no window spans a gap; at edges the window is simply
//! truncated. Points flagged in `mask` (known transits) do not enter any
//! window, but still receive a trend value.

use crate::lightcurve::median_in_place;

/// Biweight tuning constant (wotan's default).
pub const BIWEIGHT_C: f64 = 5.0;

/// Settings of the detrending filter.
#[derive(Debug, Clone, Copy)]
pub struct DetrendConfig {
    /// Full window length, days.
    pub window: f64,
    /// Gaps longer than this (days) split the light curve into segments.
    pub break_tolerance: f64,
    /// Minimum unmasked points in a window for a trend value (else NaN).
    pub min_points: usize,
}

impl DetrendConfig {
    /// Window `window` days, break tolerance `window/2`, at least 3 points.
    pub fn with_window(window: f64) -> Self {
        DetrendConfig {
            window,
            break_tolerance: 0.5 * window,
            min_points: 3,
        }
    }
}

/// Biweight location of `x` (reorders `x`; scratch `d` reused), iterated
/// until it moves by less than 1e-10 relative (at most 20 iterations).
pub fn biweight_location(x: &mut [f64], d: &mut Vec<f64>) -> f64 {
    let mut m = median_in_place(x);
    for _ in 0..20 {
        d.clear();
        d.extend(x.iter().map(|v| (v - m).abs()));
        let mad = median_in_place(d);
        if !(mad > 0.0) {
            return m;
        }
        let (mut num, mut den) = (0.0, 0.0);
        for &v in x.iter() {
            let u = (v - m) / (BIWEIGHT_C * mad);
            if u.abs() < 1.0 {
                let w = (1.0 - u * u).powi(2);
                num += w * v;
                den += w;
            }
        }
        if den <= 0.0 {
            return m;
        }
        let next = num / den;
        let done = (next - m).abs() <= 1e-10 * m.abs().max(1e-300);
        m = next;
        if done {
            break;
        }
    }
    m
}

/// Trend of `flux` at each time (days, sorted ascending). `mask[i] = true`
/// excludes point `i` from the windows. NaN where a window has too few points.
pub fn biweight_trend(
    time: &[f64],
    flux: &[f64],
    mask: Option<&[bool]>,
    cfg: &DetrendConfig,
) -> Vec<f64> {
    let n = time.len().min(flux.len());
    let mut trend = vec![f64::NAN; n];
    let half = 0.5 * cfg.window;
    let used = |i: usize| mask.is_none_or(|m| !m.get(i).copied().unwrap_or(false));
    let mut buf = Vec::new();
    let mut dev = Vec::new();
    let mut seg_start = 0;
    while seg_start < n {
        let mut seg_end = seg_start + 1;
        while seg_end < n && time[seg_end] - time[seg_end - 1] <= cfg.break_tolerance {
            seg_end += 1;
        }
        let (mut lo, mut hi) = (seg_start, seg_start);
        for i in seg_start..seg_end {
            while time[lo] < time[i] - half {
                lo += 1;
            }
            while hi < seg_end && time[hi] <= time[i] + half {
                hi += 1;
            }
            buf.clear();
            buf.extend((lo..hi).filter(|&j| used(j)).map(|j| flux[j]));
            if buf.len() >= cfg.min_points {
                trend[i] = biweight_location(&mut buf, &mut dev);
            }
        }
        seg_start = seg_end;
    }
    trend
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn biweight_ignores_outliers() {
        let mut x = vec![1.0, 1.01, 0.99, 1.0, 1.02, 0.98, 50.0];
        let m = biweight_location(&mut x, &mut Vec::new());
        assert!((m - 1.0).abs() < 0.005, "{m}");
    }

    #[test]
    fn removes_slow_trend_keeps_transit() {
        let t: Vec<f64> = (0..2000).map(|i| i as f64 * 0.01).collect();
        let mut f: Vec<f64> = t.iter().map(|&x| 1.0 + 0.01 * (x / 3.0).sin()).collect();
        for (i, &x) in t.iter().enumerate() {
            if (x - 10.0).abs() < 0.05 {
                f[i] -= 0.005;
            }
        }
        let tr = biweight_trend(&t, &f, None, &DetrendConfig::with_window(0.5));
        let flat: Vec<f64> = f.iter().zip(&tr).map(|(a, b)| a / b).collect();
        // Out of transit: flat to 1e-4; in transit: depth kept to 10 %.
        let i_out = 500;
        assert!((flat[i_out] - 1.0).abs() < 1e-4, "{}", flat[i_out]);
        let i_in = 1000;
        assert!(((1.0 - flat[i_in]) - 0.005).abs() < 5e-4, "{}", flat[i_in]);
        // Masking the transit gives an unbiased trend there.
        let mask: Vec<bool> = t.iter().map(|&x| (x - 10.0).abs() < 0.1).collect();
        let tr = biweight_trend(&t, &f, Some(&mask), &DetrendConfig::with_window(0.5));
        assert!(((1.0 - f[i_in] / tr[i_in]) - 0.005).abs() < 1e-4);
        // A gap splits segments: the trend never uses the other side.
        let t2 = [0.0, 0.1, 0.2, 5.0, 5.1, 5.2];
        let f2 = [1.0, 1.0, 1.0, 2.0, 2.0, 2.0];
        let cfg = DetrendConfig {
            window: 20.0,
            break_tolerance: 1.0,
            min_points: 3,
        };
        let tr2 = biweight_trend(&t2, &f2, None, &cfg);
        assert_eq!(tr2, vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0]);
    }
}
