//! Whole-catalog conjunction screening with timings:
//! `cargo run --release -p orrery-sat --example screen_catalog -- [N_OBJECTS] [DAYS] [STEP_S]`.

use orrery_core::progress::Silent;
use orrery_sat::conjunction::{assemble, pieces, screen_piece, ScreenRequest};
use orrery_sat::{Catalog, Satellite};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let days: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let step: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(30.0);
    let cat = Catalog::bundled_active()?;
    let sats: Vec<&Satellite> = cat.satellites.iter().take(n).collect();
    let start = orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC")?;
    let mut req = ScreenRequest::new(start, days * 86_400.0, 5.0);
    req.step_s = step;
    let t = Instant::now();
    let piece = screen_piece(&sats, &req, pieces(&req, 1)[0], &Silent)?;
    let timings = piece.timings;
    let rep = assemble(&sats, &req, vec![piece])?;
    println!(
        "{} objects, {days} d, step {step} s: {:.2} s ({timings:?}), {} pairs, {} approaches, {} failures, {:?}",
        sats.len(),
        t.elapsed().as_secs_f64(),
        rep.conjunctions.len(),
        rep.approach_count,
        rep.failures.len(),
        rep.sieve
    );
    Ok(())
}
