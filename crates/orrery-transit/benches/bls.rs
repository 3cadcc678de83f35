//! Criterion bench: BLS on a synthetic Kepler-quarter-like light curve.
use criterion::{criterion_group, criterion_main, Criterion};
use orrery_transit::bls::{ofir_periods, periodogram, BlsConfig, Objective};

fn bench(c: &mut Criterion) {
    let n = 4000;
    let t: Vec<f64> = (0..n).map(|i| i as f64 * 0.0204).collect();
    let y: Vec<f64> = t
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            1.0 + 1e-4 * ((i * 7919 % 1000) as f64 / 500.0 - 1.0)
                - if (x % 3.3) < 0.12 { 5e-4 } else { 0.0 }
        })
        .collect();
    let periods = ofir_periods(81.6, 0.5, 40.0, orrery_transit::star::Star::SUN, 3.0).unwrap();
    let cfg = BlsConfig {
        periods,
        durations: [1.0, 2.0, 3.0, 4.0, 6.0, 8.0]
            .iter()
            .map(|h| h / 24.0)
            .collect(),
        objective: Objective::Likelihood,
        oversample: 10,
        max_duration: None,
    };
    c.bench_function("bls_4000pts_ofir", |b| {
        b.iter(|| periodogram(&t, &y, None, &cfg).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
