//! Apparent places: where a body appears to an observer on the Earth.
//!
//! The chain, for a body B at instant t (Urban & Seidelmann, *Explanatory Supplement
//! to the Astronomical Almanac*, 3rd ed. (2013), §7.2; Meeus ch. 23):
//!
//! 1. **light time**: B at t − τ relative to the Earth at t, τ = |r|/c, iterated
//!    twice (barycentric positions from the ephemeris);
//! 2. **annual aberration**: the direction u turned by the Earth's barycentric velocity
//!    v, u′ ∝ u + v/c (first order, 20.5″; the second order is < 0.001″);
//! 3. **precession and nutation**: ICRF → true equator and equinox of date (IAU 1976
//!    precession, the four-term IAU 1980 nutation of `orrery_core::frames`);
//! 4. **Earth rotation**: by the apparent sidereal time (UT1 taken as UTC) into the
//!    Earth-fixed frame, polar motion neglected;
//! 5. **topocentric**: minus the observer's position (the Moon's parallax is ~1°), then
//!    altitude above the WGS-84 horizon (geodetic, no refraction) and azimuth.
//!
//! Gravitational deflection (< 0.005″ away from the Sun) is left out, as Skyfield
//! leaves it out of its rise and set searches.

use crate::error::{Result, SkyError};
use nalgebra::Vector3;
use orrery_core::earth::{gast, Observer};
use orrery_core::frames::{nutation_matrix, precession_iau1976, rot1, rot3};
use orrery_core::{Body, Ephemeris, Epoch, Unit};

/// Speed of light, km/s (exact, SI).
pub const C_KM_S: f64 = 299_792.458;

/// Where a body appears.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Apparent {
    /// Geometric altitude of the centre above the horizon (no refraction), rad.
    pub altitude: f64,
    /// Azimuth from north through east, rad in [0, 2π).
    pub azimuth: f64,
    /// Topocentric distance, km.
    pub distance_km: f64,
    /// Local hour angle (west positive), rad in (−π, π].
    pub hour_angle: f64,
    /// Apparent right ascension of date (geocentric), rad in [0, 2π).
    pub ra: f64,
    /// Apparent declination of date (geocentric), rad.
    pub dec: f64,
    /// Geocentric apparent direction on the true equator and equinox of date (unit).
    pub geocentric_tod: Vector3<f64>,
    /// Geocentric distance, km.
    pub geocentric_km: f64,
}

/// The rotation ICRF → true equator and equinox of date at `t` (precession, nutation).
pub fn icrf_to_tod(t: Epoch) -> nalgebra::Matrix3<f64> {
    let tc = (t.to_jde_tt_days() - 2_451_545.0) / 36_525.0;
    nutation_matrix(tc) * precession_iau1976(tc)
}

/// The geocentric astrometric-plus-aberration vector of `body` at `t` on ICRF axes, km:
/// steps 1 and 2 of the module documentation.
pub fn geocentric_apparent_icrf(eph: &dyn Ephemeris, body: Body, t: Epoch) -> Result<Vector3<f64>> {
    let earth = eph
        .state_icrf(Body::EARTH, Body::SSB, t)
        .map_err(SkyError::Ephemeris)?;
    let mut tau = 0.0;
    let mut rel = Vector3::zeros();
    for _ in 0..3 {
        let b = eph
            .state_icrf(body, Body::SSB, t - Unit::Second * tau)
            .map_err(SkyError::Ephemeris)?;
        rel = b.position - earth.position;
        tau = rel.norm() / C_KM_S;
    }
    let d = rel.norm();
    let u = rel / d;
    let beta = earth.velocity / C_KM_S;
    let u2 = (u + beta - u * u.dot(&beta)).normalize();
    Ok(u2 * d)
}

/// Where `body` appears to `obs` at `t` (the chain of the module documentation).
pub fn apparent(eph: &dyn Ephemeris, body: Body, obs: &Observer, t: Epoch) -> Result<Apparent> {
    let geo = geocentric_apparent_icrf(eph, body, t)?;
    let tod = icrf_to_tod(t) * geo;
    let g = gast(t);
    // True of date → Earth-fixed (PEF): R₃(GAST).
    let fixed = rot3(g) * tod;
    let topo = fixed - obs.ecef;
    let look = obs.look(&orrery_core::State {
        position: fixed,
        velocity: Vector3::zeros(),
    });
    let (ra, dec) = (
        tod.y.atan2(tod.x).rem_euclid(std::f64::consts::TAU),
        (tod.z / tod.norm()).asin(),
    );
    // Local hour angle of the topocentric direction, for meridian transits.
    let lst = g + obs.geodetic.lon;
    let topo_tod = rot3(-g) * topo;
    let ra_topo = topo_tod.y.atan2(topo_tod.x);
    let ha = (lst - ra_topo + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU)
        - std::f64::consts::PI;
    Ok(Apparent {
        altitude: look.elevation,
        azimuth: look.azimuth,
        distance_km: look.range,
        hour_angle: ha,
        ra,
        dec,
        geocentric_tod: tod / tod.norm(),
        geocentric_km: tod.norm(),
    })
}

/// Apparent geocentric ecliptic longitude and latitude of date of `body` at `t`, rad:
/// the true-of-date direction rotated by the true obliquity.
pub fn ecliptic_of_date(eph: &dyn Ephemeris, body: Body, t: Epoch) -> Result<(f64, f64)> {
    let geo = geocentric_apparent_icrf(eph, body, t)?;
    let tod = icrf_to_tod(t) * geo;
    let tc = (t.to_jde_tt_days() - 2_451_545.0) / 36_525.0;
    let (_, deps) = orrery_core::frames::nutation_iau1980_low(tc);
    let eps = orrery_core::frames::mean_obliquity_iau1976(tc) + deps;
    let ecl = rot1(eps) * tod;
    Ok((
        ecl.y.atan2(ecl.x).rem_euclid(std::f64::consts::TAU),
        (ecl.z / ecl.norm()).asin(),
    ))
}
