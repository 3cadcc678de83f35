//! Named reference frames and the rotations between them.
//!
//! * [`Frame::Icrf`]: the International Celestial Reference Frame; JPL DE
//!   ephemerides are given in it (SPICE's `J2000` frame differs by < 0.1 arcsec
//!   frame bias and is treated as ICRF here, as JPL and SPICE do for DE kernels).
//! * [`Frame::EclipticJ2000`]: mean ecliptic and equinox of J2000, obtained from
//!   ICRF by a rotation about x by the J2000 obliquity ε₀ = 84381.448″ (IAU 1976,
//!   the value SPICE uses for `ECLIPJ2000`).

use nalgebra::Matrix3;
use serde::Serialize;
use std::str::FromStr;

/// Obliquity of the ecliptic at J2000 used by SPICE `ECLIPJ2000`, radians (84381.448″).
pub const OBLIQUITY_J2000: f64 = 84_381.448 / 3_600.0 * std::f64::consts::PI / 180.0;

/// An inertial frame in which states are expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// International Celestial Reference Frame (equatorial).
    Icrf,
    /// Mean ecliptic and equinox of J2000.
    EclipticJ2000,
}

impl Frame {
    /// Rotation matrix taking ICRF components into this frame.
    pub fn from_icrf(self) -> Matrix3<f64> {
        match self {
            Frame::Icrf => Matrix3::identity(),
            Frame::EclipticJ2000 => {
                let (s, c) = OBLIQUITY_J2000.sin_cos();
                Matrix3::new(1.0, 0.0, 0.0, 0.0, c, s, 0.0, -s, c)
            }
        }
    }

    /// Rotation matrix taking this frame's components into ICRF.
    pub fn to_icrf(self) -> Matrix3<f64> {
        self.from_icrf().transpose()
    }

    /// Short name (`icrf`, `ecliptic`).
    pub fn name(self) -> &'static str {
        match self {
            Frame::Icrf => "icrf",
            Frame::EclipticJ2000 => "ecliptic",
        }
    }
}

impl FromStr for Frame {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "icrf" | "j2000" | "eme2000" => Ok(Frame::Icrf),
            "ecliptic" | "eclipj2000" | "ecliptic-j2000" => Ok(Frame::EclipticJ2000),
            other => Err(format!("unknown frame '{other}' (known: icrf, ecliptic)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Vector3;

    #[test]
    fn ecliptic_pole() {
        // The ecliptic north pole in ICRF is (0, -sin ε, cos ε); in the ecliptic frame it is +z.
        let p = Vector3::new(0.0, -OBLIQUITY_J2000.sin(), OBLIQUITY_J2000.cos());
        let q = Frame::EclipticJ2000.from_icrf() * p;
        assert!((q - Vector3::z()).norm() < 1e-15);
        // 23°26'21.448"
        assert!((OBLIQUITY_J2000.to_degrees() - 23.439_291_111).abs() < 1e-9);
    }
}
