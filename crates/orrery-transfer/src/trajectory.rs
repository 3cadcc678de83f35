//! One chosen transfer as a path to draw: the Lambert arc between two bodies sampled
//! in time by Kepler propagation, with the two bodies' orbits over the same years,
//! on the ecliptic of J2000 (the plane a solar-system map is drawn in).

use crate::error::{invalid, Result};
use crate::kepler::propagate;
use crate::lambert::{solve_single, Direction};
use crate::porkchop::{check_bodies, moon_of};
use orrery_core::frames::icrf_to_ecliptic_j2000;
use orrery_core::records::utc;
use orrery_core::{Body, Ephemeris, Epoch, Unit};
use serde::Serialize;

/// Most points of one path.
pub const MAX_POINTS: usize = 10_000;

/// A transfer and the orbits of its ends, positions in km on the ecliptic of J2000
/// relative to the central body.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TransferPath {
    /// Departure body.
    pub from: String,
    /// Arrival body.
    pub to: String,
    /// Departure, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub departure_utc: Epoch,
    /// Arrival, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub arrival_utc: Epoch,
    /// The transfer arc, `[x, y, z]` km, from departure to arrival.
    pub transfer_km: Vec<[f64; 3]>,
    /// The departure body over one of its periods from the departure, km.
    pub from_orbit_km: Vec<[f64; 3]>,
    /// The arrival body over one of its periods from the departure, km.
    pub to_orbit_km: Vec<[f64; 3]>,
    /// Departure body at departure, km.
    pub from_at_departure_km: [f64; 3],
    /// Arrival body at arrival, km.
    pub to_at_arrival_km: [f64; 3],
}

/// The zero-revolution transfer from `from` at `departure` to `to` at `arrival` about
/// `center` (prograde in the departure body's sense of motion), sampled at `n` points
/// (2 ≤ n ≤ [`MAX_POINTS`]), with both bodies' orbits.
///
/// ```
/// use orrery_core::{ephem::Source, time::parse_epoch, Body};
/// use orrery_transfer::trajectory::transfer_path;
/// let p = transfer_path(&Source::builtin(), Body::EARTH, Body::MARS, Body::SUN,
///     parse_epoch("2020-07-30")?, parse_epoch("2021-02-18")?, 100)?;
/// // The arc starts at the Earth and ends at Mars, about 1 au and 1.4 au from the Sun.
/// let au = orrery_core::bodies::AU_KM;
/// let r = |v: [f64; 3]| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt() / au;
/// assert!((r(p.transfer_km[0]) - 1.015).abs() < 0.02);
/// assert!((r(p.transfer_km[99]) - r(p.to_at_arrival_km)).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn transfer_path(
    eph: &dyn Ephemeris,
    from: Body,
    to: Body,
    center: Body,
    departure: Epoch,
    arrival: Epoch,
    n: usize,
) -> Result<TransferPath> {
    let mu = check_bodies(from, to, center)?;
    debug_assert!(moon_of(from).is_none());
    if arrival <= departure {
        return Err(invalid("the arrival must come after the departure"));
    }
    let n = n.clamp(2, MAX_POINTS);
    let s1 = eph.state_icrf(from, center, departure)?;
    let s2 = eph.state_icrf(to, center, arrival)?;
    let tof = (arrival - departure).to_seconds();
    let dir = if s1.position.cross(&s1.velocity).z >= 0.0 {
        Direction::Prograde
    } else {
        Direction::Retrograde
    };
    let (v1, _) = solve_single(&s1.position, &s2.position, tof, mu, dir)?;
    let ecl = icrf_to_ecliptic_j2000();
    let arr = |v: nalgebra::Vector3<f64>| -> [f64; 3] { (ecl * v).into() };
    let mut transfer_km = Vec::with_capacity(n);
    for k in 0..n {
        let dt = tof * k as f64 / (n - 1) as f64;
        let (r, _) = propagate(&s1.position, &v1, dt, mu)?;
        transfer_km.push(arr(r));
    }
    let orbit = |b: Body| -> Result<Vec<[f64; 3]>> {
        let s = eph.state_icrf(b, center, departure)?;
        let a = 1.0 / (2.0 / s.position.norm() - s.velocity.norm_squared() / mu);
        let period_days = if a > 0.0 {
            2.0 * std::f64::consts::PI * (a * a * a / mu).sqrt() / 86_400.0
        } else {
            (arrival - departure).to_unit(Unit::Day)
        };
        (0..n)
            .map(|k| {
                let t = departure + Unit::Day * (period_days * k as f64 / (n - 1) as f64);
                Ok(arr(eph.state_icrf(b, center, t)?.position))
            })
            .collect()
    };
    Ok(TransferPath {
        from: from.name(),
        to: to.name(),
        departure_utc: departure,
        arrival_utc: arrival,
        transfer_km,
        from_orbit_km: orbit(from)?,
        to_orbit_km: orbit(to)?,
        from_at_departure_km: arr(s1.position),
        to_at_arrival_km: arr(s2.position),
    })
}
