//! # Orrery
//!
//! The computations behind today's space exploration, in one library: where a
//! satellite is and when you can see it pass, where the planets are, when the next
//! Mars launch window opens and what it costs, the orbits a lunar station flies, and
//! whether a light curve hides a planet. The `orrery` command line, the Python package
//! and the web dashboard all call these same functions.
//!
//! Each domain is a module behind a cargo feature of the same name (all on by
//! default): [`sat`], [`sky`], [`transfer`], [`cr3bp`], [`transit`], and [`plot`] to
//! draw their results. Time, bodies, frames and ephemerides are always here.
//!
//! Units inside are km, km/s, s and radians; at the edge where a person types,
//! Orrery takes degrees and calendar dates, and every field name says its unit
//! (`elevation_deg`, `range_km`, `time_utc`). Instants are [`Epoch`]s, in any
//! time scale; text without a scale is read as UTC.
//!
//! ## When can I see the ISS from Paris?
//!
//! ```
//! use orrery::prelude::*;
//!
//! let catalog = orrery::sat::Catalog::bundled(); // CelesTrak, 2026-05-07
//! let iss = catalog.one("ISS")?;
//! let paris = orrery::city("Paris")?;
//! let start = orrery::time("2026-05-08")?; // midnight UTC
//! let sun = Source::builtin(); // for visibility: is the sky dark, is the ISS lit?
//! let passes = orrery::sat::passes::predict_passes(
//!     &[iss], &paris, start, start + 1.days(), &PassOptions::default(), Some(&sun), false);
//! for (_, p) in &passes.passes {
//!     let visible = p.visibility.is_some_and(|v| v.visible);
//!     println!("{}  max {:4.1}°  {}", p.culmination.time, p.culmination.elevation_deg,
//!              if visible { "visible" } else { "" });
//! }
//! assert!(passes.passes.iter().any(|(_, p)| p.visibility.is_some_and(|v| v.visible)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## When does the Sun set tonight, and is the Moon up?
//!
//! ```
//! use orrery::prelude::*;
//! use orrery::sky::almanac::{EventKind, Sky, SkyBody};
//!
//! let eph = Source::builtin();
//! let sky = Sky::new(&eph, orrery::city("Paris")?);
//! let noon = orrery::time("2026-06-21T12:00 UTC")?;
//! let sets = sky.rises_and_sets(SkyBody::Sun, noon, noon + 1.days(), None)?;
//! let sunset = sets.iter().find(|e| e.kind == EventKind::Set).unwrap();
//! println!("sunset {}", orrery::time::format_utc_ms(sunset.time_utc)); // 19:58 UTC
//! let moon = sky.position(SkyBody::Moon, sunset.time_utc)?;
//! println!("the Moon at {:.1}°, {:.0} % lit", moon.altitude_deg, moon.illuminated_fraction * 100.0);
//! assert!((moon.illuminated_fraction - 0.4).abs() < 0.15); // first quarter on 2026-06-21
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Where is Mars?
//!
//! ```
//! use orrery::prelude::*;
//!
//! let eph = Source::builtin(); // or Source::open(Some("de440.bsp".as_ref()))?
//! let t = orrery::time("2020-10-06T14:18 UTC")?; // closest approach of 2020
//! let mars = eph.state(Body::MARS, Body::EARTH, t, Frame::Icrf)?;
//! let million_km = mars.position.norm() / 1e6;
//! println!("Mars is {million_km:.2} million km away");
//! assert!((million_km - 62.07).abs() < 0.1); // NASA: 62.07 million km
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## When should we launch to Mars, and what does it cost?
//!
//! ```
//! use orrery::prelude::*;
//! use orrery::transfer::porkchop::{compute, DateRange, EndOrbits, PorkchopSpec};
//!
//! let d = |s| orrery::time(s).unwrap();
//! let grid = compute(&PorkchopSpec {
//!     from: Body::EARTH,
//!     to: Body::MARS,
//!     center: Body::SUN,
//!     depart: DateRange { start: d("2020-06-15"), end: d("2020-09-15"), step: 2.days() },
//!     arrive: DateRange { start: d("2020-12-15"), end: d("2021-04-15"), step: 2.days() },
//!     orbits: EndOrbits::default(), // 200 km parking orbit, 400 km circular capture
//! }, &Source::builtin())?;
//! let best = grid.min_c3().unwrap();
//! println!("depart {}, C3 {:.2} km²/s²", grid.departures[best.i], best.cell.c3);
//! assert!((12.0..14.5).contains(&best.cell.c3)); // the 2020 window: C3 about 13 km²/s²
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What orbit will the lunar Gateway fly?
//!
//! ```
//! use orrery::cr3bp::report::{find_orbit, OrbitKind, OrbitRequest};
//! use orrery::cr3bp::System;
//!
//! // The 9:2 synodic-resonant near-rectilinear halo orbit about Earth-Moon L2.
//! let nrho = find_orbit(&OrbitRequest::new(System::earth_moon(), OrbitKind::Nrho))?;
//! let p = &nrho.physical;
//! println!("period {:.4} d, perilune {:.0} km, apolune {:.0} km",
//!          p.period_days, p.periapsis_km, p.apoapsis_km);
//! assert!((p.period_days - 6.5624).abs() < 1e-3); // 2/9 of a synodic month
//! assert!((p.apoapsis_km - 71_000.0).abs() < 3_000.0); // Lee 2019: about 71,000 km
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//!
//! ## Is there a planet in this light curve?
//!
//! ```
//! use orrery::transit::{search, SearchConfig};
//!
//! // TESS sector 1, WASP-126 (bundled): a hot Jupiter on a 3.2888-day orbit.
//! let lc = orrery::transit::sample::light_curve()?;
//! let result = search(&lc, &SearchConfig { period_max_days: Some(6.0), ..Default::default() })?;
//! let best = &result.candidates[0];
//! println!("P = {:.4} d, depth {:.0} ppm", best.summary.period_days, best.summary.depth_ppm);
//! assert!((best.summary.period_days - 3.2888).abs() < 0.01);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

pub use orrery_core::{
    bodies, cities, duration, earth, ephem, frames, grid, length, localtime, progress, records,
    state,
};
pub use orrery_core::{
    Body, CartesianState, Duration, Ephemeris, Epoch, Frame, State, TimeGrid, TimeScale, Unit,
};

/// Satellites: TLE/OMM catalogs, SGP4, states, passes, ground tracks (`orrery-sat`).
#[cfg(feature = "sat")]
pub use orrery_sat as sat;

/// Transfers: Lambert, porkchops, launch windows, budgets (`orrery-transfer`).
#[cfg(feature = "transfer")]
pub use orrery_transfer as transfer;

/// The three-body problem: Lagrange points, periodic orbits, families (`orrery-cr3bp`).
#[cfg(feature = "cr3bp")]
pub use orrery_cr3bp as cr3bp;

/// Exoplanet transits: light curves, detrending, BLS, fits, vetting (`orrery-transit`).
#[cfg(feature = "transit")]
pub use orrery_transit as transit;

/// The sky tonight: apparent positions, rise/transit/set, twilight, Moon phases (`orrery-sky`).
#[cfg(feature = "sky")]
pub use orrery_sky as sky;

/// Charts of the results (`orrery-plot`).
#[cfg(feature = "plot")]
pub use orrery_plot as plot;

/// Parses an instant as a person writes it: `2026-05-08`, `2026-05-08T20:15`,
/// `2020-07-30T11:50:01 TDB`, `JD 2459061.0`, `now`. Without a scale it is UTC.
///
/// ```
/// let t = orrery::time("2016-12-31T23:59:60")?; // the leap second is kept
/// assert_eq!(orrery::time::format_utc_ms(t), "2016-12-31T23:59:60.000Z");
/// # Ok::<(), orrery::time::TimeError>(())
/// ```
pub fn time(text: &str) -> Result<Epoch, orrery_core::time::TimeError> {
    orrery_core::time::parse_epoch(text)
}

/// Time scales, parsing and formatting of instants (`orrery_core::time`).
pub mod time {
    pub use orrery_core::time::*;
}

/// An observer at a bundled city (`Paris`, `New York`, `Tromsø`...).
pub fn city(name: &str) -> Result<earth::Observer, cities::UnknownCity> {
    Ok(earth::Observer::new(cities::city(name)?.geodetic()))
}

/// An observer at a latitude and longitude in degrees (north, east) and a height
/// above the WGS-84 ellipsoid in metres.
///
/// ```
/// let greenwich = orrery::observer(51.4769, -0.0005, 46.0);
/// assert!((greenwich.geodetic.lat.to_degrees() - 51.4769).abs() < 1e-12);
/// ```
pub fn observer(lat_deg: f64, lon_deg: f64, alt_m: f64) -> earth::Observer {
    earth::Observer::new(earth::Geodetic::from_degrees(
        lat_deg,
        lon_deg,
        alt_m / 1000.0,
    ))
}

/// What most programs need, in one `use`.
pub mod prelude {
    pub use crate::ephem::Source;
    pub use crate::{Body, CartesianState, Duration, Ephemeris, Epoch, Frame, TimeGrid, Unit};
    pub use orrery_core::TimeUnits;

    #[cfg(feature = "sat")]
    pub use orrery_sat::{passes::PassOptions, Catalog, Satellite};
}
