//! Arbitrary bytes into the DAF/SPK reader, then every segment evaluated at its
//! ends, its middle and at instants taken from the input, chained to the SSB.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orrery_core::ephem::spk::SpkFile;
use orrery_core::{Body, Ephemeris};

fuzz_target!(|data: &[u8]| {
    let Ok(k) = SpkFile::from_bytes(data.to_vec(), "fuzz.bsp") else {
        return;
    };
    let extra: Vec<f64> = data
        .chunks_exact(8)
        .take(4)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect();
    let _ = k.segments();
    for c in k.coverage().iter().take(32) {
        let (a, b) = (c.start.to_tdb_seconds(), c.end.to_tdb_seconds());
        for t in [a, b, 0.5 * (a + b)].iter().chain(&extra) {
            let _ = k.state_icrf_tdb(c.body, c.center, *t);
            let _ = k.state_icrf_tdb(c.body, Body::SSB, *t);
            let _ = k.state_icrf_tdb(Body::EARTH, c.body, *t);
        }
    }
});
