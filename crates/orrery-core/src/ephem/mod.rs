//! Planetary ephemerides behind one trait.
//!
//! An [`Ephemeris`] gives the geometric state (no light time, no aberration) of a
//! target body relative to a centre body at an instant, in km and km/s, on ICRF
//! axes or on the ecliptic of J2000 ([`Frame`]). Instants are evaluated in **TDB**
//! (the time argument of JPL ephemerides): an [`Epoch`] in any scale is converted
//! with hifitime's TDB model.
//!
//! Sources:
//! * `builtin`: an analytic model needing no file (see its module docs for its
//!   validity span and its measured error against DE421);
//! * `spk`: JPL SPK kernels (DAF, segment types 2 and 3), e.g. `de421.bsp`, `de440.bsp`.

pub mod builtin;
pub mod report;
pub mod source;
pub mod spk;

pub use source::Source;

use crate::bodies::{Body, UnknownBody};
use crate::frames::Frame;
use crate::state::State;
use hifitime::Epoch;
use std::path::PathBuf;
use thiserror::Error;

/// Why an ephemeris could not answer.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EphemError {
    /// A name that matches no body.
    #[error(transparent)]
    UnknownBody(#[from] UnknownBody),
    /// A body this source does not carry.
    #[error("{source_name} has no data for {body} (NAIF {id})", id = body.0)]
    NotInSource {
        /// The body asked for.
        body: Body,
        /// Which source (file name or "built-in model").
        source_name: String,
    },
    /// The instant lies outside the span the source covers for this body.
    #[error("{epoch} is outside the span of {source_name} for {body}: {start} to {end}")]
    OutOfRange {
        /// The body asked for.
        body: Body,
        /// Which source.
        source_name: String,
        /// The instant asked for (printed, TDB).
        epoch: String,
        /// Start of coverage (printed, TDB).
        start: String,
        /// End of coverage (printed, TDB).
        end: String,
    },
    /// A frame that moves with the Earth (TEME, ITRF): ephemerides give inertial states.
    #[error("ephemerides give states on inertial axes (icrf, ecliptic), not {}", frame.name())]
    UnsupportedFrame {
        /// The frame asked for.
        frame: Frame,
    },
    /// A table of more states than allowed.
    #[error("{n} states is more than the limit of {max}; use a larger step or a shorter span")]
    TooManyStates {
        /// States asked for.
        n: usize,
        /// The limit.
        max: usize,
    },
    /// The kernel file could not be read.
    #[error("cannot read ephemeris file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The kernel file is not a valid SPK, or is damaged.
    #[error("{path} is not a usable SPK kernel: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// Span of time over which a source can evaluate a body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coverage {
    /// The body.
    pub body: Body,
    /// The body relative to which it is stored (its segment centre, or `Body::SSB`).
    pub center: Body,
    /// First instant covered.
    pub start: Epoch,
    /// Last instant covered.
    pub end: Epoch,
}

/// A source of planetary positions and velocities.
///
/// Implementations are thread-safe and hold no mutable global state, so one
/// instance can serve a rayon-parallel porkchop grid.
pub trait Ephemeris: Send + Sync {
    /// Short description for users, e.g. `built-in analytic model` or `de421.bsp`.
    fn source_name(&self) -> String;

    /// Geometric state of `target` relative to `center` at `epoch`, on ICRF axes;
    /// km and km/s.
    fn state_icrf(&self, target: Body, center: Body, epoch: Epoch) -> Result<State, EphemError>;

    /// Every body this source can evaluate, with the span it covers.
    fn coverage(&self) -> Vec<Coverage>;

    /// Geometric state of `target` relative to `center` at `epoch` in `frame`; km and km/s.
    fn state(
        &self,
        target: Body,
        center: Body,
        epoch: Epoch,
        frame: Frame,
    ) -> Result<State, EphemError> {
        let s = self.state_icrf(target, center, epoch)?;
        match frame {
            Frame::Icrf => Ok(s),
            other => match other.from_icrf() {
                Some(m) => Ok(s.rotated(&m)),
                None => Err(EphemError::UnsupportedFrame { frame: other }),
            },
        }
    }

    /// Position of `target` relative to `center` at `epoch` on ICRF axes, km.
    fn position_icrf(
        &self,
        target: Body,
        center: Body,
        epoch: Epoch,
    ) -> Result<nalgebra::Vector3<f64>, EphemError> {
        Ok(self.state_icrf(target, center, epoch)?.position)
    }
}
