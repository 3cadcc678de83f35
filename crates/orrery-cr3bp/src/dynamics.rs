//! Equations of motion of the CR3BP in the rotating frame, their variational
//! equations (state transition matrix), and the Jacobi integral.
//!
//! Szebehely, *Theory of Orbits* (1967), ch. 1 and 10: with the pseudo-potential
//! `U = (x² + y²)/2 + (1 − μ)/r₁ + μ/r₂` (eq. 1.7),
//! `ẍ − 2ẏ = U_x`, `ÿ + 2ẋ = U_y`, `z̈ = U_z`, and the Jacobi integral
//! `C = 2U − (ẋ² + ẏ² + ż²)`. All quantities are non-dimensional.

/// Pseudo-potential U at a position.
pub fn pseudo_potential(mu: f64, r: &[f64]) -> f64 {
    let (x, y, z) = (r[0], r[1], r[2]);
    let r1 = ((x + mu).powi(2) + y * y + z * z).sqrt();
    let r2 = ((x - 1.0 + mu).powi(2) + y * y + z * z).sqrt();
    0.5 * (x * x + y * y) + (1.0 - mu) / r1 + mu / r2
}

/// Jacobi constant `C = 2U − v²` of a state `[x, y, z, vx, vy, vz]`.
pub fn jacobi(mu: f64, s: &[f64]) -> f64 {
    2.0 * pseudo_potential(mu, s) - (s[3] * s[3] + s[4] * s[4] + s[5] * s[5])
}

/// Gradient of U: `[U_x, U_y, U_z]`.
#[inline]
pub fn grad_u(mu: f64, x: f64, y: f64, z: f64) -> [f64; 3] {
    let dx1 = x + mu;
    let dx2 = x - 1.0 + mu;
    let r1sq = dx1 * dx1 + y * y + z * z;
    let r2sq = dx2 * dx2 + y * y + z * z;
    let r13 = r1sq * r1sq.sqrt();
    let r23 = r2sq * r2sq.sqrt();
    let a = (1.0 - mu) / r13;
    let b = mu / r23;
    [x - a * dx1 - b * dx2, y - a * y - b * y, -a * z - b * z]
}

/// Time derivative of a state (6 components).
#[inline]
pub fn eom(mu: f64, s: &[f64; 6], ds: &mut [f64; 6]) {
    let g = grad_u(mu, s[0], s[1], s[2]);
    ds[0] = s[3];
    ds[1] = s[4];
    ds[2] = s[5];
    ds[3] = g[0] + 2.0 * s[4];
    ds[4] = g[1] - 2.0 * s[3];
    ds[5] = g[2];
}

/// Hessian of U (symmetric 3×3): `[[Uxx, Uxy, Uxz], [Uxy, Uyy, Uyz], [Uxz, Uyz, Uzz]]`.
#[inline]
pub fn hessian_u(mu: f64, x: f64, y: f64, z: f64) -> [[f64; 3]; 3] {
    let d1 = [x + mu, y, z];
    let d2 = [x - 1.0 + mu, y, z];
    let r1sq = d1[0] * d1[0] + y * y + z * z;
    let r2sq = d2[0] * d2[0] + y * y + z * z;
    let r1 = r1sq.sqrt();
    let r2 = r2sq.sqrt();
    let a3 = (1.0 - mu) / (r1sq * r1);
    let b3 = mu / (r2sq * r2);
    let a5 = 3.0 * a3 / r1sq;
    let b5 = 3.0 * b3 / r2sq;
    let mut h = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            let diag = if i == j { -a3 - b3 } else { 0.0 };
            h[i][j] = diag + a5 * d1[i] * d1[j] + b5 * d2[i] * d2[j];
        }
    }
    h[0][0] += 1.0;
    h[1][1] += 1.0;
    h
}

/// Time derivative of state + state transition matrix (42 components: the
/// state, then Φ row-major). `Φ̇ = A Φ` with `A = [[0, I], [U_rr, 2Ω]]`,
/// `Ω = [[0, 1, 0], [−1, 0, 0], [0, 0, 0]]` (Koon, Lo, Marsden & Ross 2011, §4.8).
#[inline]
pub fn eom_stm(mu: f64, s: &[f64; 42], ds: &mut [f64; 42]) {
    let mut st = [0.0; 6];
    st.copy_from_slice(&s[..6]);
    let mut dst = [0.0; 6];
    eom(mu, &st, &mut dst);
    ds[..6].copy_from_slice(&dst);
    let h = hessian_u(mu, s[0], s[1], s[2]);
    let phi = &s[6..42];
    for j in 0..6 {
        // Rows 0..3: derivative of position rows is the velocity rows.
        ds[6 + j] = phi[18 + j];
        ds[6 + 6 + j] = phi[24 + j];
        ds[6 + 12 + j] = phi[30 + j];
        let p0 = phi[j];
        let p1 = phi[6 + j];
        let p2 = phi[12 + j];
        let v0 = phi[18 + j];
        let v1 = phi[24 + j];
        ds[6 + 18 + j] = h[0][0] * p0 + h[0][1] * p1 + h[0][2] * p2 + 2.0 * v1;
        ds[6 + 24 + j] = h[1][0] * p0 + h[1][1] * p1 + h[1][2] * p2 - 2.0 * v0;
        ds[6 + 30 + j] = h[2][0] * p0 + h[2][1] * p1 + h[2][2] * p2;
    }
}

/// A 42-vector holding `state` and the identity STM.
pub fn with_identity_stm(state: &[f64; 6]) -> [f64; 42] {
    let mut s = [0.0; 42];
    s[..6].copy_from_slice(state);
    for i in 0..6 {
        s[6 + 7 * i] = 1.0;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stm_derivative_matches_finite_difference_of_eom() {
        let mu = 0.0121505856;
        let s0 = [0.9, 0.05, 0.1, 0.01, -0.2, 0.03];
        let s = with_identity_stm(&s0);
        let mut ds = [0.0; 42];
        eom_stm(mu, &s, &mut ds);
        for j in 0..6 {
            let eps = 1e-6;
            let mut sp = s0;
            let mut sm = s0;
            sp[j] += eps;
            sm[j] -= eps;
            let (mut fp, mut fm) = ([0.0; 6], [0.0; 6]);
            eom(mu, &sp, &mut fp);
            eom(mu, &sm, &mut fm);
            for i in 0..6 {
                let fd = (fp[i] - fm[i]) / (2.0 * eps);
                // With Φ = I, Φ̇ = A; A[i][j] sits at 6 + 6i + j.
                assert!((ds[6 + 6 * i + j] - fd).abs() < 1e-6, "A[{i}][{j}]");
            }
        }
    }

    #[test]
    fn jacobi_gradient_is_consistent() {
        let mu = 0.3;
        let r = [0.2, 0.4, -0.1];
        let g = grad_u(mu, r[0], r[1], r[2]);
        for k in 0..3 {
            let mut a = r;
            let mut b = r;
            a[k] += 1e-6;
            b[k] -= 1e-6;
            let fd = (pseudo_potential(mu, &a) - pseudo_potential(mu, &b)) / 2e-6;
            assert!((fd - g[k]).abs() < 1e-8);
        }
    }
}
