//! The bundled sample light curve: TESS sector 1, WASP-126 (TIC 25155310,
//! 2-minute SPOC cadence, 18,275 good points over 27.9 d; WASP-126 b,
//! P = 3.2888 d, ~7000 ppm). It lives in the crate's `data/` folder, so it
//! ships with the crate (`cargo package`).

use std::path::PathBuf;

/// File name of the sample.
pub const WASP_126_TESS_FILE: &str = "tess2018206045859-s0001-0000000025155310-0120-s_lc.fits";

/// Path of the sample in this crate's source tree (`data/`).
pub fn wasp_126_tess() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(WASP_126_TESS_FILE)
}
