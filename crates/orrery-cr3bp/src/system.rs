//! CR3BP systems: mass parameter and the units that make the problem non-dimensional.
//!
//! Non-dimensional units: the primaries' distance is 1 (length unit `L*`, km),
//! their mean motion is 1 (time unit `T* = sqrt(L*³ / (GM₁ + GM₂))`, s), so the
//! period of the primaries is 2π. The rotating (synodic) frame has its origin
//! at the barycentre, x from the larger primary P1 (at x = −μ) toward P2
//! (at x = 1 − μ), z along the primaries' angular momentum.

use crate::error::{Cr3bpError, Result};
use serde::Serialize;

/// GM of the Earth, km³/s²: DE440, from the one table in [`orrery_core::bodies::gm`].
pub const GM_EARTH: f64 = orrery_core::bodies::gm::EARTH;
/// GM of the Moon, km³/s² (DE440, [`orrery_core::bodies::gm`]).
pub const GM_MOON: f64 = orrery_core::bodies::gm::MOON;
/// GM of the Sun, km³/s² (DE440, [`orrery_core::bodies::gm`]).
pub const GM_SUN: f64 = orrery_core::bodies::gm::SUN;
/// Astronomical unit, km (IAU 2012 Resolution B2; [`orrery_core::bodies::AU_KM`]).
pub const AU_KM: f64 = orrery_core::bodies::AU_KM;
/// Mean Earth-Moon distance used as length unit, km (the value used by
/// Zimovan-Spreen, Howell & Davis 2020 and most CR3BP literature).
pub const EARTH_MOON_DISTANCE_KM: f64 = 384_400.0;
/// Mean synodic month, days (Meeus, Astronomical Algorithms, ch. 49: 29.530588861 d).
pub const SYNODIC_MONTH_DAYS: f64 = 29.530_588_861;

/// A circular restricted three-body system.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct System {
    /// Short name (`earth-moon`, `sun-earth`, `custom`).
    pub name: String,
    /// Name of the larger primary P1.
    pub primary: String,
    /// Name of the smaller primary P2.
    pub secondary: String,
    /// Mass parameter μ = m₂ / (m₁ + m₂).
    pub mu: f64,
    /// Length unit L*, km (distance between the primaries).
    pub length_km: f64,
    /// Time unit T*, s (1/mean motion).
    pub time_s: f64,
    /// Radius of P2, km (for perilune altitude), if known.
    pub secondary_radius_km: Option<f64>,
}

impl System {
    /// Earth-Moon: μ = 1.215058560962404e-2, the mass ratio of the JPL
    /// three-body periodic-orbit catalogue (ssd-api.jpl.nasa.gov/doc/periodic_orbits.html;
    /// DE440's GMs give 1.2150584e-2); L* = 384 400 km; T* from the DE440 GM sum.
    pub fn earth_moon() -> Self {
        let gm = GM_EARTH + GM_MOON;
        let l = EARTH_MOON_DISTANCE_KM;
        System {
            name: "earth-moon".into(),
            primary: "Earth".into(),
            secondary: "Moon".into(),
            mu: 1.215058560962404e-2,
            length_km: l,
            time_s: (l * l * l / gm).sqrt(),
            secondary_radius_km: orrery_core::Body::MOON.radius(),
        }
    }

    /// Sun-(Earth+Moon): the Earth-Moon barycentre as P2; μ = 3.040423398444176e-6
    /// (Sun / Earth+Moon mass ratio of DE405, as in GMAT's and the JPL catalogue's
    /// sun-earth system; DE440's GMs give 3.0404234038e-6); L* = 1 au.
    pub fn sun_earth() -> Self {
        let gm = GM_SUN + GM_EARTH + GM_MOON;
        let l = AU_KM;
        System {
            name: "sun-earth".into(),
            primary: "Sun".into(),
            secondary: "Earth+Moon".into(),
            mu: 3.040423398444176e-6,
            length_km: l,
            time_s: (l * l * l / gm).sqrt(),
            secondary_radius_km: Some(6_378.137),
        }
    }

    /// A system from its mass parameter, distance (km) and total GM (km³/s²).
    pub fn custom(mu: f64, length_km: f64, gm_total: f64) -> Result<Self> {
        if !(mu.is_finite() && mu > 0.0 && mu <= 0.5) {
            return Err(Cr3bpError::InvalidSystem {
                reason: format!("mass parameter μ = {mu} must be in (0, 0.5]"),
            });
        }
        if !(length_km.is_finite() && length_km > 0.0) {
            return Err(Cr3bpError::InvalidSystem {
                reason: format!("distance {length_km} km must be positive"),
            });
        }
        if !(gm_total.is_finite() && gm_total > 0.0) {
            return Err(Cr3bpError::InvalidSystem {
                reason: format!("total GM {gm_total} km³/s² must be positive"),
            });
        }
        Ok(System {
            name: "custom".into(),
            primary: "P1".into(),
            secondary: "P2".into(),
            mu,
            length_km,
            time_s: (length_km.powi(3) / gm_total).sqrt(),
            secondary_radius_km: None,
        })
    }

    /// A built-in system by name (`earth-moon`, `sun-earth`; case and `_`/` ` tolerant).
    pub fn by_name(name: &str) -> Result<Self> {
        let key: String = name
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == '_' || c == ' ' { '-' } else { c })
            .collect();
        match key.as_str() {
            "earth-moon" | "em" => Ok(Self::earth_moon()),
            "sun-earth" | "se" | "sun-emb" | "sun-earth-moon" => Ok(Self::sun_earth()),
            _ => Err(Cr3bpError::UnknownSystem { name: name.into() }),
        }
    }

    /// Velocity unit, km/s.
    pub fn velocity_kms(&self) -> f64 {
        self.length_km / self.time_s
    }

    /// Time unit in days.
    pub fn time_days(&self) -> f64 {
        self.time_s / 86_400.0
    }

    /// Non-dimensional length → km.
    pub fn to_km(&self, l: f64) -> f64 {
        l * self.length_km
    }

    /// km → non-dimensional length.
    pub fn from_km(&self, km: f64) -> f64 {
        km / self.length_km
    }

    /// Non-dimensional time → days.
    pub fn to_days(&self, t: f64) -> f64 {
        t * self.time_days()
    }

    /// Days → non-dimensional time.
    pub fn from_days(&self, d: f64) -> f64 {
        d / self.time_days()
    }

    /// A non-dimensional state `[x, y, z, vx, vy, vz]` → km and km/s (rotating frame).
    pub fn state_to_physical(&self, s: &[f64; 6]) -> [f64; 6] {
        let v = self.velocity_kms();
        [
            s[0] * self.length_km,
            s[1] * self.length_km,
            s[2] * self.length_km,
            s[3] * v,
            s[4] * v,
            s[5] * v,
        ]
    }

    /// Position of P2 (x = 1 − μ) in non-dimensional units.
    pub fn secondary_x(&self) -> f64 {
        1.0 - self.mu
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earth_moon_mu_matches_jpl_catalogue() {
        // JPL three-body periodic orbit catalogue: mass ratio 1.215058560962404e-2.
        let s = System::earth_moon();
        assert!((s.mu - 1.215058560962404e-2).abs() < 1e-12, "{}", s.mu);
        // T* ≈ 4.342 days for L* = 384 400 km.
        assert!((s.time_days() - 4.3425).abs() < 1e-3, "{}", s.time_days());
    }

    #[test]
    fn sun_earth_mu() {
        let s = System::sun_earth();
        assert!((s.mu - 3.040423398444176e-6).abs() < 1e-13, "{}", s.mu);
        // T* = 1 year / 2π ≈ 58.13 d.
        assert!((s.time_days() * 2.0 * std::f64::consts::PI - 365.25).abs() < 0.1);
    }

    #[test]
    fn names_and_bad_input() {
        assert_eq!(System::by_name("Earth_Moon").unwrap().name, "earth-moon");
        assert!(matches!(
            System::by_name("mars-phobos"),
            Err(Cr3bpError::UnknownSystem { .. })
        ));
        assert!(System::custom(0.7, 1.0, 1.0).is_err());
        assert!(System::custom(f64::NAN, 1.0, 1.0).is_err());
        assert!(System::custom(0.01, -1.0, 1.0).is_err());
    }
}
