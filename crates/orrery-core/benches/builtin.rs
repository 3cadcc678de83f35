//! Single-state evaluation of the built-in analytic ephemeris.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use orrery_core::ephem::builtin::Builtin;
use orrery_core::{Body, Ephemeris, Epoch};

fn single_state(c: &mut Criterion) {
    let eph = Builtin::new();
    let ep = Epoch::from_jde_tdb(2_459_060.5);
    let mut g = c.benchmark_group("builtin");
    g.bench_function("mars_wrt_sun", |b| {
        b.iter(|| eph.state_icrf(black_box(Body::MARS), Body::SUN, black_box(ep)))
    });
    g.bench_function("moon_wrt_earth", |b| {
        b.iter(|| eph.state_icrf(black_box(Body::MOON), Body::EARTH, black_box(ep)))
    });
    g.bench_function("earth_wrt_ssb", |b| {
        b.iter(|| eph.state_icrf(black_box(Body::EARTH), Body::SSB, black_box(ep)))
    });
    g.finish();
}

criterion_group!(benches, single_state);
criterion_main!(benches);
