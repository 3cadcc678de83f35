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

/// The sample's bytes, compiled in (2.0 MB), so that it is there wherever the
/// library or the `orrery` binary runs.
pub const WASP_126_TESS_BYTES: &[u8] =
    include_bytes!("../data/tess2018206045859-s0001-0000000025155310-0120-s_lc.fits");

/// The bundled light curve, read with the default options (PDCSAP flux, quality
/// bitmask 175, normalised to a median of 1).
///
/// ```
/// let lc = orrery_transit::sample::light_curve()?;
/// assert!((18_000..19_000).contains(&lc.len())); // two-minute cadences with good flux
/// assert!((lc.baseline() - 27.9).abs() < 0.1); // days
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn light_curve() -> crate::Result<crate::LightCurve> {
    light_curve_with(&crate::LoadOptions::default())
}

/// The bundled light curve read with `opts` (flux column, quality bitmask).
pub fn light_curve_with(opts: &crate::LoadOptions) -> crate::Result<crate::LightCurve> {
    crate::lightcurve::from_fits_bytes(
        WASP_126_TESS_BYTES,
        std::path::Path::new(WASP_126_TESS_FILE),
        opts,
    )
}
