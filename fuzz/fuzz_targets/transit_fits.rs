//! Fuzz target: the FITS light-curve reader must return Ok or Err, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orrery_transit::csv::from_csv_bytes;
use orrery_transit::lightcurve::{from_fits_bytes, LoadOptions};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let p = Path::new("fuzz.fits");
    let _ = from_fits_bytes(data, p, &LoadOptions::default());
    let _ = from_csv_bytes(data, p, &LoadOptions::default());
});
