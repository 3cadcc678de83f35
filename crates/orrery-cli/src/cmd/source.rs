//! The ephemeris a command reads: a JPL kernel given with `--kernel`, or the built-in model.

use orrery_core::ephem::spk::SpkFile;
use orrery_core::{Body, EphemError, Ephemeris};
use std::path::Path;

/// An open ephemeris source.
pub enum Source {
    /// A JPL SPK kernel.
    Kernel(SpkFile),
    /// The built-in analytic model.
    Builtin(Box<dyn Ephemeris>),
}

impl Source {
    /// Opens `--kernel FILE`, or the built-in model without one.
    pub fn open(kernel: Option<&Path>) -> Result<Source, EphemError> {
        Ok(match kernel {
            Some(p) => Source::Kernel(SpkFile::open(p)?),
            None => Source::Builtin(Box::new(orrery_core::ephem::builtin::Builtin::new())),
        })
    }

    /// The source as the common trait.
    pub fn ephemeris(&self) -> &dyn Ephemeris {
        match self {
            Source::Kernel(k) => k,
            Source::Builtin(b) => b.as_ref(),
        }
    }

    /// The body actually evaluated for `body` (a kernel may stand a planet's
    /// system barycentre in for the planet).
    pub fn resolve(&self, body: Body) -> Result<Body, EphemError> {
        match self {
            Source::Kernel(k) => k.resolve(body),
            Source::Builtin(_) => Ok(body),
        }
    }
}
