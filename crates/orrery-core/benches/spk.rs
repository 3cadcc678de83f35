//! Single-state and batch SPK evaluation on the DE421 excerpt (type 2 segments).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use orrery_core::ephem::spk::SpkFile;
use orrery_core::{Body, Ephemeris, Epoch, State};

fn spk(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/de421-2020-2021.bsp"
    );
    let k = SpkFile::open(path).expect("fixture kernel");
    let t = 6.5e8; // 2020-08-06 TDB
    c.bench_function("spk mars barycenter wrt ssb (1 segment)", |b| {
        b.iter(|| k.state_icrf_tdb(Body::MARS_BARYCENTER, Body::SSB, black_box(t)))
    });
    c.bench_function("spk mars wrt earth (4 segments)", |b| {
        b.iter(|| k.state_icrf_tdb(Body::MARS, Body::EARTH, black_box(t)))
    });
    c.bench_function("spk moon wrt earth (2 segments)", |b| {
        b.iter(|| k.state_icrf_tdb(Body::MOON, Body::EARTH, black_box(t)))
    });
    let epoch = Epoch::from_tdb_seconds(t);
    c.bench_function("spk mars wrt earth via Epoch (trait)", |b| {
        b.iter(|| k.state_icrf(Body::MARS, Body::EARTH, black_box(epoch)))
    });
    let ts: Vec<f64> = (0..1000).map(|i| t + 3600.0 * i as f64).collect();
    let mut out = vec![State::ZERO; ts.len()];
    c.bench_function("spk mars wrt earth batch of 1000", |b| {
        b.iter(|| k.states_icrf_batch(Body::MARS, Body::EARTH, black_box(&ts), &mut out))
    });
}

criterion_group!(benches, spk);
criterion_main!(benches);
