//! # orrery-sky
//!
//! The sky tonight: where the Sun, the Moon and the planets appear to an observer
//! ([`apparent`]: light time, aberration, precession, nutation, Earth rotation,
//! parallax), when they rise, transit and set, the civil, nautical and astronomical
//! twilights, and the Moon's phase and illumination ([`almanac()`]), with event searches
//! that miss no crossing ([`events`]). Definitions follow the US Naval Observatory's,
//! as Skyfield's almanac does; `tests/skyfield_almanac.rs` checks every event against
//! Skyfield for observers from the equator to 78°N, midnight sun and polar night
//! included.
//!
//! ```
//! use orrery_core::{cities::city, earth::Observer, ephem::Source, time::parse_epoch};
//! use orrery_sky::almanac::{Sky, SkyBody};
//!
//! let eph = Source::builtin();
//! let sky = Sky::new(&eph, Observer::new(city("Tromso")?.geodetic()));
//! let t = parse_epoch("2026-06-21T00:00:00 UTC")?; // local midnight, midsummer
//! let sun = sky.position(SkyBody::Sun, t)?;
//! assert!(sun.altitude_deg > 0.0); // the midnight sun
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

pub mod almanac;
pub mod apparent;
pub mod error;
pub mod events;

pub use almanac::{almanac, Almanac, AlmanacRequest, Sky, SkyBody};
pub use error::{Result, SkyError};
