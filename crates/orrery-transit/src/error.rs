//! The one error type of `orrery-transit`.

use std::path::PathBuf;

/// Everything that can go wrong reading, searching or writing light curves.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransitError {
    /// The file could not be read or written.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The file is not valid FITS (truncated, corrupt header, bad table layout).
    #[error("{path}: not a valid FITS file: {reason}")]
    Fits {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The file is valid FITS but holds no usable light curve.
    #[error("{path}: not a light curve: {reason}")]
    NotLightCurve {
        /// The file.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// A CSV light curve has a bad row.
    #[error("{path} line {line}: {reason}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Too few good points remain for the requested operation.
    #[error("{what}: only {n} usable points (need at least {min})")]
    TooFewPoints {
        /// Which light curve or step.
        what: String,
        /// Points available.
        n: usize,
        /// Points needed.
        min: usize,
    },
    /// A search or fit parameter is out of range.
    #[error("invalid parameter: {0}")]
    Param(String),
    /// Writing results failed.
    #[error("cannot write {path}: {reason}")]
    Output {
        /// The output file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A plot could not be drawn.
    #[error(transparent)]
    Plot(#[from] orrery_plot::PlotError),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, TransitError>;
