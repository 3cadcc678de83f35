//! Impulsive manoeuvres at a planet: departure from a parking orbit onto a
//! hyperbola, capture from a hyperbola, and the classic two- and three-impulse
//! transfers between circular orbits.
//!
//! Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed.: hyperbolic
//! departure eq. 8.40 and capture eq. 8.58 (periapsis burns), Hohmann transfer
//! Section 6.3, bi-elliptic Section 6.4, plane change eq. 6.30 (combined burn).
//! Units: km, km/s, km³/s².

use crate::error::{invalid, Result};
use orrery_core::Body;

/// Δv at periapsis to leave a circular parking orbit of radius `rp` on a hyperbola
/// with excess speed `vinf` (Curtis eq. 8.40): Δv = √(v∞² + 2μ/rp) − √(μ/rp).
pub fn departure_dv(vinf: f64, mu: f64, rp: f64) -> f64 {
    (vinf * vinf + 2.0 * mu / rp).sqrt() - (mu / rp).sqrt()
}

/// Δv at periapsis to capture from a hyperbola with excess speed `vinf` into an
/// orbit of periapsis radius `rp` and eccentricity `e` (Curtis eq. 8.58 generalised):
/// Δv = √(v∞² + 2μ/rp) − √(μ(1+e)/rp).
pub fn capture_dv(vinf: f64, mu: f64, rp: f64, e: f64) -> f64 {
    (vinf * vinf + 2.0 * mu / rp).sqrt() - (mu * (1.0 + e) / rp).sqrt()
}

/// The two burns of a Hohmann transfer between coplanar circular orbits r1 → r2
/// (Curtis Section 6.3). Returns (Δv1, Δv2, time of flight s).
pub fn hohmann(mu: f64, r1: f64, r2: f64) -> Result<(f64, f64, f64)> {
    positive(&[("mu", mu), ("r1", r1), ("r2", r2)])?;
    let a = 0.5 * (r1 + r2);
    let v1 = (mu / r1).sqrt();
    let v2 = (mu / r2).sqrt();
    let vp = (mu * (2.0 / r1 - 1.0 / a)).sqrt();
    let va = (mu * (2.0 / r2 - 1.0 / a)).sqrt();
    let tof = std::f64::consts::PI * (a * a * a / mu).sqrt();
    Ok(((vp - v1).abs(), (v2 - va).abs(), tof))
}

/// The three burns of a bi-elliptic transfer r1 → rb → r2 (Curtis Section 6.4),
/// rb the intermediate apoapsis radius. Returns (Δv1, Δv2, Δv3, time of flight s).
pub fn bi_elliptic(mu: f64, r1: f64, rb: f64, r2: f64) -> Result<(f64, f64, f64, f64)> {
    positive(&[("mu", mu), ("r1", r1), ("rb", rb), ("r2", r2)])?;
    if rb < r1.max(r2) {
        return Err(invalid(format!(
            "bi-elliptic apoapsis {rb} km must be at least max(r1, r2) = {} km",
            r1.max(r2)
        )));
    }
    let a1 = 0.5 * (r1 + rb);
    let a2 = 0.5 * (r2 + rb);
    let vis = |r: f64, a: f64| (mu * (2.0 / r - 1.0 / a)).sqrt();
    let dv1 = vis(r1, a1) - (mu / r1).sqrt();
    let dv2 = (vis(rb, a2) - vis(rb, a1)).abs();
    let dv3 = (vis(r2, a2) - (mu / r2).sqrt()).abs();
    let pi = std::f64::consts::PI;
    let tof = pi * ((a1 * a1 * a1 / mu).sqrt() + (a2 * a2 * a2 / mu).sqrt());
    Ok((dv1.abs(), dv2, dv3, tof))
}

/// Δv to turn a velocity of magnitude `v1` into one of magnitude `v2` at an angle
/// `di` rad (Curtis eq. 6.30, law of cosines); v1 = v2 gives the pure plane change 2v sin(di/2).
pub fn plane_change(v1: f64, v2: f64, di: f64) -> f64 {
    (v1 * v1 + v2 * v2 - 2.0 * v1 * v2 * di.cos())
        .max(0.0)
        .sqrt()
}

/// Standard gravity, km/s² (9.80665 m/s², CGPM 1901): Isp in s times g0 is the
/// exhaust speed.
pub const G0_KM_S2: f64 = 9.806_65e-3;

/// Propellant mass for a Δv (km/s) with specific impulse `isp` (s) and final mass
/// `m_final` (kg), from Tsiolkovsky's equation m0/mf = exp(Δv / (Isp g0)).
pub fn propellant_mass(dv: f64, isp: f64, m_final: f64) -> Result<f64> {
    positive(&[("isp", isp), ("final mass", m_final)])?;
    if !(dv.is_finite() && dv >= 0.0) {
        return Err(invalid(format!("delta-v must be >= 0, got {dv} km/s")));
    }
    Ok(m_final * ((dv / (isp * G0_KM_S2)).exp() - 1.0))
}

fn positive(vals: &[(&str, f64)]) -> Result<()> {
    for (name, v) in vals {
        if !(v.is_finite() && *v > 0.0) {
            return Err(invalid(format!("{name} must be positive, got {v}")));
        }
    }
    Ok(())
}

/// The planet (with mass and radius) standing for a body: a planet barycentre
/// (NAIF 1–9) maps to the planet itself (e.g. 4 → 499).
pub fn planet_of(body: Body) -> Body {
    if (1..=9).contains(&body.0) {
        Body(body.0 * 100 + 99)
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Curtis 3rd ed. Example 6.1-style check and Vallado 4th ed. Example 6-1:
    /// Hohmann from r = 191.34411 km altitude (6569.4781 km) to GEO 42160.017 km:
    /// Δv_total = 3.935224 km/s, transfer time 5.256713 h (μ = 398600.4418).
    #[test]
    fn vallado_example_6_1_hohmann() {
        let (dv1, dv2, tof) = hohmann(398_600.441_8, 6_569.478_1, 42_160.017).unwrap();
        assert!((dv1 + dv2 - 3.935_224).abs() < 2e-5, "{}", dv1 + dv2);
        assert!((tof / 3600.0 - 5.256_713).abs() < 1e-4, "{}", tof / 3600.0);
    }

    /// Bi-elliptic transfer: with rb = r2 it is the Hohmann transfer; with rb → ∞ it
    /// costs the same as Hohmann at r2/r1 = 11.94 and less above 15.58 (the classic
    /// thresholds, Curtis 3rd ed. Section 6.4, Fig. 6.13).
    #[test]
    fn bi_elliptic_limits() {
        let mu = 398_600.441_8;
        let (h1, h2, ht) = hohmann(mu, 7000.0, 30_000.0).unwrap();
        let (a, b, c, t) = bi_elliptic(mu, 7000.0, 30_000.0, 30_000.0).unwrap();
        assert!((a + b + c - h1 - h2).abs() < 1e-12);
        // ... plus half a circular period at r2.
        let half = std::f64::consts::PI * (30_000.0f64.powi(3) / mu).sqrt();
        assert!((t - ht - half).abs() < 1e-6);
        let total_inf = |ratio: f64| {
            let (a, b, c, _) = bi_elliptic(mu, 7000.0, 7000.0 * 1e9, 7000.0 * ratio).unwrap();
            let (h1, h2, _) = hohmann(mu, 7000.0, 7000.0 * ratio).unwrap();
            (a + b + c) - (h1 + h2)
        };
        assert!(total_inf(11.0) > 0.0);
        assert!(total_inf(11.94).abs() < 2e-4);
        assert!(total_inf(16.0) < 0.0);
    }

    #[test]
    fn plane_change_and_rocket_equation() {
        // Pure plane change of 7.5 km/s by 28.5 deg: 2 v sin(di/2).
        let dv = plane_change(7.5, 7.5, 28.5f64.to_radians());
        assert!((dv - 2.0 * 7.5 * (14.25f64.to_radians()).sin()).abs() < 1e-12);
        // Tsiolkovsky: Δv = Isp g0 ln 2 doubles the mass.
        let m = propellant_mass(300.0 * 9.806_65e-3 * 2f64.ln(), 300.0, 1000.0).unwrap();
        assert!((m - 1000.0).abs() < 1e-9);
        assert!(propellant_mass(1.0, 0.0, 1.0).is_err());
        assert!(hohmann(1.0, -1.0, 2.0).is_err());
        assert!(bi_elliptic(1.0, 1.0, 1.5, 2.0).is_err());
    }
}
