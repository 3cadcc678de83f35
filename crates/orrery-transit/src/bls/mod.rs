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

mod bounds;
mod prefix;
mod scan;

use crate::error::{Result, TransitError};
use crate::star::Star;
use rayon::prelude::*;
use serde::Serialize;

/// What the search maximises at each period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Log-likelihood gain of the box over a constant, `½·W_in·δ²` (astropy "likelihood").
    #[default]
    Likelihood,
    /// Depth signal-to-noise `δ/σ_δ` (astropy "snr").
    Snr,
}

/// The best box at one trial period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
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
    /// The host star.
    pub star: Star,
    /// Multiple of the central-transit duration allowed.
    pub factor: f64,
}

impl DurationLimit {
    /// Longest duration allowed at `period_days`, days.
    pub fn max_duration_days(&self, period_days: f64) -> f64 {
        self.factor * self.star.central_duration_days(period_days)
    }
}

/// Per-period results.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
/// inverse variances divided by their mean (astropy's preprocessing, plus a
/// weight scale so that the division-free comparisons in the scan cannot
/// overflow whatever the units of the flux errors).
struct Prepared {
    /// Times minus `t_ref`, days.
    t: Vec<f64>,
    /// Per point `[w·(y − median), w]`, `w` = inverse variance / `scale`.
    wyw: Vec<[f64; 2]>,
    t_ref: f64,
    /// Largest `|y − median|`, flux units (bounds any box depth by `2·y_max`).
    y_max: f64,
    /// Mean inverse variance: true weights are `scale` times the stored ones.
    scale: f64,
}

fn prepare(t: &[f64], y: &[f64], dy: Option<&[f64]>) -> Result<Prepared> {
    if t.len() != y.len() || dy.is_some_and(|d| d.len() != t.len()) {
        return Err(TransitError::LengthMismatch {
            n_time: t.len(),
            n_flux: y.len(),
            n_err: dy.map_or(t.len(), <[f64]>::len),
        });
    }
    if t.len() < 3 {
        return Err(TransitError::TooFewPoints {
            what: "BLS".into(),
            n: t.len(),
            min: 3,
        });
    }
    for (column, v) in [("time", t), ("flux", y)] {
        if let Some(index) = v.iter().position(|x| !x.is_finite()) {
            return Err(TransitError::NonFinite { column, index });
        }
    }
    let t_ref = t.iter().copied().fold(f64::INFINITY, f64::min);
    let med = crate::lightcurve::median(y);
    let w: Vec<f64> = match dy {
        Some(d) => d.iter().map(|e| 1.0 / (e * e)).collect(),
        None => vec![1.0; t.len()],
    };
    if let Some(index) = w.iter().position(|v| !v.is_finite() || *v <= 0.0) {
        return Err(TransitError::BadFluxError {
            index,
            value: dy.map_or(1.0, |d| d[index]),
        });
    }
    // Times relative to the first must stay finite (the phase binning relies on it).
    if let Some(x) = t.iter().find(|x| !(*x - t_ref).is_finite()) {
        return Err(TransitError::TimeSpan {
            span_days: x - t_ref,
        });
    }
    let scale = w.iter().sum::<f64>() / w.len() as f64;
    if !(scale.is_finite() && scale > 0.0) {
        return Err(TransitError::FluxErrorRange { mean_weight: scale });
    }
    Ok(Prepared {
        t: t.iter().map(|x| x - t_ref).collect(),
        wyw: y
            .iter()
            .zip(&w)
            .map(|(y, w)| {
                let w = w / scale;
                [(y - med) * w, w]
            })
            .collect(),
        t_ref,
        y_max: y.iter().map(|v| (v - med).abs()).fold(0.0, f64::max),
        scale,
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
    periodogram_with(t, y, dy, cfg, &orrery_core::progress::Silent)
}

/// [`periodogram`] that asks `cancel` before each trial period and stops
/// with [`TransitError::Cancelled`] when it says so: a cancel takes effect
/// within one period per thread (tens of microseconds), however long the
/// grid. Reports no progress of its own.
pub fn periodogram_with(
    t: &[f64],
    y: &[f64],
    dy: Option<&[f64]>,
    cfg: &BlsConfig,
    cancel: &dyn orrery_core::progress::Progress,
) -> Result<Periodogram> {
    let data = prepare(t, y, dy)?;
    let fits = run(&data, cfg, cancel)?;
    Ok(Periodogram {
        periods: cfg.periods.clone(),
        fits,
    })
}

fn run(
    d: &Prepared,
    cfg: &BlsConfig,
    cancel: &dyn orrery_core::progress::Progress,
) -> Result<Vec<BoxFit>> {
    let (p_min, p_max) = min_max(&cfg.periods);
    let (d_min, d_max) = min_max(&cfg.durations);
    if cfg.periods.is_empty() {
        return Err(TransitError::EmptyGrid { what: "period" });
    }
    if cfg.durations.is_empty() {
        return Err(TransitError::EmptyGrid { what: "duration" });
    }
    if !(p_min > f64::EPSILON) || !p_max.is_finite() {
        return Err(TransitError::BadPeriods {
            period_min_days: p_min,
            period_max_days: p_max,
        });
    }
    if !(d_min > f64::EPSILON) || d_max > p_min {
        return Err(TransitError::BadDurations {
            duration_min_days: d_min,
            duration_max_days: d_max,
            period_min_days: p_min,
        });
    }
    let oversample = cfg.oversample.max(1);
    let bin = d_min / oversample as f64;
    let max_bins = (p_max / bin).ceil() as usize + oversample;
    if max_bins > MAX_BINS {
        return Err(TransitError::TooManyBins {
            bins: max_bins,
            limit: MAX_BINS,
        });
    }
    // Durations in bins, as astropy rounds them.
    let dur_bins: Vec<usize> = cfg
        .durations
        .iter()
        .map(|&x| (x / bin).round() as usize)
        .collect();
    let min_db = dur_bins.iter().copied().min().unwrap_or(0);
    let mut cum = Vec::with_capacity(d.wyw.len() + 1);
    let mut acc = [0.0f64; 2];
    cum.push(acc);
    for v in &d.wyw {
        acc = [acc[0] + v[0], acc[1] + v[1]];
        cum.push(acc);
    }
    // Median time step (the data are not required to be sorted; unsorted
    // data simply make short runs, and the point-by-point path is used).
    let mut steps: Vec<f64> = d.t.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let step = if steps.is_empty() {
        f64::INFINITY
    } else {
        crate::lightcurve::median_in_place(&mut steps)
    };
    let runs = step < 0.5 * bin;
    // Boundary look-ups (bounds.rs) need time-sorted data; the kernel uses
    // them at the periods where they are cheaper than visiting the points.
    let index = if runs {
        bounds::TimeIndex::new(&d.t, 0.5 * step, 4 * d.t.len() + 16).map(|mut ix| {
            // Padded past the longest period's last bin (table entries
            // of 24 bytes; at most as many again as the table has).
            ix.set_sums(&cum, p_max + 2.0 * bin, 4 * d.t.len() + 16);
            ix.set_first_cycle(&cum, bin, max_bins);
            ix
        })
    } else {
        None
    };
    let s_y: f64 = d.wyw.iter().map(|v| v[0]).sum();
    let s_w: f64 = d.wyw.iter().map(|v| v[1]).sum();
    // Prefix sums (with astropy's wrap-around copy) stay within twice the
    // totals: |W| ≤ 2·S_w, |Y| ≤ 2·Σ|w·y|.
    let sum_abs_y: f64 = d.wyw.iter().map(|v| v[0].abs()).sum();
    let z_bound = 2.0 * (s_y.abs() * s_w + s_w * sum_abs_y);
    let z_scale = (z_bound.is_normal() && z_bound < 1e300)
        .then(|| 2f64.powi(-(z_bound.log2().ceil() as i32) - 1));
    let kernel = scan::Kernel {
        bounds: index.as_ref(),
        t: &d.t,
        wyw: &d.wyw,
        cum: &cum,
        runs,
        bin,
        oversample,
        dur_bins: &dur_bins,
        objective: cfg.objective,
        eps: f64::EPSILON / d.scale,
        y_max: d.y_max,
        w_min: d.wyw.iter().map(|v| v[1]).fold(f64::INFINITY, f64::min),
        s_y,
        s_w,
        z_scale,
    };
    // Chunks of periods per task: enough work to amortise the scratch set-up.
    let min_len = (cfg.periods.len() / 64).clamp(1, 256);
    let n = d.t.len();
    let fits: Option<Vec<BoxFit>> = cfg
        .periods
        .par_iter()
        .with_min_len(min_len)
        .map(|&period| {
            // One atomic load per period (~25 µs of work): the collect
            // below stops at the first `None`.
            if cancel.is_cancelled() {
                return None;
            }
            // The shortest duration is always tried, so every period gets a box.
            let max_db = match cfg.max_duration {
                Some(limit) => {
                    ((limit.max_duration_days(period) / bin).floor() as usize).max(min_db)
                }
                None => usize::MAX,
            };
            let best = SCRATCH.with(|cell| {
                let mut scratch = cell.borrow_mut();
                scratch.ensure(n, max_bins);
                kernel.best_box(period, max_db, &mut scratch)
            });
            Some(to_fit(best, &kernel, period, d))
        })
        .collect();
    fits.ok_or(TransitError::Cancelled)
}

thread_local! {
    /// Per-thread scratch buffers, kept between periods and between calls:
    /// rayon's `map_init` would build (and zero) a set per job, 64 per
    /// periodogram, which cost about a millisecond on the 1-minute bench.
    /// The kernel leaves its bins zeroed after each period.
    static SCRATCH: std::cell::RefCell<scan::Scratch> =
        std::cell::RefCell::new(scan::Scratch::default());
}

/// The public result of a period's best box, in the caller's weight units.
fn to_fit(best: Option<scan::Best>, k: &scan::Kernel, period: f64, d: &Prepared) -> BoxFit {
    match best {
        None => BoxFit {
            power: f64::NEG_INFINITY,
            ..BoxFit::default()
        },
        Some(b) => {
            let w_in = b.w_in * d.scale;
            let w_out = b.w_out * d.scale;
            let depth = b.depth;
            let depth_err = (1.0 / w_in + 1.0 / w_out).sqrt();
            let log_likelihood = 0.5 * w_in * depth * depth;
            let duration = k.dur_bins.get(b.kd).copied().unwrap_or(0) as f64 * k.bin;
            BoxFit {
                power: match k.objective {
                    Objective::Likelihood => log_likelihood,
                    Objective::Snr => depth / depth_err,
                },
                depth,
                depth_err,
                depth_snr: depth / depth_err,
                log_likelihood,
                duration,
                transit_time: (b.start as f64 * k.bin + 0.5 * duration) % period + d.t_ref,
            }
        }
    }
}

/// Most phase bins one period may need (memory: two f64 per bin per thread).
const MAX_BINS: usize = 50_000_000;

/// Most trial periods the Ofir grid may hold.
const MAX_GRID: f64 = 5.0e6;

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

/// Ofir (2014, A&A 561, A138) optimal frequency grid, eq. 5–7: frequencies
/// uniform in `f^(1/3)`, because a transit's duty cycle scales as `f^(2/3)` for
/// a star of the given mass and radius. `baseline_days` is the
/// time span, `oversampling` the number of samples per duty cycle.
/// Returns periods in days, ascending.
///
/// ```
/// use orrery_transit::{bls::ofir_periods, star::Star};
/// let p = ofir_periods(27.0, 1.0, 12.0, Star::SUN, 3.0)?;
/// assert!(p.len() > 1000); // eq. 7: N = ceil((f_max^(1/3) − f_min^(1/3) + A/3)·3/A) = 1811 before clipping to the range
/// assert!((p[0] - 1.0).abs() < 1e-3 && *p.last().unwrap() <= 12.0 + 1e-9);
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn ofir_periods(
    baseline_days: f64,
    period_min_days: f64,
    period_max_days: f64,
    star: Star,
    oversampling: f64,
) -> Result<Vec<f64>> {
    let (baseline, period_min, period_max) = (baseline_days, period_min_days, period_max_days);
    if !(baseline > 0.0 && period_min > 0.0 && period_max > period_min && oversampling > 0.0) {
        return Err(TransitError::PeriodRange {
            period_min_days,
            period_max_days,
            baseline_days,
        });
    }
    if !star.is_valid() {
        return Err(TransitError::BadStar {
            mass_msun: star.mass_msun,
            radius_rsun: star.radius_rsun,
        });
    }
    const DAY: f64 = 86_400.0;
    let gm = star.gm_m3_s2() * DAY * DAY; // m^3 d^-2
    let r = star.radius_m();
    // Eq. 6: A = (2π)^(2/3) / π · R / (G M)^(1/3) / (S · OS), frequencies in 1/day.
    let a = (2.0 * std::f64::consts::PI).powf(2.0 / 3.0) / std::f64::consts::PI * r
        / gm.cbrt()
        / (baseline * oversampling);
    let f_min = 1.0 / period_max;
    let f_max = 1.0 / period_min;
    // Eq. 7: C = f_min^(1/3) − A/3; N = (f_max^(1/3) − f_min^(1/3) + A/3)·3/A; f_x = (A x/3 + C)^3.
    let c = f_min.cbrt() - a / 3.0;
    let n = ((f_max.cbrt() - f_min.cbrt() + a / 3.0) * 3.0 / a).ceil();
    if !(n.is_finite() && n >= 1.0) || n > MAX_GRID {
        return Err(TransitError::GridTooLarge {
            n_periods: n,
            limit: MAX_GRID,
        });
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
    let (det, mean, sd) = sde_parts(power, kernel);
    if det.len() < 3 {
        return (0.0, det);
    }
    let peak = det.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sde = if sd > 0.0 { (peak - mean) / sd } else { 0.0 };
    // Spectrum in SDE units, for plotting.
    let spec = det
        .iter()
        .map(|x| if sd > 0.0 { (x - mean) / sd } else { 0.0 })
        .collect();
    (sde, spec)
}

/// The parts of [`sde`]: the spectrum minus its running median (kernel
/// `kernel` samples; non-finite powers count as 0), and that detrended
/// spectrum's mean and standard deviation (0 and 0 below 3 samples, where
/// the detrended spectrum is the power itself).
pub fn sde_parts(power: &[f64], kernel: usize) -> (Vec<f64>, f64, f64) {
    let finite: Vec<f64> = power
        .iter()
        .map(|p| if p.is_finite() { *p } else { 0.0 })
        .collect();
    let n = finite.len();
    if n < 3 {
        return (finite, 0.0, 0.0);
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
    (det, mean, var.sqrt())
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
                let transit = crate::phase::Ephemeris::new(period, t0).in_transit(x, 0.5 * dur);
                1.0 + noise - if transit { depth } else { 0.0 }
            })
            .collect();
        (t, y)
    }

    #[test]
    fn finds_injected_box() {
        let (t, y) = synthetic(3000, 3.7, 1.3, 0.15, 1e-3);
        let periods = ofir_periods(60.0, 1.0, 10.0, Star::SUN, 3.0).unwrap();
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
        let ph = crate::phase::Ephemeris::new(3.7, 1.3).offset(best.transit_time);
        assert!(ph.abs() < 0.02, "{}", best.transit_time);
        let (s, _) = sde(&pg.power(), 31);
        assert!(s > 7.0, "{s}");
    }

    #[test]
    fn ofir_grid_is_ascending_and_bounded() {
        let p = ofir_periods(27.0, 0.5, 13.5, Star::SUN, 3.0).unwrap();
        assert!(p.windows(2).all(|w| w[0] < w[1]));
        assert!(p[0] >= 0.5 - 1e-9 && *p.last().unwrap() <= 13.5 + 1e-9);
        assert!(ofir_periods(27.0, 5.0, 1.0, Star::SUN, 3.0).is_err());
    }

    /// A line-by-line transcription of astropy's `bls.c` `run_bls`: the
    /// reference for the fast kernel on any data.
    fn reference_power(
        t: &[f64],
        y: &[f64],
        dy: &[f64],
        periods: &[f64],
        durations: &[f64],
        objective: Objective,
    ) -> Vec<f64> {
        let oversample = 10;
        let med = crate::lightcurve::median(y);
        let ivar: Vec<f64> = dy.iter().map(|e| 1.0 / (e * e)).collect();
        let yy: Vec<f64> = y.iter().map(|v| v - med).collect();
        let min_t = t.iter().copied().fold(f64::INFINITY, f64::min);
        let sum_y: f64 = yy.iter().zip(&ivar).map(|(a, b)| a * b).sum();
        let sum_ivar: f64 = ivar.iter().sum();
        let bin = durations.iter().copied().fold(f64::INFINITY, f64::min) / oversample as f64;
        periods
            .iter()
            .map(|&period| {
                let n_bins = (period / bin).ceil() as usize + oversample;
                let mut my = vec![0.0; n_bins + 1];
                let mut mi = vec![0.0; n_bins + 1];
                for i in 0..t.len() {
                    let x = t[i] - min_t;
                    let ind = ((x - period * (x / period).floor()) / bin) as usize + 1;
                    my[ind] += yy[i] * ivar[i];
                    mi[ind] += ivar[i];
                }
                for n in 1..=oversample {
                    my[n_bins - oversample + n - 1] = my[n];
                    mi[n_bins - oversample + n - 1] = mi[n];
                }
                for n in 1..=n_bins {
                    my[n] += my[n - 1];
                    mi[n] += mi[n - 1];
                }
                let mut best = f64::NEG_INFINITY;
                for &d in durations {
                    let dur = (d / bin).round() as usize;
                    for n in 0..=n_bins - dur {
                        let y_in = my[n + dur] - my[n];
                        let i_in = mi[n + dur] - mi[n];
                        let i_out = sum_ivar - i_in;
                        if i_in < f64::EPSILON || i_out < f64::EPSILON {
                            continue;
                        }
                        let (a, b) = (y_in / i_in, (sum_y - y_in) / i_out);
                        let p = match objective {
                            Objective::Likelihood => 0.5 * i_in * (b - a) * (b - a),
                            Objective::Snr => (b - a) / (1.0 / i_in + 1.0 / i_out).sqrt(),
                        };
                        if b >= a && p > best {
                            best = p;
                        }
                    }
                }
                best
            })
            .collect()
    }

    #[test]
    fn fast_kernel_matches_the_reference_sparse_and_dense() {
        // Sparse: 30-min cadence (point by point); dense: 1.44-min cadence
        // (run sums from the cumulative array), both with gaps and a transit.
        // Very dense: 17-s cadence, 15 points per bin and cycle, so the
        // boundary look-up path (bounds.rs) bins the short periods.
        for (step, n) in [(0.0204, 2500usize), (0.001, 20_000), (0.0002, 20_000)] {
            let (t0, y0) = synthetic(n, 2.3, 0.4, 0.1, 2e-3);
            // Times off any round grid (as real time stamps are): the fast
            // kernel multiplies by 1/bin where astropy divides, so a point
            // exactly on a bin edge may land one bin over (see scan.rs).
            let t: Vec<f64> = t0
                .iter()
                .enumerate()
                .map(|(i, x)| x * step / 0.02 + 1e-4 * step * (i as f64 * 0.618_034).fract())
                .collect();
            let keep: Vec<bool> = t.iter().map(|x| !(4.0..4.7).contains(x)).collect();
            let t: Vec<f64> = t.iter().zip(&keep).filter(|p| *p.1).map(|p| *p.0).collect();
            let y: Vec<f64> = y0
                .iter()
                .zip(&keep)
                .filter(|p| *p.1)
                .map(|p| *p.0)
                .collect();
            let dy: Vec<f64> = (0..t.len())
                .map(|i| 1e-4 * (1.0 + 0.3 * (i as f64).sin().abs()))
                .collect();
            let span = t.last().unwrap() - t[0];
            let periods = ofir_periods(span, 0.5, span / 2.0, Star::SUN, 2.0).unwrap();
            let durations = [0.03, 0.05, 0.08, 0.12];
            let cfg = BlsConfig {
                periods: periods.clone(),
                durations: durations.to_vec(),
                objective: Objective::Likelihood,
                oversample: 10,
                max_duration: None,
            };
            let pg = periodogram(&t, &y, Some(&dy), &cfg).unwrap();
            let want = reference_power(&t, &y, &dy, &periods, &durations, Objective::Likelihood);
            for (p, (got, want)) in periods.iter().zip(pg.power().iter().zip(&want)) {
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs(),
                    "step {step} P {p}: {got} vs {want}"
                );
            }
        }
    }

    /// Data that strain the single-precision pre-screen's error bounds
    /// (scan.rs `Screen32`): a large flux offset with tiny relative noise
    /// (cancellation in `Z`), fluxes in tiny or huge units, a point of
    /// negligible weight with a huge deviation, outliers, and both
    /// objectives; every case against the astropy transcription.
    #[test]
    fn prescreen_bounds_hold_on_hostile_data() {
        let n = 3000;
        let (t0, y0) = synthetic(n, 1.7, 0.3, 0.08, 1e-3);
        let t: Vec<f64> = t0
            .iter()
            .enumerate()
            .map(|(i, x)| x + 1e-4 * (i as f64 * 0.618_034).fract())
            .collect();
        let noise = |i: usize| 1e-4 * ((i as f64 * 12.9898).sin() * 43_758.545).fract();
        let base: Vec<f64> = y0.iter().enumerate().map(|(i, v)| v + noise(i)).collect();
        let unit: Vec<f64> = vec![1e-4; n];
        let mut cases: Vec<(&str, Vec<f64>, Vec<f64>)> = vec![
            (
                "offset 1e6",
                base.iter().map(|v| 1e6 + v).collect(),
                unit.clone(),
            ),
            (
                "units 1e-30",
                base.iter().map(|v| v * 1e-30).collect(),
                unit.iter().map(|e| e * 1e-30).collect(),
            ),
            (
                "units 1e5",
                base.iter().map(|v| v * 1e5).collect(),
                unit.iter().map(|e| e * 1e5).collect(),
            ),
        ];
        // One point of weight 1e-12 of the others, 1e3 away.
        let (mut y, mut dy) = (base.clone(), unit.clone());
        y[1234] += 10.0;
        dy[1234] = 1e2;
        cases.push(("tiny weight, huge deviation", y, dy));
        // Outliers of 200 sigma and weights spread over 1e4.
        let y: Vec<f64> = base
            .iter()
            .enumerate()
            .map(|(i, v)| if i % 401 == 7 { v + 0.02 } else { *v })
            .collect();
        let dy: Vec<f64> = (0..n)
            .map(|i| 1e-4 * 10f64.powf(2.0 * ((i as f64 * 0.37).sin())))
            .collect();
        cases.push(("outliers, spread weights", y, dy));
        let span = t.last().unwrap() - t[0];
        let periods = ofir_periods(span, 0.5, span / 2.0, Star::SUN, 2.0).unwrap();
        let durations = [0.03, 0.05, 0.08, 0.12];
        for (name, y, dy) in &cases {
            matches_reference_both_kernels(&t, y, dy, &periods, &durations, name);
        }
    }

    /// Asserts that both kernels (the portable one is what non-AVX2 CPUs run;
    /// other tests running meanwhile may use it too, with the same results)
    /// give the transcription's power to 1e-9 relative, for both objectives.
    fn matches_reference_both_kernels(
        t: &[f64],
        y: &[f64],
        dy: &[f64],
        periods: &[f64],
        durations: &[f64],
        label: &str,
    ) {
        for portable in [false, true] {
            scan::FORCE_PORTABLE.store(portable, std::sync::atomic::Ordering::Relaxed);
            for objective in [Objective::Likelihood, Objective::Snr] {
                let cfg = BlsConfig {
                    periods: periods.to_vec(),
                    durations: durations.to_vec(),
                    objective,
                    oversample: 10,
                    max_duration: None,
                };
                let pg = periodogram(t, y, Some(dy), &cfg).unwrap();
                let want = reference_power(t, y, dy, periods, durations, objective);
                for (p, (got, want)) in periods.iter().zip(pg.power().iter().zip(&want)) {
                    assert!(
                        (got - want).abs() <= 1e-9 * want.abs(),
                        "{label} {objective:?} portable {portable} P {p}: {got} vs {want}"
                    );
                }
            }
        }
        scan::FORCE_PORTABLE.store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// Random light curves (sorted or not, regular or irregular cadence,
    /// weights spread over up to 10^6, flux scales from 1e-20 to 1e8, with
    /// and without a transit): the fast kernels against the transcription.
    #[test]
    fn random_light_curves_match_the_reference() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for case in 0..24 {
            let n = 200 + (rnd() * 1500.0) as usize;
            let span = 5.0 + rnd() * 25.0;
            let regular = case % 3 != 0;
            let mut t: Vec<f64> = (0..n)
                .map(|i| {
                    if regular {
                        span * (i as f64 + 1e-3 * rnd()) / n as f64
                    } else {
                        span * rnd()
                    }
                })
                .collect();
            if case % 2 == 0 {
                t.sort_by(f64::total_cmp);
            }
            let scale = 10f64.powf(-20.0 + 28.0 * rnd());
            let spread = 10f64.powf(6.0 * rnd());
            let depth = if case % 4 == 0 { 0.0 } else { 0.01 * rnd() };
            let (p0, dur) = (0.7 + 3.0 * rnd(), 0.05 + 0.1 * rnd());
            let y: Vec<f64> = t
                .iter()
                .map(|&x| {
                    let ph = (x / p0).fract() * p0;
                    scale * (1.0 + 0.001 * (rnd() - 0.5) - if ph < dur { depth } else { 0.0 })
                })
                .collect();
            let dy: Vec<f64> = (0..n).map(|_| scale * 1e-3 * spread.powf(rnd())).collect();
            let periods = ofir_periods(span, 0.5, span / 2.0, Star::SUN, 1.0).unwrap();
            let durations = [0.04, 0.07, 0.11];
            matches_reference_both_kernels(
                &t,
                &y,
                &dy,
                &periods,
                &durations,
                &format!("case {case}"),
            );
        }
    }

    #[test]
    fn huge_time_span_is_an_error() {
        let t = [-1e308, 0.0, 1e308];
        let y = [1.0; 3];
        let cfg = BlsConfig {
            periods: vec![1.0],
            durations: vec![0.1],
            objective: Objective::Likelihood,
            oversample: 10,
            max_duration: None,
        };
        assert!(periodogram(&t, &y, None, &cfg).is_err());
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
            star: Star::SUN,
            factor: 1.0,
        };
        let hours = one.max_duration_days(365.256_363) * 24.0;
        assert!((hours - 12.97).abs() < 0.05, "{hours}");
        // Scales as P^(1/3) for R ≪ a, and the factor multiplies.
        let two = DurationLimit { factor: 2.0, ..one };
        let r = one.max_duration_days(8.0 * 365.256_363) / one.max_duration_days(365.256_363);
        assert!((r - 2.0).abs() < 1e-3, "{r}");
        assert!((two.max_duration_days(3.0) / one.max_duration_days(3.0) - 2.0).abs() < 1e-12);
        // A 10-hour box is not a transit of a Sun-like star at P = 0.53 d (limit ≈ 2.9 h).
        assert!(two.max_duration_days(0.53) * 24.0 < 3.5);
    }
}
