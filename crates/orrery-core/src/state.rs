//! Cartesian state vectors.
//!
//! [`State`] is the bare pair used inside computations (hot loops carry no more than
//! they need); the frame is stated by the type alias ([`Teme`], [`Itrf`]) or the doc
//! of whoever returns it. [`CartesianState`] is the state at a public boundary: it
//! carries its epoch, its centre and its frame, so a state cannot be read in the
//! wrong frame or at the wrong time.

use crate::bodies::Body;
use crate::frames::Frame;
use hifitime::Epoch;
use nalgebra::{Matrix3, Vector3};
use serde::Serialize;
use std::ops::{Add, Neg, Sub};

/// A state on TEME axes (true equator, mean equinox of date; SGP4's frame), km and km/s.
pub type Teme = State;

/// A state in the Earth-fixed frame (ITRF, or PEF when polar motion is neglected):
/// position km, velocity km/s relative to the rotating Earth.
pub type Itrf = State;

/// A state with its epoch, centre and frame: what Orrery's public functions return.
///
/// ```
/// use orrery_core::ephem::Source;
/// use orrery_core::{Body, Frame};
///
/// let eph = Source::builtin();
/// let t = orrery_core::time::parse_epoch("2026-01-01T00:00:00 UTC")?;
/// let s = orrery_core::state::CartesianState::of(&eph, Body::EARTH, Body::SUN, t, Frame::Icrf)?;
/// assert_eq!(s.frame, Frame::Icrf);
/// assert!((s.distance_km() / orrery_core::bodies::AU_KM - 0.983).abs() < 0.001); // perihelion
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CartesianState {
    /// The instant.
    pub epoch: Epoch,
    /// The body at the origin.
    pub center: Body,
    /// The axes.
    pub frame: Frame,
    /// Position, km.
    pub position: Vector3<f64>,
    /// Velocity, km/s.
    pub velocity: Vector3<f64>,
}

impl CartesianState {
    /// Labels a bare state.
    pub fn new(epoch: Epoch, center: Body, frame: Frame, state: State) -> Self {
        CartesianState {
            epoch,
            center,
            frame,
            position: state.position,
            velocity: state.velocity,
        }
    }

    /// The geometric state of `target` relative to `center` from an ephemeris.
    pub fn of(
        eph: &dyn crate::Ephemeris,
        target: Body,
        center: Body,
        epoch: Epoch,
        frame: Frame,
    ) -> Result<Self, crate::EphemError> {
        Ok(Self::new(
            epoch,
            center,
            frame,
            eph.state(target, center, epoch, frame)?,
        ))
    }

    /// The bare position/velocity pair.
    pub fn state(&self) -> State {
        State {
            position: self.position,
            velocity: self.velocity,
        }
    }

    /// Distance from the centre, km.
    pub fn distance_km(&self) -> f64 {
        self.position.norm()
    }

    /// Speed relative to the centre, km/s.
    pub fn speed_km_s(&self) -> f64 {
        self.velocity.norm()
    }
}

/// Position (km) and velocity (km/s). The frame is stated by whoever returns it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct State {
    /// Position, km.
    pub position: Vector3<f64>,
    /// Velocity, km/s.
    pub velocity: Vector3<f64>,
}

impl State {
    /// The zero state.
    pub const ZERO: State = State {
        position: Vector3::new(0.0, 0.0, 0.0),
        velocity: Vector3::new(0.0, 0.0, 0.0),
    };

    /// Builds a state from arrays (km, km/s).
    pub fn new(position: [f64; 3], velocity: [f64; 3]) -> Self {
        State {
            position: position.into(),
            velocity: velocity.into(),
        }
    }

    /// Applies a rotation to both vectors.
    pub fn rotated(&self, m: &Matrix3<f64>) -> Self {
        State {
            position: m * self.position,
            velocity: m * self.velocity,
        }
    }

    /// Scales both vectors.
    pub fn scaled(&self, k: f64) -> Self {
        State {
            position: self.position * k,
            velocity: self.velocity * k,
        }
    }
}

impl Add for State {
    type Output = State;
    fn add(self, o: State) -> State {
        State {
            position: self.position + o.position,
            velocity: self.velocity + o.velocity,
        }
    }
}

impl Sub for State {
    type Output = State;
    fn sub(self, o: State) -> State {
        State {
            position: self.position - o.position,
            velocity: self.velocity - o.velocity,
        }
    }
}

impl Neg for State {
    type Output = State;
    fn neg(self) -> State {
        State {
            position: -self.position,
            velocity: -self.velocity,
        }
    }
}
