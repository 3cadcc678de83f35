//! Box Least Squares (Kovács, Zucker & Mazeh 2002, A&A 391, 369) with the
//! binned, prefix-sum formulation described in astropy's `BoxLeastSquares`
//! implementation notes, so that for the same data, periods and durations the
//! per-period power is the same as astropy's (tested against fixtures made by
//! `tools/reference/transit/make_fixtures.py`).
//!
//! For each trial period the data are binned in phase (bin width = shortest
//! duration / `oversample`), the bins are turned into cumulative sums of
//! `w·y` and `w` (`w = 1/σ²`), and every box start and duration is a
//! difference of two prefix sums. The box depth is `δ = ȳ_out − ȳ_in`; the
//! objective is either the log-likelihood gain `½·W_in·δ²` or the depth SNR
//! `δ / sqrt(1/W_in + 1/W_out)`.
//!
//! Trial periods run in parallel (rayon); the inner loop allocates nothing
//! (one pair of bin buffers per worker thread).

use crate::error::{Result, TransitError};
use rayon::prelude::*;
use serde::Serialize;

/// What the search maximises at each period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Log-likelihood gain of the box over a constant, `½·W_in·δ²` (astropy "likelihood").
    #[default]
    Likelihood,
    /// Depth signal-to-noise `δ/σ_δ` (astropy "snr").
    Snr,
}

/// The best box at one trial period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct BoxFit {
    /// Value of the objective (the periodogram power).
    pub power: f64,
    /// Depth `ȳ_out − ȳ_in`, flux units.
    pub depth: f64,
    /// 1-sigma depth uncertainty `sqrt(1/W_in + 1/W_out)`.
    pub depth_err: f64,
    /// `depth / depth_err`.
    pub depth_snr: f64,
    /// Log-likelihood gain `½·W_in·δ²`.
    pub log_likelihood: f64,
    /// Box duration, days.
    pub duration: f64,
    /// Mid-transit time, same time system as the input, in `[t_min, t_min + period)`.
    pub transit_time: f64,
}

/// Settings of one BLS run.
#[derive(Debug, Clone)]
pub struct BlsConfig {
    /// Trial periods, days (any order, all > 0).
    pub periods: Vec<f64>,
    /// Trial durations, days (all > 0 and ≤ the shortest period).
    pub durations: Vec<f64>,
    /// Objective to maximise.
    pub objective: Objective,
    /// Phase bins per shortest duration (astropy's `oversample`, default 10).
    pub oversample: usize,
    /// Longest box allowed at each period (`None`: every duration at every
    /// period, as astropy does).
    pub max_duration: Option<DurationLimit>,
}

/// Physical cap on the box duration at a trial period.
///
/// A planet on a circular orbit of period `P` around a star of mass `M` and
/// radius `R` transits for at most `T = (P/π)·asin(R/a)` (central transit,
/// Seager & Mallén-Ornelas 2003, eq. 3 with b = 0 and Rp ≪ R), with
/// `a = (G·M·P²/4π²)^(1/3)` (Kepler's third law). A box longer than
/// `factor × T` cannot be a transit of that star: without the cap, short
/// trial periods are scored with boxes lasting most of the orbit, which fit
/// stellar variability and give false detections. `factor` (default 3 in `search`) covers
/// unknown stellar radius and eccentricity.
#[derive(Debug, Clone, Copy)]
pub struct DurationLimit {
    /// Stellar mass, solar masses.
    pub m_star: f64,
    /// Stellar radius, solar radii.
    pub r_star: f64,
    /// Multiple of the central-transit duration allowed.
    pub factor: f64,
}

impl DurationLimit {
    /// Longest duration allowed at `period` (both in days).
    pub fn max_duration(&self, period: f64) -> f64 {
        // GM_sun = 1.327 124 400 18e20 m³/s² (IAU 2015 B3); R_sun = 6.957e8 m (IAU 2015 B3).
        const GM_SUN: f64 = 1.327_124_400_18e20;
        const R_SUN: f64 = 6.957e8;
        let p_s = period * 86_400.0;
        let a = (GM_SUN * self.m_star * p_s * p_s / (4.0 * std::f64::consts::PI.powi(2))).cbrt();
        let ratio = (self.r_star * R_SUN / a).min(1.0);
        self.factor * period / std::f64::consts::PI * ratio.asin()
    }
}

/// Per-period results.
#[derive(Debug, Clone, Serialize)]
pub struct Periodogram {
    /// Trial periods, days.
    pub periods: Vec<f64>,
    /// Best box at each period.
    pub fits: Vec<BoxFit>,
}

impl Periodogram {
    /// Powers in period order.
    pub fn power(&self) -> Vec<f64> {
        self.fits.iter().map(|f| f.power).collect()
    }

    /// Index of the highest power.
    pub fn argmax(&self) -> Option<usize> {
        self.fits
            .iter()
            .enumerate()
            .filter(|(_, f)| f.power.is_finite())
            .max_by(|a, b| a.1.power.total_cmp(&b.1.power))
            .map(|(i, _)| i)
    }
}

/// Prepared data: times relative to the first, fluxes minus their median,
/// inverse variances (astropy's preprocessing).
struct Prepared {
    t: Vec<f64>,
    wy: Vec<f64>,
    w: Vec<f64>,
    t_ref: f64,
    sum_wy: f64,
    sum_w: f64,
}

fn prepare(t: &[f64], y: &[f64], dy: Option<&[f64]>) -> Result<Prepared> {
    if t.len() != y.len() || dy.is_some_and(|d| d.len() != t.len()) {
        return Err(TransitError::Param("t, y, dy lengths differ".into()));
    }
    if t.len() < 3 {
        return Err(TransitError::TooFewPoints {
            what: "BLS".into(),
            n: t.len(),
            min: 3,
        });
    }
    if t.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(TransitError::Param("non-finite time or flux".into()));
    }
    let t_ref = t.iter().copied().fold(f64::INFINITY, f64::min);
    let med = crate::lightcurve::median(y);
    let w: Vec<f64> = match dy {
        Some(d) => d.iter().map(|e| 1.0 / (e * e)).collect(),
        None => vec![1.0; t.len()],
    };
    if w.iter().any(|v| !v.is_finite() || *v <= 0.0) {
        return Err(TransitError::Param(
            "flux errors must be finite and > 0".into(),
        ));
    }
    let wy: Vec<f64> = y.iter().zip(&w).map(|(y, w)| (y - med) * w).collect();
    Ok(Prepared {
        t: t.iter().map(|x| x - t_ref).collect(),
        sum_wy: wy.iter().sum(),
        sum_w: w.iter().sum(),
        wy,
        w,
        t_ref,
    })
}

/// Computes the BLS periodogram of `(t, y, dy)` (days, flux, flux; `dy = None`
/// means unit weights), as astropy's `BoxLeastSquares(t, y, dy).power(periods,
/// durations, objective, oversample)`.
pub fn periodogram(
    t: &[f64],
    y: &[f64],
    dy: Option<&[f64]>,
    cfg: &BlsConfig,
) -> Result<Periodogram> {
    let data = prepare(t, y, dy)?;
    let fits = run(&data, cfg)?;
    Ok(Periodogram {
        periods: cfg.periods.clone(),
        fits,
    })
}

fn run(d: &Prepared, cfg: &BlsConfig) -> Result<Vec<BoxFit>> {
    let (p_min, p_max) = min_max(&cfg.periods);
    let (d_min, d_max) = min_max(&cfg.durations);
    if cfg.periods.is_empty() || cfg.durations.is_empty() {
        return Err(TransitError::Param("empty period or duration grid".into()));
    }
    if !(p_min > f64::EPSILON) || !p_max.is_finite() {
        return Err(TransitError::Param(format!(
            "periods must be > 0 (min {p_min})"
        )));
    }
    if !(d_min > f64::EPSILON) || d_max > p_min {
        return Err(TransitError::Param(format!(
            "durations must be > 0 and ≤ the shortest period ({d_min}..{d_max} d vs {p_min} d)"
        )));
    }
    let oversample = cfg.oversample.max(1);
    let bin = d_min / oversample as f64;
    let max_bins = (p_max / bin).ceil() as usize + oversample;
    if max_bins > 50_000_000 {
        return Err(TransitError::Param(format!(
            "{max_bins} phase bins per period: shortest duration too short for the longest period"
        )));
    }
    // Durations in bins, as astropy rounds them.
    let dur_bins: Vec<usize> = cfg
        .durations
        .iter()
        .map(|&x| (x / bin).round() as usize)
        .collect();
    let min_db = dur_bins.iter().copied().min().unwrap_or(0);
    let fits = cfg
        .periods
        .par_iter()
        .map_init(
            || {
                (
                    vec![0.0; max_bins + 1],
                    vec![0.0; max_bins + 1],
                    vec![0.0; max_bins + 1],
                )
            },
            |(sy, sw, obj), &period| {
                // The shortest duration is always tried, so every period gets a box.
                let max_db = match cfg.max_duration {
                    Some(limit) => {
                        ((limit.max_duration(period) / bin).floor() as usize).max(min_db)
                    }
                    None => usize::MAX,
                };
                one_period(
                    d,
                    period,
                    bin,
                    oversample,
                    &dur_bins,
                    max_db,
                    cfg.objective,
                    sy,
                    sw,
                    obj,
                )
            },
        )
        .collect();
    Ok(fits)
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

/// Maximum of a slice (NaN-free), in four independent lanes so it vectorises.
fn max_of(v: &[f64]) -> f64 {
    let mut m = [f64::NEG_INFINITY; 4];
    let chunks = v.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for k in 0..4 {
            m[k] = if c[k] > m[k] { c[k] } else { m[k] };
        }
    }
    let mut top = m[0].max(m[1]).max(m[2].max(m[3]));
    for &x in rest {
        top = top.max(x);
    }
    top
}

/// The best box at one period. `sy`, `sw`, `obj` are scratch buffers of at
/// least `ceil(period/bin) + oversample + 1` elements.
#[allow(clippy::too_many_arguments)]
fn one_period(
    d: &Prepared,
    period: f64,
    bin: f64,
    oversample: usize,
    dur_bins: &[usize],
    max_db: usize,
    objective: Objective,
    sy: &mut [f64],
    sw: &mut [f64],
    obj: &mut [f64],
) -> BoxFit {
    let n_bins = (period / bin).ceil() as usize + oversample;
    let sy = &mut sy[..=n_bins];
    let sw = &mut sw[..=n_bins];
    sy.fill(0.0);
    sw.fill(0.0);
    // Bin in phase; bin 0 stays empty so that prefix sums start at zero.
    for ((&t, &wy), &w) in d.t.iter().zip(&d.wy).zip(&d.w) {
        let phase = t - period * (t / period).floor();
        let k = ((phase / bin) as usize + 1).min(n_bins);
        sy[k] += wy;
        sw[k] += w;
    }
    // Wrap: the last `oversample` bins repeat the first ones, so boxes may
    // straddle phase 0 (the same padding astropy uses).
    for j in 1..=oversample {
        sy[n_bins - oversample + j - 1] = sy[j];
        sw[n_bins - oversample + j - 1] = sw[j];
    }
    for j in 1..=n_bins {
        sy[j] += sy[j - 1];
        sw[j] += sw[j - 1];
    }
    let (s_wy, s_w) = (d.sum_wy, d.sum_w);
    let mut best = f64::NEG_INFINITY;
    let mut best_at = None;
    for (kd, &db) in dur_bins.iter().enumerate() {
        if db > n_bins || db > max_db {
            continue;
        }
        // Objective of every box start in one branch-free pass (vectorisable),
        // then the first maximum: the same choice as a sequential strict `>`.
        let m = n_bins - db + 1;
        let obj = &mut obj[..m];
        let (lo_w, hi_w) = (&sw[..m], &sw[db..db + m]);
        let (lo_y, hi_y) = (&sy[..m], &sy[db..db + m]);
        match objective {
            Objective::Likelihood => {
                for n in 0..m {
                    let w_in = hi_w[n] - lo_w[n];
                    let y_in = hi_y[n] - lo_y[n];
                    let w_out = s_w - w_in;
                    let depth = (s_wy - y_in) / w_out - y_in / w_in;
                    let v = 0.5 * w_in * depth * depth;
                    let ok = w_in >= f64::EPSILON && w_out >= f64::EPSILON && depth >= 0.0;
                    obj[n] = if ok { v } else { f64::NEG_INFINITY };
                }
            }
            Objective::Snr => {
                for n in 0..m {
                    let w_in = hi_w[n] - lo_w[n];
                    let y_in = hi_y[n] - lo_y[n];
                    let w_out = s_w - w_in;
                    let depth = (s_wy - y_in) / w_out - y_in / w_in;
                    let v = depth / (1.0 / w_in + 1.0 / w_out).sqrt();
                    let ok = w_in >= f64::EPSILON && w_out >= f64::EPSILON && depth >= 0.0;
                    obj[n] = if ok { v } else { f64::NEG_INFINITY };
                }
            }
        }
        let top = max_of(obj);
        if top > best {
            if let Some(n) = obj.iter().position(|&v| v == top) {
                let w_in = sw[n + db] - sw[n];
                let y_in = sy[n + db] - sy[n];
                let w_out = s_w - w_in;
                let depth = (s_wy - y_in) / w_out - y_in / w_in;
                best = top;
                best_at = Some((kd, n, w_in, w_out, depth));
            }
        }
    }
    match best_at {
        None => BoxFit {
            power: f64::NEG_INFINITY,
            ..BoxFit::default()
        },
        Some((kd, n, w_in, w_out, depth)) => {
            let depth_err = (1.0 / w_in + 1.0 / w_out).sqrt();
            let duration = dur_bins[kd] as f64 * bin;
            BoxFit {
                power: best,
                depth,
                depth_err,
                depth_snr: depth / depth_err,
                log_likelihood: 0.5 * w_in * depth * depth,
                duration,
                transit_time: (n as f64 * bin + 0.5 * duration) % period + d.t_ref,
            }
        }
    }
}

/// Ofir (2014, A&A 561, A138) optimal frequency grid, eq. 5–7: frequencies
/// uniform in `f^(1/3)`, because a transit's duty cycle scales as `f^(2/3)` for
/// a star of mass `m_star` and radius `r_star` (solar units). `baseline` is the
/// time span (days), `oversampling` the number of samples per duty cycle.
/// Returns periods in days, ascending.
pub fn ofir_periods(
    baseline: f64,
    period_min: f64,
    period_max: f64,
    m_star: f64,
    r_star: f64,
    oversampling: f64,
) -> Result<Vec<f64>> {
    if !(baseline > 0.0 && period_min > 0.0 && period_max > period_min && oversampling > 0.0) {
        return Err(TransitError::Param(format!(
            "period range {period_min}..{period_max} d over a {baseline} d baseline"
        )));
    }
    if !(m_star > 0.0 && r_star > 0.0) {
        return Err(TransitError::Param(
            "stellar mass and radius must be > 0".into(),
        ));
    }
    const GM_SUN: f64 = 1.327_124_400_18e20; // m^3 s^-2 (IAU 2015 B3 nominal)
    const R_SUN: f64 = 6.957e8; // m (IAU 2015 B3 nominal)
    const DAY: f64 = 86_400.0;
    let gm = GM_SUN * m_star * DAY * DAY; // m^3 d^-2
    let r = R_SUN * r_star;
    // Eq. 6: A = (2π)^(2/3) / π · R / (G M)^(1/3) / (S · OS), frequencies in 1/day.
    let a = (2.0 * std::f64::consts::PI).powf(2.0 / 3.0) / std::f64::consts::PI * r
        / gm.cbrt()
        / (baseline * oversampling);
    let f_min = 1.0 / period_max;
    let f_max = 1.0 / period_min;
    // Eq. 7: C = f_min^(1/3) − A/3; N = (f_max^(1/3) − f_min^(1/3) + A/3)·3/A; f_x = (A x/3 + C)^3.
    let c = f_min.cbrt() - a / 3.0;
    let n = ((f_max.cbrt() - f_min.cbrt() + a / 3.0) * 3.0 / a).ceil();
    if !(n.is_finite() && n >= 1.0) || n > 5.0e6 {
        return Err(TransitError::Param(format!(
            "period grid would have {n} points; narrow the period range"
        )));
    }
    let mut p: Vec<f64> = (0..n as usize)
        .map(|x| (a * x as f64 / 3.0 + c).powi(3))
        .filter(|&f| f >= f_min * (1.0 - 1e-12) && f <= f_max * (1.0 + 1e-12))
        .map(|f| 1.0 / f)
        .collect();
    p.reverse();
    Ok(p)
}

/// Signal detection efficiency (Kovács et al. 2002 eq. 6; Hippke & Heller
/// 2019, A&A 623, A39, sect. 2.3): `(P_peak − ⟨P⟩)/σ_P` of the power after a
/// running-median detrend of the spectrum (kernel `kernel` samples, odd), as
/// TLS does, so that the slow rise of BLS power with period does not count.
pub fn sde(power: &[f64], kernel: usize) -> (f64, Vec<f64>) {
    let finite: Vec<f64> = power
        .iter()
        .map(|p| if p.is_finite() { *p } else { 0.0 })
        .collect();
    let n = finite.len();
    if n < 3 {
        return (0.0, finite);
    }
    let half = kernel.max(3) / 2;
    let mut buf = Vec::with_capacity(2 * half + 1);
    let mut det = Vec::with_capacity(n);
    for i in 0..n {
        let lo = i.saturating_sub(half);
        let hi = (i + half + 1).min(n);
        buf.clear();
        buf.extend_from_slice(&finite[lo..hi]);
        det.push(finite[i] - crate::lightcurve::median_in_place(&mut buf));
    }
    let mean = det.iter().sum::<f64>() / n as f64;
    let var = det.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
    let peak = det.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sd = var.sqrt();
    let sde = if sd > 0.0 { (peak - mean) / sd } else { 0.0 };
    // Spectrum in SDE units, for plotting.
    let spec = det
        .iter()
        .map(|x| if sd > 0.0 { (x - mean) / sd } else { 0.0 })
        .collect();
    (sde, spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic(n: usize, period: f64, t0: f64, dur: f64, depth: f64) -> (Vec<f64>, Vec<f64>) {
        let t: Vec<f64> = (0..n).map(|i| i as f64 * 0.02).collect();
        // Deterministic pseudo-noise (LCG), amplitude 1e-4.
        let mut s: u64 = 12345;
        let y = t
            .iter()
            .map(|&x| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2e-4;
                let ph = (x - t0 + 0.5 * period).rem_euclid(period) - 0.5 * period;
                1.0 + noise - if ph.abs() < 0.5 * dur { depth } else { 0.0 }
            })
            .collect();
        (t, y)
    }

    #[test]
    fn finds_injected_box() {
        let (t, y) = synthetic(3000, 3.7, 1.3, 0.15, 1e-3);
        let periods = ofir_periods(60.0, 1.0, 10.0, 1.0, 1.0, 3.0).unwrap();
        let cfg = BlsConfig {
            periods,
            durations: vec![0.05, 0.1, 0.15, 0.2],
            objective: Objective::Likelihood,
            oversample: 10,
            max_duration: None,
        };
        let pg = periodogram(&t, &y, None, &cfg).unwrap();
        let i = pg.argmax().unwrap();
        let best = pg.fits[i];
        assert!(
            (pg.periods[i] - 3.7).abs() / 3.7 < 2e-3,
            "{}",
            pg.periods[i]
        );
        assert!((best.depth - 1e-3).abs() < 1e-4, "{}", best.depth);
        let ph = (best.transit_time - 1.3 + 1.85).rem_euclid(3.7) - 1.85;
        assert!(ph.abs() < 0.02, "{}", best.transit_time);
        let (s, _) = sde(&pg.power(), 31);
        assert!(s > 7.0, "{s}");
    }

    #[test]
    fn ofir_grid_is_ascending_and_bounded() {
        let p = ofir_periods(27.0, 0.5, 13.5, 1.0, 1.0, 3.0).unwrap();
        assert!(p.windows(2).all(|w| w[0] < w[1]));
        assert!(p[0] >= 0.5 - 1e-9 && *p.last().unwrap() <= 13.5 + 1e-9);
        assert!(ofir_periods(27.0, 5.0, 1.0, 1.0, 1.0, 3.0).is_err());
    }

    #[test]
    fn bad_grids_are_errors() {
        let t = [0.0, 1.0, 2.0, 3.0];
        let y = [1.0; 4];
        let cfg = BlsConfig {
            periods: vec![1.0],
            durations: vec![2.0],
            objective: Objective::Snr,
            oversample: 10,
            max_duration: None,
        };
        assert!(periodogram(&t, &y, None, &cfg).is_err());
    }

    #[test]
    fn duration_limit_is_the_central_transit_duration() {
        // Earth seen transiting the Sun: 1 au orbit, R_sun/a = 0.00465, T ≈ 12.97 h.
        let one = DurationLimit {
            m_star: 1.0,
            r_star: 1.0,
            factor: 1.0,
        };
        let hours = one.max_duration(365.256_363) * 24.0;
        assert!((hours - 12.97).abs() < 0.05, "{hours}");
        // Scales as P^(1/3) for R ≪ a, and the factor multiplies.
        let two = DurationLimit { factor: 2.0, ..one };
        let r = one.max_duration(8.0 * 365.256_363) / one.max_duration(365.256_363);
        assert!((r - 2.0).abs() < 1e-3, "{r}");
        assert!((two.max_duration(3.0) / one.max_duration(3.0) - 2.0).abs() < 1e-12);
        // A 10-hour box is not a transit of a Sun-like star at P = 0.53 d (limit ≈ 2.9 h).
        assert!(two.max_duration(0.53) * 24.0 < 3.5);
    }
}
