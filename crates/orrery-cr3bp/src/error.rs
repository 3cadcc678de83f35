//! The one error type of this crate.

/// Why a three-body computation could not be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Cr3bpError {
    /// A system name that is not built in.
    #[error("unknown three-body system '{name}': use earth-moon, sun-earth, or give --mu and --distance")]
    UnknownSystem {
        /// What the user wrote.
        name: String,
    },
    /// A mass parameter or distance out of range.
    #[error("invalid system: {reason}")]
    InvalidSystem {
        /// What is wrong.
        reason: String,
    },
    /// A libration point name that is not L1..L5 (or not collinear where needed).
    #[error("invalid libration point '{name}': {reason}")]
    InvalidPoint {
        /// What the user wrote.
        name: String,
        /// What is expected.
        reason: String,
    },
    /// The integrator could not reach the end time.
    #[error("integration failed at t = {t:.6} (non-dimensional): {reason}")]
    Integration {
        /// Time reached.
        t: f64,
        /// Why it stopped (step size underflow, step limit, non-finite state).
        reason: String,
    },
    /// The trajectory never crossed the section plane.
    #[error("no crossing of the {plane} plane before t = {t_max:.4} (non-dimensional)")]
    NoCrossing {
        /// The plane (`y = 0`, `z = 0`).
        plane: String,
        /// How long it was propagated.
        t_max: f64,
    },
    /// Differential correction did not converge.
    #[error("differential correction of {what} did not converge after {iterations} iterations (last residual {residual:.3e}, tolerance {tolerance:.1e})")]
    NoConvergence {
        /// Which orbit (e.g. `L2 southern halo, Az = 20000 km`).
        what: String,
        /// Iterations tried.
        iterations: usize,
        /// Last residual norm (non-dimensional).
        residual: f64,
        /// Requested tolerance.
        tolerance: f64,
    },
    /// An amplitude or parameter for which no orbit of the family exists.
    #[error("no {what} orbit: {reason}")]
    NoOrbit {
        /// Which family.
        what: String,
        /// Why.
        reason: String,
    },
    /// Continuation stopped before reaching the requested target.
    #[error("continuation of the {family} family stopped after {members} members: {reason}")]
    Continuation {
        /// Family name.
        family: String,
        /// Members traced before it stopped.
        members: usize,
        /// Why.
        reason: String,
    },
    /// An invalid user argument (amplitude, resonance, angles, span).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The ephemeris could not give the Sun or Earth position.
    #[error("ephemeris: {0}")]
    Ephemeris(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Cr3bpError>;
