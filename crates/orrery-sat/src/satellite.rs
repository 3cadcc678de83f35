//! One satellite: its element set, initialised SGP4/SDP4 constants and epoch.
//!
//! Propagation is the `sgp4` crate (Vallado et al. 2006, AIAA 2006-6753) with the
//! WGS-72 constants the elements were fitted with. [`Mode::Improved`] (opsmode `i`,
//! IAU sidereal time) is python-sgp4's and Skyfield's default and reproduces Vallado's
//! `tcppver.out` to 4e-6 km (see `tests/vallado.rs`); [`Mode::Afspc`] is the older
//! AFSPC behaviour (the `sgp4` crate's `*_afspc_compatibility_mode`).

use crate::error::{Result, SatError};
use hifitime::{Epoch, TimeScale};
use nalgebra::Vector3;

/// SGP4 operating mode (Vallado's `opsmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `opsmode = 'i'`: python-sgp4's and Skyfield's default.
    #[default]
    Improved,
    /// `opsmode = 'a'`: the AFSPC code, as in Vallado's verification output.
    Afspc,
}

/// A position and velocity in the TEME frame (True Equator, Mean Equinox of date), km
/// and km/s: the one state type of Orrery ([`orrery_core::State`]) on TEME axes.
pub use orrery_core::state::Teme;

/// A satellite ready to propagate.
#[derive(Debug, Clone)]
pub struct Satellite {
    /// The element set as read (names trimmed of padding).
    pub elements: sgp4::Elements,
    constants: sgp4::Constants,
    mode: Mode,
    /// Instant of the elements (UTC as written in the TLE/OMM).
    pub epoch: Epoch,
    /// The epoch as TAI seconds past J1900, to turn instants into minutes quickly.
    epoch_tai_s: f64,
}

impl Satellite {
    /// Initialises SGP4 for these elements in python-sgp4's default mode.
    pub fn new(elements: sgp4::Elements) -> Result<Self> {
        Self::with_mode(elements, Mode::Improved)
    }

    /// Initialises SGP4 for these elements in the given mode.
    pub fn with_mode(elements: sgp4::Elements, mode: Mode) -> Result<Self> {
        let fail = |reason: String| SatError::Elements {
            norad_id: elements.norad_id,
            name: elements
                .object_name
                .clone()
                .unwrap_or_else(|| "unnamed".into()),
            reason,
        };
        let constants = match mode {
            Mode::Afspc => sgp4::Constants::from_elements_afspc_compatibility_mode(&elements)
                .map_err(|e| fail(e.to_string()))?,
            Mode::Improved => {
                let deg = std::f64::consts::PI / 180.0;
                let orbit = sgp4::Orbit::from_kozai_elements(
                    &sgp4::WGS72,
                    elements.inclination * deg,
                    elements.right_ascension * deg,
                    elements.eccentricity,
                    elements.argument_of_perigee * deg,
                    elements.mean_anomaly * deg,
                    // rev/day → rad/min
                    elements.mean_motion * (std::f64::consts::PI / 720.0),
                )
                .map_err(|e| fail(e.to_string()))?;
                sgp4::Constants::new(
                    sgp4::WGS72,
                    sgp4::iau_epoch_to_sidereal_time,
                    elements.epoch(),
                    elements.drag_term,
                    orbit,
                )
                .map_err(|e| fail(e.to_string()))?
            }
        };
        let d = elements.datetime;
        use chrono::{Datelike, Timelike};
        let epoch = Epoch::from_gregorian(
            d.year(),
            d.month() as u8,
            d.day() as u8,
            d.hour() as u8,
            d.minute() as u8,
            d.second() as u8,
            d.nanosecond(),
            TimeScale::UTC,
        );
        Ok(Satellite {
            epoch_tai_s: epoch.to_tai_seconds(),
            elements,
            constants,
            mode,
            epoch,
        })
    }

    /// The name (or the catalog number when the element set has none).
    pub fn name(&self) -> String {
        match &self.elements.object_name {
            Some(n) if !n.is_empty() => n.clone(),
            _ => self.elements.norad_id.to_string(),
        }
    }

    /// NORAD catalog number.
    pub fn norad_id(&self) -> u64 {
        self.elements.norad_id
    }

    /// Orbital period from the mean motion, minutes.
    pub fn period_minutes(&self) -> f64 {
        1440.0 / self.elements.mean_motion
    }

    /// Minutes from the element epoch to `t` (TAI interval, so leap seconds count).
    pub fn minutes_since_epoch(&self, t: Epoch) -> f64 {
        (t.to_tai_duration() - self.epoch.to_tai_duration()).to_seconds() / 60.0
    }

    /// State in TEME `minutes` after the element epoch.
    pub fn propagate_minutes(&self, minutes: f64) -> Result<Teme> {
        let p = match self.mode {
            Mode::Improved => self.constants.propagate(sgp4::MinutesSinceEpoch(minutes)),
            Mode::Afspc => self
                .constants
                .propagate_afspc_compatibility_mode(sgp4::MinutesSinceEpoch(minutes)),
        }
        .map_err(|e| SatError::Propagation {
            norad_id: self.norad_id(),
            name: self.name(),
            minutes,
            reason: e.to_string(),
        })?;
        let position = Vector3::from(p.position);
        // Vallado's SGP4 reports error 6 ("decayed") when the radius falls below one
        // Earth radius (WGS-72, 6378.135 km); the sgp4 crate returns the point instead.
        if position.norm() < sgp4::WGS72.ae {
            return Err(SatError::Propagation {
                norad_id: self.norad_id(),
                name: self.name(),
                minutes,
                reason: format!(
                    "decayed: radius {:.1} km is below the Earth's surface",
                    position.norm()
                ),
            });
        }
        Ok(Teme {
            position,
            velocity: Vector3::from(p.velocity),
        })
    }

    /// States at many times (minutes since epoch), calling `f(index, state)` for each and
    /// stopping at the first error (returned). Deep-space resonant orbits reuse the
    /// resonance integrator between calls, which pays when the times are increasing.
    pub fn propagate_each(&self, minutes: &[f64], f: impl FnMut(usize, Teme)) -> Result<()> {
        self.propagate_iter(minutes.iter().copied(), f)
    }

    /// As [`Self::propagate_each`] with instants as TAI seconds past J1900 (hifitime's
    /// `to_tai_seconds`), converted on the fly (no buffer of minutes).
    pub fn propagate_each_tai(
        &self,
        tai_seconds: &[f64],
        f: impl FnMut(usize, Teme),
    ) -> Result<()> {
        let t0 = self.epoch_tai_s;
        self.propagate_iter(tai_seconds.iter().map(|t| (t - t0) / 60.0), f)
    }

    /// Whether SDP4's resonance integrator carries state from one instant to the next
    /// (12-hour and 24-hour deep-space orbits); such a satellite is best propagated
    /// through its instants in order by one thread.
    pub fn is_resonant(&self) -> bool {
        self.constants.initial_state().is_some()
    }

    fn propagate_iter(
        &self,
        minutes: impl Iterator<Item = f64>,
        mut f: impl FnMut(usize, Teme),
    ) -> Result<()> {
        let mut state = self.constants.initial_state();
        let afspc = self.mode == Mode::Afspc;
        let mut prev = 0.0f64;
        for (j, m) in minutes.enumerate() {
            // The sgp4 crate's integrator only moves away from the epoch (it panics
            // otherwise): restart it when |t| shrinks or t changes side.
            if state.is_some()
                && ((m < 0.0) != (prev < 0.0) || m.abs() < prev.abs() || !m.is_finite())
            {
                state = self.constants.initial_state();
            }
            prev = m;
            if !m.is_finite() {
                return Err(self.propagation_error(m, "time is not finite".into()));
            }
            let p = self
                .constants
                .propagate_from_state(sgp4::MinutesSinceEpoch(m), state.as_mut(), afspc)
                .map_err(|e| self.propagation_error(m, e.to_string()))?;
            let position = Vector3::from(p.position);
            if position.norm_squared() < sgp4::WGS72.ae * sgp4::WGS72.ae {
                return Err(self.propagation_error(
                    m,
                    format!(
                        "decayed: radius {:.1} km is below the Earth's surface",
                        position.norm()
                    ),
                ));
            }
            f(
                j,
                Teme {
                    position,
                    velocity: Vector3::from(p.velocity),
                },
            );
        }
        Ok(())
    }

    fn propagation_error(&self, minutes: f64, reason: String) -> SatError {
        SatError::Propagation {
            norad_id: self.norad_id(),
            name: self.name(),
            minutes,
            reason,
        }
    }

    /// State in TEME at the instant `t`.
    pub fn propagate(&self, t: Epoch) -> Result<Teme> {
        self.propagate_minutes(self.minutes_since_epoch(t))
    }

    /// The state at `t` labelled with its epoch, centre (the Earth) and frame (TEME).
    ///
    /// ```
    /// use orrery_sat::Catalog;
    /// let iss = Catalog::bundled().one("ISS")?.clone();
    /// let t = orrery_core::time::parse_epoch("2026-05-07T12:00:00 UTC")?;
    /// let s = iss.state_at(t)?;
    /// assert_eq!(s.frame, orrery_core::Frame::Teme);
    /// let alt = s.distance_km() - orrery_core::earth::WGS84_A;
    /// assert!((370.0..450.0).contains(&alt), "{alt}"); // the ISS flies at about 410 km
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state_at(&self, t: Epoch) -> Result<orrery_core::CartesianState> {
        Ok(orrery_core::CartesianState::new(
            t,
            orrery_core::Body::EARTH,
            orrery_core::Frame::Teme,
            self.propagate(t)?,
        ))
    }

    /// Days between the element epoch and `t` (positive when `t` is later).
    pub fn age_days(&self, t: Epoch) -> f64 {
        self.minutes_since_epoch(t) / 1440.0
    }
}

/// What a satellite is, in a line of a catalog listing: the rows of the dashboard's
/// satellite list and of the Python package's `Catalog.to_pandas()`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct SatelliteRow {
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Name from the catalog (the number when the catalog has none).
    pub name: String,
    /// International designator (COSPAR ID, `1998-067A`), when the catalog gives one.
    pub international_designator: Option<String>,
    /// Epoch of the element set, UTC.
    pub element_epoch_utc: String,
    /// Orbital period from the mean motion, minutes.
    pub period_min: f64,
    /// Inclination, degrees.
    pub inclination_deg: f64,
    /// Eccentricity.
    pub eccentricity: f64,
}

impl SatelliteRow {
    /// The row of `sat`.
    ///
    /// ```
    /// let cat = orrery_sat::Catalog::bundled();
    /// let row = orrery_sat::satellite::SatelliteRow::new(cat.one("ISS")?);
    /// assert_eq!(row.norad_id, 25544);
    /// assert!((row.inclination_deg - 51.63).abs() < 0.01 && (row.period_min - 92.9).abs() < 0.5);
    /// # Ok::<(), orrery_sat::SatError>(())
    /// ```
    pub fn new(sat: &Satellite) -> Self {
        SatelliteRow {
            norad_id: sat.norad_id(),
            name: sat.name(),
            international_designator: sat.elements.international_designator.clone(),
            element_epoch_utc: orrery_core::time::format_utc_ms(sat.epoch),
            period_min: sat.period_minutes(),
            inclination_deg: sat.elements.inclination,
            eccentricity: sat.elements.eccentricity,
        }
    }
}
