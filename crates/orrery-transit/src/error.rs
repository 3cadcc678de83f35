//! The one error type of `orrery-transit`.
//!
//! Variants carry the offending values, so a caller (CLI, server, Python)
//! can react or phrase its own message; the texts name no command-line flag.

use std::path::PathBuf;

/// Everything that can go wrong reading, searching or writing light curves.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransitError {
    /// The caller asked the computation to stop.
    #[error("cancelled")]
    Cancelled,
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
        /// 1-based line number (0: the file as a whole).
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A CSV header does not name the time or flux column.
    #[error("{path}: header [{header}] names no {missing} column (accepted: {accepted})")]
    CsvColumns {
        /// The file.
        path: PathBuf,
        /// The header fields as read, comma-joined.
        header: String,
        /// Which column is missing (`time` or `flux`).
        missing: &'static str,
        /// Names accepted for it, comma-joined.
        accepted: String,
    },
    /// The values of a light curve are not what their column claims.
    #[error("{path}: {problem}")]
    BadValues {
        /// The file.
        path: PathBuf,
        /// What is wrong with the values.
        problem: ValueProblem,
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
    /// Time, flux and flux-error arrays of different lengths.
    #[error("array lengths differ: {n_time} times, {n_flux} fluxes, {n_err} errors")]
    LengthMismatch {
        /// Number of times.
        n_time: usize,
        /// Number of fluxes.
        n_flux: usize,
        /// Number of errors (equal to `n_time` when none are given).
        n_err: usize,
    },
    /// A time or flux value is NaN or infinite.
    #[error("non-finite {column} at index {index}")]
    NonFinite {
        /// `time` or `flux`.
        column: &'static str,
        /// 0-based index of the first such value.
        index: usize,
    },
    /// A flux error is not finite and > 0.
    #[error("flux error at index {index} is {value} (must be finite and > 0)")]
    BadFluxError {
        /// 0-based index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// The flux errors are so small or large that their weights overflow.
    #[error("flux errors out of range: mean inverse variance {mean_weight}")]
    FluxErrorRange {
        /// Mean of 1/σ², which is zero, infinite or NaN.
        mean_weight: f64,
    },
    /// Times too far apart to be differenced in double precision.
    #[error("time span too large: {span_days} d")]
    TimeSpan {
        /// last − first, days (infinite).
        span_days: f64,
    },
    /// An empty grid of trial periods or durations.
    #[error("empty {what} grid")]
    EmptyGrid {
        /// `period` or `duration`.
        what: &'static str,
    },
    /// A trial period not > 0 or not finite.
    #[error("trial periods must be finite and > 0 (shortest {period_min_days} d, longest {period_max_days} d)")]
    BadPeriods {
        /// Shortest period given, days.
        period_min_days: f64,
        /// Longest period given, days.
        period_max_days: f64,
    },
    /// A trial duration not > 0, or longer than the shortest trial period.
    #[error("trial durations must be > 0 and shorter than the shortest period ({duration_min_days}..{duration_max_days} d vs {period_min_days} d)")]
    BadDurations {
        /// Shortest duration given, days.
        duration_min_days: f64,
        /// Longest duration given, days.
        duration_max_days: f64,
        /// Shortest trial period, days.
        period_min_days: f64,
    },
    /// The phase binning would need too many bins per period.
    #[error("{bins} phase bins per period (limit {limit}): the shortest duration is too short for the longest period")]
    TooManyBins {
        /// Bins needed.
        bins: usize,
        /// Largest number allowed.
        limit: usize,
    },
    /// A period range that cannot be searched over this baseline.
    #[error("period range {period_min_days}..{period_max_days} d cannot be searched over a {baseline_days} d baseline")]
    PeriodRange {
        /// Shortest period, days.
        period_min_days: f64,
        /// Longest period, days.
        period_max_days: f64,
        /// Time span of the data, days.
        baseline_days: f64,
    },
    /// The period grid would be too large.
    #[error("period grid would have {n_periods} points (limit {limit}); narrow the period range")]
    GridTooLarge {
        /// Points the grid would have.
        n_periods: f64,
        /// Largest number allowed.
        limit: f64,
    },
    /// A stellar mass or radius not > 0.
    #[error("stellar mass {mass_msun} M_sun and radius {radius_rsun} R_sun must both be > 0")]
    BadStar {
        /// Mass, solar masses.
        mass_msun: f64,
        /// Radius, solar radii.
        radius_rsun: f64,
    },
    /// A search setting outside its valid range.
    #[error("{setting} = {value} is out of range ({expected})")]
    Setting {
        /// The setting's field name in [`crate::SearchConfig`].
        setting: &'static str,
        /// The value given.
        value: f64,
        /// What is allowed.
        expected: &'static str,
    },
    /// No box with data at any refined trial period (all-NaN periodogram).
    #[error("no box with data near the peak at {period_days} d")]
    NoBoxAtPeak {
        /// The grid period of the peak, days.
        period_days: f64,
    },
    /// `stitch` was given no light curve.
    #[error("no light curves to stitch")]
    NothingToStitch,
    /// Two light curves on different (or unknown) time systems.
    #[error(
        "cannot stitch {target} (time system {this}) with {other_target} (time system {other})"
    )]
    TimeSystems {
        /// The light curve being added.
        target: String,
        /// Its time system.
        this: String,
        /// The light curve it is added to.
        other_target: String,
        /// That one's time system.
        other: String,
    },
    /// Writing results failed.
    #[error("cannot write {path}: {reason}")]
    Output {
        /// The output file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// What is wrong with the values of a light curve file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueProblem {
    /// Every flux value is zero.
    #[error("flux is zero at all {n} points")]
    FluxAllZero {
        /// Points read.
        n: usize,
    },
    /// Several points share one time stamp: probably not a time column.
    #[error("time does not increase: {n_repeated} of {n} time stamps repeat one before them after sorting (is the time column right?)")]
    TimeNotIncreasing {
        /// Repeated time stamps after sorting.
        n_repeated: usize,
        /// Points read.
        n: usize,
    },
    /// The time column, in file order, steps backwards too often to be a
    /// time column (light-curve files are written in time order).
    #[error("time goes backwards at {n_backward} of {n} steps in file order (is the time column right?)")]
    TimeOutOfOrder {
        /// Backward steps.
        n_backward: usize,
        /// Points read.
        n: usize,
    },
    /// The median flux is zero or negative, so it cannot be normalised.
    #[error("median flux {median} cannot be normalised (must be > 0)")]
    FluxNotPositive {
        /// The median.
        median: f64,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, TransitError>;
