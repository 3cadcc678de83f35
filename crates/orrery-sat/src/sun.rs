//! The Sun for visibility: its position in (approximately) TEME from any
//! [`Ephemeris`], Earth's shadow on a satellite (conical, penumbra included) and the
//! Sun's elevation for an observer.

use crate::earth::{gmst82, jd_ut1, Observer};
use crate::error::Result;
use hifitime::Epoch;
use nalgebra::{Matrix3, Vector3};
use orrery_core::{Body, Ephemeris};
use std::f64::consts::PI;

/// Mean radius of the Sun's photosphere, km (IAU 2015 B3 nominal).
pub const SUN_RADIUS: f64 = 695_700.0;
/// Earth radius used for the shadow, km (WGS-84 equatorial).
pub const EARTH_RADIUS: f64 = 6378.137;

/// IAU-76 precession from J2000 (GCRF/ICRF) to the mean equator and equinox of date,
/// Lieske et al. (1977), V13 eqs. 3-87/3-88: r_MOD = R3(−z) R2(θ) R3(−ζ) r_GCRF.
/// TEME differs from MOD by the nutation in right ascension (< 20″), ignored here.
pub fn precession_matrix(t: Epoch) -> Matrix3<f64> {
    let tt = (t.to_jde_tt_days() - 2_451_545.0) / 36_525.0;
    let as2r = PI / 180.0 / 3600.0;
    let zeta = (2306.2181 * tt + 0.30188 * tt * tt + 0.017998 * tt.powi(3)) * as2r;
    let theta = (2004.3109 * tt - 0.42665 * tt * tt - 0.041833 * tt.powi(3)) * as2r;
    let z = (2306.2181 * tt + 1.09468 * tt * tt + 0.018203 * tt.powi(3)) * as2r;
    let r3 = |a: f64| {
        let (s, c) = a.sin_cos();
        Matrix3::new(c, s, 0.0, -s, c, 0.0, 0.0, 0.0, 1.0)
    };
    let (s, c) = theta.sin_cos();
    let r2 = Matrix3::new(c, 0.0, -s, 0.0, 1.0, 0.0, s, 0.0, c);
    r3(-z) * r2 * r3(-zeta)
}

/// Geocentric Sun position on mean-of-date axes (≈ TEME, see [`precession_matrix`]), km.
pub fn sun_teme(ephem: &dyn Ephemeris, t: Epoch) -> Result<Vector3<f64>> {
    let p = ephem.position_icrf(Body::SUN, Body::EARTH, t)?;
    Ok(precession_matrix(t) * p)
}

/// Fraction of the solar disc visible from a satellite at `r_sat` given the Sun at
/// `r_sun` (both geocentric, same axes, km): 1 in sunlight, 0 in the umbra, between in
/// the penumbra. Conical shadow with the overlap of two discs, Montenbruck & Gill,
/// *Satellite Orbits* (2000), §3.4.2, eqs. 3.85–3.87.
pub fn illumination(r_sat: &Vector3<f64>, r_sun: &Vector3<f64>) -> f64 {
    let d = r_sun - r_sat;
    let (rs, dd) = (r_sat.norm(), d.norm());
    if rs <= EARTH_RADIUS {
        return 0.0;
    }
    // Apparent radii of the Sun (a) and the Earth (b), and their separation (c).
    let a = (SUN_RADIUS / dd).asin();
    let b = (EARTH_RADIUS / rs).asin();
    let c = ((-r_sat).dot(&d) / (rs * dd)).clamp(-1.0, 1.0).acos();
    if c >= a + b {
        1.0
    } else if c <= b - a {
        0.0
    } else if c <= a - b {
        // Earth's disc inside the Sun's (only far from Earth).
        1.0 - (b * b) / (a * a)
    } else {
        let x = (c * c + a * a - b * b) / (2.0 * c);
        let y = (a * a - x * x).max(0.0).sqrt();
        let area = a * a * (x / a).clamp(-1.0, 1.0).acos()
            + b * b * ((c - x) / b).clamp(-1.0, 1.0).acos()
            - c * y;
        (1.0 - area / (PI * a * a)).clamp(0.0, 1.0)
    }
}

/// Geometric elevation of the Sun (centre, no refraction) for an observer, rad.
pub fn sun_elevation(obs: &Observer, sun_teme: &Vector3<f64>, t: Epoch) -> f64 {
    let th = gmst82(jd_ut1(t));
    let (s, c) = th.sin_cos();
    let ecef = Vector3::new(
        c * sun_teme.x + s * sun_teme.y,
        -s * sun_teme.x + c * sun_teme.y,
        sun_teme.z,
    );
    let rho = ecef - obs.ecef;
    (rho.dot(&obs.up()) / rho.norm()).clamp(-1.0, 1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadow_cases() {
        let sun = Vector3::new(1.496e8, 0.0, 0.0);
        assert_eq!(illumination(&Vector3::new(7000.0, 0.0, 0.0), &sun), 1.0);
        assert_eq!(illumination(&Vector3::new(-7000.0, 0.0, 0.0), &sun), 0.0);
        assert_eq!(illumination(&Vector3::new(0.0, 7000.0, 0.0), &sun), 1.0);
        // Penumbra behind the limb: grazing line y = R_E.
        let f = illumination(&Vector3::new(-7000.0, EARTH_RADIUS, 0.0), &sun);
        assert!(f > 0.3 && f < 0.7, "{f}");
        // Monotonic across the boundary.
        let mut prev = 0.0;
        for k in 0..200 {
            let y = EARTH_RADIUS - 60.0 + k as f64 * 0.6;
            let f = illumination(&Vector3::new(-7000.0, y, 0.0), &sun);
            assert!(f >= prev - 1e-12);
            prev = f;
        }
        assert_eq!(prev, 1.0);
    }

    #[test]
    fn precession_at_j2000_is_identity_and_grows_50_arcsec_per_year() {
        let j2000 = Epoch::from_jde_in_time_scale(2_451_545.0, hifitime::TimeScale::TT);
        assert!((precession_matrix(j2000) - Matrix3::identity()).norm() < 1e-15);
        // After 100 years the equinox moved by ~5029″ in longitude (general precession).
        let t = Epoch::from_jde_in_time_scale(2_451_545.0 + 36_525.0, hifitime::TimeScale::TT);
        let x = precession_matrix(t).transpose() * Vector3::x();
        let lon_shift = x.y.atan2(x.x).to_degrees() * 3600.0;
        assert!((lon_shift.abs() - 4612.2).abs() < 5.0, "{lon_shift}"); // m ≈ 4612.16″/cy in RA
    }
}
