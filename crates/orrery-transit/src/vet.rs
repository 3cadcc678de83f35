//! Vetting statistics of a box-shaped transit candidate: per-transit depths,
//! number of transits with data, odd/even depth difference, and a search for a
//! secondary eclipse at phase 0.5 (the usual false-positive checks for
//! eclipsing binaries; cf. Thompson et al. 2018, ApJS 235, 38, sect. 3).

use crate::lightcurve::{median, robust_std, LightCurve};
use crate::phase::Ephemeris;
use crate::star::Star;
use serde::Serialize;

/// One transit epoch.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TransitDepth {
    /// Epoch number (0 = the reference transit).
    pub epoch: i64,
    /// Predicted mid-transit time, days (light curve's time system).
    pub time_days: f64,
    /// Points inside the box.
    pub n_points: usize,
    /// Depth (out-of-transit mean − in-transit weighted mean), relative flux.
    pub depth: f64,
    /// 1-sigma uncertainty of `depth`.
    pub depth_err: f64,
    /// Points in the box / points a full box holds at the median cadence.
    pub coverage: f64,
    /// Whether the transit is whole: coverage ≥ [`MIN_COVERAGE`] and data
    /// within one duration before and after the box (not at an edge or gap).
    pub clean: bool,
}

/// Depth and uncertainty.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct Depth {
    /// Depth, relative flux (positive = dimming).
    pub depth: f64,
    /// 1-sigma uncertainty.
    pub depth_err: f64,
}

/// Vetting results.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Vetting {
    /// Transits with at least one point in the box.
    pub n_transits: usize,
    /// Per-transit depths.
    pub transits: Vec<TransitDepth>,
    /// Depth from odd epochs (central half of each transit).
    pub depth_odd: Depth,
    /// Depth from even epochs (central half of each transit).
    pub depth_even: Depth,
    /// |odd − even| / combined sigma.
    pub odd_even_sigma: f64,
    /// Box of the same duration at phase 0.5.
    pub secondary: Depth,
    /// `secondary.depth / secondary.depth_err`.
    pub secondary_snr: f64,
    /// White noise per point: robust scatter out of transit, relative flux.
    pub white_noise: f64,
    /// Red noise on the transit-duration timescale (Pont, Zucker & Queloz
    /// 2006, MNRAS 373, 231, eq. 1): scatter of duration-long bin means
    /// beyond what white noise gives, relative flux.
    pub red_noise: f64,
    /// Transit SNR with white and red noise, `δ / sqrt(σ_w²/n + σ_r²/N_tr)`
    /// (Pont et al. 2006 eq. 12), `n` points in transit over `N_tr` transits.
    pub snr_pink: f64,
}

fn weighted_mean(iter: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    let (mut s, mut w) = (0.0, 0.0);
    for (y, wi) in iter {
        s += y * wi;
        w += wi;
    }
    (w > 0.0).then(|| (s / w, w))
}

/// Computes the vetting statistics of the box `duration_days` long at the
/// ephemeris `eph` on a detrended light curve (relative flux; its
/// `flux_err`, or the robust scatter when it has none, weight the points).
pub fn vet(lc: &LightCurve, eph: &Ephemeris, duration_days: f64) -> Vetting {
    let (t, y) = (&lc.time[..], &lc.flux[..]);
    let dy = lc.errors_or_scatter();
    let period = eph.period_days;
    let duration = duration_days;
    let half = 0.5 * duration;
    let w = |i: usize| 1.0 / (dy[i] * dy[i]);
    let n = t.len().min(y.len()).min(dy.len());
    // Out of transit: away from both the transit and phase 0.5.
    let outside = |i: usize| {
        let ph = eph.offset(t[i]).abs();
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
    let in_box = |i: usize| eph.in_transit(t[i], half);
    // Odd and even depths from the central half of each transit: ingress and
    // egress (and a transit cut by a gap) would otherwise make depths of the
    // same planet differ (the Robovetter compares fitted depths for the same
    // reason; Thompson et al. 2018, app. A.3.1).
    let core = |i: usize| eph.in_transit(t[i], 0.5 * half);
    let odd = depth_of(&|i| core(i) && eph.epoch(t[i]).rem_euclid(2) == 1);
    let even = depth_of(&|i| core(i) && eph.epoch(t[i]).rem_euclid(2) == 0);
    let odd_even_sigma = (odd.depth - even.depth).abs() / odd.depth_err.hypot(even.depth_err);
    let secondary = depth_of(&|i| (eph.offset(t[i]).abs() - 0.5 * period).abs() < half);
    let mut transits: Vec<TransitDepth> = Vec::new();
    let (first, last) = match (t.first(), t.last()) {
        (Some(a), Some(b)) => (eph.epoch(*a), eph.epoch(*b)),
        _ => (0, -1),
    };
    let cadence = {
        let mut d: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
        crate::lightcurve::median_in_place(&mut d)
    };
    let full = if cadence > 0.0 {
        duration / cadence
    } else {
        f64::INFINITY
    };
    for e in first..=last {
        let tc = eph.transit_time(e);
        let sel = |i: usize| (t[i] - tc).abs() < half;
        // Points of the transit window, found by bisection (t is sorted).
        let lo = t.partition_point(|&x| x < tc - half - duration);
        let hi = t.partition_point(|&x| x < tc + half + duration);
        let k = (lo..hi).filter(|&i| sel(i)).count();
        if k > 0 {
            let d = depth_of(&sel);
            let before = (lo..hi).filter(|&i| t[i] <= tc - half).count();
            let after = (lo..hi).filter(|&i| t[i] >= tc + half).count();
            let side = (0.2 * full).max(2.0);
            let coverage = k as f64 / full;
            transits.push(TransitDepth {
                epoch: e,
                time_days: tc,
                n_points: k,
                depth: d.depth,
                depth_err: d.depth_err,
                coverage,
                clean: coverage >= MIN_COVERAGE && before as f64 >= side && after as f64 >= side,
            });
        }
    }
    // White and red noise from the out-of-transit points (Pont et al. 2006).
    let out_y: Vec<f64> = (0..n).filter(|&i| outside(i)).map(|i| y[i]).collect();
    // Noise-free (synthetic) data: fall back on the stated errors.
    let white = match robust_std(&out_y) {
        s if s > 0.0 => s,
        _ => median(&dy),
    };
    let mut means = Vec::new();
    let mut counts = 0usize;
    let mut i = 0;
    let idx: Vec<usize> = (0..n).filter(|&i| outside(i)).collect();
    while i < idx.len() {
        let start = t[idx[i]];
        let mut j = i;
        let mut sum = 0.0;
        while j < idx.len() && t[idx[j]] < start + duration {
            sum += y[idx[j]];
            j += 1;
        }
        let k = j - i;
        if k >= 3 {
            means.push(sum / k as f64);
            counts += k;
        }
        i = j.max(i + 1);
    }
    let red = if means.len() >= 5 {
        let per_bin = counts as f64 / means.len() as f64;
        let binned = robust_std(&means);
        (binned * binned - white * white / per_bin).max(0.0).sqrt()
    } else {
        0.0
    };
    let all = depth_of(&in_box);
    let n_in = (0..n).filter(|&i| in_box(i)).count();
    let n_tr = transits.len();
    let snr_pink = if n_in > 0 && n_tr > 0 {
        let var = white * white / n_in as f64 + red * red / n_tr as f64;
        if var > 0.0 {
            all.depth / var.sqrt()
        } else {
            0.0
        }
    } else {
        0.0
    };
    Vetting {
        n_transits: transits.len(),
        transits,
        white_noise: white,
        red_noise: red,
        snr_pink: if snr_pink.is_finite() { snr_pink } else { 0.0 },
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

/// A failed false-positive test. A candidate with any flag is reported as
/// not significant, whatever its SDE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Transit SNR with red noise (`snr_pink`) below [`MIN_SNR`].
    LowSnr,
    /// SDE below [`crate::SearchConfig::significant_sde`] (template SDE
    /// below [`crate::SearchConfig::template_significant_sde`] under
    /// template ranking) and SNR below [`crate::SearchConfig::strong_snr`]:
    /// a peak that noise without a transit reaches too often (set by the
    /// measured false-alarm rate).
    LowSde,
    /// Fewer than [`MIN_TRANSITS`] transits have data.
    TooFewTransits,
    /// One transit carries more than [`MAX_SINGLE_EVENT_SHARE`] of the
    /// signal (Σ per-transit SNR²): a single event (or a systematic) aliased
    /// to a period.
    SingleEvent,
    /// Odd and even transit depths differ by more than [`ODD_EVEN_SIGMA`]
    /// sigma and [`ODD_EVEN_FRACTION`] of the depth: an eclipsing binary at
    /// twice the period.
    OddEven,
    /// A dimming at phase 0.5 of more than [`SECONDARY_SIGMA`] sigma and
    /// [`SECONDARY_FRACTION`] of the depth: an eclipsing binary.
    SecondaryEclipse,
    /// A brightening at phase 0.5 of more than [`SECONDARY_SIGMA`] sigma and
    /// [`BRIGHTENING_FRACTION`] of the depth: the "transit" is the low half
    /// of a periodic variation, not an occultation.
    Variability,
    /// The transit model does not converge to a transit (fit failed, zero
    /// depth or grazing nonsense).
    NoModelFit,
    /// Fitted model depth and box depth disagree by more than a factor
    /// [`DEPTH_RATIO_MAX`]: the box did not catch a transit-shaped dip.
    DepthMismatch,
    /// Stellar density implied by the fitted a/R* and period is outside
    /// [`DENSITY_RATIO_MIN`, `DENSITY_RATIO_MAX`] times the assumed star's.
    StellarDensity,
    /// Fewer than [`MIN_TRANSITS`] transits are whole: the others sit at the
    /// edge of the data or of a gap, or are mostly missing, where ramps and
    /// momentum dumps make dips (Robovetter's "transits in gaps/edges"
    /// metric; Thompson et al. 2018, app. A.3.3).
    GapEdge,
}

/// The false-positive tests' thresholds. Defaults are the constants below,
/// each with its reason.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VetThresholds {
    /// Minimum `snr_pink` ([`MIN_SNR`]).
    pub min_snr: f64,
    /// Minimum transits with data ([`MIN_TRANSITS`]).
    pub min_transits: usize,
    /// Largest share of Σ SNR² one transit may carry ([`MAX_SINGLE_EVENT_SHARE`]).
    pub max_single_event_share: f64,
    /// Odd/even difference significance ([`ODD_EVEN_SIGMA`]).
    pub odd_even_sigma: f64,
    /// Odd/even difference relative to the depth ([`ODD_EVEN_FRACTION`]).
    pub odd_even_fraction: f64,
    /// Phase-0.5 event significance ([`SECONDARY_SIGMA`]).
    pub secondary_sigma: f64,
    /// Secondary depth relative to the primary ([`SECONDARY_FRACTION`]).
    pub secondary_fraction: f64,
    /// Phase-0.5 brightening relative to the depth ([`BRIGHTENING_FRACTION`]).
    pub brightening_fraction: f64,
    /// Largest model/box depth ratio ([`DEPTH_RATIO_MAX`]).
    pub depth_ratio_max: f64,
    /// Smallest fitted/assumed density ratio ([`DENSITY_RATIO_MIN`]).
    pub density_ratio_min: f64,
    /// Largest fitted/assumed density ratio ([`DENSITY_RATIO_MAX`]).
    pub density_ratio_max: f64,
}

impl Default for VetThresholds {
    fn default() -> Self {
        VetThresholds {
            min_snr: MIN_SNR,
            min_transits: MIN_TRANSITS,
            max_single_event_share: MAX_SINGLE_EVENT_SHARE,
            odd_even_sigma: ODD_EVEN_SIGMA,
            odd_even_fraction: ODD_EVEN_FRACTION,
            secondary_sigma: SECONDARY_SIGMA,
            secondary_fraction: SECONDARY_FRACTION,
            brightening_fraction: BRIGHTENING_FRACTION,
            depth_ratio_max: DEPTH_RATIO_MAX,
            density_ratio_min: DENSITY_RATIO_MIN,
            density_ratio_max: DENSITY_RATIO_MAX,
        }
    }
}

/// Minimum transit SNR with white and red noise: 7.1, the Kepler
/// pipeline's detection threshold (Jenkins et al. 2010, ApJ 713, L87).
/// With [`crate::SearchConfig::significant_sde`] it sets the measured
/// false-alarm rate (docs/transit.md, examples/false_alarm_real.rs).
pub const MIN_SNR: f64 = 7.1;
/// Minimum transits with data (a period needs two events).
pub const MIN_TRANSITS: usize = 2;
/// A transit counts as whole when at least this fraction of its box has
/// data (and there are data on both sides): half the box shows the dip's
/// depth and both ends of it.
pub const MIN_COVERAGE: f64 = 0.5;
/// Largest share of Σ SNR² one transit may carry.
pub const MAX_SINGLE_EVENT_SHARE: f64 = 0.8;
/// Odd/even difference significance threshold.
pub const ODD_EVEN_SIGMA: f64 = 3.0;
/// ... and relative size threshold (of the mean depth).
pub const ODD_EVEN_FRACTION: f64 = 0.2;
/// Phase-0.5 event significance threshold.
pub const SECONDARY_SIGMA: f64 = 3.0;
/// Secondary eclipse deeper than this fraction of the primary: EB (planet
/// occultations are at most ~1e-2 of the transit depth in visible light).
pub const SECONDARY_FRACTION: f64 = 0.1;
/// Phase-0.5 brightening larger than this fraction of the depth: variability.
pub const BRIGHTENING_FRACTION: f64 = 0.5;
/// Model depth / box depth must lie within [1/x, x]. A box as long as the
/// transit averages over ingress, egress and limb darkening, so the model's
/// central depth is 1.0–1.5 times the box depth for real planets.
pub const DEPTH_RATIO_MAX: f64 = 2.0;
/// Fitted / assumed stellar density must lie within
/// [`DENSITY_RATIO_MIN`, `DENSITY_RATIO_MAX`]: wide, since the default star
/// is the Sun while hosts range from subgiants (~0.1 ρ☉) to late M dwarfs
/// (TRAPPIST-1: ~50 ρ☉).
pub const DENSITY_RATIO_MIN: f64 = 0.04;
/// Upper bound of the density ratio.
pub const DENSITY_RATIO_MAX: f64 = 60.0;

/// What the false-positive tests need to know about a candidate.
#[derive(Debug, Clone, Copy)]
pub struct CandidateSummary {
    /// Period, days.
    pub period_days: f64,
    /// Box depth, relative flux.
    pub box_depth: f64,
    /// Fitted model: (central depth, a/R*), when a fit was attempted and
    /// converged; `None` with `fitted = true` means the fit failed.
    pub model: Option<(f64, f64)>,
    /// Whether a model fit was attempted.
    pub fitted: bool,
    /// The assumed host star.
    pub star: Star,
}

/// The false-positive tests, after the Kepler Robovetter (Thompson et al.
/// 2018, ApJS 235, 38, appendix A: transit count, individual-transit
/// dominance, odd/even depth, secondary eclipse, model vs. data) and DAVE
/// (Kostov et al. 2019, AJ 157, 124: Modshift's phase-0.5 and positive
/// events, and the fitted stellar density), with thresholds `th`.
pub fn false_positive_flags(v: &Vetting, c: &CandidateSummary, th: &VetThresholds) -> Vec<Flag> {
    let mut flags = Vec::new();
    if v.snr_pink < th.min_snr {
        flags.push(Flag::LowSnr);
    }
    if v.n_transits < th.min_transits {
        flags.push(Flag::TooFewTransits);
    } else if v.transits.iter().filter(|x| x.clean).count() < th.min_transits {
        flags.push(Flag::GapEdge);
    }
    let snr2: Vec<f64> = v
        .transits
        .iter()
        .filter(|x| x.depth > 0.0 && x.depth_err > 0.0)
        .map(|x| (x.depth / x.depth_err).powi(2))
        .collect();
    let total: f64 = snr2.iter().sum();
    let top = snr2.iter().copied().fold(0.0, f64::max);
    if v.n_transits >= th.min_transits && total > 0.0 && top > th.max_single_event_share * total {
        flags.push(Flag::SingleEvent);
    }
    let mean_depth = 0.5 * (v.depth_odd.depth + v.depth_even.depth);
    if v.odd_even_sigma > th.odd_even_sigma
        && (v.depth_odd.depth - v.depth_even.depth).abs() > th.odd_even_fraction * mean_depth.abs()
    {
        flags.push(Flag::OddEven);
    }
    let d = c.box_depth;
    if v.secondary_snr > th.secondary_sigma && v.secondary.depth > th.secondary_fraction * d {
        flags.push(Flag::SecondaryEclipse);
    }
    if v.secondary_snr < -th.secondary_sigma && -v.secondary.depth > th.brightening_fraction * d {
        flags.push(Flag::Variability);
    }
    if c.fitted {
        match c.model {
            Some((depth, a)) if depth > 0.0 && d > 0.0 => {
                let r = depth / d;
                if !(1.0 / th.depth_ratio_max..=th.depth_ratio_max).contains(&r) {
                    flags.push(Flag::DepthMismatch);
                }
                let rho = c.star.density_ratio(c.period_days, a);
                if !(th.density_ratio_min..=th.density_ratio_max).contains(&rho) {
                    flags.push(Flag::StellarDensity);
                }
            }
            _ => flags.push(Flag::NoModelFit),
        }
    }
    flags
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
        let lc = LightCurve::from_arrays(t, y, Some(vec![1e-3; 5000]));
        let v = vet(&lc, &Ephemeris::new(p, 0.0), 0.08);
        assert_eq!(v.n_transits, 26);
        assert!((v.depth_even.depth - 0.01).abs() < 1e-9);
        assert!((v.depth_odd.depth - 0.005).abs() < 1e-9);
        assert!(v.odd_even_sigma > 10.0);
        assert!((v.secondary.depth - 0.002).abs() < 1e-9);
        assert!(v.secondary_snr > 10.0);
        let c = CandidateSummary {
            period_days: p,
            box_depth: 0.0075,
            model: Some((0.0075, 5.0)),
            fitted: true,
            star: Star::SUN,
        };
        // 26 transits of 0.0075 depth, points 1e-3 white: SNR ≫ 7.1.
        assert!(
            v.snr_pink > 50.0 && v.red_noise < 1e-4,
            "{} {}",
            v.snr_pink,
            v.red_noise
        );
        let f = false_positive_flags(&v, &c, &VetThresholds::default());
        assert!(
            f.contains(&Flag::OddEven) && f.contains(&Flag::SecondaryEclipse),
            "{f:?}"
        );
    }

    fn planet_like(depths: &[f64]) -> Vetting {
        let transits = depths
            .iter()
            .enumerate()
            .map(|(e, &d)| TransitDepth {
                epoch: e as i64,
                time_days: e as f64,
                n_points: 10,
                depth: d,
                depth_err: 1e-4,
                coverage: 1.0,
                clean: true,
            })
            .collect::<Vec<_>>();
        let dd = Depth {
            depth: 1e-3,
            depth_err: 1e-4,
        };
        Vetting {
            n_transits: transits.len(),
            transits,
            depth_odd: dd,
            depth_even: dd,
            odd_even_sigma: 0.0,
            secondary: Depth {
                depth: 0.0,
                depth_err: 1e-4,
            },
            secondary_snr: 0.0,
            white_noise: 1e-4,
            red_noise: 0.0,
            snr_pink: 10.0,
        }
    }

    #[test]
    fn each_rule_fires_alone() {
        let false_positive_flags = |v: &Vetting, c: &CandidateSummary| {
            false_positive_flags(v, c, &VetThresholds::default())
        };
        let ok = CandidateSummary {
            period_days: 3.0,
            box_depth: 1e-3,
            model: Some((1.2e-3, 8.0)),
            fitted: true,
            star: Star::SUN,
        };
        let v = planet_like(&[1e-3, 1e-3, 1e-3]);
        assert_eq!(false_positive_flags(&v, &ok), vec![]);
        assert_eq!(
            false_positive_flags(&planet_like(&[1e-3]), &ok),
            vec![Flag::TooFewTransits]
        );
        assert_eq!(
            false_positive_flags(&planet_like(&[3e-3, 1e-4, 1e-4, 2e-4]), &ok),
            vec![Flag::SingleEvent]
        );
        let mut edges = planet_like(&[1e-3, 1e-3, 1e-3]);
        edges.transits[0].clean = false;
        edges.transits[2].clean = false;
        assert_eq!(false_positive_flags(&edges, &ok), vec![Flag::GapEdge]);
        let mut sec = planet_like(&[1e-3, 1e-3]);
        sec.secondary = Depth {
            depth: -8e-4,
            depth_err: 1e-4,
        };
        sec.secondary_snr = -8.0;
        assert_eq!(false_positive_flags(&sec, &ok), vec![Flag::Variability]);
        let mut faint = planet_like(&[1e-3, 1e-3, 1e-3]);
        faint.snr_pink = 5.0;
        assert_eq!(false_positive_flags(&faint, &ok), vec![Flag::LowSnr]);
        let deep = CandidateSummary {
            model: Some((3.5e-3, 8.0)),
            ..ok
        };
        assert_eq!(false_positive_flags(&v, &deep), vec![Flag::DepthMismatch]);
        let grazing = CandidateSummary {
            model: Some((0.0, 1.0)),
            ..ok
        };
        assert_eq!(false_positive_flags(&v, &grazing), vec![Flag::NoModelFit]);
        let puffy = CandidateSummary {
            model: Some((1.2e-3, 1.2)),
            ..ok
        };
        assert_eq!(false_positive_flags(&v, &puffy), vec![Flag::StellarDensity]);
        let unfitted = CandidateSummary {
            model: None,
            fitted: false,
            ..ok
        };
        assert_eq!(false_positive_flags(&v, &unfitted), vec![]);
    }
}
