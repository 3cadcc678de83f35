//! The one error type of this crate.

/// Why a three-body computation could not be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Cr3bpError {
    /// A system name that is not built in.
    #[error("unknown three-body system '{name}': use earth-moon or sun-earth, or a custom system from its mass parameter, distance and GM")]
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
    /// A family member with the requested value does not exist: the family, traced
    /// from its libration point until it ended, never reached it.
    #[error("no {family} orbit: {quantity} = {target} is not reached: traced {members} members covering {lowest:.6} .. {highest:.6} ({stop_reason})")]
    TargetNotReached {
        /// The family.
        family: String,
        /// The quantity and its unit (`Jacobi constant`, `Az, km`).
        quantity: String,
        /// The value asked for, in the quantity's unit.
        target: f64,
        /// The smallest value along the traced family.
        lowest: f64,
        /// The largest value along the traced family.
        highest: f64,
        /// Members traced.
        members: usize,
        /// Why the continuation ended.
        stop_reason: String,
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
    /// A number outside its domain (an amplitude, a step, a distance).
    #[error("invalid {name}: {value} ({expected})")]
    InvalidParameter {
        /// Which quantity, with its unit.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What is expected of it.
        expected: &'static str,
    },
    /// A family name that is not lyapunov, halo or vertical.
    #[error("unknown orbit family '{name}': expected lyapunov, halo or vertical")]
    UnknownFamily {
        /// What was asked for.
        name: String,
    },
    /// A halo branch that is not north or south.
    #[error("unknown halo branch '{name}': expected north or south")]
    UnknownBranch {
        /// What was asked for.
        name: String,
    },
    /// A resonance that is not `N:M` with positive integers.
    #[error("resonance '{input}': expected N:M with positive integers, e.g. 9:2")]
    InvalidResonance {
        /// What was given.
        input: String,
    },
    /// An orbit defined for one system asked for in another.
    #[error("{what} is defined for the {expected} system, not {got}")]
    WrongSystem {
        /// The orbit (`synodic-resonant NRHO`, `JWST-like halo`).
        what: &'static str,
        /// The system it needs.
        expected: &'static str,
        /// The system given.
        got: String,
    },
    /// Starting at the Lyapunov bifurcation asked of a family other than halo, or with
    /// natural-parameter continuation.
    #[error(
        "starting from the bifurcation applies to halo families with pseudo-arclength continuation"
    )]
    NotHalo,
    /// Branch switching asked of an orbit that is not planar.
    #[error("branch switching to halo orbits starts from a planar (Lyapunov) orbit")]
    NotPlanar,
    /// A sky position that cannot be read.
    #[error("target '{input}': {reason}")]
    InvalidTarget {
        /// What was given.
        input: String,
        /// What is wrong.
        reason: String,
    },
    /// A time span that ends before it starts or is longer than allowed.
    #[error("invalid span: {reason}")]
    InvalidSpan {
        /// What is wrong.
        reason: String,
    },
    /// A field of regard that is not `0 <= min < max <= 180` degrees.
    #[error("field of regard {min_deg}..{max_deg} degrees must satisfy 0 <= min < max <= 180")]
    InvalidFieldOfRegard {
        /// Smallest solar elongation, degrees.
        min_deg: f64,
        /// Largest solar elongation, degrees.
        max_deg: f64,
    },
    /// The caller asked the computation to stop.
    #[error("cancelled")]
    Cancelled,
    /// The ephemeris could not give the Sun or Earth position.
    #[error("ephemeris: {0}")]
    Ephemeris(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Cr3bpError>;
