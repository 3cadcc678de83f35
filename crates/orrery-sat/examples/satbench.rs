//! Timing driver for `bench/sat/*.py` (prints JSON on stdout).
//!
//! ```text
//! satbench sgp4 <catalog> <n_sats> <n_times> <step_min> <start_utc> [position]
//! satbench passes <catalog> <sat|all> <lat_deg> <lon_deg> <alt_km> <start_utc> <days> [limit]
//! ```
//! Threads: set `RAYON_NUM_THREADS`.

use orrery_core::time::format_utc_ms;
use orrery_core::time::parse_epoch;
use orrery_sat::earth::{Geodetic, Observer};
use orrery_sat::kernel::{Fleet, Output, Simd};
use orrery_sat::passes::{find_passes_batch, PassOptions};
use orrery_sat::{Catalog, ReadOptions, Satellite};
use std::io::Write;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    let arg = |i: usize| a.get(i).cloned().ok_or("missing argument");
    let t_read = Instant::now();
    let cat = Catalog::read(
        arg(2)?.as_ref(),
        &ReadOptions {
            lenient: true,
            ..Default::default()
        },
    )?;
    let read_s = t_read.elapsed().as_secs_f64();
    match arg(1)?.as_str() {
        "sgp4" => {
            // Kernel throughput: the fleet is prepared once (timed apart, as
            // python-sgp4's and astroz's SatrecArray are built once), then
            // propagated 3 times; the best run counts. SATBENCH_DUMP=FILE writes
            // every position (x, y, z per state, satellite-major, f64 LE).
            let n: usize = arg(3)?.parse()?;
            let m: usize = arg(4)?.parse()?;
            let step: f64 = arg(5)?.parse()?;
            let t0 = parse_epoch(&arg(6)?)?;
            let output = match a.get(7).map(String::as_str) {
                Some("position") => Output::Position,
                _ => Output::PositionVelocity,
            };
            let simd = match std::env::var("SATBENCH_PORTABLE").as_deref() {
                Ok("1") => Simd::Portable,
                _ => Simd::Auto,
            };
            let sats: Vec<&Satellite> = cat.satellites.iter().take(n).collect();
            let t_init = Instant::now();
            let fleet = Fleet::new(&sats)?.with_simd(simd);
            let init_s = t_init.elapsed().as_secs_f64();
            let tai: Vec<f64> = (0..m)
                .map(|k| t0.to_tai_seconds() + k as f64 * step * 60.0)
                .collect();
            let mut best = f64::INFINITY;
            let mut states = None;
            for _ in 0..3 {
                drop(states.take());
                let t = Instant::now();
                let s = fleet.propagate(&tai, output)?;
                best = best.min(t.elapsed().as_secs_f64());
                states = Some(s);
            }
            let s = states.ok_or("no run")?;
            let failed = (0..sats.len())
                .filter(|&i| s.codes[i * m..(i + 1) * m].iter().any(|&c| c != 0))
                .count();
            if let Ok(path) = std::env::var("SATBENCH_DUMP") {
                let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
                for k in 0..s.x.len() {
                    for v in [s.x[k], s.y[k], s.z[k]] {
                        w.write_all(&v.to_le_bytes())?;
                    }
                }
                w.flush()?;
            }
            let out = serde_json::json!({
                "read_s": read_s, "init_s": init_s, "satellites": sats.len(), "times": m,
                "seconds": best, "avx2": fleet.uses_avx2(), "threads": rayon::current_num_threads(),
                "propagations_per_s": (sats.len() * m) as f64 / best, "failed_satellites": failed,
            });
            println!("{out}");
        }
        "passes" => {
            let which = arg(3)?;
            let obs = Observer::new(Geodetic::from_degrees(
                arg(4)?.parse()?,
                arg(5)?.parse()?,
                arg(6)?.parse()?,
            ));
            let t0 = parse_epoch(&arg(7)?)?;
            let days: f64 = arg(8)?.parse()?;
            let limit: usize = a
                .get(9)
                .map(|s| s.parse())
                .transpose()?
                .unwrap_or(usize::MAX);
            let sats: Vec<&Satellite> = if which == "all" {
                cat.satellites.iter().take(limit).collect()
            } else {
                vec![cat.one(&which)?]
            };
            let t1 = t0 + hifitime::Duration::from_seconds(days * 86_400.0);
            let mut best = f64::INFINITY;
            let mut res = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                res = find_passes_batch(&sats, &obs, t0, t1, &PassOptions::default(), None);
                best = best.min(t.elapsed().as_secs_f64());
            }
            let mut events = Vec::new();
            for (s, r) in sats.iter().zip(&res) {
                for p in r.iter().flatten() {
                    if let Some(e) = p.rise {
                        events.push(serde_json::json!([
                            s.norad_id(),
                            "rise",
                            format_utc_ms(e.time)
                        ]));
                    }
                    events.push(serde_json::json!([
                        s.norad_id(),
                        "culminate",
                        format_utc_ms(p.culmination.time)
                    ]));
                    if let Some(e) = p.set {
                        events.push(serde_json::json!([
                            s.norad_id(),
                            "set",
                            format_utc_ms(e.time)
                        ]));
                    }
                }
            }
            let failed = res.iter().filter(|r| r.is_err()).count();
            println!(
                "{}",
                serde_json::json!({"satellites": sats.len(), "seconds": best, "failed_satellites": failed, "events": events})
            );
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    Ok(())
}
