//! A search result as the series a picture of it needs: the light curve before and
//! after detrending, the periodogram, and each candidate's folded transit with its
//! fitted model, reduced to at most a given number of points (a browser or a notebook
//! need not receive 100,000 points to draw a 1000-pixel plot).

use crate::lightcurve::LightCurve;
use crate::phase::Ephemeris;
use crate::search::SearchResult;
use serde::Serialize;

/// Times and fluxes.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Series {
    /// Times, days in the light curve's time system.
    pub time_days: Vec<f64>,
    /// Relative flux.
    pub flux: Vec<f64>,
}

/// A periodogram.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Periodogram {
    /// Trial periods, days.
    pub periods_days: Vec<f64>,
    /// BLS power (the largest within each reduced bin).
    pub power: Vec<f64>,
    /// Power in SDE units.
    pub sde: Vec<f64>,
}

/// One candidate's data folded on its headline ephemeris.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Fold {
    /// 1-based candidate index.
    pub index: usize,
    /// Period folded on, days.
    pub period_days: f64,
    /// Mid-transit time, days.
    pub t0_days: f64,
    /// Hours from mid-transit of each point (within ±3 durations).
    pub phase_hours: Vec<f64>,
    /// Their detrended relative flux.
    pub flux: Vec<f64>,
    /// Hours of the model curve.
    pub model_hours: Vec<f64>,
    /// The fitted model's flux (empty without a fit).
    pub model_flux: Vec<f64>,
    /// Mid-transit times of the individual transits, days.
    pub transit_times_days: Vec<f64>,
}

/// What the plots of a search show.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SearchView {
    /// The light curve as read (normalised), reduced.
    pub raw: Series,
    /// The detrended light curve searched, reduced.
    pub detrended: Series,
    /// The first pass's periodogram, reduced.
    pub periodogram: Periodogram,
    /// Each candidate folded.
    pub folds: Vec<Fold>,
}

/// Every k-th point so that at most `max` remain.
fn thin(lc: &LightCurve, max: usize) -> Series {
    let k = lc.len().div_ceil(max.max(1)).max(1);
    Series {
        time_days: lc.time.iter().step_by(k).copied().collect(),
        flux: lc.flux.iter().step_by(k).copied().collect(),
    }
}

/// The plots' data of `result`, searched from `raw`, with at most `max_points` per series.
///
/// ```
/// use orrery_transit::{sample, search, view::search_view, SearchConfig};
/// let lc = sample::light_curve()?;
/// let r = search(&lc, &SearchConfig { period_max_days: Some(5.0), max_planets: 1, ..Default::default() })?;
/// let v = search_view(&lc, &r, 2000);
/// assert!(v.raw.flux.len() <= 2000 && v.periodogram.power.len() <= 2000);
/// assert!(!v.folds[0].model_flux.is_empty()); // WASP-126 b's fit
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn search_view(raw: &LightCurve, result: &SearchResult, max_points: usize) -> SearchView {
    let periodogram = result
        .spectra
        .first()
        .map_or_else(Periodogram::default, |s| {
            let n = s.periods_days.len();
            let k = n.div_ceil(max_points.max(1)).max(1);
            let mut p = Periodogram::default();
            for start in (0..n).step_by(k) {
                let end = (start + k).min(n);
                // Keep each bin's peak, so a narrow peak survives the reduction.
                let best = (start..end)
                    .max_by(|&a, &b| s.power[a].total_cmp(&s.power[b]))
                    .unwrap_or(start);
                p.periods_days.push(s.periods_days[best]);
                p.power.push(s.power[best]);
                p.sde.push(s.sde.get(best).copied().unwrap_or(f64::NAN));
            }
            p
        });
    let lc = &result.detrended;
    let folds = result
        .candidates
        .iter()
        .map(|c| {
            let eph = Ephemeris::new(c.summary.period_days, c.summary.t0_days);
            let span_h = (3.0 * c.summary.duration_hours).min(12.0 * eph.period_days);
            let (mut ph, mut fl) = (Vec::new(), Vec::new());
            for (&t, &f) in lc.time.iter().zip(&lc.flux) {
                let h = eph.offset(t) * 24.0;
                if h.abs() <= span_h {
                    ph.push(h);
                    fl.push(f);
                }
            }
            let k = ph.len().div_ceil(max_points.max(1)).max(1);
            let model_hours: Vec<f64> = (0..=400)
                .map(|i| -span_h + 2.0 * span_h * i as f64 / 400.0)
                .collect();
            let model_flux = c.fit.as_ref().map_or_else(Vec::new, |f| {
                let p = f.params;
                model_hours
                    .iter()
                    .map(|h| p.flux(p.t0_days + h / 24.0))
                    .collect()
            });
            Fold {
                index: c.summary.index,
                period_days: eph.period_days,
                t0_days: eph.t0_days,
                phase_hours: ph.into_iter().step_by(k).collect(),
                flux: fl.into_iter().step_by(k).collect(),
                model_hours,
                model_flux,
                transit_times_days: c.vetting.transits.iter().map(|t| t.time_days).collect(),
            }
        })
        .collect();
    SearchView {
        raw: thin(raw, max_points),
        detrended: thin(lc, max_points),
        periodogram,
        folds,
    }
}
