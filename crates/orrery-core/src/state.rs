//! Cartesian state vectors.

use nalgebra::{Matrix3, Vector3};
use serde::Serialize;
use std::ops::{Add, Neg, Sub};

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
