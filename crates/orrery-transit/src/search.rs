//! The transit-search pipeline: detrend, clip, BLS over an Ofir period grid,
//! refine the peak, SDE, vetting, then mask the found transits and search
//! again (multi-planet) until the SDE falls below a threshold (default 7,
//! Hippke & Heller 2019, A&A 623, A39, sect. 3.2).

use crate::bls::{ofir_periods, periodogram, sde, BlsConfig, BoxFit, DurationLimit, Objective};
use crate::detrend::{biweight_trend, DetrendConfig};
use crate::error::{Result, TransitError};
use crate::fit::{fit_transit, TransitFit};
use crate::lightcurve::{median, robust_std, LightCurve};
use crate::model::Quadratic;
use crate::vet::{false_positive_flags, vet, CandidateSummary, Flag, Vetting};
use serde::Serialize;

/// Default trial durations, hours.
pub const DEFAULT_DURATIONS_H: [f64; 10] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];

/// Settings of a search.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// Shortest trial period, days.
    pub period_min: f64,
    /// Longest trial period, days (default: half the baseline, so ≥ 2 transits).
    pub period_max: Option<f64>,
    /// Explicit trial periods (days), replacing the Ofir grid.
    pub periods: Option<Vec<f64>>,
    /// Trial durations, days.
    pub durations: Vec<f64>,
    /// BLS objective.
    pub objective: Objective,
    /// Phase bins per shortest duration.
    pub oversample: usize,
    /// Ofir grid oversampling (samples per duty cycle).
    pub grid_oversampling: f64,
    /// Stellar mass and radius (solar units) for the Ofir grid.
    pub star: (f64, f64),
    /// Detrending window (days); `None` = 3 × the longest duration; `Some(0)` = no detrending.
    pub detrend_window: Option<f64>,
    /// Points more than this many robust sigmas above the trend are dropped.
    pub clip_sigma: f64,
    /// Boxes longer than this multiple of the central-transit duration of the
    /// star (`star`) at each trial period are not tried; `None` tries every
    /// duration at every period. See [`DurationLimit`].
    pub duration_limit: Option<f64>,
    /// Stop when a peak's SDE is below this.
    pub sde_threshold: f64,
    /// At most this many candidates.
    pub max_planets: usize,
    /// Fit a Mandel & Agol model to each candidate.
    pub fit: bool,
    /// Quadratic limb darkening used by the fit.
    pub ld: Quadratic,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            period_min: 0.5,
            period_max: None,
            periods: None,
            durations: DEFAULT_DURATIONS_H.iter().map(|h| h / 24.0).collect(),
            objective: Objective::Likelihood,
            oversample: 10,
            grid_oversampling: 3.0,
            star: (1.0, 1.0),
            detrend_window: None,
            clip_sigma: 4.0,
            duration_limit: Some(3.0),
            sde_threshold: 7.0,
            max_planets: 5,
            fit: true,
            ld: Quadratic { u1: 0.4, u2: 0.25 },
        }
    }
}

/// One transit candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// 1-based order of detection.
    pub index: usize,
    /// Period, days.
    pub period: f64,
    /// Mid-transit time of the first transit in the data, days (light curve's time system).
    pub t0: f64,
    /// Same, as BJD_TDB, when the time system is known.
    pub t0_bjd: Option<f64>,
    /// Box duration, days.
    pub duration: f64,
    /// Box depth, relative flux.
    pub depth: f64,
    /// 1-sigma depth uncertainty.
    pub depth_err: f64,
    /// depth / depth_err.
    pub snr: f64,
    /// Signal detection efficiency of the peak.
    pub sde: f64,
    /// BLS power (objective value) at the peak.
    pub power: f64,
    /// Whether SDE ≥ the threshold and no false-positive test failed.
    pub significant: bool,
    /// False-positive tests failed (see [`crate::vet::false_positive_flags`]).
    pub flags: Vec<Flag>,
    /// Vetting statistics.
    pub vetting: Vetting,
    /// Transit-model fit (when requested and converged).
    pub fit: Option<TransitFit>,
}

/// The periodogram of one search pass, for plots and JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Spectrum {
    /// Trial periods, days.
    pub periods: Vec<f64>,
    /// BLS power.
    pub power: Vec<f64>,
    /// Detrended power in SDE units.
    pub sde: Vec<f64>,
}

/// Result of a search on one light curve.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// Target name.
    pub target: String,
    /// Mission.
    pub mission: String,
    /// Files read.
    pub sources: Vec<String>,
    /// BJD_TDB − time, days, if known.
    pub bjd_ref: Option<f64>,
    /// Points searched (after masking, detrending, clipping).
    pub n_points: usize,
    /// Time span, days.
    pub baseline: f64,
    /// Trial periods per pass.
    pub n_periods: usize,
    /// Trial durations, days.
    pub durations: Vec<f64>,
    /// Candidates in order of detection; the last may be non-significant.
    pub candidates: Vec<Candidate>,
    /// Periodogram of each pass.
    #[serde(skip)]
    pub spectra: Vec<Spectrum>,
    /// Detrended light curve (time, flux) searched.
    #[serde(skip)]
    pub detrended: (Vec<f64>, Vec<f64>),
}

/// Detrends (biweight), drops upward outliers, returns (t, y, dy) normalised
/// to 1. The errors are rescaled so that their median equals the robust
/// scatter of the detrended flux (pipeline errors are often off by a factor),
/// which keeps SNRs and the odd/even and secondary sigmas honest.
pub fn flatten(lc: &LightCurve, window: f64, clip_sigma: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    flatten_masked(lc, window, clip_sigma, None)
}

/// As [`flatten`], with `mask[i] = true` keeping point `i` (a known transit)
/// out of the trend windows.
pub fn flatten_masked(
    lc: &LightCurve,
    window: f64,
    clip_sigma: f64,
    mask: Option<&[bool]>,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let dy = lc.errors_or_scatter();
    let trend = if window > 0.0 {
        biweight_trend(
            &lc.time,
            &lc.flux,
            mask,
            &DetrendConfig::with_window(window),
        )
    } else {
        vec![median(&lc.flux); lc.len()]
    };
    let mut t = Vec::with_capacity(lc.len());
    let mut y = Vec::with_capacity(lc.len());
    let mut e: Vec<f64> = Vec::with_capacity(lc.len());
    for i in 0..lc.len() {
        let tr = trend[i];
        if tr.is_finite() && tr != 0.0 {
            t.push(lc.time[i]);
            y.push(lc.flux[i] / tr);
            e.push(dy[i] / tr);
        }
    }
    let s = robust_std(&y);
    let me = median(&e);
    if s > 0.0 && me > 0.0 {
        e.iter_mut().for_each(|x| *x *= s / me);
    }
    if clip_sigma > 0.0 {
        let m = median(&y);
        let keep: Vec<bool> = y.iter().map(|v| v - m <= clip_sigma * s).collect();
        let pick = |v: &[f64]| -> Vec<f64> {
            v.iter()
                .zip(&keep)
                .filter(|(_, &k)| k)
                .map(|(x, _)| *x)
                .collect()
        };
        (pick(&t), pick(&y), pick(&e))
    } else {
        (t, y, e)
    }
}

/// Searches one light curve for periodic transits.
pub fn search(lc: &LightCurve, cfg: &SearchConfig) -> Result<SearchResult> {
    if cfg.durations.is_empty() || cfg.durations.iter().any(|d| !(*d > 0.0)) {
        return Err(TransitError::Param("durations must be > 0".into()));
    }
    let d_max = cfg.durations.iter().copied().fold(0.0, f64::max);
    let window = cfg.detrend_window.unwrap_or(3.0 * d_max);
    let (mut t, mut y, mut dy) = flatten(lc, window, cfg.clip_sigma);
    let min_points = 50;
    if t.len() < min_points {
        return Err(TransitError::TooFewPoints {
            what: lc.target.clone(),
            n: t.len(),
            min: min_points,
        });
    }
    let baseline = t.last().unwrap_or(&0.0) - t.first().unwrap_or(&0.0);
    let periods = match &cfg.periods {
        Some(p) => p.clone(),
        None => {
            let p_max = cfg.period_max.unwrap_or(0.5 * baseline);
            ofir_periods(
                baseline,
                cfg.period_min,
                p_max,
                cfg.star.0,
                cfg.star.1,
                cfg.grid_oversampling,
            )?
        }
    };
    let p_min = periods.iter().copied().fold(f64::INFINITY, f64::min);
    let durations: Vec<f64> = cfg
        .durations
        .iter()
        .copied()
        .filter(|&d| d < p_min)
        .collect();
    if durations.is_empty() {
        return Err(TransitError::Param(format!(
            "every trial duration is ≥ the shortest period {p_min} d"
        )));
    }
    let detrended = (t.clone(), y.clone());
    let mut candidates = Vec::new();
    let mut spectra = Vec::new();
    for index in 1..=cfg.max_planets.max(1) {
        if t.len() < min_points {
            break;
        }
        let bls = BlsConfig {
            periods: periods.clone(),
            durations: durations.clone(),
            objective: cfg.objective,
            oversample: cfg.oversample,
            max_duration: cfg.duration_limit.map(|factor| DurationLimit {
                m_star: cfg.star.0,
                r_star: cfg.star.1,
                factor,
            }),
        };
        let pg = periodogram(&t, &y, Some(&dy), &bls)?;
        let Some(i) = pg.argmax() else { break };
        let power = pg.power();
        let (sde_value, sde_spec) = sde(&power, 31);
        // Refine the period between the neighbouring grid points.
        let (mut period, mut fit) = refine(&t, &y, &dy, &pg.periods, i, &bls)?;
        // Period-doubling check: when every other transit of P falls in a
        // gap, 2P explains the data as well; prefer it (as long as it is in range).
        let p_top = periods.iter().copied().fold(0.0, f64::max);
        if 2.0 * period <= p_top * (1.0 + 1e-9) {
            let h = 2.0 * period;
            let near = [h * (1.0 - 2e-3), h, h * (1.0 + 2e-3)];
            let (p2, f2) = refine(&t, &y, &dy, &near, 1, &bls)?;
            if f2.power >= 0.98 * fit.power && f2.depth >= 0.95 * fit.depth {
                period = p2;
                fit = f2;
            }
        }
        spectra.push(Spectrum {
            periods: pg.periods.clone(),
            power,
            sde: sde_spec,
        });
        let t_first = t.first().copied().unwrap_or(0.0);
        let t0 = t_first + (fit.transit_time - t_first).rem_euclid(period);
        let detected = sde_value >= cfg.sde_threshold;
        let model_fit = if cfg.fit && detected {
            // Re-detrend with this candidate's transits masked (so the filter
            // does not eat into the depth), then fit.
            let mask: Vec<bool> = lc
                .time
                .iter()
                .map(|&x| {
                    ((x - t0 + 0.5 * period).rem_euclid(period) - 0.5 * period).abs() < fit.duration
                })
                .collect();
            let (tm, ym, dym) = flatten_masked(lc, window, 0.0, Some(&mask));
            let exposure = cadence(&tm);
            let n_sub = if exposure > 0.007 { 7 } else { 1 };
            fit_transit(
                &tm,
                &ym,
                &dym,
                period,
                t0,
                fit.duration,
                fit.depth,
                cfg.ld,
                exposure,
                n_sub,
            )
            .filter(|f| f.params.rp > 0.0 && (f.params.period / period - 1.0).abs() < 0.01)
        } else {
            None
        };
        // Vet on the fitted ephemeris when there is one: the box period is
        // only good to a fraction of the box duration per baseline.
        let (p_v, t0_v) = match &model_fit {
            Some(f) => (f.params.period, f.params.t0),
            None => (period, t0),
        };
        let vetting = vet(&t, &y, &dy, p_v, t0_v, fit.duration);
        let flags = if detected {
            false_positive_flags(
                &vetting,
                &CandidateSummary {
                    period: p_v,
                    box_depth: fit.depth,
                    model: model_fit.as_ref().map(|f| (f.depth, f.params.a)),
                    fitted: cfg.fit,
                    star: cfg.star,
                },
            )
        } else {
            Vec::new()
        };
        let significant = detected && flags.is_empty();
        candidates.push(Candidate {
            index,
            period,
            t0,
            t0_bjd: lc.bjd_ref.map(|r| r + t0),
            duration: fit.duration,
            depth: fit.depth,
            depth_err: fit.depth_err,
            snr: fit.depth_snr,
            sde: sde_value,
            power: fit.power,
            significant,
            flags,
            vetting,
            fit: model_fit,
        });
        // A flagged candidate is still a feature of the data: mask it and go on.
        if !detected {
            break;
        }
        // Mask this planet's transits (twice the box) and search again.
        let keep: Vec<bool> = t
            .iter()
            .map(|&x| {
                ((x - t0 + 0.5 * period).rem_euclid(period) - 0.5 * period).abs() >= fit.duration
            })
            .collect();
        let pick = |v: &[f64]| -> Vec<f64> {
            v.iter()
                .zip(&keep)
                .filter(|(_, &k)| k)
                .map(|(x, _)| *x)
                .collect()
        };
        t = pick(&t);
        y = pick(&y);
        dy = pick(&dy);
    }
    Ok(SearchResult {
        target: lc.target.clone(),
        mission: lc.mission.clone(),
        sources: lc.sources.iter().map(|p| p.display().to_string()).collect(),
        bjd_ref: lc.bjd_ref,
        n_points: detrended.0.len(),
        baseline,
        n_periods: periods.len(),
        durations,
        candidates,
        spectra,
        detrended,
    })
}

/// Median time step (days).
fn cadence(t: &[f64]) -> f64 {
    let d: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    median(&d)
}

/// Re-runs BLS (three times finer phase bins) on 41 periods between the grid neighbours of peak `i`.
fn refine(
    t: &[f64],
    y: &[f64],
    dy: &[f64],
    periods: &[f64],
    i: usize,
    bls: &BlsConfig,
) -> Result<(f64, BoxFit)> {
    let p = periods[i];
    let lo = if i > 0 { periods[i - 1] } else { p * 0.999 };
    let hi = periods.get(i + 1).copied().unwrap_or(p * 1.001);
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    let n = 41;
    let fine: Vec<f64> = (0..n)
        .map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64)
        .collect();
    let cfg = BlsConfig {
        periods: fine,
        oversample: bls.oversample * 3,
        ..bls.clone()
    };
    let pg = periodogram(t, y, Some(dy), &cfg)?;
    let j = pg
        .argmax()
        .ok_or_else(|| TransitError::Param("no valid box at the peak".into()))?;
    Ok((pg.periods[j], pg.fits[j]))
}
