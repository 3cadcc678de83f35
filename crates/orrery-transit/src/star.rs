//! The host star: mass and radius in solar units, and what follows from them
//! for a circular transiting orbit (Kepler's third law, transit duration,
//! mean density).
//!
//! GM☉ and R☉ come from `orrery_core::bodies` (the workspace's one source):
//! GM☉ = 132 712 440 041.279 42 km³ s⁻² (JPL DE440, Park et al. 2021,
//! AJ 161, 105), R☉ = 695 700 km (IAU 2015 Resolution B3 nominal radius).

use orrery_core::bodies::{BodyInfo, BODIES};
use serde::Serialize;
use std::f64::consts::PI;

const fn sun() -> &'static BodyInfo {
    let mut i = 0;
    while i < BODIES.len() {
        if BODIES[i].id == 10 {
            return &BODIES[i];
        }
        i += 1;
    }
    panic!("orrery-core has no Sun")
}

/// GM of the Sun, m³ s⁻² (`orrery_core` Sun, DE440).
pub const GM_SUN_M3_S2: f64 = match sun().gm {
    Some(gm_km3_s2) => gm_km3_s2 * 1e9,
    None => panic!("orrery-core Sun has no GM"),
};

/// Radius of the Sun, m (`orrery_core` Sun, IAU 2015 B3 nominal).
pub const R_SUN_M: f64 = match sun().radius {
    Some(r_km) => r_km * 1e3,
    None => panic!("orrery-core Sun has no radius"),
};

/// Newtonian constant of gravitation, m³ kg⁻¹ s⁻² (CODATA 2018); only used
/// to turn densities into kg/m³ for display, never in a ratio.
pub const G_SI: f64 = 6.674_30e-11;

const DAY_S: f64 = 86_400.0;

/// A star of `mass_msun` solar masses and `radius_rsun` solar radii.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Star {
    /// Mass, solar masses.
    pub mass_msun: f64,
    /// Radius, solar radii.
    pub radius_rsun: f64,
}

impl Default for Star {
    /// The Sun (TLS's and the Ofir grid's default host).
    fn default() -> Self {
        Star::SUN
    }
}

impl Star {
    /// One solar mass, one solar radius.
    pub const SUN: Star = Star {
        mass_msun: 1.0,
        radius_rsun: 1.0,
    };

    /// A star of `mass_msun` solar masses and `radius_rsun` solar radii.
    pub fn new(mass_msun: f64, radius_rsun: f64) -> Self {
        Star {
            mass_msun,
            radius_rsun,
        }
    }

    /// GM of the star, m³ s⁻².
    pub fn gm_m3_s2(&self) -> f64 {
        GM_SUN_M3_S2 * self.mass_msun
    }

    /// Radius, m.
    pub fn radius_m(&self) -> f64 {
        R_SUN_M * self.radius_rsun
    }

    /// Semi-major axis (m) of a circular orbit of period `period_days`
    /// (Kepler's third law, `a = (GM P² / 4π²)^(1/3)`, planet mass neglected).
    pub fn semi_major_axis_m(&self, period_days: f64) -> f64 {
        let p_s = period_days * DAY_S;
        (self.gm_m3_s2() * p_s * p_s / (4.0 * PI * PI)).cbrt()
    }

    /// Duration (days) of a central transit (b = 0, Rp ≪ R*) at
    /// `period_days`: `T = (P/π)·asin(R*/a)` (Seager & Mallén-Ornelas 2003,
    /// ApJ 585, 1038, eq. 3).
    pub fn central_duration_days(&self, period_days: f64) -> f64 {
        let ratio = (self.radius_m() / self.semi_major_axis_m(period_days)).min(1.0);
        period_days / PI * ratio.asin()
    }

    /// Mean density, kg/m³.
    pub fn density_kg_m3(&self) -> f64 {
        self.gm_m3_s2() / G_SI / (4.0 / 3.0 * PI * self.radius_m().powi(3))
    }

    /// Density of the star implied by a circular transit orbit of period
    /// `period_days` and scaled semi-major axis `a_rs` = a/R*, divided by
    /// this star's density: `ρ_fit = 3π (a/R*)³ / (G P²)` (Seager &
    /// Mallén-Ornelas 2003 eq. 30), so the ratio is `4π² (a/R*)³ R*³ / (GM P²)`
    /// and needs no G.
    pub fn density_ratio(&self, period_days: f64, a_rs: f64) -> f64 {
        let p_s = period_days * DAY_S;
        4.0 * PI * PI * a_rs.powi(3) * self.radius_m().powi(3) / (self.gm_m3_s2() * p_s * p_s)
    }

    /// Whether both mass and radius are finite and > 0.
    pub fn is_valid(&self) -> bool {
        self.mass_msun.is_finite()
            && self.radius_rsun.is_finite()
            && self.mass_msun > 0.0
            && self.radius_rsun > 0.0
    }
}

/// Stellar density (kg/m³) implied by a circular transit orbit of period
/// `period_days` and scaled semi-major axis `a_rs`: Seager & Mallén-Ornelas
/// (2003, ApJ 585, 1038) eq. 30 with Rp ≪ R*, ρ* = 3π (a/R*)³ / (G P²).
pub fn density_from_fit(period_days: f64, a_rs: f64) -> f64 {
    let p = period_days * DAY_S;
    3.0 * PI * a_rs.powi(3) / (G_SI * p * p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sun_and_earth_orbit() {
        // The Sun: 1408 kg/m³ (Williams, NASA Sun fact sheet: 1.408 g/cm³).
        assert!((Star::SUN.density_kg_m3() - 1408.0).abs() < 2.0);
        // Earth's orbit: a = 1.000 AU = 1.495 978 707e11 m (IAU 2012 B2) for 365.256 d.
        let a = Star::SUN.semi_major_axis_m(365.256_363);
        assert!((a / 1.495_978_707e11 - 1.0).abs() < 2e-5, "{a}");
        // Earth's orbit (a/R☉ = 215.03, 365.256 d) implies the Sun's density.
        let rho = density_from_fit(365.256_363, 215.032);
        assert!(
            (rho / Star::SUN.density_kg_m3() - 1.0).abs() < 2e-3,
            "{rho}"
        );
        assert!((Star::SUN.density_ratio(365.256_363, 215.032) - 1.0).abs() < 2e-3);
        // Central transit of an Earth analogue: (P/π)·asin(R☉/a) with a/R☉ = 215.03: 12.97 h.
        let t = Star::SUN.central_duration_days(365.256_363) * 24.0;
        assert!((t - 13.0).abs() < 0.1, "{t}");
        assert_eq!(GM_SUN_M3_S2, 1.327_124_400_412_794_2e20);
    }
}
