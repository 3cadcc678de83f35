//! The whole search: the stages of [`crate::pipeline`] in order, with
//! multi-planet iteration: detrend, grid, BLS, peak and SDE, refine, fit,
//! vet, then mask the found transits and search again until the SDE falls
//! below the threshold (default 7, Hippke & Heller 2019, A&A 623, A39,
//! sect. 3.2) or `max_planets` candidates are found.

pub use crate::config::{SearchConfig, DEFAULT_DURATIONS_H};
use crate::error::Result;
use crate::fit::TransitFit;
use crate::lightcurve::LightCurve;
use crate::phase::{BoxTransit, Ephemeris};
use crate::pipeline;
use crate::schema::{CandidateRow, EphemerisSource};
use crate::template::Ranking;
use crate::vet::{Flag, Vetting};
use serde::Serialize;
use std::time::Instant;

/// One transit candidate: the flat [`CandidateRow`] (headline values) and
/// the details behind it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Candidate {
    /// The headline values (the CSV row; flattened into the JSON object).
    #[serde(flatten)]
    pub summary: CandidateRow,
    /// The refined BLS box.
    #[serde(skip)]
    pub bls: BoxTransit,
    /// Vetting statistics (at the headline ephemeris).
    pub vetting: Vetting,
    /// Transit-model fit (when requested and it succeeded).
    pub fit: Option<TransitFit>,
}

impl Candidate {
    /// The headline ephemeris (fitted when `ephemeris_source` is `fit`).
    pub fn ephemeris(&self) -> Ephemeris {
        Ephemeris::new(self.summary.period_days, self.summary.t0_days)
    }
}

/// The periodogram of one search pass, for plots and JSON.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Spectrum {
    /// Trial periods, days.
    pub periods_days: Vec<f64>,
    /// BLS power.
    pub power: Vec<f64>,
    /// Detrended power in SDE units.
    pub sde: Vec<f64>,
}

/// Wall time spent in each stage of one search, seconds (all passes of
/// the multi-planet loop summed).
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct StageSeconds {
    /// Detrending (and clipping) of the light curve.
    pub detrend: f64,
    /// Period grid.
    pub grid: f64,
    /// BLS periodograms.
    pub periodogram: f64,
    /// Peak, SDE and refinement (with the period-doubling check).
    pub refine: f64,
    /// Re-detrending with the transits masked, and the model fit.
    pub fit: f64,
    /// Vetting.
    pub vet: f64,
    /// Masking found transits.
    pub mask: f64,
    /// The whole search.
    pub total: f64,
}

/// Something the caller should know about a search that still ran.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SearchWarning {
    /// The detrending window is shorter than
    /// [`SearchConfig::detrend_window_factor`] × the longest trial duration:
    /// the filter eats into transits of that length (Hippke et al. 2019).
    ShortWindow {
        /// Window used, days.
        window_days: f64,
        /// Longest trial duration, days.
        longest_duration_days: f64,
        /// Recommended smallest window, days.
        recommended_days: f64,
    },
    /// The light curve does not say which time system its times are in, so
    /// no time can be given as BJD_TDB.
    UnknownTimeSystem,
}

impl std::fmt::Display for SearchWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchWarning::ShortWindow {
                window_days,
                longest_duration_days,
                recommended_days,
            } => write!(
                f,
                "detrending window {window_days} d is shorter than the recommended {recommended_days} d for a longest trial duration of {longest_duration_days} d: the filter will flatten transits that long"
            ),
            SearchWarning::UnknownTimeSystem => write!(
                f,
                "time system unknown: times are the file's own, not BJD_TDB"
            ),
        }
    }
}

/// Result of a search on one light curve.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SearchResult {
    /// Target name.
    pub target: String,
    /// Mission.
    pub mission: String,
    /// Files read.
    pub sources: Vec<String>,
    /// `BJD_TDB − time`, days, if known.
    pub bjd_ref_days: Option<f64>,
    /// The time system of every `*_days` time: `BJD_TDB - 2457000`, ... or `unknown`.
    pub time_system: String,
    /// Points searched (after masking, detrending, clipping).
    pub n_points: usize,
    /// Time span, days.
    pub baseline_days: f64,
    /// Trial periods per pass.
    pub n_periods: usize,
    /// Trial durations used, days.
    pub durations_days: Vec<f64>,
    /// Detrending window used, days (0: none).
    pub detrend_window_days: f64,
    /// Candidates in order of detection; the last may be non-significant.
    pub candidates: Vec<Candidate>,
    /// What the caller should know (short window, unknown time system).
    pub warnings: Vec<SearchWarning>,
    /// Wall time per stage, seconds.
    pub stage_seconds: StageSeconds,
    /// Periodogram of each pass.
    #[serde(skip)]
    pub spectra: Vec<Spectrum>,
    /// Detrended light curve searched.
    #[serde(skip)]
    pub detrended: LightCurve,
}

/// Searches one light curve for periodic transits.
///
/// ```
/// use orrery_transit::{load, search, LoadOptions, SearchConfig};
/// let lc = load(&orrery_transit::sample::wasp_126_tess(), &LoadOptions::default())?;
/// let cfg = SearchConfig {
///     period_min_days: 1.0,
///     period_max_days: Some(8.0),
///     durations_days: vec![2.0 / 24.0, 3.0 / 24.0, 4.0 / 24.0],
///     max_planets: 1,
///     ..SearchConfig::default()
/// };
/// let r = search(&lc, &cfg)?;
/// let b = &r.candidates[0].summary;
/// assert!(b.significant);
/// assert!((b.period_days / 3.28879 - 1.0).abs() < 1e-3); // WASP-126 b (TOI-114.01)
/// assert!((b.depth_ppm / 7006.0 - 1.0).abs() < 0.2);
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn search(lc: &LightCurve, cfg: &SearchConfig) -> Result<SearchResult> {
    search_with(lc, cfg, &orrery_core::progress::Silent)
}

/// [`search`], reporting one unit of progress per stage (detrend, grid, then
/// periodogram, refine, fit, vet and mask for each pass) and stopping
/// with [`crate::TransitError::Cancelled`] when `progress` asks: between
/// stages, and inside the long ones (before each trial period of the
/// periodogram and the refinement, before each step of the fit), so a
/// cancel takes effect within milliseconds at any point of a long search.
pub fn search_with(
    lc: &LightCurve,
    cfg: &SearchConfig,
    progress: &dyn orrery_core::progress::Progress,
) -> Result<SearchResult> {
    let start = Instant::now();
    let mut clock = Instant::now();
    progress.start("stages", 2 + 5 * cfg.max_planets.max(1) as u64);
    let mut lap = |slot: &mut f64| -> Result<()> {
        *slot += clock.elapsed().as_secs_f64();
        clock = Instant::now();
        progress.advance(1);
        if progress.is_cancelled() {
            return Err(crate::error::TransitError::Cancelled);
        }
        Ok(())
    };
    let mut sec = StageSeconds::default();
    let detrended = pipeline::detrend_with(lc, cfg, progress)?;
    lap(&mut sec.detrend)?;
    let baseline = detrended.baseline();
    let periods = pipeline::period_grid(baseline, cfg)?;
    let n_periods = periods.len();
    let bls = pipeline::bls_config(periods, cfg)?;
    lap(&mut sec.grid)?;
    let mut work = detrended.clone();
    let mut candidates = Vec::new();
    let mut spectra = Vec::new();
    for index in 1..=cfg.max_planets.max(1) {
        if work.len() < cfg.min_points {
            break;
        }
        let pg = pipeline::periodogram_with(&work, &bls, progress)?;
        lap(&mut sec.periodogram)?;
        let Some(peak) = pipeline::strongest_peak(&pg, cfg) else {
            break;
        };
        // Option A takes the highest BLS peak; option B the distinct top
        // peak whose limb-darkened template scores the highest SDE.
        let (pick, score, threshold, template) = match cfg.ranking {
            Ranking::Box => (peak.index, peak.sde, cfg.significant_sde, None),
            Ranking::Template => {
                match pipeline::template_scores(&work, &pg, cfg, progress)?.first() {
                    Some(t) => (t.index, t.sde, cfg.template_significant_sde, Some(*t)),
                    None => (peak.index, peak.sde, cfg.significant_sde, None),
                }
            }
        };
        let box_sde = template.map_or(peak.sde, |t| t.box_sde);
        let (period, box_fit) = pipeline::refine_with(&work, &pg, pick, &bls, cfg, progress)?;
        lap(&mut sec.refine)?;
        spectra.push(Spectrum {
            power: pg.power(),
            periods_days: pg.periods,
            sde: peak.sde_spectrum,
        });
        let b = pipeline::box_transit(&work, period, &box_fit);
        let detected = score >= cfg.sde_threshold;
        let fit = if cfg.fit && detected {
            pipeline::fit_with(lc, &b, cfg, progress)
        } else {
            None
        };
        lap(&mut sec.fit)?;
        // Vet and mask on the fitted transit when the fit converged: the box
        // period is only good to a fraction of the box duration per baseline
        // (HAT-P-7 b: 0.1 %, 40 min over the 5 transits of Kepler Q0).
        let found = fitted_transit(&work, &b, fit.as_ref());
        let (vetting, mut flags) = pipeline::vet(&work, &found, &b, fit.as_ref(), detected, cfg);
        if detected && score < threshold && vetting.snr_pink < cfg.strong_snr {
            flags.push(Flag::LowSde);
        }
        let significant = detected && flags.is_empty();
        lap(&mut sec.vet)?;
        let summary = summarise(
            index,
            &b,
            &found,
            &box_fit,
            (box_sde, template.map(|t| t.sde)),
            fit.as_ref(),
            &vetting,
            significant,
            flags,
            lc.bjd_ref,
        );
        candidates.push(Candidate {
            summary,
            bls: b,
            vetting,
            fit,
        });
        // A flagged candidate is still a feature of the data: mask it and go on.
        if !detected {
            break;
        }
        // Mask the wider of the box and the fitted transit.
        let width = found.duration_days.max(b.duration_days);
        work = pipeline::mask_transits(&work, &found.ephemeris, width, cfg);
        lap(&mut sec.mask)?;
    }
    sec.total = start.elapsed().as_secs_f64();
    Ok(SearchResult {
        target: lc.target.clone(),
        mission: lc.mission.clone(),
        sources: lc.sources.iter().map(|p| p.display().to_string()).collect(),
        bjd_ref_days: lc.bjd_ref,
        time_system: lc.time_system(),
        n_points: detrended.len(),
        baseline_days: baseline,
        n_periods,
        durations_days: bls.durations.clone(),
        detrend_window_days: cfg.window_days(),
        candidates,
        warnings: warnings(lc, cfg),
        stage_seconds: sec,
        spectra,
        detrended,
    })
}

/// The warnings of a search of `lc` with `cfg`.
pub fn warnings(lc: &LightCurve, cfg: &SearchConfig) -> Vec<SearchWarning> {
    let mut w = Vec::new();
    let window = cfg.window_days();
    let longest = cfg.longest_duration_days();
    let recommended = cfg.detrend_window_factor * longest;
    if window > 0.0 && window < recommended * (1.0 - 1e-9) {
        w.push(SearchWarning::ShortWindow {
            window_days: window,
            longest_duration_days: longest,
            recommended_days: recommended,
        });
    }
    if lc.bjd_ref.is_none() {
        w.push(SearchWarning::UnknownTimeSystem);
    }
    w
}

/// The transit to vet, mask and report: the converged fit's ephemeris
/// (t0 moved to the first transit in the data), T14 and central depth, else
/// the BLS box.
pub fn fitted_transit(lc: &LightCurve, b: &BoxTransit, fit: Option<&TransitFit>) -> BoxTransit {
    match fit {
        Some(f) if f.converged && f.t14_days > 0.0 => {
            let t_first = lc.time.first().copied().unwrap_or(f.params.t0_days);
            BoxTransit {
                ephemeris: Ephemeris::new(f.params.period_days, f.params.t0_days)
                    .first_after(t_first - 0.5 * f.t14_days),
                duration_days: f.t14_days,
                depth: f.depth,
            }
        }
        _ => *b,
    }
}

/// The flat row of a candidate: headline values from `found` (the fit
/// when it converged), the BLS values from the box.
#[allow(clippy::too_many_arguments)]
fn summarise(
    index: usize,
    b: &BoxTransit,
    found: &BoxTransit,
    box_fit: &crate::bls::BoxFit,
    (sde, template_sde): (f64, Option<f64>),
    fit: Option<&TransitFit>,
    v: &Vetting,
    significant: bool,
    flags: Vec<Flag>,
    bjd_ref: Option<f64>,
) -> CandidateRow {
    let eph = b.ephemeris;
    let head = found.ephemeris;
    let converged = fit.filter(|f| f.converged && found != b);
    // σ(t0) at the reported epoch n: σ_t0² + (n σ_P)² (covariance neglected).
    let t0_err = converged.map(|f| {
        let n = ((head.t0_days - f.params.t0_days) / f.params.period_days).round();
        f.t0_err_days.hypot(n * f.period_err_days)
    });
    CandidateRow {
        index,
        period_days: head.period_days,
        period_err_days: converged.map(|f| f.period_err_days),
        t0_days: head.t0_days,
        t0_err_days: t0_err,
        t0_bjd_tdb: bjd_ref.map(|r| r + head.t0_days),
        duration_hours: found.duration_days * 24.0,
        depth_ppm: found.depth * 1e6,
        ephemeris_source: if converged.is_some() {
            EphemerisSource::Fit
        } else {
            EphemerisSource::Bls
        },
        bls_period_days: eph.period_days,
        bls_t0_days: eph.t0_days,
        bls_duration_hours: b.duration_days * 24.0,
        bls_depth_ppm: b.depth * 1e6,
        bls_depth_err_ppm: box_fit.depth_err * 1e6,
        snr: box_fit.depth_snr,
        sde,
        template_sde,
        fap: match template_sde {
            Some(t) => crate::fap::false_alarm_probability_template(t),
            None => crate::fap::false_alarm_probability(sde),
        },
        power: box_fit.power,
        n_transits: v.n_transits,
        odd_even_sigma: v.odd_even_sigma,
        secondary_snr: v.secondary_snr,
        snr_pink: v.snr_pink,
        rp_rs: fit.map(|f| f.params.rp),
        a_rs: fit.map(|f| f.params.a),
        impact: fit.map(|f| f.params.b),
        fit_depth_ppm: fit.map(|f| f.depth * 1e6),
        fit_converged: fit.is_some_and(|f| f.converged),
        significant,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Cancels from its `after`-th question on, counting every question.
    struct CancelAfter {
        after: u64,
        asked: AtomicU64,
    }

    impl orrery_core::progress::Progress for CancelAfter {
        fn is_cancelled(&self) -> bool {
            self.asked.fetch_add(1, Ordering::Relaxed) >= self.after
        }
    }

    #[test]
    fn cancel_stops_inside_the_periodogram() {
        // Two months of 2-minute white noise, 200,000 trial periods: tens
        // of seconds of periodogram in a debug build, seconds in release.
        let n = 40_000;
        let mut s: u64 = 3;
        let time: Vec<f64> = (0..n).map(|i| i as f64 * (2.0 / 1440.0)).collect();
        let flux: Vec<f64> = (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                1.0 + ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1e-3
            })
            .collect();
        let lc = LightCurve::from_arrays(time, flux, Some(vec![3e-4; n]));
        let n_periods = 200_000;
        let cfg = SearchConfig {
            periods_days: Some(
                (0..n_periods)
                    .map(|k| 1.0 + 20.0 * k as f64 / n_periods as f64)
                    .collect(),
            ),
            max_planets: 1,
            ..SearchConfig::default()
        };
        // Detrend and grid ask once each; then one question per period.
        let after = 2 + 300;
        let p = CancelAfter {
            after,
            asked: AtomicU64::new(0),
        };
        let start = Instant::now();
        let r = search_with(&lc, &cfg, &p);
        let elapsed = start.elapsed().as_secs_f64();
        assert!(
            matches!(r, Err(crate::error::TransitError::Cancelled)),
            "{:?}",
            r.map(|r| r.n_periods)
        );
        // The periodogram stopped near where the cancel came, far from the
        // end of the grid: at most a few periods per thread asked after it.
        let asked = p.asked.load(Ordering::Relaxed);
        assert!(
            asked < after + 5_000,
            "{asked} questions for a cancel after {after}"
        );
        assert!(elapsed < 5.0, "cancel took {elapsed} s");
    }

    #[test]
    fn cancelled_fit_gives_up() {
        let ld = crate::model::Quadratic { u1: 0.4, u2: 0.25 };
        let truth = crate::model::TransitParams {
            t0_days: 1.2,
            period_days: 3.5,
            rp: 0.1,
            a: 12.0,
            b: 0.3,
            ld,
        };
        let t: Vec<f64> = (0..4000).map(|i| i as f64 * 0.005).collect();
        let y: Vec<f64> = t.iter().map(|&x| truth.flux(x)).collect();
        let lc = LightCurve::from_arrays(t, y, Some(vec![1e-4; 4000]));
        let start = BoxTransit {
            ephemeris: Ephemeris::new(3.501, 1.205),
            duration_days: 0.12,
            depth: 0.009,
        };
        let opts = crate::fit::FitOptions::new(ld);
        let never = CancelAfter {
            after: u64::MAX,
            asked: AtomicU64::new(0),
        };
        assert!(crate::fit::fit_transit_with(&lc, &start, &opts, &never).is_some());
        let at_step_3 = CancelAfter {
            after: 3,
            asked: AtomicU64::new(0),
        };
        assert!(crate::fit::fit_transit_with(&lc, &start, &opts, &at_step_3).is_none());
        assert_eq!(at_step_3.asked.load(Ordering::Relaxed), 4);
    }
}
