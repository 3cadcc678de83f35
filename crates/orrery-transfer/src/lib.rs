//! # orrery-transfer
//!
//! Interplanetary and orbital transfers:
//!
//! * [`lambert`]: Lambert's problem (Izzo 2015), all revolutions and branches;
//! * [`kepler`]: universal-variable two-body propagation;
//! * [`maneuver`]: departure/capture burns, Hohmann, bi-elliptic, plane change, Tsiolkovsky;
//! * [`porkchop`]: departure × arrival grids of C3, v∞ and Δv, with contour lines
//!   from [`contour`] (marching squares; `orrery-plot` draws the chart);
//! * [`budget`]: Δv and propellant budgets from a mission TOML file;
//! * [`windows`]: launch windows (least C3 and least Δv per synodic period);
//!
//! Units: km, km/s, s, km³/s², rad.

#![forbid(unsafe_code)]

pub mod budget;
pub mod contour;
pub mod error;
pub mod kepler;
pub mod lambert;
pub mod maneuver;
pub mod porkchop;
pub mod report;
pub mod trajectory;
pub mod windows;

pub use error::{Result, TransferError};
pub use lambert::{Branch, Direction, LambertSolution};
