//! The ephemeris a computation reads: a JPL SPK kernel when the user has one, else the
//! built-in analytic model. Every front end (CLI, server, Python) opens its ephemeris
//! through [`Source::open`], so "no kernel given" means the same everywhere.
//!
//! ```
//! use orrery_core::ephem::Source;
//! use orrery_core::{Body, Ephemeris, Frame};
//!
//! let eph = Source::open(None)?; // no kernel: the built-in model
//! let t = orrery_core::time::parse_epoch("2020-07-30T12:00:00 TDB")?;
//! let mars = eph.state(Body::MARS, Body::SUN, t, Frame::Icrf)?;
//! let r_au = mars.position.norm() / orrery_core::bodies::AU_KM;
//! assert!((1.3..1.7).contains(&r_au)); // Mars: 1.38 to 1.67 au from the Sun
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::builtin::Builtin;
use super::spk::SpkFile;
use super::{Coverage, EphemError, Ephemeris};
use crate::bodies::Body;
use crate::state::State;
use hifitime::Epoch;
use std::path::Path;

/// An open ephemeris source.
#[derive(Debug)]
pub enum Source {
    /// A JPL SPK kernel (e.g. `de440.bsp`).
    Kernel(SpkFile),
    /// The built-in analytic model (no file; see [`Builtin`]).
    Builtin(Builtin),
}

impl Source {
    /// Opens the kernel at `kernel`, or the built-in model when `None`.
    pub fn open(kernel: Option<&Path>) -> Result<Source, EphemError> {
        Ok(match kernel {
            Some(p) => Source::Kernel(SpkFile::open(p)?),
            None => Source::Builtin(Builtin::new()),
        })
    }

    /// The built-in model.
    pub fn builtin() -> Source {
        Source::Builtin(Builtin::new())
    }

    /// The source as the common trait object.
    pub fn ephemeris(&self) -> &dyn Ephemeris {
        match self {
            Source::Kernel(k) => k,
            Source::Builtin(b) => b,
        }
    }

    /// The body actually evaluated for `body`: a DE kernel stands a planet's system
    /// barycentre in for the planet (599 → 5) when it has no segment for the planet.
    pub fn resolve(&self, body: Body) -> Result<Body, EphemError> {
        match self {
            Source::Kernel(k) => k.resolve(body),
            Source::Builtin(_) => Ok(body),
        }
    }

    /// True for a JPL kernel, false for the built-in model.
    pub fn is_kernel(&self) -> bool {
        matches!(self, Source::Kernel(_))
    }
}

impl Ephemeris for Source {
    fn source_name(&self) -> String {
        self.ephemeris().source_name()
    }

    fn state_icrf(&self, target: Body, center: Body, epoch: Epoch) -> Result<State, EphemError> {
        self.ephemeris().state_icrf(target, center, epoch)
    }

    fn coverage(&self) -> Vec<Coverage> {
        self.ephemeris().coverage()
    }
}
