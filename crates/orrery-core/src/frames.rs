//! Named reference frames and the rotations between them.
//!
//! * [`Frame::Icrf`]: the International Celestial Reference Frame; JPL DE
//!   ephemerides are given in it (SPICE's `J2000` frame differs by < 0.1 arcsec
//!   frame bias and is treated as ICRF here, as JPL and SPICE do for DE kernels).
//! * [`Frame::EclipticJ2000`]: mean ecliptic and equinox of J2000, obtained from
//!   ICRF by a rotation about x by the J2000 obliquity ε₀ = 84381.448″ (IAU 1976,
//!   the value SPICE uses for `ECLIPJ2000`).
//! * Mean equator/ecliptic **of date**: the IAU 1976 precession
//!   ([`precession_iau1976`], [`ecliptic_of_date_to_j2000`]), written once here for
//!   the built-in Moon (ecliptic of date) and the satellites' Sun (equator of date).

use nalgebra::Matrix3;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Obliquity of the ecliptic at J2000 used by SPICE `ECLIPJ2000`, radians (84381.448″).
pub const OBLIQUITY_J2000: f64 = 84_381.448 / 3_600.0 * std::f64::consts::PI / 180.0;

/// A named reference frame in which a state is expressed.
///
/// The first two are inertial and tied to J2000, so an ephemeris can give states in
/// them ([`Frame::from_icrf`]); the last two move with the Earth (of date) and are
/// the frames of SGP4 output and of ground stations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// International Celestial Reference Frame (equatorial).
    Icrf,
    /// Mean ecliptic and equinox of J2000.
    EclipticJ2000,
    /// True equator, mean equinox of date: SGP4's output frame (Vallado et al. 2006).
    Teme,
    /// Earth-fixed (ITRF; PEF when polar motion is neglected).
    Itrf,
}

impl Frame {
    /// Rotation matrix taking ICRF components into this frame, for the frames that
    /// are a fixed rotation of ICRF (`None` for TEME and ITRF, which depend on time).
    pub fn from_icrf(self) -> Option<Matrix3<f64>> {
        match self {
            Frame::Icrf => Some(Matrix3::identity()),
            Frame::EclipticJ2000 => Some(rot1(OBLIQUITY_J2000)),
            Frame::Teme | Frame::Itrf => None,
        }
    }

    /// Rotation matrix taking this frame's components into ICRF (`None` as above).
    pub fn to_icrf(self) -> Option<Matrix3<f64>> {
        self.from_icrf().map(|m| m.transpose())
    }

    /// Short name (`icrf`, `ecliptic`, `teme`, `itrf`).
    pub fn name(self) -> &'static str {
        match self {
            Frame::Icrf => "icrf",
            Frame::EclipticJ2000 => "ecliptic",
            Frame::Teme => "teme",
            Frame::Itrf => "itrf",
        }
    }

    /// Name as CCSDS messages write it (`ICRF`, `EME2000`-style names are not used).
    pub fn ccsds_name(self) -> &'static str {
        match self {
            Frame::Icrf => "ICRF",
            Frame::EclipticJ2000 => "ECLIPJ2000",
            Frame::Teme => "TEME",
            Frame::Itrf => "ITRF",
        }
    }
}

/// Rotation ICRF → mean ecliptic and equinox of J2000 (`R1(ε₀)`).
pub fn icrf_to_ecliptic_j2000() -> Matrix3<f64> {
    rot1(OBLIQUITY_J2000)
}

impl FromStr for Frame {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "icrf" | "j2000" | "eme2000" => Ok(Frame::Icrf),
            "ecliptic" | "eclipj2000" | "ecliptic-j2000" => Ok(Frame::EclipticJ2000),
            "teme" => Ok(Frame::Teme),
            "itrf" | "ecef" => Ok(Frame::Itrf),
            other => Err(format!(
                "unknown frame '{other}' (known: icrf, ecliptic, teme, itrf)"
            )),
        }
    }
}

/// Passive rotation about x by `a` radians (Vallado 2013, eq. 3-15).
pub fn rot1(a: f64) -> Matrix3<f64> {
    let (s, c) = a.sin_cos();
    Matrix3::new(1.0, 0.0, 0.0, 0.0, c, s, 0.0, -s, c)
}
/// Passive rotation about y by `a` radians (Vallado 2013, eq. 3-15).
pub fn rot2(a: f64) -> Matrix3<f64> {
    let (s, c) = a.sin_cos();
    Matrix3::new(c, 0.0, -s, 0.0, 1.0, 0.0, s, 0.0, c)
}
/// Passive rotation about z by `a` radians (Vallado 2013, eq. 3-15).
pub fn rot3(a: f64) -> Matrix3<f64> {
    let (s, c) = a.sin_cos();
    Matrix3::new(c, s, 0.0, -s, c, 0.0, 0.0, 0.0, 1.0)
}

const ARCSEC: f64 = std::f64::consts::PI / (180.0 * 3600.0);

/// Mean obliquity of the ecliptic of date, IAU 1976 (Lieske et al. 1977; Meeus,
/// *Astronomical Algorithms*, eq. 22.2), radians; `t` in Julian centuries (TT) from
/// J2000: ε_A = 84381.448″ − 46.8150″t − 0.00059″t² + 0.001813″t³.
pub fn mean_obliquity_iau1976(t: f64) -> f64 {
    (84_381.448 - 46.815_0 * t - 0.000_59 * t * t + 0.001_813 * t * t * t) * ARCSEC
}

/// IAU 1976 precession: the rotation taking vectors on the mean equator and equinox
/// of J2000 (ICRF axes; the < 0.1″ frame bias ignored) to the mean equator and
/// equinox of date, `t` Julian centuries (TT) from J2000:
/// P = R₃(−z)·R₂(θ)·R₃(−ζ), with (Lieske et al. 1977, A&A 58, 1; Meeus eq. 21.3;
/// Vallado eq. 3-88)
/// ζ = 2306.2181″t + 0.30188″t² + 0.017998″t³,
/// z = 2306.2181″t + 1.09468″t² + 0.018203″t³,
/// θ = 2004.3109″t − 0.42665″t² − 0.041833″t³.
pub fn precession_iau1976(t: f64) -> Matrix3<f64> {
    let zeta = (2306.2181 * t + 0.301_88 * t * t + 0.017_998 * t * t * t) * ARCSEC;
    let z = (2306.2181 * t + 1.094_68 * t * t + 0.018_203 * t * t * t) * ARCSEC;
    let theta = (2004.3109 * t - 0.426_65 * t * t - 0.041_833 * t * t * t) * ARCSEC;
    rot3(-z) * rot2(theta) * rot3(-zeta)
}

/// The rotation taking vectors on the mean ecliptic and equinox of date (`t` Julian
/// centuries TT from J2000) to the mean ecliptic and equinox of J2000 (the
/// [`Frame::EclipticJ2000`] axes): ecliptic of date → equator of date by the mean
/// obliquity of date, back to J2000 by [`precession_iau1976`], onto the J2000
/// ecliptic: R₁(ε₀)·Pᵀ·R₁(−ε_A). Equal to Meeus's ecliptic form (21.5-21.7, angles
/// η, Π, p of the same IAU 1976 theory) to 0.0001″ over ±1 century.
pub fn ecliptic_of_date_to_j2000(t: f64) -> Matrix3<f64> {
    rot1(OBLIQUITY_J2000) * precession_iau1976(t).transpose() * rot1(-mean_obliquity_iau1976(t))
}

/// Nutation in longitude and obliquity (Δψ, Δε), radians, from the four largest terms
/// of the IAU 1980 series (Meeus, *Astronomical Algorithms*, ch. 22, "lower accuracy":
/// 0.5″ in Δψ, 0.1″ in Δε); `t` in Julian centuries TT from J2000.
/// Δψ = −17.20″ sin Ω − 1.32″ sin 2L − 0.23″ sin 2L′ + 0.21″ sin 2Ω,
/// Δε = 9.20″ cos Ω + 0.57″ cos 2L + 0.10″ cos 2L′ − 0.09″ cos 2Ω, with Ω the Moon's
/// ascending node, L and L′ the mean longitudes of the Sun and the Moon.
pub fn nutation_iau1980_low(t: f64) -> (f64, f64) {
    let deg = std::f64::consts::PI / 180.0;
    let omega = (125.044_52 - 1_934.136_261 * t) * deg;
    let l = (280.466_5 + 36_000.769_8 * t) * deg;
    let lp = (218.316_5 + 481_267.881_3 * t) * deg;
    let dpsi = (-17.20 * omega.sin() - 1.32 * (2.0 * l).sin() - 0.23 * (2.0 * lp).sin()
        + 0.21 * (2.0 * omega).sin())
        * ARCSEC;
    let deps = (9.20 * omega.cos() + 0.57 * (2.0 * l).cos() + 0.10 * (2.0 * lp).cos()
        - 0.09 * (2.0 * omega).cos())
        * ARCSEC;
    (dpsi, deps)
}

/// The rotation taking vectors on the mean equator and equinox of date to the true
/// equator and equinox of date: N = R₁(−ε)·R₃(−Δψ)·R₁(ε_A), ε = ε_A + Δε (Vallado
/// 2013, eq. 3-86), with [`nutation_iau1980_low`] and [`mean_obliquity_iau1976`].
pub fn nutation_matrix(t: f64) -> Matrix3<f64> {
    let (dpsi, deps) = nutation_iau1980_low(t);
    let eps_a = mean_obliquity_iau1976(t);
    rot1(-(eps_a + deps)) * rot3(-dpsi) * rot1(eps_a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Vector3;

    /// Meeus Example 22.a: 1987 April 10, 0h TD: Δψ = −3.788″, Δε = +9.443″ (full
    /// series); the four terms come within their stated 0.5″ and 0.1″.
    #[test]
    fn nutation_meeus_example_22a() {
        let t = (2_446_895.5 - 2_451_545.0) / 36_525.0;
        let (dpsi, deps) = nutation_iau1980_low(t);
        assert!((dpsi / ARCSEC - -3.788).abs() < 0.5, "{}", dpsi / ARCSEC);
        assert!((deps / ARCSEC - 9.443).abs() < 0.1, "{}", deps / ARCSEC);
        // The true obliquity of the same example: 23°26'36.850".
        let eps = mean_obliquity_iau1976(t) + deps;
        assert!((eps / ARCSEC - (23.0 * 3600.0 + 26.0 * 60.0 + 36.850)).abs() < 0.1);
    }

    #[test]
    fn ecliptic_pole() {
        // The ecliptic north pole in ICRF is (0, -sin ε, cos ε); in the ecliptic frame it is +z.
        let p = Vector3::new(0.0, -OBLIQUITY_J2000.sin(), OBLIQUITY_J2000.cos());
        let q = icrf_to_ecliptic_j2000() * p;
        assert!((q - Vector3::z()).norm() < 1e-15);
        // 23°26'21.448"
        assert!((OBLIQUITY_J2000.to_degrees() - 23.439_291_111).abs() < 1e-9);
    }

    /// Meeus Example 21.b: θ Persei from J2000.0 (α 41.054063°, δ 49.227750°, proper
    /// motion applied) to 2028 Nov 13.19 TD (JD 2462088.69): α 41.547214°, δ 49.348483°.
    #[test]
    fn precession_meeus_example_21b() {
        let t = (2_462_088.69 - 2_451_545.0) / 36_525.0;
        let (a0, d0) = (41.054_063_f64.to_radians(), 49.227_750_f64.to_radians());
        let v = Vector3::new(d0.cos() * a0.cos(), d0.cos() * a0.sin(), d0.sin());
        let w = precession_iau1976(t) * v;
        let a = w.y.atan2(w.x).to_degrees();
        let d = w.z.asin().to_degrees();
        assert!((a - 41.547_214).abs() < 2e-6, "α {a}");
        assert!((d - 49.348_483).abs() < 2e-6, "δ {d}");
        assert!((precession_iau1976(0.0) - Matrix3::identity()).norm() < 1e-15);
    }

    #[test]
    fn ecliptic_form_and_mean_obliquity() {
        assert!((ecliptic_of_date_to_j2000(0.0) - Matrix3::identity()).norm() < 1e-15);
        // Meeus eq. 22.2 at t = 1: 84381.448″ − 46.8150″ − 0.00059″ + 0.001813″.
        let e = mean_obliquity_iau1976(1.0) / ARCSEC;
        assert!((e - 84_334.634_223).abs() < 1e-6, "{e}");
        // The equinox of date moves along the ecliptic by the general precession in
        // longitude, Meeus eq. 21.5: p(1) = 5029.0966″ + 1.11113″ − 0.000006″ (the
        // tilt η of the ecliptic changes the J2000 longitude by < 0.001″).
        let x = ecliptic_of_date_to_j2000(1.0) * Vector3::x();
        let lon = x.y.atan2(x.x) / ARCSEC;
        assert!((lon + 5_030.207_724).abs() < 0.01, "{lon}");
    }
}
