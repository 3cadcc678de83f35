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
    /// A date range that cannot be sampled (non-positive step, end before start,
    /// too many dates).
    #[error("{axis} dates: {source}")]
    Grid {
        /// Which range (`departure`, `arrival`).
        axis: &'static str,
        /// Why.
        #[source]
        source: orrery_core::grid::GridError,
    },
    /// A porkchop grid with more cells than fit in memory.
    #[error("a {departures} x {arrivals} grid has {cells} cells, more than the limit of {max} (80 bytes each); use a larger step", cells = departures * arrivals)]
    TooManyCells {
        /// Departure dates.
        departures: usize,
        /// Arrival dates.
        arrivals: usize,
        /// The limit.
        max: usize,
    },
    /// Every arrival date is at or before the first departure.
    #[error("every arrival date is at or before the first departure ({}): arrival must come after departure", orrery_core::time::format_utc_ms(*.first_departure))]
    ArrivalBeforeDeparture {
        /// The first departure date.
        first_departure: hifitime::Epoch,
    },
    /// An end of the transfer that does not orbit its centre (a moon in a heliocentric
    /// transfer).
    #[error("{body} orbits {primary}, not {center}: a transfer about {center} cannot go to it (for a transfer to or from {body}, solve it about {primary}, e.g. with Lambert's problem centred there)")]
    NotAboutCenter {
        /// The end of the transfer.
        body: orrery_core::Body,
        /// What it orbits.
        primary: orrery_core::Body,
        /// The transfer's centre.
        center: orrery_core::Body,
    },
    /// A body that does not orbit the transfer's centre on a closed orbit.
    #[error("{body} is not on a closed orbit about {center}")]
    OpenOrbit {
        /// The body.
        body: orrery_core::Body,
        /// The centre.
        center: orrery_core::Body,
    },
    /// A departure range longer than one search may span.
    #[error("the departure range is {days:.0} days long, more than the limit of {max_days:.0} days (200 years); search a shorter range")]
    RangeTooLong {
        /// Days in the range.
        days: f64,
        /// The limit.
        max_days: f64,
    },
    /// A departure range too short for a window search.
    #[error("the departure range ({days:.1} days) is too short to search for windows (at least {min_days} days)")]
    RangeTooShort {
        /// Days in the range.
        days: f64,
        /// The shortest range searched.
        min_days: f64,
    },
    /// The caller asked the computation to stop.
    #[error("cancelled")]
    Cancelled,
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
