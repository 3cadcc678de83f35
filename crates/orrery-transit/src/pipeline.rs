//! The stages of a search, each a public function so that a front end can
//! run one alone (detrend only, periodogram only) or all of them through
//! [`crate::search()`]:
//!
//! read ([`crate::load`]) → [`detrend`] → [`period_grid`] → [`periodogram`]
//! → [`strongest_peak`] (SDE) → [`refine`] → [`fit`] → [`vet`] →
//! [`mask_transits`] and repeat.
//!
//! Every stage takes the [`LightCurve`] it works on and the one
//! [`SearchConfig`]. Times are days in the light curve's time system, fluxes
//! relative.

use crate::bls::{self, ofir_periods, sde, BlsConfig, BoxFit, DurationLimit, Periodogram};
use crate::config::SearchConfig;
use crate::error::{Result, TransitError};
use crate::fit::{fit_transit_with, FitOptions, TransitFit};
use crate::lightcurve::{median, LightCurve};
use crate::phase::{BoxTransit, Ephemeris};
use crate::vet::{false_positive_flags, CandidateSummary, Flag, Vetting};
use orrery_core::progress::{Progress, Silent};

/// Detrend stage: [`crate::detrend::flatten`] with the configuration's
/// window ([`SearchConfig::window_days`]) and clipping; errors if fewer than
/// `min_points` remain.
///
/// ```
/// use orrery_transit::{load, pipeline, LoadOptions, SearchConfig};
/// let lc = load(&orrery_transit::sample::wasp_126_tess(), &LoadOptions::default())?;
/// let flat = pipeline::detrend(&lc, &SearchConfig::default())?;
/// assert!(flat.len() > 18_000 && flat.flux_err.is_some());
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn detrend(lc: &LightCurve, cfg: &SearchConfig) -> Result<LightCurve> {
    detrend_with(lc, cfg, &Silent)
}

/// [`detrend`], stopping with [`TransitError::Cancelled`] when `cancel` asks.
pub fn detrend_with(
    lc: &LightCurve,
    cfg: &SearchConfig,
    cancel: &dyn Progress,
) -> Result<LightCurve> {
    cfg.validate()?;
    let window = cfg.window_days();
    let flat = crate::detrend::flatten_with(lc, window, cfg.clip_sigma, None, cancel)?;
    if flat.len() < cfg.min_points && window > 0.0 && window < 3.0 * cadence_days(lc) {
        return Err(TransitError::Setting {
            setting: "detrend_window_days",
            value: window,
            expected: "at least 3 cadences, so that each window holds points",
        });
    }
    if flat.len() < cfg.min_points {
        return Err(TransitError::TooFewPoints {
            what: lc.target.clone(),
            n: flat.len(),
            min: cfg.min_points,
        });
    }
    Ok(flat)
}

/// Grid stage: the configuration's explicit periods, or the Ofir grid from
/// `period_min_days` to `period_max_days` (default half the baseline) over a
/// baseline of `baseline_days`.
pub fn period_grid(baseline_days: f64, cfg: &SearchConfig) -> Result<Vec<f64>> {
    match &cfg.periods_days {
        Some(p) => Ok(p.clone()),
        None => ofir_periods(
            baseline_days,
            cfg.period_min_days,
            cfg.period_max_days.unwrap_or(0.5 * baseline_days),
            cfg.star,
            cfg.grid_oversampling,
        ),
    }
}

/// The BLS settings of the periodogram stage: the trial durations shorter
/// than the shortest period, the configuration's objective, oversampling and
/// duration cap.
pub fn bls_config(periods: Vec<f64>, cfg: &SearchConfig) -> Result<BlsConfig> {
    let p_min = periods.iter().copied().fold(f64::INFINITY, f64::min);
    let durations: Vec<f64> = cfg
        .durations_days
        .iter()
        .copied()
        .filter(|&d| d < p_min)
        .collect();
    if durations.is_empty() {
        let (d_min, d_max) = cfg
            .durations_days
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), &d| (a.min(d), b.max(d)));
        return Err(TransitError::BadDurations {
            duration_min_days: d_min,
            duration_max_days: d_max,
            period_min_days: p_min,
        });
    }
    Ok(BlsConfig {
        periods,
        durations,
        objective: cfg.objective,
        oversample: cfg.oversample,
        max_duration: duration_limit(cfg),
    })
}

/// The configuration's limit on the longest box at each period (a multiple
/// of the star's central-transit duration), if it sets one.
fn duration_limit(cfg: &SearchConfig) -> Option<DurationLimit> {
    cfg.duration_limit.map(|factor| DurationLimit {
        star: cfg.star,
        factor,
    })
}

/// Sub-samples per exposure for a model of a light curve with cadence
/// `exposure_days`: `cfg.supersample` above `supersample_above_days` (long
/// cadence), else 1 (instantaneous).
fn supersample_for(exposure_days: f64, cfg: &SearchConfig) -> usize {
    if exposure_days > cfg.supersample_above_days {
        cfg.supersample
    } else {
        1
    }
}

/// Periodogram stage: BLS of a (detrended) light curve.
///
/// ```
/// use orrery_transit::{load, pipeline, LoadOptions, SearchConfig};
/// let lc = load(&orrery_transit::sample::wasp_126_tess(), &LoadOptions::default())?;
/// let cfg = SearchConfig { period_min_days: 2.0, period_max_days: Some(5.0), ..SearchConfig::default() };
/// let flat = pipeline::detrend(&lc, &cfg)?;
/// let bls = pipeline::bls_config(pipeline::period_grid(flat.baseline(), &cfg)?, &cfg)?;
/// let pg = pipeline::periodogram(&flat, &bls)?;
/// let peak = pipeline::strongest_peak(&pg, &cfg).unwrap();
/// assert!((peak.period_days / 3.2888 - 1.0).abs() < 2e-3); // WASP-126 b
/// assert!(peak.sde > 10.0);
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn periodogram(lc: &LightCurve, bls: &BlsConfig) -> Result<Periodogram> {
    periodogram_with(lc, bls, &Silent)
}

/// [`periodogram`], stopping with [`TransitError::Cancelled`] within one
/// trial period when `cancel` asks ([`bls::periodogram_with`]).
pub fn periodogram_with(
    lc: &LightCurve,
    bls: &BlsConfig,
    cancel: &dyn Progress,
) -> Result<Periodogram> {
    bls::periodogram_with(&lc.time, &lc.flux, lc.flux_err.as_deref(), bls, cancel)
}

/// The highest peak of a periodogram and its signal detection efficiency.
#[derive(Debug, Clone)]
pub struct Peak {
    /// Index of the peak in the periodogram.
    pub index: usize,
    /// Grid period of the peak, days.
    pub period_days: f64,
    /// SDE of the peak ([`crate::bls::sde`]).
    pub sde: f64,
    /// The whole spectrum in SDE units (for plots).
    pub sde_spectrum: Vec<f64>,
}

/// Peak stage: the highest power and its SDE (running-median kernel
/// `sde_kernel`); `None` when no period has a box.
pub fn strongest_peak(pg: &Periodogram, cfg: &SearchConfig) -> Option<Peak> {
    let index = pg.argmax()?;
    let (sde_value, sde_spectrum) = sde(&pg.power(), cfg.sde_kernel);
    Some(Peak {
        index,
        period_days: pg.periods[index],
        sde: sde_value,
        sde_spectrum,
    })
}

/// Refine stage: re-runs BLS with `refine_oversample_factor` times finer
/// phase bins on `refine_points` periods between the grid neighbours of
/// peak `index`, then the period-doubling check: the same refinement over
/// 2P ± `doubling_span`, and 2P replaces P when it explains the data as
/// well (every other transit of P falls in a gap). Returns the refined
/// period and its best box.
pub fn refine(
    lc: &LightCurve,
    pg: &Periodogram,
    index: usize,
    bls: &BlsConfig,
    cfg: &SearchConfig,
) -> Result<(f64, BoxFit)> {
    refine_with(lc, pg, index, bls, cfg, &Silent)
}

/// [`refine`], stopping with [`TransitError::Cancelled`] when `cancel` asks.
pub fn refine_with(
    lc: &LightCurve,
    pg: &Periodogram,
    index: usize,
    bls: &BlsConfig,
    cfg: &SearchConfig,
    cancel: &dyn Progress,
) -> Result<(f64, BoxFit)> {
    let periods = &pg.periods;
    let p = periods[index];
    let lo = if index > 0 {
        periods[index - 1]
    } else {
        p * 0.999
    };
    let hi = periods.get(index + 1).copied().unwrap_or(p * 1.001);
    let (mut period, mut fit) = best_between(lc, lo, hi, bls, cfg, cancel)?;
    let p_top = periods.iter().copied().fold(0.0, f64::max);
    if 2.0 * period <= p_top * (1.0 + 1e-9) {
        let h = 2.0 * period;
        let s = cfg.doubling_span;
        let (p2, f2) = best_between(lc, h * (1.0 - s), h * (1.0 + s), bls, cfg, cancel)?;
        if f2.power >= cfg.doubling_power_ratio * fit.power
            && f2.depth >= cfg.doubling_depth_ratio * fit.depth
        {
            period = p2;
            fit = f2;
        }
    }
    Ok((period, fit))
}

/// The best box over `refine_points` periods from `lo` to `hi` (days) with
/// the refinement's finer phase bins.
fn best_between(
    lc: &LightCurve,
    lo: f64,
    hi: f64,
    bls: &BlsConfig,
    cfg: &SearchConfig,
    cancel: &dyn Progress,
) -> Result<(f64, BoxFit)> {
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    let n = cfg.refine_points.max(2);
    let fine = BlsConfig {
        periods: (0..n)
            .map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64)
            .collect(),
        oversample: bls.oversample * cfg.refine_oversample_factor.max(1),
        ..bls.clone()
    };
    let pg = periodogram_with(lc, &fine, cancel)?;
    let j = pg.argmax().ok_or(TransitError::NoBoxAtPeak {
        period_days: 0.5 * (lo + hi),
    })?;
    Ok((pg.periods[j], pg.fits[j]))
}

/// Template stage (option B, [`crate::template::Ranking::Template`]): the
/// distinct top peaks of `pg` rescored with limb-darkened templates on the
/// detrended `lc` ([`crate::template::refine_peaks`]), highest template SDE
/// first. Long cadences (over `supersample_above_days`) are integrated over
/// the exposure as the fit does.
pub fn template_scores(
    lc: &LightCurve,
    pg: &Periodogram,
    cfg: &SearchConfig,
    cancel: &dyn Progress,
) -> Result<Vec<crate::template::TemplateScore>> {
    let exposure = cadence_days(lc);
    let supersample = supersample_for(exposure, cfg);
    let shape = crate::template::Shape {
        ld: cfg.ld,
        exposure_days: if supersample > 1 { exposure } else { 0.0 },
        supersample,
        cap: crate::template::T14Cap {
            longest_days: cfg.longest_duration_days(),
            limit: duration_limit(cfg),
            t14_factor: cfg.template.max_t14_factor,
        },
    };
    crate::template::refine_peaks(
        lc,
        pg,
        cfg.sde_kernel,
        cfg.objective,
        shape,
        &cfg.template,
        cancel,
    )
}

/// The box of a refined peak, with `t0_days` at the first transit on or
/// after the light curve's start.
pub fn box_transit(lc: &LightCurve, period_days: f64, fit: &BoxFit) -> BoxTransit {
    let t_first = lc.time.first().copied().unwrap_or(0.0);
    BoxTransit {
        ephemeris: Ephemeris::new(period_days, fit.transit_time).first_after(t_first),
        duration_days: fit.duration,
        depth: fit.depth,
    }
}

/// `true` for the points within `half_width_days` of a transit of `eph`.
pub fn transit_mask(time: &[f64], eph: &Ephemeris, half_width_days: f64) -> Vec<bool> {
    time.iter()
        .map(|&t| eph.in_transit(t, half_width_days))
        .collect()
}

/// Mask stage: the light curve without the points within
/// `mask_half_width_durations` box durations of a transit of `eph`.
pub fn mask_transits(
    lc: &LightCurve,
    eph: &Ephemeris,
    duration_days: f64,
    cfg: &SearchConfig,
) -> LightCurve {
    let keep: Vec<bool> =
        transit_mask(&lc.time, eph, cfg.mask_half_width_durations * duration_days)
            .iter()
            .map(|m| !m)
            .collect();
    lc.select(&keep)
}

/// Median time step, days.
pub fn cadence_days(lc: &LightCurve) -> f64 {
    let d: Vec<f64> = lc.time.windows(2).map(|w| w[1] - w[0]).collect();
    median(&d)
}

/// Fit stage: re-detrends the *raw* light curve with the box's transits
/// masked (so the filter does not eat into the depth), then fits the
/// Mandel & Agol model, integrating over the exposure when the cadence is
/// longer than `supersample_above_days`. `None` when the fit fails, finds
/// no planet (Rp/R* = 0) or wanders more than `fit_period_tolerance` from
/// the box period.
pub fn fit(raw: &LightCurve, b: &BoxTransit, cfg: &SearchConfig) -> Option<TransitFit> {
    fit_with(raw, b, cfg, &Silent)
}

/// [`fit`], giving up (`None`) at the next Levenberg–Marquardt step when
/// `cancel` asks; the caller checks `cancel` and reports the cancellation.
pub fn fit_with(
    raw: &LightCurve,
    b: &BoxTransit,
    cfg: &SearchConfig,
    cancel: &dyn Progress,
) -> Option<TransitFit> {
    let eph = &b.ephemeris;
    // Only the points the fit uses need a trend, and a point's trend depends
    // only on the points within half a window of it: re-detrend just those
    // (the same trend values, at a fraction of the cost).
    let window = cfg.window_days();
    let reach = cfg.fit_window_durations * b.duration_days + 0.5 * window;
    let near: Vec<bool> = raw.time.iter().map(|&t| eph.in_transit(t, reach)).collect();
    let raw = raw.select(&near);
    let mask = transit_mask(
        &raw.time,
        eph,
        cfg.mask_half_width_durations * b.duration_days,
    );
    // The trend only where the fit looks (the same points as the fit's own
    // selection below); the rest of `raw` only fills the trend windows.
    let inside: Vec<bool> = raw
        .time
        .iter()
        .map(|&t| eph.in_transit(t, cfg.fit_window_durations * b.duration_days))
        .collect();
    let flat = crate::detrend::flatten_where(&raw, window, 0.0, Some(&mask), Some(&inside), cancel)
        .ok()?;
    let exposure = cadence_days(&flat);
    let opts = FitOptions {
        exposure_days: exposure,
        supersample: supersample_for(exposure, cfg),
        window_durations: cfg.fit_window_durations,
        ..FitOptions::new(cfg.ld)
    };
    let period = b.ephemeris.period_days;
    if cancel.is_cancelled() {
        return None;
    }
    fit_transit_with(&flat, b, &opts, cancel).filter(|f| {
        f.params.rp > 0.0 && (f.params.period_days / period - 1.0).abs() < cfg.fit_period_tolerance
    })
}

/// Vet stage: the vetting statistics of transit `found` (the fitted one
/// when the fit converged, else the box `b`) on the detrended light curve,
/// and the false-positive flags (none when the peak is below the SDE
/// threshold: such a candidate is not significant anyway).
pub fn vet(
    detrended: &LightCurve,
    found: &BoxTransit,
    b: &BoxTransit,
    fit: Option<&TransitFit>,
    detected: bool,
    cfg: &SearchConfig,
) -> (Vetting, Vec<Flag>) {
    let vetting = crate::vet::vet(detrended, &found.ephemeris, found.duration_days);
    let flags = if detected {
        false_positive_flags(
            &vetting,
            &CandidateSummary {
                period_days: found.ephemeris.period_days,
                box_depth: b.depth,
                model: fit.map(|f| (f.depth, f.params.a)),
                fitted: cfg.fit,
                star: cfg.star,
            },
            &cfg.vet,
        )
    } else {
        Vec::new()
    };
    (vetting, flags)
}
