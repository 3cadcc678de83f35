//! Times the batch SGP4 call on the input of `bench/python/sgp4_catalog.py` (the bundled
//! sample catalog repeated 56 times: 1,008 satellites, 1,440 minutes), so the Python
//! package's figure can be set against the Rust call it wraps.
//!
//! `RAYON_NUM_THREADS=1 cargo run --release -p orrery-sat --example batch_timing`

use orrery_core::time::parse_epoch;
use orrery_sat::batch::propagate_batch_output;
use orrery_sat::catalog::SAMPLE_CATALOG;
use orrery_sat::kernel::Output;
use orrery_sat::{Catalog, ReadOptions};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cat = Catalog::parse(&SAMPLE_CATALOG.repeat(56), "x56", &ReadOptions::default())?;
    let sats: Vec<_> = cat.satellites.iter().collect();
    let t0 = parse_epoch("2026-05-07T00:00:00 UTC")?.to_tai_seconds();
    let tai: Vec<f64> = (0..1440).map(|k| t0 + 60.0 * f64::from(k)).collect();
    let n = (sats.len() * tai.len()) as f64;
    for (label, output) in [
        ("positions", Output::Position),
        ("positions+velocities", Output::PositionVelocity),
    ] {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            let b = propagate_batch_output(&sats, &tai, output);
            std::hint::black_box(&b);
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "rust batch {label:22} {:.3} s  {:.2} M/s ({} satellites x {} minutes)",
            best,
            n / best / 1e6,
            sats.len(),
            tai.len()
        );
    }
    Ok(())
}
