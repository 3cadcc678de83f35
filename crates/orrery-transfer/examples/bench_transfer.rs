//! Timing driver for `bench/transfer/compare.py` (not a test).
//!
//! `bench_transfer lambert CASES.csv OUT.csv`: solves each zero-revolution case
//! (`r1x,r1y,r1z,r2x,r2y,r2z,tof,mu` per line) repeatedly for about a second,
//! prints `solves_per_s N` and writes v1,v2 per case to OUT.csv.
//! `bench_transfer porkchop KERNEL.bsp`: a 1000 × 1000 Earth–Mars grid
//! (departures 2020-01-02 + k·12 h, arrivals 2020-06-01 + k·12 h, TDB), prints
//! `porkchop_s T` (best of 3) and the least-C3 cell.

use hifitime::{Epoch, TimeScale, Unit};
use nalgebra::Vector3;
use orrery_core::ephem::spk::SpkFile;
use orrery_core::Body;
use orrery_transfer::lambert::{solve_single, Direction};
use orrery_transfer::porkchop::{compute, DateRange, EndOrbits, PorkchopSpec};
use std::io::Write;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("lambert") => {
            let text = std::fs::read_to_string(args.get(2).ok_or("cases file")?)?;
            let mut cases = Vec::new();
            for l in text.lines().filter(|l| !l.starts_with('#')) {
                let v: Vec<f64> = l.split(',').map(|x| x.parse()).collect::<Result<_, _>>()?;
                if v.len() != 8 {
                    return Err("each case needs 8 numbers".into());
                }
                cases.push((
                    Vector3::new(v[0], v[1], v[2]),
                    Vector3::new(v[3], v[4], v[5]),
                    v[6],
                    v[7],
                ));
            }
            let mut out = Vec::with_capacity(cases.len());
            for (r1, r2, t, mu) in &cases {
                out.push(solve_single(r1, r2, *t, *mu, Direction::Prograde)?);
            }
            let mut n = 0usize;
            let t0 = Instant::now();
            let mut sink = 0.0;
            while t0.elapsed().as_secs_f64() < 1.0 {
                for (r1, r2, t, mu) in &cases {
                    if let Ok((v1, _)) = solve_single(r1, r2, *t, *mu, Direction::Prograde) {
                        sink += v1.x;
                    }
                }
                n += cases.len();
            }
            let dt = t0.elapsed().as_secs_f64();
            println!("solves_per_s {:.0} (checksum {sink:.3})", n as f64 / dt);
            let mut f =
                std::io::BufWriter::new(std::fs::File::create(args.get(3).ok_or("output file")?)?);
            for (v1, v2) in out {
                writeln!(
                    f,
                    "{:.17e},{:.17e},{:.17e},{:.17e},{:.17e},{:.17e}",
                    v1.x, v1.y, v1.z, v2.x, v2.y, v2.z
                )?;
            }
        }
        Some("porkchop") => {
            let eph = SpkFile::open(args.get(2).ok_or("kernel path")?)?;
            let d0 = Epoch::from_gregorian_at_midnight(2020, 1, 2, TimeScale::TDB);
            let a0 = Epoch::from_gregorian_at_midnight(2020, 6, 1, TimeScale::TDB);
            let spec = PorkchopSpec {
                from: Body::EARTH,
                to: Body::MARS,
                center: Body::SUN,
                depart: DateRange {
                    start: d0,
                    end: d0 + 999 * 12 * Unit::Hour,
                    step: 12 * Unit::Hour,
                },
                arrive: DateRange {
                    start: a0,
                    end: a0 + 999 * 12 * Unit::Hour,
                    step: 12 * Unit::Hour,
                },
                orbits: EndOrbits::default(),
            };
            let mut best = f64::INFINITY;
            let mut grid = None;
            for _ in 0..3 {
                let t0 = Instant::now();
                let g = compute(&spec, &eph)?;
                best = best.min(t0.elapsed().as_secs_f64());
                grid = Some(g);
            }
            let g = grid.ok_or("no grid")?;
            println!("porkchop_s {best:.4} cells {}", g.cells.len());
            if let Some(o) = g.min_c3() {
                println!(
                    "min_c3 {:.9} dep_jd_tdb {:.4} arr_jd_tdb {:.4}",
                    o.cell.c3,
                    g.departures[o.i].to_jde_tdb_days(),
                    g.arrivals[o.j].to_jde_tdb_days()
                );
            }
        }
        _ => return Err("usage: bench_transfer lambert CASES OUT | porkchop KERNEL".into()),
    }
    Ok(())
}
