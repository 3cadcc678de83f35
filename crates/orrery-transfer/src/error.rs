//! The one error type of `orrery-transfer`.

use thiserror::Error;

/// Why a transfer computation could not give an answer.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TransferError {
    /// An input value is outside its valid domain (non-positive time of flight,
    /// zero radius, non-finite component, ...).
    #[error("invalid input: {what}")]
    InvalidInput {
        /// What is wrong, with the offending value.
        what: String,
    },
    /// The two position vectors are (anti)parallel, so the transfer plane is undefined.
    #[error(
        "the transfer plane is undefined: r1 and r2 are {angle_deg:.6} degrees apart \
         (collinear within 1e-9); a transfer angle of exactly 0 or 180 degrees needs a chosen plane"
    )]
    Collinear {
        /// Angle between r1 and r2, degrees.
        angle_deg: f64,
    },
    /// No solution with the requested number of revolutions exists for this time of flight.
    #[error(
        "no {requested}-revolution solution exists for this time of flight \
         (at most {max_possible} complete revolution(s) fit)"
    )]
    NoMultiRevSolution {
        /// Revolutions asked for.
        requested: u32,
        /// Most revolutions that fit in the time of flight.
        max_possible: u32,
    },
    /// An iteration did not converge.
    #[error("{solver} did not converge after {iterations} iterations ({detail})")]
    NoConvergence {
        /// Which solver.
        solver: &'static str,
        /// Iterations done.
        iterations: u32,
        /// Extra context.
        detail: String,
    },
    /// An ephemeris lookup failed.
    #[error(transparent)]
    Ephemeris(#[from] orrery_core::EphemError),
    /// A date range or grid is unusable.
    #[error("{0}")]
    Grid(String),
    /// A mission budget file could not be read or is inconsistent.
    #[error("mission file {path}: {reason}")]
    Mission {
        /// The file (or `<input>`).
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Result alias.
pub type Result<T> = std::result::Result<T, TransferError>;

pub(crate) fn invalid(what: impl Into<String>) -> TransferError {
    TransferError::InvalidInput { what: what.into() }
}
