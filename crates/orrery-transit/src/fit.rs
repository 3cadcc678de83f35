//! Least-squares fit of the Mandel & Agol transit model (circular orbit,
//! fixed quadratic limb darkening) for t0, period, Rp/Rs, a/Rs and impact
//! parameter, by Levenberg–Marquardt (Press et al., Numerical Recipes 3rd ed.,
//! sect. 15.5.2) with the chain rule through the sky separation z for the derivatives
//! (analytic ∂z, forward differences of the flux in z and Rp/R*), stopping when χ² improves
//! by less than 1e-7 relative or a step moves no parameter by 1e-3 of its uncertainty.
//! Impact parameter enters as b², bounded at 0 as an active constraint (see `params_from`).
//! Uncertainties are the square roots of the covariance diagonal, scaled by the reduced χ².

// Small dense matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

use crate::lightcurve::LightCurve;
use crate::model::{Quadratic, TransitParams};
use crate::phase::BoxTransit;
use rayon::prelude::*;
use serde::Serialize;

/// A fitted transit.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TransitFit {
    /// Best-fit parameters.
    pub params: TransitParams,
    /// 1-sigma uncertainty of the mid-transit time, days.
    pub t0_err_days: f64,
    /// Period uncertainty, days.
    pub period_err_days: f64,
    /// Rp/Rs uncertainty.
    pub rp_err: f64,
    /// a/Rs uncertainty.
    pub a_err: f64,
    /// Impact-parameter uncertainty.
    pub b_err: f64,
    /// Model depth at mid-transit, 1 − F(z = b), relative flux.
    pub depth: f64,
    /// Total duration T14, days.
    pub t14_days: f64,
    /// Reduced χ² of the fit.
    pub chi2_red: f64,
    /// Points used (within `window_durations` box durations of a transit).
    pub n_points: usize,
    /// Levenberg–Marquardt steps taken.
    pub iterations: usize,
    /// Whether χ² stopped improving (relative change below `rel_tol`)
    /// within `max_iterations`, with a finite covariance.
    pub converged: bool,
}

/// Settings of the fit.
#[derive(Debug, Clone, Copy)]
pub struct FitOptions {
    /// Fixed quadratic limb darkening.
    pub ld: Quadratic,
    /// Exposure time over which each model point is integrated, days (0: none).
    pub exposure_days: f64,
    /// Sub-samples per exposure (1: instantaneous).
    pub supersample: usize,
    /// Points within this many box durations of a mid-transit enter the fit.
    pub window_durations: f64,
    /// Most Levenberg–Marquardt steps (200: most fits converge in 5–40, but
    /// long-cadence fits crawl along the a/R*–b valley; K2-3 b needs ~70).
    pub max_iterations: usize,
    /// Stop when χ² improves by less than this, relative (1e-7).
    pub rel_tol: f64,
    /// Or when a step moves every parameter by less than this fraction of
    /// its 1σ uncertainty (1e-3).
    pub step_tol: f64,
}

impl FitOptions {
    /// Limb darkening `ld`, no exposure integration, a ±1.5-duration window,
    /// 200 steps, 1e-7 relative χ² and 1e-3 σ step tolerances.
    pub fn new(ld: Quadratic) -> Self {
        FitOptions {
            ld,
            exposure_days: 0.0,
            supersample: 1,
            window_durations: 1.5,
            max_iterations: 200,
            rel_tol: 1e-7,
            step_tol: 1e-3,
        }
    }
}

const NP: usize = 5;

/// The model parameters of fit vector `x` = (t0, P, Rp/R*, a/R*, b²).
///
/// The fit varies b² rather than b: the flux depends on b only through
/// z² = a² sin²φ + b² cos²φ, so ∂F/∂b = 0 at b = 0, where a fit in b
/// crawls towards the boundary (tens of steps) and its covariance blows up;
/// in b² the boundary is a plain bound (b² ≥ 0), reached in one projected
/// step, with a finite derivative.
fn params_from(x: &[f64; NP], ld: Quadratic) -> TransitParams {
    TransitParams {
        t0_days: x[0],
        period_days: x[1],
        rp: x[2].abs(),
        a: x[3].abs().max(1.0001),
        b: x[4].max(0.0).sqrt(),
        ld,
    }
}

/// Solves `m · x = v` (5×5) by Gaussian elimination with partial pivoting.
fn solve(mut m: [[f64; NP]; NP], mut v: [f64; NP]) -> Option<[f64; NP]> {
    for c in 0..NP {
        let piv = (c..NP).max_by(|&i, &j| m[i][c].abs().total_cmp(&m[j][c].abs()))?;
        if m[piv][c].abs() < 1e-300 {
            return None;
        }
        m.swap(c, piv);
        v.swap(c, piv);
        for r in c + 1..NP {
            let f = m[r][c] / m[c][c];
            for k in c..NP {
                m[r][k] -= f * m[c][k];
            }
            v[r] -= f * v[c];
        }
    }
    let mut x = [0.0; NP];
    for r in (0..NP).rev() {
        let s: f64 = (r + 1..NP).map(|k| m[r][k] * x[k]).sum();
        x[r] = (v[r] - s) / m[r][r];
    }
    Some(x)
}

fn invert(m: [[f64; NP]; NP]) -> Option<[[f64; NP]; NP]> {
    let mut inv = [[0.0; NP]; NP];
    for c in 0..NP {
        let mut e = [0.0; NP];
        e[c] = 1.0;
        let col = solve(m, e)?;
        for r in 0..NP {
            inv[r][c] = col[r];
        }
    }
    Some(inv)
}

/// Steps of the forward differences of the flux in z and in Rp/R*
/// (stellar radii): the flux is smooth there between contacts, and 1e-6
/// keeps both the truncation (~1e-6 of the curvature) and the rounding
/// (~1e-10) errors far below the data's precision.
const H_Z: f64 = 1e-6;
const H_P: f64 = 1e-6;

/// Model flux at `t` and its gradient in `x` = (t0, P, Rp/R*, a/R*, b²),
/// averaged over `n` sub-samples of an exposure of `exposure` days. The
/// flux depends on the orbit only through the sky separation
/// z = √(a² sin²φ + b² cos²φ), φ = 2π (t − t0)/P, so the chain rule needs
/// the analytic ∂z/∂(t0, P, a, b²) and only two more flux evaluations
/// (∂F/∂z and ∂F/∂p by forward differences), where differencing all five
/// parameters needs five.
fn model_grad(x: &[f64; NP], ld: Quadratic, t: f64, exposure: f64, n: usize) -> (f64, [f64; NP]) {
    use std::f64::consts::TAU;
    let p = params_from(x, ld);
    let (t0, period, rp, a, b) = (p.t0_days, p.period_days, p.rp, p.a, p.b);
    // d(rp, a, b)/d(x2, x3, x4) through params_from's abs and floor.
    let s_rp = if x[2] < 0.0 { -1.0 } else { 1.0 };
    let s_a = if x[3].abs() > 1.0001 {
        x[3].signum()
    } else {
        0.0
    };
    // b² is clamped at 0 by params_from: no derivative below.
    let s_b2 = if x[4] < 0.0 { 0.0 } else { 1.0 };
    let (n, step) = if n <= 1 || exposure <= 0.0 {
        (1, 0.0)
    } else {
        (n, exposure / n as f64)
    };
    let mut f = 0.0;
    let mut g = [0.0; NP];
    for k in 0..n {
        let ts = if n == 1 {
            t
        } else {
            t + step * (k as f64 + 0.5) - 0.5 * exposure
        };
        let phi = TAU * (ts - t0) / period;
        let (sn, cs) = phi.sin_cos();
        if cs <= 0.0 {
            f += 1.0;
            continue;
        }
        // ∂z/∂(b²) = cos²φ / (2z): finite at b = 0.
        let (z, dz_dphi, dz_da, dz_db2) = if b <= a {
            let z = (a * a * sn * sn + b * b * cs * cs).sqrt();
            if z > 1e-12 {
                (
                    z,
                    (a * a - b * b) * sn * cs / z,
                    a * sn * sn / z,
                    0.5 * cs * cs / z,
                )
            } else {
                (z, 0.0, 0.0, 0.0)
            }
        } else {
            // params' z clamps cos i at 1: z = a.
            (a, 0.0, 1.0, 0.0)
        };
        if z >= 1.0 + rp + H_Z {
            f += 1.0;
            continue;
        }
        let f0 = crate::model::flux_quadratic(rp, z, ld);
        let df_dz = (crate::model::flux_quadratic(rp, z + H_Z, ld) - f0) / H_Z;
        let df_dp = (crate::model::flux_quadratic(rp + H_P, z, ld) - f0) / H_P;
        f += f0;
        let df_dphi = df_dz * dz_dphi;
        g[0] += df_dphi * (-TAU / period);
        g[1] += df_dphi * (-phi / period);
        g[2] += df_dp * s_rp;
        g[3] += df_dz * dz_da * s_a;
        g[4] += df_dz * dz_db2 * s_b2;
    }
    let inv = 1.0 / n as f64;
    for v in &mut g {
        *v *= inv;
    }
    (f * inv, g)
}

/// Points per parallel chunk of the normal equations and χ².
const CHUNK: usize = 512;

/// Sums `f(i)` over the points in fixed chunks, in parallel, then in chunk
/// order, so the result does not depend on thread scheduling.
fn chunked_sum<const K: usize>(idx: &[usize], f: impl Fn(usize, &mut [f64; K]) + Sync) -> [f64; K] {
    let parts: Vec<[f64; K]> = idx
        .par_chunks(CHUNK)
        .map(|c| {
            let mut acc = [0.0; K];
            for &i in c {
                f(i, &mut acc);
            }
            acc
        })
        .collect();
    let mut total = [0.0; K];
    for p in parts {
        for k in 0..K {
            total[k] += p[k];
        }
    }
    total
}

/// Fits the model to a detrended light curve (days, relative flux; its
/// `flux_err`, or the robust scatter, weight the points), starting from a
/// BLS box. Returns `None` when fewer than 15 points lie near the transits.
///
/// ```
/// use orrery_transit::fit::{fit_transit, FitOptions};
/// use orrery_transit::model::{Quadratic, TransitParams};
/// use orrery_transit::phase::{BoxTransit, Ephemeris};
/// use orrery_transit::LightCurve;
/// let ld = Quadratic { u1: 0.4, u2: 0.25 };
/// let truth = TransitParams { t0_days: 1.2, period_days: 3.5, rp: 0.1, a: 12.0, b: 0.3, ld };
/// let t: Vec<f64> = (0..4000).map(|i| i as f64 * 0.005).collect();
/// let y: Vec<f64> = t.iter().map(|&x| truth.flux(x)).collect();
/// let lc = LightCurve::from_arrays(t, y, Some(vec![1e-4; 4000]));
/// let start = BoxTransit { ephemeris: Ephemeris::new(3.501, 1.205), duration_days: 0.12, depth: 0.009 };
/// let f = fit_transit(&lc, &start, &FitOptions::new(ld)).unwrap();
/// assert!(f.converged);
/// assert!((f.params.rp - 0.1).abs() < 1e-4 && (f.params.period_days - 3.5).abs() < 1e-6);
/// ```
pub fn fit_transit(lc: &LightCurve, start: &BoxTransit, opts: &FitOptions) -> Option<TransitFit> {
    fit_transit_with(lc, start, opts, &orrery_core::progress::Silent)
}

/// [`fit_transit`] that asks `cancel` before each Levenberg–Marquardt step
/// and returns `None` when it says stop.
pub fn fit_transit_with(
    lc: &LightCurve,
    start: &BoxTransit,
    opts: &FitOptions,
    cancel: &dyn orrery_core::progress::Progress,
) -> Option<TransitFit> {
    let (t, y) = (&lc.time[..], &lc.flux[..]);
    let dy = lc.errors_or_scatter();
    let eph = start.ephemeris;
    let (period, t0, duration) = (eph.period_days, eph.t0_days, start.duration_days);
    let ld = opts.ld;
    let near: Vec<usize> = (0..t.len().min(y.len()).min(dy.len()))
        .filter(|&i| eph.in_transit(t[i], opts.window_durations * duration))
        .collect();
    if near.len() < 3 * NP {
        return None;
    }
    let rp0 = start.depth.max(1e-6).sqrt();
    let b0 = 0.3;
    let a0 = (period * ((1.0 + rp0).powi(2) - b0 * b0).sqrt() / (std::f64::consts::PI * duration))
        .max(1.5);
    let mut x = [t0, period, rp0, a0, b0 * b0];
    let (exposure, supersample) = (opts.exposure_days, opts.supersample);
    let model =
        |x: &[f64; NP], ti: f64| params_from(x, ld).flux_integrated(ti, exposure, supersample);
    // Points farther from mid-transit than half of T14 (plus the exposure
    // and a 10 % margin) see no transit: every sub-sample has z ≥ 1 + Rp/R*,
    // so their model is exactly 1 and needs no evaluation.
    let reach_of = |x: &[f64; NP]| 0.55 * params_from(x, ld).t14() + exposure;
    let chi2 = |x: &[f64; NP]| -> f64 {
        let reach = reach_of(x);
        let eph = crate::phase::Ephemeris::new(x[1], x[0]);
        chunked_sum::<1>(&near, |i, acc| {
            let f = if eph.offset(t[i]).abs() > reach {
                1.0
            } else {
                model(x, t[i])
            };
            acc[0] += ((y[i] - f) / dy[i]).powi(2)
        })[0]
    };
    // α (upper triangle, row-major, 15 entries) then β (5 entries).
    const NA: usize = NP * (NP + 1) / 2;
    let normal = |x: &[f64; NP]| -> ([[f64; NP]; NP], [f64; NP]) {
        // Points out of transit (see `chi2`) have derivatives 0: they add
        // only to χ².
        let reach = reach_of(x);
        let eph = crate::phase::Ephemeris::new(x[1], x[0]);
        let sums = chunked_sum::<{ NA + NP }>(&near, |i, acc| {
            if eph.offset(t[i]).abs() > reach {
                return;
            }
            let (f0, g) = model_grad(x, ld, t[i], exposure, supersample);
            let w = 1.0 / (dy[i] * dy[i]);
            let r = y[i] - f0;
            let mut m = 0;
            for j in 0..NP {
                for k in j..NP {
                    acc[m] += w * g[j] * g[k];
                    m += 1;
                }
            }
            for j in 0..NP {
                acc[NA + j] += w * r * g[j];
            }
        });
        let mut alpha = [[0.0; NP]; NP];
        let mut m = 0;
        for j in 0..NP {
            for k in j..NP {
                alpha[j][k] = sums[m];
                alpha[k][j] = sums[m];
                m += 1;
            }
        }
        let mut beta = [0.0; NP];
        beta.copy_from_slice(&sums[NA..]);
        (alpha, beta)
    };
    let mut lambda = 1e-3;
    let mut c = chi2(&x);
    let mut converged = false;
    let mut iterations = 0;
    // The normal equations at x, recomputed only when a step is accepted.
    let mut ab = normal(&x);
    for _ in 0..opts.max_iterations {
        if cancel.is_cancelled() {
            return None;
        }
        iterations += 1;
        let (alpha, beta) = ab;
        let mut a = alpha;
        for (j, row) in a.iter_mut().enumerate() {
            row[j] *= 1.0 + lambda;
        }
        let Some(mut dx) = solve(a, beta) else { break };
        // Active bound on b²: at 0 (or at (1 + Rp/R*)²) with the step
        // pointing out, hold b² and solve for the others, so the step is the
        // constrained minimum rather than a projection of the free one.
        let b2_max = (1.0 + x[2]) * (1.0 + x[2]);
        if (x[4] <= 0.0 && dx[4] < 0.0) || (x[4] >= b2_max && dx[4] > 0.0) {
            let mut held = a;
            let mut rhs = beta;
            for k in 0..NP {
                held[4][k] = 0.0;
                held[k][4] = 0.0;
            }
            held[4][4] = 1.0;
            rhs[4] = 0.0;
            let Some(d) = solve(held, rhs) else { break };
            dx = d;
        }
        let mut xn = x;
        for k in 0..NP {
            xn[k] += dx[k];
        }
        xn[2] = xn[2].abs();
        // Projected step: 0 ≤ b² ≤ (1 + Rp/R*)².
        xn[4] = xn[4].max(0.0).min((1.0 + xn[2]) * (1.0 + xn[2]));
        xn[3] = xn[3].abs().max(1.0001);
        let cn = chi2(&xn);
        if cn.is_finite() && cn < c {
            let mut done = (c - cn) < opts.rel_tol * c;
            let moved = std::array::from_fn::<f64, NP, _>(|k| xn[k] - x[k]);
            x = xn;
            c = cn;
            lambda = (lambda * 0.1).max(1e-12);
            ab = normal(&x);
            // Also done when the step moved every parameter by less than
            // `step_tol` of its 1σ uncertainty (from the new normal
            // equations): along a flat valley (a/R*–b at long cadence) χ²
            // keeps falling by more than `rel_tol` for tens of steps that
            // change nothing measurable.
            if !done {
                let red = (c / near.len().saturating_sub(NP).max(1) as f64).max(1.0);
                done = invert(ab.0).is_some_and(|cov| {
                    (0..NP).all(|k| moved[k].abs() < opts.step_tol * (cov[k][k] * red).abs().sqrt())
                });
            }
            if done {
                converged = true;
                break;
            }
        } else {
            lambda *= 10.0;
            if lambda > 1e12 {
                // No step lowers χ²: at a minimum to within rounding.
                converged = true;
                break;
            }
        }
    }
    let (alpha, _) = ab;
    let dof = near.len().saturating_sub(NP).max(1) as f64;
    let chi2_red = c / dof;
    let cov = invert(alpha);
    let err = |k: usize| cov.map_or(f64::NAN, |m| (m[k][k] * chi2_red.max(1.0)).abs().sqrt());
    let p = params_from(&x, ld);
    // σ_b from σ_(b²): half the width of the 1σ interval of b² mapped
    // through the square root (σ/(2b) for b ≫ σ, √σ at b = 0).
    let b2 = x[4].max(0.0);
    let s_b2 = err(4);
    let b_err = 0.5 * ((b2 + s_b2).sqrt() - (b2 - s_b2).max(0.0).sqrt());
    let errs = [err(0), err(1), err(2), err(3), b_err];
    Some(TransitFit {
        params: p,
        t0_err_days: errs[0],
        period_err_days: errs[1],
        rp_err: errs[2],
        a_err: errs[3],
        b_err: errs[4],
        depth: 1.0 - crate::model::flux_quadratic(p.rp, p.b, ld),
        t14_days: p.t14(),
        chi2_red,
        n_points: near.len(),
        iterations,
        converged: converged && errs.iter().all(|e| e.is_finite()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_rule_gradient_matches_central_differences() {
        let ld = Quadratic { u1: 0.4, u2: 0.25 };
        // b = 0.4, and b = 0.01 (near the b = 0 bound, where ∂F/∂b² stays finite).
        let h = [1e-6, 1e-7, 1e-6, 1e-5, 1e-6];
        for (x, exposure, n) in [
            ([1.2, 3.5, 0.1, 12.0, 0.4 * 0.4], 0.0, 1),
            ([1.2, 3.5, 0.1, 12.0, 0.4 * 0.4], 0.0204, 7),
            ([1.2, 3.5, 0.1, 12.0, 1e-4], 0.0, 1),
        ] {
            let f = |x: &[f64; NP], t: f64| params_from(x, ld).flux_integrated(t, exposure, n);
            // Ingress, full transit, egress, near centre, out of transit, a later epoch.
            for &t in &[1.15, 1.18, 1.2, 1.2003, 1.225, 1.26, 1.5, 8.2 + 0.02] {
                let (f0, g) = model_grad(&x, ld, t, exposure, n);
                assert!((f0 - f(&x, t)).abs() < 1e-15, "flux at {t}");
                for k in 0..NP {
                    let (mut xp, mut xm) = (x, x);
                    xp[k] += h[k];
                    xm[k] -= h[k];
                    let num = (f(&xp, t) - f(&xm, t)) / (2.0 * h[k]);
                    let scale = num.abs().max(1e-3);
                    assert!(
                        (g[k] - num).abs() < 2e-4 * scale,
                        "t {t} k {k}: chain rule {} vs numerical {num}",
                        g[k]
                    );
                }
            }
        }
    }

    #[test]
    fn recovers_injected_transit() {
        let ld = Quadratic { u1: 0.4, u2: 0.25 };
        let truth = TransitParams {
            t0_days: 1.2,
            period_days: 3.5,
            rp: 0.1,
            a: 12.0,
            b: 0.4,
            ld,
        };
        let t: Vec<f64> = (0..6000).map(|i| i as f64 * 0.005).collect();
        let mut s: u64 = 7;
        let y: Vec<f64> = t
            .iter()
            .map(|&x| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                truth.flux(x) + ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 4e-4
            })
            .collect();
        let n = t.len();
        let lc = LightCurve::from_arrays(t, y, Some(vec![1.15e-4; n]));
        let start = BoxTransit {
            ephemeris: crate::phase::Ephemeris::new(3.501, 1.205),
            duration_days: 0.12,
            depth: 0.009,
        };
        let f = fit_transit(&lc, &start, &FitOptions::new(ld)).unwrap();
        assert!(f.converged);
        assert!((f.params.rp - 0.1).abs() < 5.0 * f.rp_err + 1e-3, "{:?}", f);
        assert!((f.params.period_days - 3.5).abs() < 1e-4, "{:?}", f);
        assert!((f.params.t0_days - 1.2).abs() < 5e-4, "{:?}", f);
        assert!((f.chi2_red - 1.0).abs() < 0.2);
    }

    /// χ² and the normal equations skip the points beyond 0.55·T14 plus
    /// the exposure from mid-transit as exactly unit flux: check that they are.
    #[test]
    fn model_is_exactly_one_beyond_the_reach() {
        let ld = Quadratic { u1: 0.4, u2: 0.25 };
        let cases = [
            (16.1, 0.0129, 25.27, 0.0),
            (19.9, 0.0184, 18.5, 0.05),
            (27.0, 0.0184, 430.0, 0.0154),
            (3.29, 0.077, 7.85, 0.0),
            (1.2, 0.15, 3.0, 0.9),
        ];
        for (p, rp, a, b2) in cases {
            let x = [0.3, p, rp, a, b2];
            let par = params_from(&x, ld);
            let eph = crate::phase::Ephemeris::new(x[1], x[0]);
            for (exposure, n) in [(0.0, 1), (0.0204, 7)] {
                let reach = 0.55 * par.t14() + exposure;
                let mut inside = 0;
                for k in 0..20_000 {
                    let t = 0.3 + (k as f64 / 20_000.0 - 0.5) * p;
                    if eph.offset(t).abs() > reach {
                        assert_eq!(par.flux_integrated(t, exposure, n), 1.0, "P {p} t {t}");
                    } else {
                        inside += 1;
                    }
                }
                assert!(inside > 0);
            }
        }
    }
}
