//! The one error type of `orrery-sky`.

/// Why a sky computation could not be done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SkyError {
    /// The ephemeris could not give a position.
    #[error(transparent)]
    Ephemeris(#[from] orrery_core::EphemError),
    /// A span that ends before it starts, or is longer than one call may search.
    #[error("invalid span: {reason}")]
    InvalidSpan {
        /// What is wrong.
        reason: String,
    },
    /// A body name the almanac does not know.
    #[error("unknown sky body '{name}': expected sun, moon, mercury, venus, mars, jupiter, saturn, uranus or neptune")]
    UnknownBody {
        /// What was asked for.
        name: String,
    },
    /// The caller asked the computation to stop.
    #[error("cancelled")]
    Cancelled,
}

/// Result alias.
pub type Result<T> = std::result::Result<T, SkyError>;
