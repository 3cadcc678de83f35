//! Two-body propagation with universal variables.
//!
//! Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., Algorithm 8
//! (KEPLER) and Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed.,
//! Algorithms 3.3–3.4: the universal anomaly χ solves the universal Kepler
//! equation (Curtis eq. 3.49), then the Lagrange coefficients f, g, ḟ, ġ
//! (Curtis eq. 3.69) map the initial state to the final one. The root is found
//! with the Laguerre–Conway iteration, which converges from poor guesses.
//!
//! Units: any consistent set (km, km/s, s, km³/s²).

use crate::error::{invalid, Result, TransferError};
use nalgebra::Vector3;

/// Stumpff functions C(z) and S(z) (Curtis eqs. 3.50–3.51), with series near z = 0.
pub fn stumpff(z: f64) -> (f64, f64) {
    if z.abs() < 1e-3 {
        let c = 0.5 - z / 24.0 + z * z / 720.0 - z * z * z / 40_320.0 + z.powi(4) / 3_628_800.0;
        let s = 1.0 / 6.0 - z / 120.0 + z * z / 5_040.0 - z * z * z / 362_880.0
            + z.powi(4) / 39_916_800.0;
        (c, s)
    } else if z > 0.0 {
        let sz = z.sqrt();
        ((1.0 - sz.cos()) / z, (sz - sz.sin()) / (sz * sz * sz))
    } else {
        let sz = (-z).sqrt();
        ((sz.cosh() - 1.0) / (-z), (sz.sinh() - sz) / (sz * sz * sz))
    }
}

/// Propagates the state (`r0` km, `v0` km/s) by `dt` seconds (either sign) about a
/// body with gravitational parameter `mu` (km³/s²). Returns `(r, v)`.
pub fn propagate(
    r0: &Vector3<f64>,
    v0: &Vector3<f64>,
    dt: f64,
    mu: f64,
) -> Result<(Vector3<f64>, Vector3<f64>)> {
    if !(r0.iter().chain(v0.iter()).all(|c| c.is_finite()) && dt.is_finite()) {
        return Err(invalid("Kepler propagation of a non-finite state"));
    }
    if !(mu.is_finite() && mu > 0.0) {
        return Err(invalid(format!(
            "gravitational parameter must be positive, got {mu}"
        )));
    }
    let r0n = r0.norm();
    if r0n <= 0.0 {
        return Err(invalid("Kepler propagation from the origin"));
    }
    if dt == 0.0 {
        return Ok((*r0, *v0));
    }
    let smu = mu.sqrt();
    let v0sq = v0.norm_squared();
    // Reciprocal semi-major axis α = 2/r0 − v0²/μ (Curtis eq. 3.48).
    let alpha = 2.0 / r0n - v0sq / mu;
    let sigma0 = r0.dot(v0) / smu;
    // For an ellipse, remove whole periods so the iteration stays short.
    let mut dt_eff = dt;
    if alpha > 1e-12 / r0n {
        let period = 2.0 * std::f64::consts::PI / (smu * alpha.powf(1.5));
        if dt.abs() > period {
            dt_eff = dt % period;
        }
    }
    // Starting guess (Vallado Algorithm 8).
    let mut chi = if alpha > 1e-12 / r0n {
        smu * dt_eff * alpha
    } else if alpha < -1e-12 / r0n {
        let a = 1.0 / alpha;
        let sgn = dt_eff.signum();
        let arg = -2.0 * mu * alpha * dt_eff
            / (r0.dot(v0) + sgn * (-mu * a).sqrt() * (1.0 - r0n * alpha));
        if arg > 0.0 && arg.is_finite() {
            sgn * (-a).sqrt() * arg.ln()
        } else {
            smu * dt_eff / r0n
        }
    } else {
        smu * dt_eff / r0n
    };
    let f_of = |chi: f64| {
        let z = alpha * chi * chi;
        let (c, s) = stumpff(z);
        let chi2 = chi * chi;
        // Universal Kepler equation (Curtis eq. 3.49) and its derivatives.
        let f = sigma0 * chi2 * c + (1.0 - alpha * r0n) * chi2 * chi * s + r0n * chi - smu * dt_eff;
        let fp = sigma0 * chi * (1.0 - z * s) + (1.0 - alpha * r0n) * chi2 * c + r0n;
        let fpp = sigma0 * (1.0 - z * c) + (1.0 - alpha * r0n) * chi * (1.0 - z * s);
        (f, fp, fpp)
    };
    // F(χ) is increasing (F' = r > 0), so the root is bracketed: Laguerre–Conway
    // steps, replaced by bisection whenever they leave the bracket.
    const N: f64 = 5.0;
    let (mut lo, mut hi) = if dt_eff > 0.0 {
        (0.0, f64::INFINITY)
    } else {
        (f64::NEG_INFINITY, 0.0)
    };
    if !(chi.is_finite() && chi > lo && chi < hi) {
        chi = smu * dt_eff / r0n;
    }
    let mut converged = false;
    let mut last = f64::INFINITY;
    for _ in 0..200 {
        let (f, fp, fpp) = f_of(chi);
        if !(f.is_finite() && fp.is_finite()) {
            // Overflow of cosh: χ far too large in magnitude.
            if chi > 0.0 {
                hi = chi;
            } else {
                lo = chi;
            }
        } else if f < 0.0 {
            lo = chi;
        } else {
            hi = chi;
        }
        let disc = ((N - 1.0) * (N - 1.0) * fp * fp - N * (N - 1.0) * f * fpp)
            .abs()
            .sqrt();
        let denom = fp + fp.signum() * disc;
        let delta = if denom != 0.0 { N * f / denom } else { f / fp };
        let mut next = chi - delta;
        if !(next.is_finite() && next > lo && next < hi) {
            next = match (lo.is_finite(), hi.is_finite()) {
                (true, true) => 0.5 * (lo + hi),
                (true, false) => 2.0 * lo.abs().max(1.0) + lo,
                (false, true) => hi - 2.0 * hi.abs().max(1.0),
                (false, false) => 0.0,
            };
        }
        last = (next - chi).abs() / next.abs().max(1e-6);
        chi = next;
        if last <= 1e-14 || (hi - lo) <= 1e-15 * chi.abs() {
            converged = true;
            break;
        }
    }
    // Round-off can keep the last step just above 1e-14 relative; accept 1e-10.
    converged |= last <= 1e-10;
    if !converged {
        return Err(TransferError::NoConvergence {
            solver: "universal-variable Kepler",
            iterations: 200,
            detail: format!("dt = {dt} s, alpha = {alpha}"),
        });
    }
    let z = alpha * chi * chi;
    let (c, s) = stumpff(z);
    let chi2 = chi * chi;
    // Lagrange coefficients (Curtis eq. 3.69).
    let f = 1.0 - chi2 / r0n * c;
    let g = dt_eff - chi2 * chi / smu * s;
    let r = f * r0 + g * v0;
    let rn = r.norm();
    let fdot = smu / (rn * r0n) * (z * s - 1.0) * chi;
    let gdot = 1.0 - chi2 / rn * c;
    let v = fdot * r0 + gdot * v0;
    Ok((r, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Curtis, 3rd ed., Example 3.7: r0 = (7000, −12124, 0) km, v0 = (2.6679, 4.6210, 0) km/s,
    /// after 60 min: r = (−3297.8, 7413.4, 0) km, v = (−8.2976, −0.96309, 0) km/s.
    #[test]
    fn curtis_example_3_7() {
        let (r, v) = propagate(
            &Vector3::new(7000.0, -12124.0, 0.0),
            &Vector3::new(2.6679, 4.6210, 0.0),
            3600.0,
            398_600.0,
        )
        .unwrap();
        assert!((r - Vector3::new(-3297.8, 7413.4, 0.0)).norm() < 1.0, "{r}");
        assert!(
            (v - Vector3::new(-8.2976, -0.96309, 0.0)).norm() < 1e-3,
            "{v}"
        );
    }

    /// Energy and angular momentum are conserved, and propagating back returns to the start.
    #[test]
    fn invariants_and_round_trip() {
        let mu = 398_600.441_8;
        for (r0, v0) in [
            (Vector3::new(7000.0, 0.0, 0.0), Vector3::new(0.0, 7.5, 1.0)),
            (
                Vector3::new(7000.0, 100.0, 0.0),
                Vector3::new(0.0, 11.0, 2.0),
            ),
            (
                Vector3::new(-6800.0, 3000.0, 500.0),
                Vector3::new(-3.0, -9.0, 1.5),
            ),
            (
                Vector3::new(7000.0, 0.0, 0.0),
                Vector3::new(0.0, (2.0f64 * mu / 7000.0).sqrt(), 0.0),
            ),
        ] {
            for dt in [-86_400.0, 300.0, 5_000.0, 200_000.0] {
                let (r, v) = propagate(&r0, &v0, dt, mu).unwrap();
                let e0 = v0.norm_squared() / 2.0 - mu / r0.norm();
                let e1 = v.norm_squared() / 2.0 - mu / r.norm();
                assert!((e0 - e1).abs() < 1e-9 * e0.abs().max(1.0), "{e0} {e1}");
                assert!((r0.cross(&v0) - r.cross(&v)).norm() < 1e-8 * r0.cross(&v0).norm());
                let (rb, vb) = propagate(&r, &v, -dt, mu).unwrap();
                assert!((rb - r0).norm() < 1e-5, "{dt}: {}", (rb - r0).norm());
                assert!((vb - v0).norm() < 1e-8);
            }
        }
    }
}
