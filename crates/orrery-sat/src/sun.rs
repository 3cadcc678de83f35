//! The Sun for visibility: its position in (approximately) TEME from any
//! [`Ephemeris`], Earth's shadow on a satellite (conical, penumbra included) and the
//! Sun's elevation for an observer.

use crate::earth::{jd_ut1, teme_to_pef_matrix, Observer};
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
/// [`orrery_core::frames::precession_iau1976`] (Lieske et al. 1977; Vallado eqs.
/// 3-87/3-88: r_MOD = R3(−z) R2(θ) R3(−ζ) r_GCRF) at `t` in TT centuries.
/// TEME differs from MOD by the nutation in right ascension (< 20″), ignored here.
pub fn precession_matrix(t: Epoch) -> Matrix3<f64> {
    orrery_core::frames::precession_iau1976((t.to_jde_tt_days() - 2_451_545.0) / 36_525.0)
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

/// Rotates a TEME vector to Earth-fixed axes (pseudo-Earth-fixed: GMST 1982 about
/// the pole, no polar motion), Vallado (2013) eq. 3-90.
fn teme_to_ecef(v: &Vector3<f64>, t: Epoch) -> Vector3<f64> {
    teme_to_pef_matrix(jd_ut1(t)) * v
}

/// Geometric elevation of the Sun (centre, no refraction) for an observer, rad.
pub fn sun_elevation(obs: &Observer, sun_teme: &Vector3<f64>, t: Epoch) -> f64 {
    let rho = teme_to_ecef(sun_teme, t) - obs.ecef;
    (rho.dot(&obs.up()) / rho.norm()).clamp(-1.0, 1.0).asin()
}

/// The point on Earth with the (geometric) Sun at the zenith, rad: latitude = the
/// Sun's declination on Earth-fixed axes, longitude east of Greenwich in (−π, π].
/// The Sun is 23,000 Earth radii away, so geocentric and geodetic latitude of the
/// point whose vertical points at it agree to 0.001″.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subsolar {
    /// Latitude, rad.
    pub lat: f64,
    /// Longitude east, rad.
    pub lon: f64,
}

/// The subsolar point at `t` from `ephem`'s Sun (see [`sun_teme`] for the axes).
pub fn subsolar_point(ephem: &dyn Ephemeris, t: Epoch) -> Result<Subsolar> {
    let s = teme_to_ecef(&sun_teme(ephem, t)?, t);
    Ok(Subsolar {
        lat: s.z.atan2(s.x.hypot(s.y)),
        lon: s.y.atan2(s.x),
    })
}

impl Subsolar {
    /// Geometric elevation of the Sun's centre seen from (lat, lon) (rad) on the
    /// ellipsoid, rad: sin h = sin φ sin δ + cos φ cos δ cos H with H the hour angle
    /// λ − λ☉ (Meeus, *Astronomical Algorithms*, eq. 13.6; parallax, 8.8″, ignored).
    pub fn elevation_at(&self, lat: f64, lon: f64) -> f64 {
        let (sd, cd) = self.lat.sin_cos();
        (lat.sin() * sd + lat.cos() * cd * (lon - self.lon).cos())
            .clamp(-1.0, 1.0)
            .asin()
    }

    /// Latitude of the day/night terminator (Sun's centre on the horizon) at
    /// longitude `lon`, rad: setting h = 0 in [`Self::elevation_at`] gives
    /// tan φ = −cos H / tan δ. At an equinox (δ → 0) the terminator becomes the two
    /// meridians H = ±90°; δ is kept at least 10⁻⁹ rad from 0 so the curve tends to
    /// them instead of dividing by zero.
    pub fn terminator_latitude(&self, lon: f64) -> f64 {
        let d = if self.lat.abs() < 1e-9 {
            1e-9_f64.copysign(self.lat)
        } else {
            self.lat
        };
        (-(lon - self.lon).cos() / d.tan()).atan()
    }

    /// The night side (Sun below the horizon) as a closed polygon of (lon, lat)
    /// vertices in degrees on the equirectangular map [−180°, 180°] × [−90°, 90°]:
    /// the terminator sampled at `n` longitudes, closed through the pole in night
    /// (the south pole while the Sun is north of the equator).
    pub fn night_polygon(&self, n: usize) -> Vec<(f64, f64)> {
        let n = n.max(2);
        let mut p: Vec<(f64, f64)> = (0..=n)
            .map(|k| {
                let lon = -180.0 + 360.0 * k as f64 / n as f64;
                (lon, self.terminator_latitude(lon.to_radians()).to_degrees())
            })
            .collect();
        let pole = if self.lat >= 0.0 { -90.0 } else { 90.0 };
        p.push((180.0, pole));
        p.push((-180.0, pole));
        if let Some(first) = p.first().copied() {
            p.push(first);
        }
        p
    }
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
    fn terminator_has_the_sun_on_the_horizon_and_night_inside() {
        for (lat, lon) in [
            (23.4f64, 10.0f64),
            (-23.4, -170.0),
            (0.0, 45.0),
            (1e-12, -30.0),
        ] {
            let s = Subsolar {
                lat: lat.to_radians(),
                lon: lon.to_radians(),
            };
            assert!((s.elevation_at(s.lat, s.lon) - PI / 2.0).abs() < 1e-6);
            for k in 0..36 {
                let l = (-180.0 + 10.0 * k as f64 + 5.0).to_radians();
                let phi = s.terminator_latitude(l);
                if phi.abs() < 1.5 {
                    assert!(s.elevation_at(phi, l).abs() < 1e-9, "{lat} {l} {phi}");
                }
            }
            let poly = s.night_polygon(360);
            assert_eq!(poly.first(), poly.last());
            // The antisolar point is inside the night polygon, the subsolar point not.
            let inside = |x: f64, y: f64| {
                let mut c = false;
                for w in poly.windows(2) {
                    let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                    if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
                        c = !c;
                    }
                }
                c
            };
            let anti_lon = if lon > 0.0 { lon - 180.0 } else { lon + 180.0 };
            assert!(inside(anti_lon, -lat * 0.5), "{lat} {lon}");
            assert!(!inside(lon, lat * 0.5), "{lat} {lon}");
        }
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
