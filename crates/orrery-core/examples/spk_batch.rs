//! Driver for `bench/ephem/compare_jplephem.py`: evaluates one target/centre pair
//! of an SPK kernel at the instants in a file, per call and as a batch, timing both.
//!
//! ```text
//! cargo run --release -p orrery-core --example spk_batch -- KERNEL TARGET CENTER TIMES.f64 OUT.f64
//! ```
//! `TIMES.f64`: little-endian f64 TDB seconds past J2000. `OUT.f64`: x, y, z (km),
//! vx, vy, vz (km/s) per instant, little-endian f64. Prints one JSON line of timings.

use orrery_core::ephem::spk::SpkFile;
use orrery_core::{Body, State};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let [kernel, target, center, times, out] = a.as_slice() else {
        return Err("usage: spk_batch KERNEL TARGET CENTER TIMES.f64 OUT.f64".into());
    };
    let k = SpkFile::open(kernel)?;
    let (target, center) = (Body::parse(target)?, Body::parse(center)?);
    let t: Vec<f64> = std::fs::read(times)?
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    let mut states = vec![State::ZERO; t.len()];

    // Per call: one public call per state (body resolution included).
    let start = Instant::now();
    for (o, &ti) in states.iter_mut().zip(&t) {
        *o = k.state_icrf_tdb(target, center, ti)?;
    }
    let per_call = start.elapsed().as_secs_f64();
    let first = states.clone();

    // Batch: one call for all states, single thread.
    let start = Instant::now();
    k.states_icrf_batch(target, center, &t, &mut states)?;
    let batch = start.elapsed().as_secs_f64();
    if first != states {
        return Err("per-call and batch states differ".into());
    }

    let mut bytes = Vec::with_capacity(states.len() * 48);
    for s in &states {
        for v in s.position.iter().chain(s.velocity.iter()) {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    std::fs::write(out, bytes)?;
    println!(
        "{{\"n\": {}, \"per_call_s\": {per_call}, \"batch_s\": {batch}}}",
        t.len()
    );
    Ok(())
}
