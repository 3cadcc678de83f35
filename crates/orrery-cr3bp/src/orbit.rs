//! A converged periodic orbit and the quantities users ask about: period,
//! Jacobi constant, stability indices, closest and farthest distance to P2.

use crate::dop853::Options;
use crate::dynamics::jacobi;
use crate::error::Result;
use crate::lagrange::Point;
use crate::propagate::{extreme_distances, propagate, propagate_stm};
use crate::system::System;
use nalgebra::Matrix6;
use serde::Serialize;

/// A periodic orbit of the CR3BP, non-dimensional.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PeriodicOrbit {
    /// Family name (`L2 southern halo`, `L1 Lyapunov`, `L1 vertical`).
    pub family: String,
    /// Libration point of the family.
    pub point: Point,
    /// Initial state `[x, y, z, vx, vy, vz]` on the symmetry section.
    pub state: [f64; 6],
    /// Period.
    pub period: f64,
    /// Jacobi constant.
    pub jacobi: f64,
    /// Stability indices ν = (λ + 1/λ)/2 of the two non-trivial eigenvalue
    /// pairs of the monodromy matrix, largest |ν| first (stable if |ν| ≤ 1;
    /// Howell 1984, §4; Grebow 2006, §2.5).
    pub stability: [f64; 2],
    /// Largest |λ| of the monodromy matrix.
    pub max_multiplier: f64,
    /// JPL-catalogue stability index ½(|λ|max + 1/|λ|max).
    pub stability_index_jpl: f64,
    /// State at half period (the other x-z plane or x-axis crossing).
    pub state_half: [f64; 6],
    /// Largest |z| of the two symmetric crossings (Az for halo orbits).
    pub az: f64,
    /// Closest distance to P2 along the orbit (perilune for Earth-Moon).
    pub periapsis: f64,
    /// Farthest distance to P2 along the orbit.
    pub apoapsis: f64,
    /// |x(T) − x(0)|: how well the orbit closes after one full period.
    pub closure: f64,
}

impl PeriodicOrbit {
    /// Builds the record from a corrected initial state and period: integrates
    /// the STM over one period for the monodromy matrix and locates the
    /// extreme distances to P2.
    pub fn from_state(
        mu: f64,
        family: String,
        point: Point,
        state: [f64; 6],
        period: f64,
    ) -> Result<Self> {
        let y = propagate_stm(mu, &state, period, &Options::default())?;
        let mut closure = 0.0_f64;
        for i in 0..6 {
            closure += (y[i] - state[i]).powi(2);
        }
        let m = Matrix6::from_fn(|i, j| y[6 + 6 * i + j]);
        let (stability, max_multiplier) = stability_indices(&m);
        let (periapsis, apoapsis) = extreme_distances(mu, &state, period)?;
        let state_half = propagate(mu, &state, 0.5 * period, &Options::default())?;
        Ok(PeriodicOrbit {
            family,
            point,
            state,
            period,
            jacobi: jacobi(mu, &state),
            stability,
            max_multiplier,
            stability_index_jpl: 0.5 * (max_multiplier + 1.0 / max_multiplier),
            state_half,
            az: state[2].abs().max(state_half[2].abs()),
            periapsis,
            apoapsis,
            closure: closure.sqrt(),
        })
    }

    /// The orbit in physical units.
    pub fn physical(&self, sys: &System) -> PhysicalOrbit {
        PhysicalOrbit {
            state_km_kms: sys.state_to_physical(&self.state),
            period_days: sys.to_days(self.period),
            periapsis_km: sys.to_km(self.periapsis),
            apoapsis_km: sys.to_km(self.apoapsis),
            periapsis_altitude_km: sys
                .secondary_radius_km
                .map(|r| sys.to_km(self.periapsis) - r),
        }
    }
}

/// Physical-unit view of a periodic orbit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PhysicalOrbit {
    /// Initial state, km and km/s (rotating frame, barycentric).
    pub state_km_kms: [f64; 6],
    /// Period, days.
    pub period_days: f64,
    /// Closest distance to P2, km.
    pub periapsis_km: f64,
    /// Farthest distance to P2, km.
    pub apoapsis_km: f64,
    /// Closest altitude above P2's mean radius, km.
    pub periapsis_altitude_km: Option<f64>,
}

/// Stability indices of a monodromy matrix: the two non-trivial ν = (λ+1/λ)/2
/// (the trivial pair is the two eigenvalues nearest 1), and max |λ|.
pub fn stability_indices(m: &Matrix6<f64>) -> ([f64; 2], f64) {
    let ev = m.complex_eigenvalues();
    let mut lams: Vec<nalgebra::Complex<f64>> = ev.iter().copied().collect();
    let max_mult = lams.iter().map(|l| l.norm()).fold(0.0, f64::max);
    lams.sort_by(|a, b| {
        let da = (a - 1.0).norm();
        let db = (b - 1.0).norm();
        da.total_cmp(&db)
    });
    let mut nus: Vec<f64> = lams[2..]
        .iter()
        .map(|l| {
            let inv = 1.0 / l;
            0.5 * (l + inv).re
        })
        .collect();
    nus.sort_by(|a, b| b.abs().total_cmp(&a.abs()));
    ([0.5 * (nus[0] + nus[1]), 0.5 * (nus[2] + nus[3])], max_mult)
}
