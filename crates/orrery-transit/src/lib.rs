//! # orrery-transit
//!
//! Exoplanet transit search in Kepler, K2 and TESS light curves:
//!
//! * [`lightcurve`]: MAST FITS (via the small [`fits`] reader) and CSV light
//!   curves, quality masks, normalisation, stitching;
//! * [`detrend`]: time-windowed biweight filter (wotan's recommendation);
//! * [`bls`]: Box Least Squares matching astropy's `BoxLeastSquares`, Ofir
//!   (2014) period grid, SDE;
//! * [`search`]: the full pipeline with multi-planet iteration;
//! * [`vet`]: odd/even, secondary eclipse, per-transit depths;
//! * [`batch`]: many light curves in parallel, resumable JSONL output.
//!
//! Times are days in the light curve's own system (`BJD_TDB − bjd_ref`);
//! fluxes are relative (normalised to a median of 1).

// `!(x > 0.0)` is deliberate throughout: it rejects NaN as well as x ≤ 0.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod batch;
pub mod bls;
pub mod detrend;
pub mod error;
pub mod fit;
pub mod fits;
pub mod lightcurve;
pub mod model;
pub mod plot;
pub mod search;
pub mod vet;

pub use error::{Result, TransitError};
pub use lightcurve::{load, load_stitched, LightCurve, LoadOptions};
pub use search::{search, Candidate, SearchConfig, SearchResult};
