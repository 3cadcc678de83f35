//! Driver for `bench/ephem/compare_erfa_builtin.py`: evaluates one target/centre
//! pair of the built-in analytic ephemeris at the instants in a file, timing it.
//!
//! ```text
//! cargo run --release -p orrery-core --example builtin_batch -- TARGET CENTER TIMES.f64 OUT.f64
//! ```
//! `TIMES.f64`: little-endian f64 TDB seconds past J2000. `OUT.f64`: x, y, z (km),
//! vx, vy, vz (km/s) on ICRF axes per instant, little-endian f64. Prints one
//! JSON line: the number of states and the seconds the loop took.

use orrery_core::ephem::builtin::Builtin;
use orrery_core::{Body, Ephemeris, Epoch, State};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, center, times, out] = args.as_slice() else {
        return Err("usage: builtin_batch TARGET CENTER TIMES.f64 OUT.f64".into());
    };
    let (target, center) = (Body::parse(target)?, Body::parse(center)?);
    let raw = std::fs::read(times)?;
    let epochs: Vec<Epoch> = raw
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            Epoch::from_tdb_seconds(f64::from_le_bytes(b))
        })
        .collect();
    let eph = Builtin::new();
    let mut states = vec![State::ZERO; epochs.len()];
    let start = Instant::now();
    for (s, &ep) in states.iter_mut().zip(&epochs) {
        *s = eph.state_icrf(target, center, ep)?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let mut bytes = Vec::with_capacity(states.len() * 48);
    for s in &states {
        for v in s.position.iter().chain(s.velocity.iter()) {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    std::fs::write(out, bytes)?;
    println!("{{\"n\": {}, \"seconds\": {seconds}}}", states.len());
    Ok(())
}
