//! Criterion benches: SGP4 batch and kernel throughput and a 7-day ISS pass search.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use orrery_sat::batch::propagate_batch;
use orrery_sat::catalog::SAMPLE_CATALOG;
use orrery_sat::earth::{Geodetic, Observer};
use orrery_sat::kernel::{Fleet, Output, Simd};
use orrery_sat::passes::{find_passes, PassOptions};
use orrery_sat::{Catalog, Satellite};

fn bench(c: &mut Criterion) {
    let cat =
        Catalog::parse(SAMPLE_CATALOG, "sample", &Default::default()).expect("bundled catalog");
    let sats: Vec<&Satellite> = cat.satellites.iter().collect();
    let t0 = cat.satellites[0].epoch;
    let times: Vec<_> = (0..1440)
        .map(|k| t0 + hifitime::Duration::from_seconds(60.0 * k as f64))
        .collect();
    let mut g = c.benchmark_group("sgp4");
    g.throughput(Throughput::Elements((sats.len() * times.len()) as u64));
    g.bench_function("batch sample catalog x 1440 min", |b| {
        b.iter(|| propagate_batch(&sats, &times))
    });
    // The kernel alone (fleet prepared once), both paths, with and without velocities.
    let tai: Vec<f64> = times.iter().map(|t| t.to_tai_seconds()).collect();
    for simd in [Simd::Auto, Simd::Portable] {
        let fleet = Fleet::new(&sats).expect("fleet").with_simd(simd);
        for output in [Output::PositionVelocity, Output::Position] {
            g.bench_function(
                format!("kernel {simd:?} {output:?} sample x 1440 min"),
                |b| b.iter(|| fleet.propagate(&tai, output)),
            );
        }
    }
    let iss = cat.one("ISS").expect("ISS");
    // One satellite, many instants: split into parallel blocks of instants.
    let week: Vec<_> = (0..100_800)
        .map(|k| t0 + hifitime::Duration::from_seconds(6.0 * k as f64))
        .collect();
    g.throughput(Throughput::Elements(week.len() as u64));
    g.bench_function("batch ISS x 1 week at 6 s", |b| {
        b.iter(|| propagate_batch(&[iss], &week))
    });
    g.finish();
    let obs = Observer::new(Geodetic::from_degrees(51.4779, -0.0015, 0.046));
    let end = t0 + hifitime::Duration::from_seconds(7.0 * 86_400.0);
    c.bench_function("passes ISS 7 days", |b| {
        b.iter(|| find_passes(iss, &obs, t0, end, &PassOptions::default(), None))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
