//! Criterion benches: one zero-revolution Lambert solve, and a multi-revolution solve.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use nalgebra::Vector3;
use orrery_transfer::lambert::{solve, solve_single, Direction};

fn bench(c: &mut Criterion) {
    let r1 = Vector3::new(15_945.34, 0.0, 0.0);
    let r2 = Vector3::new(12_214.838_99, 10_249.467_31, 0.0);
    let mu = 398_600.441_8;
    c.bench_function("lambert_single_rev", |b| {
        b.iter(|| {
            solve_single(
                black_box(&r1),
                black_box(&r2),
                4560.0,
                mu,
                Direction::Prograde,
            )
        })
    });
    c.bench_function("lambert_all_revs_N3", |b| {
        b.iter(|| {
            solve(
                black_box(&r1),
                black_box(&r2),
                80_000.0,
                mu,
                Direction::Prograde,
                3,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
