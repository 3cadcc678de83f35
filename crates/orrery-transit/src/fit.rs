//! Least-squares fit of the Mandel & Agol transit model (circular orbit,
//! fixed quadratic limb darkening) for t0, period, Rp/Rs, a/Rs and impact
//! parameter, by Levenberg–Marquardt (Press et al., Numerical Recipes 3rd ed.,
//! sect. 15.5.2) with forward-difference derivatives, stopping when χ² improves
//! by less than 1e-7 relative. Uncertainties are the
//! square roots of the covariance diagonal, scaled by the reduced χ².

// Small dense matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

use crate::model::{Quadratic, TransitParams};
use serde::Serialize;

/// A fitted transit.
#[derive(Debug, Clone, Serialize)]
pub struct TransitFit {
    /// Best-fit parameters.
    pub params: TransitParams,
    /// 1-sigma uncertainties of (t0, period, rp, a, b).
    pub t0_err: f64,
    /// Period uncertainty, days.
    pub period_err: f64,
    /// Rp/Rs uncertainty.
    pub rp_err: f64,
    /// a/Rs uncertainty.
    pub a_err: f64,
    /// Impact-parameter uncertainty.
    pub b_err: f64,
    /// Model depth at mid-transit, 1 − F(z = b), relative flux.
    pub depth: f64,
    /// Total duration T14, days.
    pub t14: f64,
    /// Reduced χ² of the fit.
    pub chi2_red: f64,
    /// Points used (within 3 box durations of a transit).
    pub n_points: usize,
}

const NP: usize = 5;

fn params_from(x: &[f64; NP], ld: Quadratic) -> TransitParams {
    TransitParams {
        t0: x[0],
        period: x[1],
        rp: x[2].abs(),
        a: x[3].abs().max(1.0001),
        b: x[4].abs(),
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

/// Fits the model to (t, y, dy) (days, relative flux) starting from a BLS
/// box (period, t0, duration, depth). `exposure` (days) integrates each model
/// point over the cadence with `supersample` sub-samples.
#[allow(clippy::too_many_arguments)]
pub fn fit_transit(
    t: &[f64],
    y: &[f64],
    dy: &[f64],
    period: f64,
    t0: f64,
    duration: f64,
    depth: f64,
    ld: Quadratic,
    exposure: f64,
    supersample: usize,
) -> Option<TransitFit> {
    let near: Vec<usize> = (0..t.len().min(y.len()).min(dy.len()))
        .filter(|&i| {
            ((t[i] - t0 + 0.5 * period).rem_euclid(period) - 0.5 * period).abs() < 1.5 * duration
        })
        .collect();
    if near.len() < 3 * NP {
        return None;
    }
    let rp0 = depth.max(1e-6).sqrt();
    let b0 = 0.3;
    let a0 = (period * ((1.0 + rp0).powi(2) - b0 * b0).sqrt() / (std::f64::consts::PI * duration))
        .max(1.5);
    let mut x = [t0, period, rp0, a0, b0];
    let model =
        |x: &[f64; NP], ti: f64| params_from(x, ld).flux_integrated(ti, exposure, supersample);
    let chi2 = |x: &[f64; NP]| -> f64 {
        near.iter()
            .map(|&i| ((y[i] - model(x, t[i])) / dy[i]).powi(2))
            .sum()
    };
    let steps = |x: &[f64; NP]| [1e-5 * duration, 1e-7 * x[1], 1e-5, 1e-4 * x[3], 1e-4];
    let normal = |x: &[f64; NP]| -> ([[f64; NP]; NP], [f64; NP]) {
        let h = steps(x);
        let mut alpha = [[0.0; NP]; NP];
        let mut beta = [0.0; NP];
        for &i in &near {
            let f0 = model(x, t[i]);
            // Forward differences: steps are ~1e-5 of each scale, so the
            // O(h) error is far below the data's precision.
            let mut g = [0.0; NP];
            for k in 0..NP {
                let mut xp = *x;
                xp[k] += h[k];
                g[k] = (model(&xp, t[i]) - f0) / h[k];
            }
            let w = 1.0 / (dy[i] * dy[i]);
            let r = y[i] - f0;
            for j in 0..NP {
                beta[j] += w * r * g[j];
                for k in 0..NP {
                    alpha[j][k] += w * g[j] * g[k];
                }
            }
        }
        (alpha, beta)
    };
    let mut lambda = 1e-3;
    let mut c = chi2(&x);
    for _ in 0..60 {
        let (alpha, beta) = normal(&x);
        let mut a = alpha;
        for (j, row) in a.iter_mut().enumerate() {
            row[j] *= 1.0 + lambda;
        }
        let Some(dx) = solve(a, beta) else { break };
        let mut xn = x;
        for k in 0..NP {
            xn[k] += dx[k];
        }
        xn[2] = xn[2].abs();
        xn[4] = xn[4].abs().min(1.0 + xn[2]);
        xn[3] = xn[3].abs().max(1.0001);
        let cn = chi2(&xn);
        if cn.is_finite() && cn < c {
            let done = (c - cn) < 1e-7 * c;
            x = xn;
            c = cn;
            lambda = (lambda * 0.1).max(1e-12);
            if done {
                break;
            }
        } else {
            lambda *= 10.0;
            if lambda > 1e12 {
                break;
            }
        }
    }
    let (alpha, _) = normal(&x);
    let dof = near.len().saturating_sub(NP).max(1) as f64;
    let chi2_red = c / dof;
    let cov = invert(alpha);
    let err = |k: usize| cov.map_or(f64::NAN, |m| (m[k][k] * chi2_red.max(1.0)).abs().sqrt());
    let p = params_from(&x, ld);
    Some(TransitFit {
        params: p,
        t0_err: err(0),
        period_err: err(1),
        rp_err: err(2),
        a_err: err(3),
        b_err: err(4),
        depth: 1.0 - crate::model::flux_quadratic(p.rp, p.b, ld),
        t14: p.t14(),
        chi2_red,
        n_points: near.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_injected_transit() {
        let ld = Quadratic { u1: 0.4, u2: 0.25 };
        let truth = TransitParams {
            t0: 1.2,
            period: 3.5,
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
        let dy = vec![1.15e-4; t.len()];
        let f = fit_transit(&t, &y, &dy, 3.501, 1.205, 0.12, 0.009, ld, 0.0, 1).unwrap();
        assert!((f.params.rp - 0.1).abs() < 5.0 * f.rp_err + 1e-3, "{:?}", f);
        assert!((f.params.period - 3.5).abs() < 1e-4, "{:?}", f);
        assert!((f.params.t0 - 1.2).abs() < 5e-4, "{:?}", f);
        assert!((f.chi2_red - 1.0).abs() < 0.2);
    }
}
