//! Orbits as numbers to plot or export: states sampled over one period in both unit
//! systems, and the sampled members of a family.
//!
//! ```
//! use orrery_cr3bp::{missions, sampling::sample_orbit, System};
//! let sys = System::earth_moon();
//! let nrho = missions::resonant_nrho(&sys, 9, 2)?; // the Gateway's 9:2 NRHO
//! let states = sample_orbit(&sys, &nrho, 200)?;
//! assert_eq!(states.len(), 200);
//! assert!((states[199].t_days - 6.5624).abs() < 1e-3); // one period: 2/9 synodic month
//! // It closes: the last state is the first.
//! assert!((states[199].x_km - states[0].x_km).abs() < 1.0);
//! # Ok::<(), orrery_cr3bp::Cr3bpError>(())
//! ```

use crate::error::Result;
use crate::family::Family;
use crate::lagrange::libration_point;
use crate::orbit::PeriodicOrbit;
use crate::propagate::{propagate, trajectory};
use crate::system::System;
use serde::Serialize;

/// The most states one sampling may ask for.
pub const MAX_SAMPLES: usize = 1_000_000;

/// One state of an orbit in the rotating frame, non-dimensional and physical: a row of
/// `orrery cr3bp orbit --export`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OrbitSample {
    /// Time from the initial state, non-dimensional.
    pub t: f64,
    /// Position x, non-dimensional (barycentric rotating frame).
    pub x: f64,
    /// Position y, non-dimensional.
    pub y: f64,
    /// Position z, non-dimensional.
    pub z: f64,
    /// Velocity x, non-dimensional.
    pub vx: f64,
    /// Velocity y, non-dimensional.
    pub vy: f64,
    /// Velocity z, non-dimensional.
    pub vz: f64,
    /// Time from the initial state, days.
    pub t_days: f64,
    /// Position x, km.
    pub x_km: f64,
    /// Position y, km.
    pub y_km: f64,
    /// Position z, km.
    pub z_km: f64,
    /// Velocity x (rotating frame), km/s.
    pub vx_km_s: f64,
    /// Velocity y (rotating frame), km/s.
    pub vy_km_s: f64,
    /// Velocity z (rotating frame), km/s.
    pub vz_km_s: f64,
}

/// `n` states (2 ≤ n ≤ [`MAX_SAMPLES`], clamped) evenly spaced in time over one
/// period of `orbit`, first and last both the initial state's time.
pub fn sample_orbit(sys: &System, orbit: &PeriodicOrbit, n: usize) -> Result<Vec<OrbitSample>> {
    let n = n.clamp(2, MAX_SAMPLES);
    let h = orbit.period / (n - 1) as f64;
    let mut rows = Vec::with_capacity(n);
    let mut s = orbit.state;
    for k in 0..n {
        if k > 0 {
            s = propagate(sys.mu, &s, h, &Default::default())?;
        }
        let p = sys.state_to_physical(&s);
        let t = h * k as f64;
        rows.push(OrbitSample {
            t,
            x: s[0],
            y: s[1],
            z: s[2],
            vx: s[3],
            vy: s[4],
            vz: s[5],
            t_days: sys.to_days(t),
            x_km: p[0],
            y_km: p[1],
            z_km: p[2],
            vx_km_s: p[3],
            vy_km_s: p[4],
            vz_km_s: p[5],
        });
    }
    Ok(rows)
}

/// Sampled members of a family (positions in km, rotating frame): what a family plot
/// or a 3D view draws.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FamilyTrajectories {
    /// Title.
    pub title: String,
    /// One polyline per member with its Jacobi constant.
    pub members: Vec<(f64, Vec<[f64; 3]>)>,
    /// Position of P2, km.
    pub secondary: [f64; 3],
    /// Position of the libration point, km.
    pub point: [f64; 3],
}

impl FamilyTrajectories {
    /// Samples each member over one period (at most `max_members` evenly
    /// spread members, 400 points each).
    pub fn new(sys: &System, family: &Family, max_members: usize) -> Result<Self> {
        let n = family.members.len();
        let stride = n.div_ceil(max_members.max(1)).max(1);
        let mut members = Vec::new();
        for m in family.members.iter().step_by(stride) {
            let tr = trajectory(sys.mu, &m.state, m.period, m.period / 400.0)?;
            let pts = tr
                .iter()
                .map(|(_, s)| [sys.to_km(s[0]), sys.to_km(s[1]), sys.to_km(s[2])])
                .collect();
            members.push((m.jacobi, pts));
        }
        let point = family
            .members
            .first()
            .map(|m| libration_point(sys.mu, m.point))
            .transpose()?
            .map(|l| [sys.to_km(l.position[0]), 0.0, 0.0])
            .unwrap_or([0.0; 3]);
        Ok(FamilyTrajectories {
            title: format!(
                "{} family ({} members), {} system, colour: Jacobi constant",
                family.name, n, sys.name
            ),
            members,
            secondary: [sys.to_km(1.0 - sys.mu), 0.0, 0.0],
            point,
        })
    }
}
