//! Timing driver for `bench/sat/*.py` (prints JSON on stdout).
//!
//! ```text
//! satbench sgp4 <catalog> <n_sats> <n_times> <step_min> <start_utc>
//! satbench passes <catalog> <sat|all> <lat_deg> <lon_deg> <alt_km> <start_utc> <days> [limit]
//! ```
//! Threads: set `RAYON_NUM_THREADS`.

use orrery_core::time::format_utc_ms;
use orrery_core::time::parse_epoch;
use orrery_sat::batch::propagate_batch;
use orrery_sat::earth::{Geodetic, Observer};
use orrery_sat::passes::{find_passes_batch, PassOptions};
use orrery_sat::{Catalog, ReadOptions, Satellite};
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
            let n: usize = arg(3)?.parse()?;
            let m: usize = arg(4)?.parse()?;
            let step: f64 = arg(5)?.parse()?;
            let t0 = parse_epoch(&arg(6)?)?;
            let sats: Vec<&Satellite> = cat.satellites.iter().take(n).collect();
            let times: Vec<_> = (0..m)
                .map(|k| t0 + hifitime::Duration::from_seconds(k as f64 * step * 60.0))
                .collect();
            let mut best = f64::INFINITY;
            let mut batch = None;
            for _ in 0..3 {
                let t = Instant::now();
                let b = propagate_batch(&sats, &times);
                best = best.min(t.elapsed().as_secs_f64());
                batch = Some(b);
            }
            let b = batch.ok_or("no run")?;
            let failed = b.errors.iter().filter(|e| e.is_some()).count();
            // Sample states for the agreement check: satellite i at time (i * 7) % m.
            let samples: Vec<serde_json::Value> = (0..sats.len())
                .step_by((sats.len() / 50).max(1))
                .filter_map(|i| {
                    let j = (i * 7) % m;
                    let p = b.position(i, j)?;
                    (!p[0].is_nan()).then(
                        || serde_json::json!({"norad_id": sats[i].norad_id(), "j": j, "r": p}),
                    )
                })
                .collect();
            let out = serde_json::json!({
                "read_s": read_s, "satellites": sats.len(), "times": m, "seconds": best,
                "propagations_per_s": (sats.len() * m) as f64 / best, "failed_satellites": failed, "samples": samples,
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
