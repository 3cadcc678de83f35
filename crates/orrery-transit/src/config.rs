//! The one configuration of a search: every threshold of every stage, with
//! what it is and why it has its default value.

use crate::bls::Objective;
use crate::error::{Result, TransitError};
use crate::model::Quadratic;
use crate::star::Star;
use crate::template::{Ranking, TemplateConfig};
use crate::vet::VetThresholds;

/// Default trial durations, hours: 1 to 10 h, finer where most planets are
/// (TLS and the Kepler pipeline both cover 1-10 h for FGK hosts).
pub const DEFAULT_DURATIONS_H: [f64; 10] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];

/// Settings of a search, stage by stage.
///
/// Times are days, fluxes relative. `SearchConfig::default()` is the
/// search the CLI runs without options.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    // --- grid ---
    /// Shortest trial period, days. 0.5 d: shorter orbits are rare and need
    /// boxes shorter than the default durations.
    pub period_min_days: f64,
    /// Longest trial period, days; `None`: half the baseline, so that a
    /// period has at least two transits.
    pub period_max_days: Option<f64>,
    /// Explicit trial periods (days), replacing the Ofir grid.
    pub periods_days: Option<Vec<f64>>,
    /// Trial durations, days ([`DEFAULT_DURATIONS_H`]).
    pub durations_days: Vec<f64>,
    /// Ofir grid oversampling (samples per duty cycle); 3 as TLS (Hippke &
    /// Heller 2019, sect. 2.4).
    pub grid_oversampling: f64,
    /// The host star (mass and radius for the Ofir grid, the duration cap
    /// and the density test).
    pub star: Star,
    // --- periodogram ---
    /// BLS objective.
    pub objective: Objective,
    /// Phase bins per shortest duration (astropy's `oversample`, 10).
    pub oversample: usize,
    /// Boxes longer than this multiple of the star's central-transit
    /// duration at each trial period are not tried; `None` tries every
    /// duration at every period (as astropy does). 3 covers unknown stellar
    /// radius and eccentricity; see [`crate::bls::DurationLimit`].
    pub duration_limit: Option<f64>,
    // --- detrend ---
    /// Detrending window, days; `None`: [`Self::detrend_window_factor`] ×
    /// the longest trial duration; `Some(0.0)`: no detrending.
    pub detrend_window_days: Option<f64>,
    /// Default window as a multiple of the longest duration: 3, wotan's
    /// recommendation (Hippke et al. 2019, AJ 158, 143, sect. 3.2), which
    /// keeps a transit from being eaten by the filter.
    pub detrend_window_factor: f64,
    /// Points more than this many robust sigmas *above* the trend are
    /// dropped (flares, cosmic rays; transits are dips and stay). 4σ drops
    /// 3e-5 of Gaussian points.
    pub clip_sigma: f64,
    /// At least this many points must remain after detrending: fewer cannot
    /// hold two transits and a baseline.
    pub min_points: usize,
    // --- peak and SDE ---
    /// Running-median kernel (samples) that flattens the spectrum before
    /// the SDE (TLS uses a running median too); 31 is wide next to a peak
    /// (a few samples) and narrow next to the slow rise of BLS power.
    pub sde_kernel: usize,
    /// A peak with SDE below this ends the multi-planet search: 7, Hippke &
    /// Heller (2019, A&A 623, A39, sect. 3.2).
    pub sde_threshold: f64,
    /// A candidate is significant only with an SDE of at least this (8.0),
    /// or an SNR of at least `strong_snr`. Chosen from the measured
    /// false-alarm rate: on 203 planet-free real Kepler/K2/TESS curves
    /// (flipped and scrambled, examples/false_alarm_real.rs) SDE ≥ 8 with
    /// `snr_pink` ≥ 7.1 and the vetting lets 1 curve (0.5 %) through, SDE ≥ 7
    /// 5 (2.5 %); the search itself goes on down to `sde_threshold`.
    pub significant_sde: f64,
    /// ... unless `snr_pink` is at least this (20): the SDE of a dominant
    /// signal is held down by its own aliases (HAT-P-7 b: SDE 7.1 at SNR
    /// 350), and no planet-free curve passed the vetting with SNR ≥ 20.
    pub strong_snr: f64,
    /// At most this many candidates per light curve.
    pub max_planets: usize,
    // --- ranking ---
    /// What picks each pass's candidate: the highest BLS peak (option A,
    /// [`Ranking::Box`]) or the top distinct BLS peaks rescored with
    /// limb-darkened templates (option B, [`Ranking::Template`], the
    /// default: on 220 injections into real curves it recovers 0.386 at a
    /// false-significant rate of 1/203 planet-free curves, option A 0.377 at
    /// the same rate, none of A's lost). The measurements are in docs/transit.md, "Template
    /// refinement: option A vs B".
    pub ranking: Ranking,
    /// Settings of the template refinement (option B).
    pub template: TemplateConfig,
    /// With [`Ranking::Template`], a candidate is significant only with a
    /// template SDE of at least this (7.5; or `snr_pink` ≥ `strong_snr`),
    /// in place of `significant_sde`. Chosen on the same 203 planet-free
    /// curves (examples/false_alarm_real.rs with `template`): at 7.5 one
    /// curve (0.5 %) gives a significant candidate, as `significant_sde` = 8
    /// does for box ranking; at 7.0, three.
    pub template_significant_sde: f64,
    // --- refine ---
    /// Periods tried between the grid neighbours of the peak (41: finer
    /// than the grid by an order of magnitude).
    pub refine_points: usize,
    /// The refinement bins phase this many times finer than the search.
    pub refine_oversample_factor: usize,
    /// Half-width of the periods tried around 2P by the period-doubling
    /// check, relative (2e-3: a grid step or two at P ~ 10 d).
    pub doubling_span: f64,
    /// 2P replaces P when its power is at least this fraction of P's
    /// (0.98) ...
    pub doubling_power_ratio: f64,
    /// ... and its depth this fraction of P's (0.95): every other transit of
    /// P falls in a gap, so 2P explains the same dips.
    pub doubling_depth_ratio: f64,
    // --- fit ---
    /// Fit a Mandel & Agol model to each candidate.
    pub fit: bool,
    /// Quadratic limb darkening used by the fit (0.4, 0.25: a Sun-like star
    /// in the Kepler/TESS bands, Claret 2017).
    pub ld: Quadratic,
    /// Cadences longer than this (days) are integrated over the exposure
    /// in the fit: 0.007 d (10 min) separates Kepler/K2 long cadence
    /// (29.4 min) and TESS FFIs from 1-2-min cadences.
    pub supersample_above_days: f64,
    /// Sub-samples per exposure when integrating (7: Kipping 2010 shows
    /// ~5-10 keep long-cadence errors below 1e-5).
    pub supersample: usize,
    /// The fit uses points within this many box durations of a transit
    /// (1.5: the whole transit plus a baseline either side).
    pub fit_window_durations: f64,
    /// A fit is accepted only if its period is within this fraction of the
    /// box's (1 %): a fit that wanders further found another signal.
    pub fit_period_tolerance: f64,
    // --- mask ---
    /// Found transits are masked within this many box durations of
    /// mid-transit (1: twice the box, which covers ingress and egress)
    /// before the next search, and before re-detrending for the fit.
    pub mask_half_width_durations: f64,
    // --- vet ---
    /// The false-positive tests' thresholds.
    pub vet: VetThresholds,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            period_min_days: 0.5,
            period_max_days: None,
            periods_days: None,
            durations_days: DEFAULT_DURATIONS_H.iter().map(|h| h / 24.0).collect(),
            grid_oversampling: 3.0,
            star: Star::SUN,
            objective: Objective::Likelihood,
            oversample: 10,
            duration_limit: Some(3.0),
            detrend_window_days: None,
            detrend_window_factor: 3.0,
            clip_sigma: 4.0,
            min_points: 50,
            sde_kernel: 31,
            sde_threshold: 7.0,
            significant_sde: 8.0,
            strong_snr: 20.0,
            max_planets: 5,
            ranking: Ranking::Template,
            template: TemplateConfig::default(),
            template_significant_sde: 7.5,
            refine_points: 41,
            refine_oversample_factor: 3,
            doubling_span: 2e-3,
            doubling_power_ratio: 0.98,
            doubling_depth_ratio: 0.95,
            fit: true,
            ld: Quadratic { u1: 0.4, u2: 0.25 },
            supersample_above_days: 0.007,
            supersample: 7,
            fit_window_durations: 1.5,
            fit_period_tolerance: 0.01,
            mask_half_width_durations: 1.0,
            vet: VetThresholds::default(),
        }
    }
}

impl SearchConfig {
    /// Longest trial duration, days (0 if none).
    pub fn longest_duration_days(&self) -> f64 {
        self.durations_days.iter().copied().fold(0.0, f64::max)
    }

    /// The detrending window in use, days (0: none).
    pub fn window_days(&self) -> f64 {
        self.detrend_window_days
            .unwrap_or(self.detrend_window_factor * self.longest_duration_days())
    }

    /// Checks every setting; the error names the field and the value.
    pub fn validate(&self) -> Result<()> {
        let bad = |setting: &'static str, value: f64, expected: &'static str| {
            Err(TransitError::Setting {
                setting,
                value,
                expected,
            })
        };
        if self.durations_days.is_empty() {
            return Err(TransitError::EmptyGrid { what: "duration" });
        }
        if let Some(d) = self
            .durations_days
            .iter()
            .find(|d| !(d.is_finite() && **d > 0.0))
        {
            return bad("durations_days", *d, "finite and > 0");
        }
        if !(self.period_min_days > 0.0) {
            return bad("period_min_days", self.period_min_days, "> 0");
        }
        if let Some(p) = self.period_max_days {
            if !(p > self.period_min_days) || !p.is_finite() {
                return bad("period_max_days", p, "finite and > period_min_days");
            }
        }
        if !self.star.is_valid() {
            return Err(TransitError::BadStar {
                mass_msun: self.star.mass_msun,
                radius_rsun: self.star.radius_rsun,
            });
        }
        if let Some(w) = self.detrend_window_days {
            if !(w >= 0.0) || !w.is_finite() {
                return bad("detrend_window_days", w, "finite and >= 0 (0: none)");
            }
        }
        if let Some(f) = self.duration_limit {
            if !(f > 0.0) {
                return bad("duration_limit", f, "> 0, or None for no limit");
            }
        }
        if !(self.grid_oversampling > 0.0) {
            return bad("grid_oversampling", self.grid_oversampling, "> 0");
        }
        if self.sde_threshold.is_nan() {
            return bad("sde_threshold", self.sde_threshold, "a number");
        }
        if self.clip_sigma.is_nan() {
            return bad(
                "clip_sigma",
                self.clip_sigma,
                "a number (<= 0: no clipping)",
            );
        }
        for (name, u) in [("ld.u1", self.ld.u1), ("ld.u2", self.ld.u2)] {
            if !u.is_finite() {
                return bad(name, u, "finite");
            }
        }
        Ok(())
    }
}
