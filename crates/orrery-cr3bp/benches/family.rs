//! Criterion benches: one differential correction of an Earth-Moon L1 halo,
//! and tracing a 200-member Earth-Moon L2 southern halo family.

use criterion::{criterion_group, criterion_main, Criterion};
use orrery_cr3bp::dop853::Options;
use orrery_cr3bp::family::{trace, ContinuationOptions};
use orrery_cr3bp::shooting::{Shooting, Symmetry};
use orrery_cr3bp::{Branch, FamilyKind, Point, System};

/// Richardson guess for the Earth-Moon L1 northern halo with Az = 0.1 γ (the
/// same numbers as bench/cr3bp/scipy_correction.py).
pub const GUESS: [f64; 6] = [
    0.8238329836346577,
    0.0,
    0.01612314917507017,
    0.0,
    0.12924004973944025,
    0.0,
];

fn bench(c: &mut Criterion) {
    let mu = System::earth_moon().mu;
    let sh = Shooting {
        mu,
        symmetry: Symmetry::XzPlane,
        planar: false,
        free: vec![0, 4],
        opts: Options::default(),
        t_max: 10.0,
    };
    c.bench_function("differential correction (EM L1 halo, z0 fixed)", |b| {
        b.iter(|| sh.correct(&GUESS, 1e-12, 20, "bench").map(|r| r.1))
    });
    let mut g = c.benchmark_group("family");
    g.sample_size(10);
    g.bench_function("trace 200-member EM L2 southern halo family", |b| {
        b.iter(|| {
            let opts = ContinuationOptions {
                max_members: 200,
                step: 2e-3,
                adaptive: false,
                ..Default::default()
            };
            trace(
                mu,
                FamilyKind::Halo(Branch::South),
                Point::L2,
                &opts,
                &mut |_| true,
            )
            .map(|f| f.members.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
