//! # orrery-core
//!
//! The foundation every Orrery crate stands on:
//!
//! * [`time`]: parsing and formatting of instants in UTC, TAI, TT, TDB and GPST
//!   (ISO 8601, JD, MJD), with leap seconds handled at the parsing edge;
//! * [`duration`]: user durations such as `90s`, `45min`, `6h`, `200d`;
//! * [`bodies`]: solar-system bodies by NAIF id and name, with GM and radii;
//! * [`frames`]: named reference frames (ICRF, ecliptic J2000) and rotations;
//! * [`state`]: position/velocity state vectors (km, km/s);
//! * [`ephem`]: the [`Ephemeris`](ephem::Ephemeris) trait and its sources.
//!
//! Units inside Orrery: km, km/s, s, rad. Time is a [`hifitime::Epoch`]; every
//! public boundary says which scale it reads or writes.

pub mod bodies;
pub mod duration;
pub mod ephem;
pub mod frames;
pub mod state;
pub mod time;

pub use bodies::Body;
pub use ephem::{EphemError, Ephemeris};
pub use frames::Frame;
pub use hifitime::{Duration, Epoch, TimeScale, Unit};
pub use state::State;
