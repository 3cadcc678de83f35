//! Satellites for Orrery: TLE and CCSDS OMM catalogs, SGP4/SDP4 propagation one at a
//! time or in parallel batches, Earth frames (TEME → ITRF → WGS-84 geodetic →
//! topocentric), pass prediction with visibility, and ground tracks.
//!
//! ```no_run
//! use orrery_sat::{Catalog, ReadOptions};
//! let cat = Catalog::read("stations.txt".as_ref(), &ReadOptions::default())?;
//! let iss = cat.one("ISS")?;
//! let state = iss.propagate_minutes(90.0)?; // TEME, km and km/s
//! # Ok::<(), orrery_sat::SatError>(())
//! ```

pub mod batch;
pub mod catalog;
pub mod cities;
pub mod coastline;
pub mod earth;
pub mod error;
pub mod kernel;
pub mod omm;
pub mod passes;
pub mod satellite;
pub mod sun;
pub mod tle;
pub mod track_map;

pub use catalog::Catalog;
pub use error::{Result, SatError};
pub use satellite::{Mode, Satellite, Teme};
pub use tle::ReadOptions;
