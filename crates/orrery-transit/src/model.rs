//! Transit light curve of Mandel & Agol (2002, ApJ 580, L171) for quadratic
//! limb darkening `I(μ)/I(1) = 1 − u1(1−μ) − u2(1−μ)²`, in its exact form with
//! complete elliptic integrals of the first, second and third kind (computed
//! with Carlson's symmetric integrals, Carlson 1995, Numer. Algorithms 10, 13),
//! and a circular-orbit sky separation. Verified against batman
//! (Kreidberg 2015) to 1e-6 in relative flux (`tests/model_batman.rs`).

use std::f64::consts::PI;

/// Tolerance on Carlson duplication (series error ~ tol^6).
const CARLSON_TOL: f64 = 1e-4;

/// Carlson's R_F(x, y, z) (x, y, z ≥ 0, at most one zero).
pub fn carlson_rf(mut x: f64, mut y: f64, mut z: f64) -> f64 {
    for _ in 0..100 {
        let (sx, sy, sz) = (x.sqrt(), y.sqrt(), z.sqrt());
        let lam = sx * (sy + sz) + sy * sz;
        x = 0.25 * (x + lam);
        y = 0.25 * (y + lam);
        z = 0.25 * (z + lam);
        let mu = (x + y + z) / 3.0;
        let (dx, dy, dz) = ((mu - x) / mu, (mu - y) / mu, (mu - z) / mu);
        if dx.abs().max(dy.abs()).max(dz.abs()) < CARLSON_TOL {
            let e2 = dx * dy - dz * dz;
            let e3 = dx * dy * dz;
            return (1.0 - e2 / 10.0 + e3 / 14.0 + e2 * e2 / 24.0 - 3.0 * e2 * e3 / 44.0)
                / mu.sqrt();
        }
    }
    f64::NAN
}

/// Carlson's R_D(x, y, z).
pub fn carlson_rd(mut x: f64, mut y: f64, mut z: f64) -> f64 {
    let (c1, c2, c3, c4) = (3.0 / 14.0, 1.0 / 6.0, 9.0 / 22.0, 3.0 / 26.0);
    let (c5, c6) = (0.25 * c1, 1.5 * c4);
    let mut sum = 0.0;
    let mut fac = 1.0;
    for _ in 0..100 {
        let (sx, sy, sz) = (x.sqrt(), y.sqrt(), z.sqrt());
        let lam = sx * (sy + sz) + sy * sz;
        sum += fac / (sz * (z + lam));
        fac *= 0.25;
        x = 0.25 * (x + lam);
        y = 0.25 * (y + lam);
        z = 0.25 * (z + lam);
        let mu = 0.2 * (x + y + 3.0 * z);
        let (dx, dy, dz) = ((mu - x) / mu, (mu - y) / mu, (mu - z) / mu);
        if dx.abs().max(dy.abs()).max(dz.abs()) < CARLSON_TOL {
            let ea = dx * dy;
            let eb = dz * dz;
            let ec = ea - eb;
            let ed = ea - 6.0 * eb;
            let ee = ed + ec + ec;
            return 3.0 * sum
                + fac
                    * (1.0
                        + ed * (-c1 + c5 * ed - c6 * dz * ee)
                        + dz * (c2 * ee + dz * (-c3 * ec + dz * c4 * ea)))
                    / (mu * mu.sqrt());
        }
    }
    f64::NAN
}

/// Carlson's R_C(x, y), y > 0.
pub fn carlson_rc(mut x: f64, mut y: f64) -> f64 {
    for _ in 0..100 {
        let lam = 2.0 * x.sqrt() * y.sqrt() + y;
        x = 0.25 * (x + lam);
        y = 0.25 * (y + lam);
        let mu = (x + 2.0 * y) / 3.0;
        let s = (y - mu) / mu;
        if s.abs() < CARLSON_TOL {
            return (1.0 + s * s * (0.3 + s * (1.0 / 7.0 + s * (0.375 + s * 9.0 / 22.0))))
                / mu.sqrt();
        }
    }
    f64::NAN
}

/// Carlson's R_J(x, y, z, p), p > 0.
pub fn carlson_rj(mut x: f64, mut y: f64, mut z: f64, mut p: f64) -> f64 {
    let (c1, c2, c3, c4) = (3.0 / 14.0, 1.0 / 3.0, 3.0 / 22.0, 3.0 / 26.0);
    let (c5, c6, c7, c8) = (0.75 * c3, 1.5 * c4, 0.5 * c2, c3 + c3);
    let mut sum = 0.0;
    let mut fac = 1.0;
    for _ in 0..100 {
        let (sx, sy, sz) = (x.sqrt(), y.sqrt(), z.sqrt());
        let lam = sx * (sy + sz) + sy * sz;
        let alpha = (p * (sx + sy + sz) + sx * sy * sz).powi(2);
        let beta = p * (p + lam).powi(2);
        sum += fac * carlson_rc(alpha, beta);
        fac *= 0.25;
        x = 0.25 * (x + lam);
        y = 0.25 * (y + lam);
        z = 0.25 * (z + lam);
        p = 0.25 * (p + lam);
        let mu = 0.2 * (x + y + z + p + p);
        let (dx, dy, dz, dp) = ((mu - x) / mu, (mu - y) / mu, (mu - z) / mu, (mu - p) / mu);
        if dx.abs().max(dy.abs()).max(dz.abs()).max(dp.abs()) < CARLSON_TOL {
            let ea = dx * (dy + dz) + dy * dz;
            let eb = dx * dy * dz;
            let ec = dp * dp;
            let ed = ea - 3.0 * ec;
            let ee = eb + 2.0 * dp * (ea - ec);
            return 3.0 * sum
                + fac
                    * (1.0
                        + ed * (-c1 + c5 * ed - c6 * ee)
                        + eb * (c7 + dp * (-c8 + dp * c4))
                        + dp * ea * (c2 - dp * c3)
                        - c2 * dp * ec)
                    / (mu * mu.sqrt());
        }
    }
    f64::NAN
}

/// Bulirsch's general complete elliptic integral (Bulirsch 1969, Numer.
/// Math. 13, 305; Numerical Recipes 2nd ed. sect. 6.11)
/// cel(k_c, p, a, b) = ∫₀^{π/2} (a cos²θ + b sin²θ) / ((cos²θ + p sin²θ)
/// √(cos²θ + k_c² sin²θ)) dθ, for p > 0: one quadratically convergent
/// (AGM-like) loop, about five steps to double precision, where Carlson's
/// R_J needs an R_C loop inside each of its steps.
pub fn cel(kc: f64, p: f64, a: f64, b: f64) -> f64 {
    // The relative accuracy is the square of CA.
    const CA: f64 = 1e-8;
    let mut kc = kc.abs();
    if kc == 0.0 || !(p > 0.0) {
        return f64::NAN;
    }
    let mut e = kc;
    let mut m = 1.0;
    let mut p = p.sqrt();
    let mut a = a;
    let mut b = b / p;
    for _ in 0..60 {
        let f = a;
        a += b / p;
        let g = e / p;
        b += f * g;
        b += b;
        p += g;
        let g = m;
        m += kc;
        if (g - kc).abs() <= g * CA {
            return std::f64::consts::FRAC_PI_2 * (b + a * m) / (m * (m + p));
        }
        kc = 2.0 * e.sqrt();
        e = kc * m;
    }
    f64::NAN
}

/// Complete elliptic integral of the first kind K(k) (modulus k < 1).
pub fn ellip_k(k: f64) -> f64 {
    cel((1.0 - k * k).max(0.0).sqrt(), 1.0, 1.0, 1.0)
}

/// Complete elliptic integral of the second kind E(k).
pub fn ellip_e(k: f64) -> f64 {
    let q = (1.0 - k * k).max(0.0);
    cel(q.sqrt(), 1.0, 1.0, q)
}

/// Complete elliptic integral of the third kind
/// Π(n, k) = ∫₀^{π/2} dθ / ((1 − n sin²θ) √(1 − k² sin²θ)), n < 1.
pub fn ellip_pi(n: f64, k: f64) -> f64 {
    cel((1.0 - k * k).max(0.0).sqrt(), 1.0 - n, 1.0, 1.0)
}

/// [`ellip_k`], [`ellip_e`] and [`ellip_pi`] by Carlson's symmetric
/// integrals (the previous evaluation, kept as the test reference).
pub fn ellip_kep_carlson(n: f64, k: f64) -> (f64, f64, f64) {
    let q = 1.0 - k * k;
    let rf = carlson_rf(0.0, q, 1.0);
    (
        rf,
        rf - k * k / 3.0 * carlson_rd(0.0, q, 1.0),
        rf + n / 3.0 * carlson_rj(0.0, q, 1.0, 1.0 - n),
    )
}

/// Quadratic limb-darkening coefficients (u1, u2).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Quadratic {
    /// Linear coefficient.
    pub u1: f64,
    /// Quadratic coefficient.
    pub u2: f64,
}

/// Uniform-source blocked fraction λᵉ (MA02 eq. 1).
fn lambda_e(p: f64, z: f64) -> f64 {
    if z >= 1.0 + p {
        0.0
    } else if p >= 1.0 && z <= p - 1.0 {
        1.0
    } else if z <= 1.0 - p {
        p * p
    } else {
        let k0 = ((p * p + z * z - 1.0) / (2.0 * p * z))
            .clamp(-1.0, 1.0)
            .acos();
        let k1 = ((1.0 - p * p + z * z) / (2.0 * z)).clamp(-1.0, 1.0).acos();
        let s = (4.0 * z * z - (1.0 + z * z - p * p).powi(2)).max(0.0);
        (p * p * k0 + k1 - 0.5 * s.sqrt()) / PI
    }
}

/// Relative flux for planet/star radius ratio `p` at sky separation `z`
/// (in stellar radii), quadratic limb darkening `ld` (MA02 sect. 4, Table 1).
pub fn flux_quadratic(p: f64, z: f64, ld: Quadratic) -> f64 {
    let z = z.abs();
    if p <= 0.0 || z >= 1.0 + p {
        return 1.0;
    }
    let c2 = ld.u1 + 2.0 * ld.u2;
    let c4 = -ld.u2;
    let omega4 = 1.0 - ld.u1 / 3.0 - ld.u2 / 6.0; // 4Ω
    let le = lambda_e(p, z);
    let a = (z - p) * (z - p);
    let b = (z + p) * (z + p);
    let q = p * p - z * z;
    let tol = 1e-9;
    let eta2 = 0.5 * p * p * (p * p + 2.0 * z * z);
    let eta1 = |a: f64, b: f64| {
        let k0 = ((p * p + z * z - 1.0) / (2.0 * p * z))
            .clamp(-1.0, 1.0)
            .acos();
        let k1 = ((1.0 - p * p + z * z) / (2.0 * z)).clamp(-1.0, 1.0).acos();
        (k1 + 2.0 * eta2 * k0
            - 0.25 * (1.0 + 5.0 * p * p + z * z) * ((1.0 - a) * (b - 1.0)).max(0.0).sqrt())
            / (2.0 * PI)
    };
    let lambda1 = || {
        let k = ((1.0 - a) / (4.0 * z * p)).sqrt();
        (((1.0 - b) * (2.0 * b + a - 3.0) - 3.0 * q * (b - 2.0)) * ellip_k(k)
            + 4.0 * p * z * (z * z + 7.0 * p * p - 4.0) * ellip_e(k)
            - 3.0 * (q / a) * ellip_pi((a - 1.0) / a, k))
            / (9.0 * PI * (p * z).sqrt())
    };
    let lambda2 = || {
        let kinv = ((4.0 * z * p) / (1.0 - a)).sqrt();
        2.0 / (9.0 * PI * (1.0 - a).sqrt())
            * ((1.0 - 5.0 * z * z + p * p + q * q) * ellip_k(kinv)
                + (1.0 - a) * (z * z + 7.0 * p * p - 4.0) * ellip_e(kinv)
                - 3.0 * (q / a) * ellip_pi((a - b) / a, kinv))
    };
    let (ld_, etad) = if p > 1.0 && z <= p - 1.0 {
        // Case 11: star fully covered.
        (0.0, 0.5)
    } else if z < tol {
        // Case 10: z = 0.
        (-2.0 / 3.0 * (1.0 - p * p).max(0.0).powf(1.5), eta2)
    } else if (p - 0.5).abs() < tol && (z - 0.5).abs() < tol {
        // Case 6.
        (1.0 / 3.0 - 4.0 / (9.0 * PI), 3.0 / 32.0)
    } else if (z - p).abs() < tol {
        if p < 0.5 {
            // Case 5: λ4.
            let k = 2.0 * p;
            (
                1.0 / 3.0
                    + 2.0 / (9.0 * PI)
                        * (4.0 * (2.0 * p * p - 1.0) * ellip_e(k)
                            + (1.0 - 4.0 * p * p) * ellip_k(k)),
                eta2,
            )
        } else {
            // Case 7: λ3.
            let k = 1.0 / (2.0 * p);
            (
                1.0 / 3.0 + 16.0 * p / (9.0 * PI) * (2.0 * p * p - 1.0) * ellip_e(k)
                    - (1.0 - 4.0 * p * p) * (3.0 - 8.0 * p * p) / (9.0 * PI * p) * ellip_k(k),
                eta1(a, b),
            )
        }
    } else if p < 0.5 && (z - (1.0 - p)).abs() < tol {
        // Case 4: λ5.
        (
            2.0 / (3.0 * PI) * (1.0 - 2.0 * p).acos()
                - 4.0 / (9.0 * PI) * (3.0 + 2.0 * p - 8.0 * p * p) * (p * (1.0 - p)).sqrt()
                - if p > 0.5 { 2.0 / 3.0 } else { 0.0 },
            eta2,
        )
    } else if z > 0.5 + (p - 0.5).abs() || (p > 0.5 && z >= (1.0 - p).abs() && z < p) {
        // Cases 2 and 8: λ1, η1.
        (lambda1(), eta1(a, b))
    } else {
        // Cases 3 and 9: λ2, η2.
        (lambda2(), eta2)
    };
    let theta = if p > z { 1.0 } else { 0.0 };
    1.0 - ((1.0 - c2) * le + c2 * (ld_ + 2.0 / 3.0 * theta) - c4 * etad) / omega4
}

/// Circular-orbit transit parameters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct TransitParams {
    /// Mid-transit time, days.
    pub t0_days: f64,
    /// Period, days.
    pub period_days: f64,
    /// Planet/star radius ratio Rp/Rs.
    pub rp: f64,
    /// Semi-major axis in stellar radii a/Rs.
    pub a: f64,
    /// Impact parameter b = a cos i.
    pub b: f64,
    /// Limb darkening.
    pub ld: Quadratic,
}

impl TransitParams {
    /// Sky-projected separation (stellar radii) at time `t`; large when the
    /// planet is behind the star.
    pub fn z(&self, t: f64) -> f64 {
        let phi = 2.0 * PI * (t - self.t0_days) / self.period_days;
        let (s, c) = phi.sin_cos();
        if c <= 0.0 {
            return 1e3;
        }
        let cos_i = (self.b / self.a).clamp(-1.0, 1.0);
        self.a * (s * s + cos_i * cos_i * c * c).sqrt()
    }

    /// Relative flux at `t` (no exposure-time integration).
    pub fn flux(&self, t: f64) -> f64 {
        flux_quadratic(self.rp, self.z(t), self.ld)
    }

    /// Relative flux averaged over an exposure of `exposure` days with `n`
    /// sub-samples (Kipping 2010 supersampling; n = 1: instantaneous).
    pub fn flux_integrated(&self, t: f64, exposure: f64, n: usize) -> f64 {
        if n <= 1 || exposure <= 0.0 {
            return self.flux(t);
        }
        let n_f = n as f64;
        (0..n)
            .map(|k| self.flux(t + exposure * ((k as f64 + 0.5) / n_f - 0.5)))
            .sum::<f64>()
            / n_f
    }

    /// Total transit duration T14 (days), Seager & Mallén-Ornelas (2003) eq. 3.
    pub fn t14(&self) -> f64 {
        let arg = ((1.0 + self.rp).powi(2) - self.b * self.b).max(0.0).sqrt()
            / (self.a * (1.0 - (self.b / self.a).powi(2)).max(1e-12).sqrt());
        self.period_days / PI * arg.clamp(0.0, 1.0).asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elliptic_integrals_known_values() {
        // Abramowitz & Stegun table 17.1: K(k=0.5) and E(k=0.5), m = 0.25.
        assert!((ellip_k(0.5) - 1.685_750_354_812_596).abs() < 1e-14);
        assert!((ellip_e(0.5) - 1.467_462_209_339_427).abs() < 1e-14);
        assert!((ellip_k(0.0) - PI / 2.0).abs() < 1e-15);
        // Π(n, 0) = π / (2 √(1−n)).
        assert!((ellip_pi(-0.5, 0.0) - PI / (2.0 * 1.5f64.sqrt())).abs() < 1e-14);
        // Π(0, k) = K(k).
        assert!((ellip_pi(0.0, 0.7) - ellip_k(0.7)).abs() < 1e-14);
    }

    #[test]
    fn bulirsch_matches_carlson() {
        for &k in &[0.0, 0.01, 0.3, 0.5, 0.8, 0.95, 0.999, 0.999_999] {
            for &n in &[-50.0, -3.0, -0.5, 0.0, 0.2, 0.6, 0.9, 0.999] {
                let (kk, ee, pp) = ellip_kep_carlson(n, k);
                let rel = |x: f64, y: f64| ((x - y) / y).abs();
                assert!(rel(ellip_k(k), kk) < 1e-13, "K {k}");
                assert!(rel(ellip_e(k), ee) < 1e-13, "E {k}");
                assert!(rel(ellip_pi(n, k), pp) < 1e-12, "Pi {n} {k}");
            }
        }
    }

    #[test]
    fn uniform_disk_center_is_p_squared() {
        let ld = Quadratic { u1: 0.0, u2: 0.0 };
        assert!((1.0 - flux_quadratic(0.1, 0.0, ld) - 0.01).abs() < 1e-14);
        assert!((1.0 - flux_quadratic(0.1, 0.5, ld) - 0.01).abs() < 1e-14);
        assert_eq!(flux_quadratic(0.1, 1.2, ld), 1.0);
        assert!(flux_quadratic(1.5, 0.2, Quadratic { u1: 0.4, u2: 0.2 }).abs() < 1e-12);
    }
}
