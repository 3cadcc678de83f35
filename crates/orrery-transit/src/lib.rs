//! # orrery-transit
//!
//! Exoplanet transit search in Kepler, K2 and TESS light curves, as named
//! stages that any front end can call one by one or all together:
//!
//! * read: [`load`] ([`lightcurve`]: MAST FITS via the small [`fits`]
//!   reader; [`csv`]: CSV with columns chosen by header name);
//! * [`detrend`]: time-windowed biweight filter (wotan's recommendation);
//! * [`pipeline`]: the stages (detrend, grid, periodogram, peak and SDE,
//!   refine, fit, vet, mask), each a documented function;
//! * [`bls`]: Box Least Squares matching astropy's `BoxLeastSquares`, Ofir
//!   (2014) period grid, SDE;
//! * [`template`]: BLS-then-template refinement (limb-darkened templates at the top BLS peaks);
//! * [`fit`]: Mandel & Agol model fit ([`model`]);
//! * [`vet`]: odd/even, secondary eclipse, per-transit depths, false-positive flags;
//! * [`search()`]: the full pipeline with multi-planet iteration;
//! * [`schema`]: the output rows every front end prints (CSV, JSON);
//! * [`batch`]: many light curves in parallel, resumable JSONL output.
//!
//! Times are days in the light curve's own system (`BJD_TDB − bjd_ref`);
//! fluxes are relative (normalised to a median of 1).
//!
//! ```
//! use orrery_transit::{load, pipeline, search, LoadOptions, SearchConfig};
//! // Read the bundled TESS light curve of WASP-126.
//! let lc = load(&orrery_transit::sample::wasp_126_tess(), &LoadOptions::default())?;
//! let cfg = SearchConfig {
//!     period_min_days: 1.0,
//!     period_max_days: Some(6.0),
//!     max_planets: 1,
//!     ..SearchConfig::default()
//! };
//! // Detrend only ...
//! let flat = pipeline::detrend(&lc, &cfg)?;
//! assert_eq!((lc.len(), flat.len()), (18_278, 18_275)); // 3 upward outliers (> 4 sigma) clipped
//! // ... or the whole search.
//! let r = search(&lc, &cfg)?;
//! assert!(r.candidates[0].summary.significant);
//! # Ok::<(), orrery_transit::TransitError>(())
//! ```

// `!(x > 0.0)` is deliberate throughout: it rejects NaN as well as x ≤ 0.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// The AVX2 kernels need `unsafe`; each block says why it is sound.
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod batch;
pub mod bls;
pub mod config;
pub mod csv;
pub mod detrend;
pub mod error;
pub mod fap;
pub mod fit;
pub mod fits;
pub mod lightcurve;
pub mod model;
pub mod phase;
pub mod pipeline;
pub mod sample;
pub mod schema;
pub mod search;
pub mod star;
pub mod template;
pub mod vet;
pub mod view;

pub use config::SearchConfig;
pub use error::{Result, TransitError};
pub use lightcurve::{load, load_stitched, LightCurve, LoadOptions};
pub use search::{search, Candidate, SearchResult};
