//! Times the differential correction used by bench/cr3bp/scipy_correction.py
//! and prints one JSON line: corrected state, half period, seconds per correction.
use orrery_cr3bp::dop853::Options;
use orrery_cr3bp::shooting::{Shooting, Symmetry};
use orrery_cr3bp::System;
use std::time::Instant;

fn main() -> orrery_cr3bp::Result<()> {
    let guess = [
        0.8238329836346577,
        0.0,
        0.01612314917507017,
        0.0,
        0.12924004973944025,
        0.0,
    ];
    let sh = Shooting {
        mu: System::earth_moon().mu,
        symmetry: Symmetry::XzPlane,
        planar: false,
        free: vec![0, 4],
        opts: Options::default(),
        t_max: 10.0,
    };
    let n = 200;
    let t0 = Instant::now();
    let mut out = (guess, 0.0);
    for _ in 0..n {
        out = sh.correct(&guess, 1e-12, 20, "timing")?;
    }
    let per = t0.elapsed().as_secs_f64() / n as f64;
    println!(
        "{{\"x0\": {:.15}, \"vy0\": {:.15}, \"half_period\": {:.15}, \"seconds\": {:.9}}}",
        out.0[0], out.0[4], out.1, per
    );
    Ok(())
}
