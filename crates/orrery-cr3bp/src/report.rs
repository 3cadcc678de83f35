//! The questions a user asks of the three-body problem, each answered by one call,
//! and the records those answers are written as (JSON, CSV, the server's API, the
//! Python package): Lagrange points ([`points`]), one periodic orbit
//! ([`find_orbit`]) and a family ([`trace_family`]).
//!
//! ```
//! use orrery_cr3bp::report::{find_orbit, OrbitKind, OrbitRequest};
//! use orrery_cr3bp::System;
//!
//! // The lunar Gateway's orbit: the 9:2 synodic-resonant L2 southern NRHO.
//! let nrho = find_orbit(&OrbitRequest::new(System::earth_moon(), OrbitKind::Nrho))?;
//! assert!((nrho.physical.period_days - 6.5624).abs() < 1e-3);
//! // Perilune radius: about 3,200 km (Whitley & Martinez 2016).
//! assert!((nrho.physical.periapsis_km - 3_200.0).abs() < 300.0);
//! # Ok::<(), orrery_cr3bp::Cr3bpError>(())
//! ```

use crate::error::{Cr3bpError, Result};
use crate::family::{self, find_member, trace, ContinuationOptions, Family, FamilyKind};
use crate::lagrange::{all_points, Point};
use crate::missions::{self, JWST_MAX_DISTANCE_KM};
use crate::orbit::{PeriodicOrbit, PhysicalOrbit};
use crate::published::{self, PublishedValue};
use crate::richardson::Branch;
use crate::system::System;
use orrery_core::progress::{Progress, Silent};
use serde::Serialize;

/// One Lagrange point: a row of `orrery cr3bp points`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PointRow {
    /// `L1` … `L5`.
    pub point: String,
    /// x, non-dimensional (barycentric rotating frame).
    pub x: f64,
    /// y, non-dimensional.
    pub y: f64,
    /// x, km.
    pub x_km: f64,
    /// y, km.
    pub y_km: f64,
    /// Distance from the smaller primary P2, km.
    pub distance_from_secondary_km: f64,
    /// Jacobi constant, non-dimensional.
    pub jacobi: f64,
}

/// The Lagrange points of a system, with both unit systems.
pub fn points(sys: &System) -> Result<Vec<PointRow>> {
    Ok(all_points(sys.mu)?
        .into_iter()
        .map(|p| PointRow {
            point: p.point.to_string(),
            x: p.position[0],
            y: p.position[1],
            x_km: sys.to_km(p.position[0]),
            y_km: sys.to_km(p.position[1]),
            distance_from_secondary_km: sys
                .to_km(((p.position[0] - 1.0 + sys.mu).powi(2) + p.position[1].powi(2)).sqrt()),
            jacobi: p.jacobi,
        })
        .collect())
}

/// Which periodic orbit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrbitKind {
    /// A halo orbit (out-of-plane, about L1, L2 or L3).
    Halo,
    /// A planar Lyapunov orbit.
    Lyapunov,
    /// A vertical orbit (figure-eight).
    Vertical,
    /// The N:M synodic-resonant L2 southern NRHO (Earth-Moon).
    Nrho,
    /// A JWST-like Sun-Earth L2 halo.
    Jwst,
}

/// Which member of a family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MemberTarget {
    /// The small-amplitude member nearest the libration point.
    First,
    /// The first member with this Jacobi constant.
    Jacobi(f64),
    /// The first member with this out-of-plane amplitude Az (largest |z|), km.
    AzKm(f64),
    /// The first member with this period, days.
    PeriodDays(f64),
}

/// A request for one periodic orbit.
#[derive(Debug, Clone)]
pub struct OrbitRequest {
    /// The system (a JWST orbit is always computed in Sun-Earth).
    pub system: System,
    /// The kind of orbit.
    pub kind: OrbitKind,
    /// Libration point of halo, Lyapunov and vertical orbits.
    pub point: Point,
    /// Branch of halo orbits.
    pub branch: Branch,
    /// Which member of a halo, Lyapunov or vertical family.
    pub target: MemberTarget,
    /// NRHO resonance N:M (N revolutions in M synodic months).
    pub resonance: (u32, u32),
    /// JWST-like orbit: largest distance from L2, km.
    pub max_distance_km: f64,
}

impl OrbitRequest {
    /// The defaults of `orrery cr3bp orbit`: L2, northern branch, the first member,
    /// resonance 9:2, a JWST-like orbit reaching 832,000 km from L2.
    pub fn new(system: System, kind: OrbitKind) -> Self {
        OrbitRequest {
            system,
            kind,
            point: Point::L2,
            branch: Branch::North,
            target: MemberTarget::First,
            resonance: (9, 2),
            max_distance_km: JWST_MAX_DISTANCE_KM,
        }
    }
}

/// One periodic orbit with both unit systems: `orrery cr3bp orbit --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OrbitReport {
    /// The system it was computed in.
    pub system: System,
    /// The orbit, non-dimensional.
    pub orbit: PeriodicOrbit,
    /// The orbit in km, km/s and days.
    pub physical: PhysicalOrbit,
    /// Published values of this orbit to compare with, when it has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Vec<PublishedValue>>,
}

/// Computes the requested orbit.
pub fn find_orbit(req: &OrbitRequest) -> Result<OrbitReport> {
    let mut sys = req.system.clone();
    let mut published = None;
    let orbit = match req.kind {
        OrbitKind::Nrho => {
            let (n, m) = req.resonance;
            if n == 0 || m == 0 {
                return Err(Cr3bpError::InvalidResonance {
                    input: format!("{n}:{m}"),
                });
            }
            let o = missions::resonant_nrho(&sys, n, m)?;
            if (n, m) == (9, 2) {
                published = Some(published::nrho_9_2());
            }
            o
        }
        OrbitKind::Jwst => {
            // A JWST orbit is a Sun-Earth L2 halo whatever system was asked for by
            // default; a custom system is refused.
            if sys.name == "earth-moon" {
                sys = System::sun_earth();
            } else if sys.name != "sun-earth" {
                return Err(Cr3bpError::WrongSystem {
                    what: "a JWST-like orbit",
                    expected: "sun-earth",
                    got: sys.name.clone(),
                });
            }
            let (o, ex) = missions::jwst_like(&sys, req.max_distance_km)?;
            let mut p = published::jwst();
            p.extend(published::jwst_computed(&ex));
            published = Some(p);
            o
        }
        OrbitKind::Halo | OrbitKind::Lyapunov | OrbitKind::Vertical => {
            let fk = match req.kind {
                OrbitKind::Halo => FamilyKind::Halo(req.branch),
                OrbitKind::Lyapunov => FamilyKind::Lyapunov,
                _ => FamilyKind::Vertical,
            };
            let opts = ContinuationOptions {
                max_members: 3000,
                ..Default::default()
            };
            type Quantity = fn(&PeriodicOrbit) -> f64;
            let positive = |name: &'static str, v: f64| {
                if v.is_finite() && v > 0.0 {
                    Ok(v)
                } else {
                    Err(Cr3bpError::InvalidParameter {
                        name,
                        value: v,
                        expected: "positive",
                    })
                }
            };
            let target: Option<(Quantity, f64, &str)> = match req.target {
                MemberTarget::First => None,
                MemberTarget::Jacobi(c) => Some((|o| o.jacobi, c, "Jacobi constant")),
                MemberTarget::AzKm(az) => Some((
                    |o| o.az,
                    sys.from_km(positive("amplitude Az, km", az)?),
                    "Az (non-dimensional)",
                )),
                MemberTarget::PeriodDays(d) => Some((
                    |o| o.period,
                    sys.from_days(positive("period, days", d)?),
                    "period (non-dimensional)",
                )),
            };
            // Errors speak the unit the request used (km, days), not the non-dimensional one.
            let physical = |e: Cr3bpError| match (e, req.target) {
                (
                    Cr3bpError::TargetNotReached {
                        family,
                        target: _,
                        lowest,
                        highest,
                        members,
                        stop_reason,
                        ..
                    },
                    MemberTarget::AzKm(km),
                ) => Cr3bpError::TargetNotReached {
                    family,
                    quantity: "Az (largest |z|), km".into(),
                    target: km,
                    lowest: sys.to_km(lowest),
                    highest: sys.to_km(highest),
                    members,
                    stop_reason,
                },
                (
                    Cr3bpError::TargetNotReached {
                        family,
                        target: _,
                        lowest,
                        highest,
                        members,
                        stop_reason,
                        ..
                    },
                    MemberTarget::PeriodDays(d),
                ) => Cr3bpError::TargetNotReached {
                    family,
                    quantity: "period, days".into(),
                    target: d,
                    lowest: sys.to_days(lowest),
                    highest: sys.to_days(highest),
                    members,
                    stop_reason,
                },
                (e, _) => e,
            };
            match target {
                Some((quantity, value, what)) => {
                    find_member(sys.mu, fk, req.point, &opts, &quantity, value, what)
                        .map_err(physical)?
                }
                None => family::first_member(sys.mu, fk, req.point)?,
            }
        }
    };
    Ok(OrbitReport {
        physical: orbit.physical(&sys),
        system: sys,
        orbit,
        published,
    })
}

/// How a family is continued.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Continuation {
    /// Pseudo-arclength continuation with this step (non-dimensional, in the space of
    /// initial-state components), adapted to the corrector unless `adaptive` is false.
    Arclength {
        /// Step.
        step: f64,
        /// Let the step grow and shrink with the corrector's effort.
        adaptive: bool,
    },
    /// Natural-parameter continuation: step one initial-state component (0 = x0,
    /// 2 = z0, 5 = vz0) by `step` (signed, non-dimensional).
    Natural {
        /// Index of the stepped component.
        component: usize,
        /// Its increment.
        step: f64,
    },
}

/// A request for a family of periodic orbits.
#[derive(Debug, Clone)]
pub struct FamilyRequest {
    /// The system.
    pub system: System,
    /// The family (with its branch for halos).
    pub kind: FamilyKind,
    /// The libration point.
    pub point: Point,
    /// The continuation method.
    pub method: Continuation,
    /// Most members.
    pub members: usize,
    /// Stop when the closest approach to P2 falls below this radius, km.
    pub min_periapsis_km: Option<f64>,
    /// Halo only: start at the bifurcation on the planar Lyapunov family (branch
    /// switching, z0 = 1e-3) instead of Richardson's approximation.
    pub from_bifurcation: bool,
}

/// The largest family one request may trace.
pub const MAX_MEMBERS: usize = 100_000;

/// Traces the requested family.
///
/// ```
/// use orrery_cr3bp::report::{trace_family, Continuation, FamilyRequest};
/// use orrery_cr3bp::{FamilyKind, Point, System};
/// let fam = trace_family(&FamilyRequest {
///     system: System::earth_moon(),
///     kind: FamilyKind::Lyapunov,
///     point: Point::L1,
///     method: Continuation::Arclength { step: 2e-3, adaptive: true },
///     members: 10,
///     min_periapsis_km: None,
///     from_bifurcation: false,
/// })?;
/// assert_eq!(fam.members.len(), 10);
/// // Planar Lyapunov orbits about L1 are unstable: a stability index above 1.
/// assert!(fam.members.iter().all(|m| m.stability[0].abs() > 1.0));
/// # Ok::<(), orrery_cr3bp::Cr3bpError>(())
/// ```
pub fn trace_family(req: &FamilyRequest) -> Result<Family> {
    trace_family_with(req, &Silent)
}

/// [`trace_family`], reporting one unit of progress per member and stopping with
/// [`Cr3bpError::Cancelled`] when asked.
pub fn trace_family_with(req: &FamilyRequest, progress: &dyn Progress) -> Result<Family> {
    let sys = &req.system;
    if req.members == 0 || req.members > MAX_MEMBERS {
        return Err(Cr3bpError::InvalidParameter {
            name: "number of members",
            value: req.members as f64,
            expected: "1 to 100,000",
        });
    }
    let rmin = req.min_periapsis_km.map(|km| sys.from_km(km));
    progress.start("members", req.members as u64);
    let mut monitor = |o: &PeriodicOrbit| {
        progress.advance(1);
        !progress.is_cancelled() && rmin.is_none_or(|r| o.periapsis >= r)
    };
    let fam = match req.method {
        Continuation::Arclength { step, adaptive } => {
            if !(step.is_finite() && step != 0.0) {
                return Err(Cr3bpError::InvalidParameter {
                    name: "continuation step (non-dimensional)",
                    value: step,
                    expected: "finite and non-zero",
                });
            }
            let opts = ContinuationOptions {
                step: step.abs(),
                max_members: req.members,
                adaptive,
                ..Default::default()
            };
            match (req.kind, req.from_bifurcation) {
                (FamilyKind::Halo(branch), true) => family::trace_halo_from_bifurcation(
                    sys.mu,
                    req.point,
                    branch,
                    1e-3,
                    &opts,
                    &mut monitor,
                ),
                (_, true) => Err(Cr3bpError::NotHalo),
                _ => trace(sys.mu, req.kind, req.point, &opts, &mut monitor),
            }
        }
        Continuation::Natural { .. } if req.from_bifurcation => Err(Cr3bpError::NotHalo),
        Continuation::Natural { component, step } => {
            family::trace_natural(sys.mu, req.kind, req.point, component, step, req.members)
        }
    }?;
    if progress.is_cancelled() {
        return Err(Cr3bpError::Cancelled);
    }
    Ok(fam)
}

/// The document of `orrery cr3bp family --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FamilyReport<'a> {
    /// The system.
    pub system: &'a System,
    /// The family.
    pub family: &'a Family,
}

/// The document of `orrery cr3bp points --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PointsReport<'a> {
    /// The system.
    pub system: &'a System,
    /// L1 to L5.
    pub points: &'a [PointRow],
}
