//! Satellites for Orrery: TLE and CCSDS OMM catalogs, SGP4/SDP4 propagation one at a
//! time or in parallel batches, states in TEME, ITRF or geodetic coordinates (and as
//! CCSDS OEM), pass prediction with visibility, and ground tracks.
//!
//! Earth frames and observers come from [`orrery_core::earth`] (re-exported here as
//! [`earth`]), cities from [`orrery_core::cities`].
//!
//! ```
//! use orrery_sat::Catalog;
//! let cat = Catalog::bundled(); // or Catalog::read(path, &Default::default())
//! let iss = cat.one("ISS")?;
//! let state = iss.propagate_minutes(90.0)?; // TEME, km and km/s
//! assert!((6_600.0..6_900.0).contains(&state.position.norm()));
//! # Ok::<(), orrery_sat::SatError>(())
//! ```

#![deny(clippy::undocumented_unsafe_blocks)]

pub mod batch;
pub mod catalog;
pub mod coastline;
pub mod conjunction;
pub mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod ics;
pub mod kernel;
pub mod oem;
pub mod omm;
pub mod passes;
pub mod satellite;
pub mod source;
pub mod states;
pub mod sun;
pub mod tle;
pub mod track;

pub use catalog::Catalog;
pub use error::{Result, SatError};
pub use orrery_core::{cities, earth};
pub use satellite::{Mode, Satellite, Teme};
pub use tle::ReadOptions;
