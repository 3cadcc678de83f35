//! Choosing the ephemeris for commands that need planet states: a JPL SPK kernel
//! given with `--ephem FILE`, or the built-in analytic model.

use anyhow::Context;
use orrery_core::ephem::spk::SpkFile;
use orrery_core::Ephemeris;
use std::path::Path;

/// Opens `--ephem FILE` if given, else the built-in model.
pub fn open(path: Option<&Path>) -> anyhow::Result<Box<dyn Ephemeris>> {
    match path {
        Some(p) => {
            Ok(Box::new(SpkFile::open(p).with_context(|| {
                format!("opening --ephem {}", p.display())
            })?))
        }
        None => builtin(),
    }
}

fn builtin() -> anyhow::Result<Box<dyn Ephemeris>> {
    Ok(Box::new(orrery_core::ephem::builtin::Builtin::new()))
}
