//! # orrery-cr3bp
//!
//! The circular restricted three-body problem (CR3BP): systems and units
//! ([`system`]), Lagrange points ([`lagrange`]), equations of motion, STM and
//! Jacobi constant ([`dynamics`]), a Dormand-Prince 8(5,3) integrator with
//! event location ([`dop853`]), symmetric differential correction
//! ([`shooting`]), Richardson's halo approximation ([`richardson`]), family
//! continuation ([`family`]), named orbits (9:2 NRHO, JWST-like halo;
//! [`missions`]) with the published values they are compared against
//! ([`published`]), sampled states and family trajectories for plots and exports
//! ([`sampling`]) and telescope visibility ([`visibility`]).
//!
//! Inside the crate everything is non-dimensional (see [`system::System`]
//! for the units); conversions to km, km/s and days are explicit.

#![forbid(unsafe_code)]

pub mod dop853;
pub mod dynamics;
pub mod error;
pub mod family;
pub mod lagrange;
pub mod missions;
pub mod orbit;
pub mod propagate;
pub mod published;
pub mod report;
pub mod richardson;
pub mod sampling;
pub mod shooting;
pub mod system;
pub mod visibility;

pub use error::{Cr3bpError, Result};
pub use family::{ContinuationOptions, Family, FamilyKind};
pub use lagrange::{LibrationPoint, Point};
pub use orbit::PeriodicOrbit;
pub use richardson::Branch;
pub use system::System;
