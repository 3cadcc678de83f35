//! The one error type of `orrery-sat`.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong reading catalogs, propagating or searching passes.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SatError {
    /// A file could not be read or written.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A malformed TLE field.
    #[error("{file}, line {line}: TLE {field}: {reason}")]
    Tle {
        /// The file (or `<input>`).
        file: String,
        /// 1-based line number in the file.
        line: usize,
        /// The field, e.g. `eccentricity (line 2, columns 27-33)`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A TLE line whose checksum digit (column 69) does not match its contents.
    #[error(
        "{file}, line {line}: TLE line {tle_line} checksum: expected {expected}, found {found}"
    )]
    Checksum {
        /// The file.
        file: String,
        /// 1-based line number in the file.
        line: usize,
        /// 1 or 2.
        tle_line: u8,
        /// Checksum computed from columns 1-68.
        expected: u8,
        /// The character in column 69.
        found: char,
    },
    /// A malformed CCSDS OMM record (XML or JSON).
    #[error("{file}, OMM record {record}: {field}: {reason}")]
    Omm {
        /// The file.
        file: String,
        /// 1-based record index in the file.
        record: usize,
        /// The OMM keyword, e.g. `MEAN_MOTION`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file that is not well-formed XML or JSON.
    #[error("{file}: not a valid OMM {kind} document: {reason}")]
    Document {
        /// The file.
        file: String,
        /// `XML` or `JSON`.
        kind: &'static str,
        /// The parser's message.
        reason: String,
    },
    /// Elements that SGP4 cannot initialise (e.g. eccentricity out of range).
    #[error("satellite {norad_id} ({name}): SGP4 cannot use these elements: {reason}")]
    Elements {
        /// Catalog number.
        norad_id: u64,
        /// Name, or `unnamed`.
        name: String,
        /// SGP4's message.
        reason: String,
    },
    /// Propagation failed at one instant (decayed satellite, diverging elements).
    #[error("satellite {norad_id} ({name}): SGP4 failed {minutes:.3} min after epoch: {reason}")]
    Propagation {
        /// Catalog number.
        norad_id: u64,
        /// Name, or `unnamed`.
        name: String,
        /// Minutes since the element epoch.
        minutes: f64,
        /// SGP4's message.
        reason: String,
    },
    /// A selection (name, number, designator) that matches nothing in the catalog.
    #[error("no satellite matches {query:?} in {catalog}")]
    NoMatch {
        /// What the user asked for.
        query: String,
        /// Which catalog was searched.
        catalog: String,
    },
    /// A query that matches several satellites.
    #[error("{query:?} matches {count} satellites in {catalog}: {matches}; name one by its full name or catalog number")]
    Ambiguous {
        /// What the user asked for.
        query: String,
        /// Which catalog was searched.
        catalog: String,
        /// How many match.
        count: usize,
        /// The first matches, `NAME (id)`.
        matches: String,
    },
    /// A catalog with no usable record.
    #[error("{file}: no element sets found")]
    EmptyCatalog {
        /// The file.
        file: String,
    },
    /// An argument outside its domain (latitude beyond ±90°, negative step...).
    #[error("invalid {what}: {reason}")]
    InvalidArgument {
        /// Which argument.
        what: String,
        /// Why.
        reason: String,
    },
    /// A malformed line in a coastline file.
    #[error("{source_name}, line {line}: coastline: {reason}")]
    Coastline {
        /// The file (or the bundled data's name).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A download failed or did not return a catalog.
    #[error("{url}: {reason}")]
    Download {
        /// The address asked.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// A time grid that cannot be built (non-positive step, end before start, too many
    /// instants).
    #[error(transparent)]
    Grid(#[from] orrery_core::grid::GridError),
    /// More work than one call may ask for.
    #[error("{what}: {requested} is more than the limit of {limit}")]
    TooMuchWork {
        /// What is counted (`states`, `track points`).
        what: &'static str,
        /// How many were asked for.
        requested: u128,
        /// The limit.
        limit: u128,
    },
    /// The caller asked the computation to stop.
    #[error("cancelled")]
    Cancelled,
    /// The Sun position could not be computed.
    #[error("sun position: {0}")]
    Ephemeris(#[from] orrery_core::EphemError),
}

/// Result alias for this crate.
pub type Result<T, E = SatError> = std::result::Result<T, E>;
