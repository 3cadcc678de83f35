//! Earth frames and observers: TEME → PEF/ITRF (Earth-fixed) → WGS-84 geodetic →
//! topocentric (azimuth, elevation, range, range rate) for an observer on the ground.
//!
//! Shared by the satellites (SGP4 states are TEME) and the sky almanac (the Sun, Moon
//! and planets seen from a city), so it lives in the foundation crate.
//!
//! References: D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.
//! (2013), cited as "V13 eq. x"; and Vallado et al. (2006) "Revisiting Spacetrack Report
//! #3", AIAA 2006-6753, appendix B (TEME to PEF uses GMST alone, eq. B-1).

use crate::frames::{rot1, rot2, rot3};
use crate::state::{Itrf, Teme};
use hifitime::Epoch;
use nalgebra::{Matrix3, Vector3};
use std::f64::consts::TAU;

/// WGS-84 equatorial radius, km.
pub const WGS84_A: f64 = 6378.137;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// Earth rotation rate used with GMST IAU-82, rad/s (V13 eq. 3-40 with LOD = 0).
pub const OMEGA_EARTH: f64 = 7.292_115_146_706_979e-5;

/// Julian date (UT1 ≈ UTC, |UT1 − UTC| < 0.9 s) of an instant, as a whole and a fraction.
pub fn jd_ut1(t: Epoch) -> f64 {
    // Days since J2000 in UTC; adding 2451545 loses ~20 µs of precision, enough here.
    t.to_jde_utc_days()
}

/// Greenwich mean sidereal time, IAU-82 (V13 eq. 3-47), rad in [0, 2π).
/// `jd_ut1` is the Julian date in UT1 (we use UTC: the error is below 0.9 s of time,
/// i.e. below 0.4 km of Earth rotation at the equator).
pub fn gmst82(jd_ut1: f64) -> f64 {
    let t = (jd_ut1 - 2_451_545.0) / 36_525.0;
    // θ_GMST [s] = 67310.54841 + (876600 h + 8640184.812866) T + 0.093104 T² − 6.2e-6 T³
    let secs = 67_310.548_41 + (876_600.0 * 3600.0 + 8_640_184.812_866) * t + 0.093_104 * t * t
        - 6.2e-6 * t * t * t;
    // 1 s of time = 1/240 degree.
    (secs / 240.0).to_radians().rem_euclid(TAU)
}

/// Equation of the equinoxes, Δψ cos ε, rad, with the nutation of
/// [`crate::frames::nutation_iau1980_low`] (good to ~0.5″, 0.03 s of time; the
/// IAU-1994 complementary terms, < 0.003″, are left out).
/// GAST = GMST + EqE; TEME→PEF needs only GMST because TEME's x axis is the mean
/// equinox measured along the true equator (Vallado 2006, eq. B-1).
pub fn equation_of_equinoxes(jd_tt: f64) -> f64 {
    let t = (jd_tt - 2_451_545.0) / 36_525.0;
    let (dpsi, deps) = crate::frames::nutation_iau1980_low(t);
    dpsi * (crate::frames::mean_obliquity_iau1976(t) + deps).cos()
}

/// Greenwich apparent sidereal time at `t`, rad in [0, 2π): GMST IAU-82 (UT1 taken
/// as UTC) plus the equation of the equinoxes.
pub fn gast(t: Epoch) -> f64 {
    (gmst82(jd_ut1(t)) + equation_of_equinoxes(t.to_jde_tt_days())).rem_euclid(TAU)
}

/// Polar motion angles (x_p, y_p), rad (IERS Bulletin A); zero when unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PolarMotion {
    /// x_p, rad.
    pub xp: f64,
    /// y_p, rad.
    pub yp: f64,
}

/// Rotation TEME → PEF at `jd_ut1`: R3(θ_GMST) (V13 eq. 3-90 / Vallado 2006 eq. B-1).
pub fn teme_to_pef_matrix(jd_ut1: f64) -> Matrix3<f64> {
    rot3(gmst82(jd_ut1))
}

/// TEME → ITRF at instant `t` (V13 eqs. 3-90, 3-77): r_PEF = R3(θ) r_TEME,
/// v_PEF = R3(θ) v_TEME − ω × r_PEF, then r_ITRF = R1(−y_p) R2(−x_p) r_PEF.
pub fn teme_to_itrf(s: &Teme, t: Epoch, pm: PolarMotion) -> Itrf {
    let m = teme_to_pef_matrix(jd_ut1(t));
    let r = m * s.position;
    let w = Vector3::new(0.0, 0.0, OMEGA_EARTH);
    let v = m * s.velocity - w.cross(&r);
    if pm.xp == 0.0 && pm.yp == 0.0 {
        return Itrf {
            position: r,
            velocity: v,
        };
    }
    let wm = rot1(-pm.yp) * rot2(-pm.xp);
    Itrf {
        position: wm * r,
        velocity: wm * v,
    }
}

/// WGS-84 geodetic coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geodetic {
    /// Geodetic latitude, rad.
    pub lat: f64,
    /// East longitude, rad in (−π, π].
    pub lon: f64,
    /// Height above the ellipsoid, km.
    pub alt: f64,
}

impl Geodetic {
    /// From degrees and km.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, alt_km: f64) -> Self {
        Geodetic {
            lat: lat_deg.to_radians(),
            lon: lon_deg.to_radians(),
            alt: alt_km,
        }
    }

    /// Earth-fixed position, km (V13 eq. 3-7).
    pub fn to_ecef(&self) -> Vector3<f64> {
        let e2 = WGS84_F * (2.0 - WGS84_F);
        let (sl, cl) = self.lat.sin_cos();
        let n = WGS84_A / (1.0 - e2 * sl * sl).sqrt();
        Vector3::new(
            (n + self.alt) * cl * self.lon.cos(),
            (n + self.alt) * cl * self.lon.sin(),
            (n * (1.0 - e2) + self.alt) * sl,
        )
    }

    /// From an Earth-fixed position, km (V13 algorithm 12, iterated to 1e-12 rad).
    pub fn from_ecef(r: &Vector3<f64>) -> Self {
        let e2 = WGS84_F * (2.0 - WGS84_F);
        let rxy = (r.x * r.x + r.y * r.y).sqrt();
        let lon = r.y.atan2(r.x);
        let mut lat = r.z.atan2(rxy * (1.0 - e2));
        let mut n = WGS84_A;
        for _ in 0..10 {
            let s = lat.sin();
            n = WGS84_A / (1.0 - e2 * s * s).sqrt();
            let next = (r.z + n * e2 * s).atan2(rxy);
            let done = (next - lat).abs() < 1e-12;
            lat = next;
            if done {
                break;
            }
        }
        let (s, c) = lat.sin_cos();
        let alt = if c.abs() > 1e-10 {
            rxy / c - n
        } else {
            r.z.abs() - n * (1.0 - e2)
        };
        let _ = s;
        Geodetic { lat, lon, alt }
    }
}

/// Where a satellite appears to an observer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Azimuth from north through east, rad in [0, 2π).
    pub azimuth: f64,
    /// Elevation above the horizon (geodetic, no refraction), rad.
    pub elevation: f64,
    /// Slant range, km.
    pub range: f64,
    /// Range rate, km/s (positive when receding).
    pub range_rate: f64,
}

/// An observer on the WGS-84 ellipsoid, with its Earth-fixed position cached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observer {
    /// Where.
    pub geodetic: Geodetic,
    /// Earth-fixed position, km.
    pub ecef: Vector3<f64>,
    /// Unit vectors south, east, zenith in Earth-fixed axes.
    sez: Matrix3<f64>,
}

impl Observer {
    /// An observer at these geodetic coordinates.
    pub fn new(geodetic: Geodetic) -> Self {
        let (sp, cp) = geodetic.lat.sin_cos();
        let (sl, cl) = geodetic.lon.sin_cos();
        // Rows: S, E, Z unit vectors (V13 eq. 3-28, ROT2(90° − φ) ROT3(λ)).
        let sez = Matrix3::new(sp * cl, sp * sl, -cp, -sl, cl, 0.0, cp * cl, cp * sl, sp);
        Observer {
            geodetic,
            ecef: geodetic.to_ecef(),
            sez,
        }
    }

    /// Look angles to an Earth-fixed state (V13 algorithm 27, SEZ frame).
    pub fn look(&self, sat: &Itrf) -> Look {
        let rho = sat.position - self.ecef;
        let sez = self.sez * rho;
        let range = rho.norm();
        let elevation = (sez.z / range).clamp(-1.0, 1.0).asin();
        let azimuth = sez.y.atan2(-sez.x).rem_euclid(TAU);
        Look {
            azimuth,
            elevation,
            range,
            range_rate: rho.dot(&sat.velocity) / range,
        }
    }

    /// Zenith unit vector (Earth-fixed).
    pub fn up(&self) -> Vector3<f64> {
        self.sez.row(2).transpose()
    }
}

/// Julian date (TT) of an instant.
pub fn jd_tt(t: Epoch) -> f64 {
    t.to_jde_tt_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmst_vallado_example_3_5() {
        // V13 example 3-5: 1992 Aug 20 12:14 UT1 → GMST = 152.578787886°.
        let jd = 2_448_854.5 + (12.0 * 3600.0 + 14.0 * 60.0) / 86_400.0;
        assert!((gmst82(jd).to_degrees() - 152.578_787_886).abs() < 1e-6);
    }

    #[test]
    fn geodetic_round_trip_and_vallado_example_3_3() {
        // V13 example 3-3: r = (6524.834, 6862.875, 6448.296) km → φ = 34.352496°, λ = 46.4464°, h = 5085.22 km.
        let g = Geodetic::from_ecef(&Vector3::new(6524.834, 6862.875, 6448.296));
        assert!((g.lat.to_degrees() - 34.352_496).abs() < 1e-5);
        assert!((g.lon.to_degrees() - 46.446_4).abs() < 1e-4);
        assert!((g.alt - 5085.22).abs() < 0.01);
        for (la, lo, h) in [
            (0.0, 0.0, 0.0),
            (89.9, -120.0, 400.0),
            (-45.0, 179.0, 35786.0),
            (51.5, -0.1, 0.1),
        ] {
            let g = Geodetic::from_degrees(la, lo, h);
            let b = Geodetic::from_ecef(&g.to_ecef());
            assert!(
                (b.lat - g.lat).abs() < 1e-11
                    && (b.lon - g.lon).abs() < 1e-11
                    && (b.alt - h).abs() < 1e-7
            );
        }
    }

    #[test]
    fn look_angles_basic_geometry() {
        let obs = Observer::new(Geodetic::from_degrees(0.0, 0.0, 0.0));
        let over = Itrf {
            position: Vector3::new(WGS84_A + 500.0, 0.0, 0.0),
            velocity: Vector3::new(0.0, 0.0, 7.0),
        };
        let l = obs.look(&over);
        assert!((l.elevation.to_degrees() - 90.0).abs() < 1e-9 && (l.range - 500.0).abs() < 1e-9);
        let north = Itrf {
            position: Vector3::new(WGS84_A, 0.0, 1000.0),
            velocity: Vector3::new(0.0, 0.0, 1.0),
        };
        let l = obs.look(&north);
        assert!(
            l.azimuth.to_degrees().abs() < 1e-9
                && l.elevation.abs() < 1e-9
                && (l.range_rate - 1.0).abs() < 1e-12
        );
        let east = Itrf {
            position: Vector3::new(WGS84_A, 1000.0, 0.0),
            velocity: Vector3::zeros(),
        };
        assert!((obs.look(&east).azimuth.to_degrees() - 90.0).abs() < 1e-9);
    }

    #[test]
    fn equation_of_equinoxes_meeus_example_12a() {
        // Meeus, Astronomical Algorithms, ex. 12.a: 1987-04-10 0h, GAST − GMST = −0.2317 s = −3.476″.
        let e = equation_of_equinoxes(2_446_895.5).to_degrees() * 3600.0;
        assert!((e - -3.476).abs() < 0.5, "{e}");
    }
}
