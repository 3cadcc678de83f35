//! # orrery-core
//!
//! The foundation every Orrery crate stands on:
//!
//! * [`time`]: parsing and formatting of instants in UTC, TAI, TT, TDB and GPST
//!   (ISO 8601, JD, MJD), with leap seconds handled at the parsing edge;
//! * [`duration`]: user durations such as `90s`, `45min`, `6h`, `200d`;
//! * [`length`]: user lengths such as `100m`, `5km`, `1.5au`;
//! * [`grid`]: [`TimeGrid`], the one rule for stepping through time;
//! * [`bodies`]: solar-system bodies by NAIF id and name, with GM (DE440, one table)
//!   and radii;
//! * [`frames`]: named reference frames (ICRF, ecliptic J2000, TEME, ITRF) and rotations;
//! * [`state`]: position/velocity states (km, km/s), and
//!   [`CartesianState`] with its epoch, centre and frame;
//! * [`ephem`]: the [`Ephemeris`] trait and its sources (built-in
//!   model, JPL SPK kernels, and [`Source`](ephem::Source), the choice between them);
//! * [`earth`]: WGS-84 geodetic coordinates, Earth rotation (TEME → ITRF), observers
//!   and look angles;
//! * [`cities`]: a bundled list of cities with their time zones;
//! * [`localtime`]: local civil time in an IANA zone (daylight saving applied);
//! * [`records`]: how result types become JSON and CSV columns in every front end;
//! * [`progress`]: progress reports and cancellation of long computations.
//!
//! Units inside Orrery: km, km/s, s, rad. Time is a [`hifitime::Epoch`]; every
//! public boundary says which scale it reads or writes.

#![deny(clippy::undocumented_unsafe_blocks)]

pub mod bodies;
pub mod cities;
pub mod duration;
pub mod earth;
pub mod ephem;
pub mod frames;
pub mod grid;
pub mod ical;
pub mod length;
pub mod localtime;
pub mod progress;
pub mod records;
pub mod state;
pub mod time;

pub use bodies::Body;
pub use ephem::{EphemError, Ephemeris};
pub use frames::Frame;
pub use grid::TimeGrid;
pub use hifitime::{Duration, Epoch, TimeScale, TimeUnits, Unit};
pub use state::{CartesianState, State};
