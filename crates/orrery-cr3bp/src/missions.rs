//! Named orbits: synodic-resonant NRHOs (the lunar Gateway's 9:2) and a
//! JWST-like Sun-Earth L2 halo.

use crate::error::{Cr3bpError, Result};
use crate::family::{find_member, ContinuationOptions, FamilyKind};
use crate::lagrange::{libration_point, Point};
use crate::orbit::PeriodicOrbit;
use crate::propagate::trajectory;
use crate::richardson::Branch;
use crate::system::{System, SYNODIC_MONTH_DAYS};
use serde::Serialize;

/// Parses a resonance `N:M` (N revolutions in M synodic months).
pub fn parse_resonance(s: &str) -> Result<(u32, u32)> {
    let bad = || Cr3bpError::InvalidResonance {
        input: s.trim().to_string(),
    };
    let (a, b) = s.trim().split_once(':').ok_or_else(bad)?;
    let n: u32 = a.trim().parse().map_err(|_| bad())?;
    let m: u32 = b.trim().parse().map_err(|_| bad())?;
    if n == 0 || m == 0 {
        return Err(bad());
    }
    Ok((n, m))
}

/// Period (non-dimensional) of the N:M synodic-resonant orbit: N revolutions
/// in M synodic months (29.530589 d), so T = M/N × 29.530589 d.
pub fn resonant_period(sys: &System, n: u32, m: u32) -> f64 {
    sys.from_days(m as f64 / n as f64 * SYNODIC_MONTH_DAYS)
}

/// The L2 southern NRHO whose period is the N:M synodic resonance (Earth-Moon only).
///
/// Traces the Earth-Moon L2 southern halo family from Richardson's
/// small-amplitude orbit toward the Moon until the period crosses the target,
/// then refines the member to 1e-11 in period.
pub fn resonant_nrho(sys: &System, n: u32, m: u32) -> Result<PeriodicOrbit> {
    if sys.name != "earth-moon" {
        return Err(Cr3bpError::WrongSystem {
            what: "a synodic-resonant NRHO",
            expected: "earth-moon",
            got: sys.name.clone(),
        });
    }
    let target = resonant_period(sys, n, m);
    let opts = ContinuationOptions {
        max_members: 2000,
        ..ContinuationOptions::default()
    };
    find_member(
        sys.mu,
        FamilyKind::Halo(Branch::South),
        Point::L2,
        &opts,
        &|o: &PeriodicOrbit| o.period,
        target,
        "period",
    )
}

/// Size of an orbit seen from its libration point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Excursions {
    /// Smallest distance from the libration point, km.
    pub min_distance_km: f64,
    /// Largest distance from the libration point, km.
    pub max_distance_km: f64,
    /// Half the x extent, km.
    pub ax_km: f64,
    /// Largest |y|, km.
    pub ay_km: f64,
    /// Largest |z|, km.
    pub az_km: f64,
}

/// Distances of an orbit from its libration point, sampled at 1/2000 of a period.
pub fn excursions(sys: &System, orbit: &PeriodicOrbit) -> Result<Excursions> {
    let xl = libration_point(sys.mu, orbit.point)?.position;
    let traj = trajectory(sys.mu, &orbit.state, orbit.period, orbit.period / 2000.0)?;
    let (mut dmin, mut dmax) = (f64::INFINITY, 0.0_f64);
    let (mut xmin, mut xmax, mut ay, mut az) = (f64::INFINITY, f64::NEG_INFINITY, 0.0_f64, 0.0_f64);
    for (_, s) in &traj {
        let d = ((s[0] - xl[0]).powi(2) + s[1] * s[1] + s[2] * s[2]).sqrt();
        dmin = dmin.min(d);
        dmax = dmax.max(d);
        xmin = xmin.min(s[0]);
        xmax = xmax.max(s[0]);
        ay = ay.max(s[1].abs());
        az = az.max(s[2].abs());
    }
    Ok(Excursions {
        min_distance_km: sys.to_km(dmin),
        max_distance_km: sys.to_km(dmax),
        ax_km: sys.to_km(0.5 * (xmax - xmin)),
        ay_km: sys.to_km(ay),
        az_km: sys.to_km(az),
    })
}

/// Published size of JWST's orbit: its distance from L2 varies between about
/// 250 000 km and 832 000 km (NASA, "Webb Orbit", webb.nasa.gov; STScI JWST
/// User Documentation, "JWST Orbit": halo period about 6 months).
pub const JWST_MAX_DISTANCE_KM: f64 = 832_000.0;
/// See [`JWST_MAX_DISTANCE_KM`].
pub const JWST_MIN_DISTANCE_KM: f64 = 250_000.0;
/// Published period, days (about six months).
pub const JWST_PERIOD_DAYS: f64 = 182.6;

/// A JWST-like orbit: the Sun-Earth L2 northern halo whose largest distance
/// from L2 is `max_distance_km` (832 000 km for JWST).
pub fn jwst_like(sys: &System, max_distance_km: f64) -> Result<(PeriodicOrbit, Excursions)> {
    if !(max_distance_km.is_finite() && max_distance_km > 0.0) {
        return Err(Cr3bpError::InvalidParameter {
            name: "maximum distance from L2, km",
            value: max_distance_km,
            expected: "positive",
        });
    }
    let s2 = sys.clone();
    let quantity = move |o: &PeriodicOrbit| {
        excursions(&s2, o)
            .map(|e| e.max_distance_km)
            .unwrap_or(f64::NAN)
    };
    let opts = ContinuationOptions {
        max_members: 2000,
        ..ContinuationOptions::default()
    };
    let orbit = find_member(
        sys.mu,
        FamilyKind::Halo(Branch::North),
        Point::L2,
        &opts,
        &quantity,
        max_distance_km,
        "largest distance from L2 (km)",
    )?;
    let ex = excursions(sys, &orbit)?;
    Ok((orbit, ex))
}
