//! Helper of bench/transit/compare_astropy.py: reads DIR/lc.csv (t,y,dy),
//! DIR/periods.txt, DIR/durations.txt; runs BLS (likelihood, oversample 10);
//! writes DIR/orrery_power.txt and prints the BLS wall time and the CPU time
//! of all threads (Linux `/proc/self/task/*/schedstat`; 0 elsewhere), seconds;
//! with `BLS_REPEAT=k` the fastest of k runs.
//! On a shared machine the CPU time is the steadier measure of one-core work.
use orrery_transit::bls::{periodogram, BlsConfig, Objective};
use std::io::Write;

fn col(path: &str) -> Vec<f64> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// CPU time consumed so far by all threads of this process, seconds.
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        * 1e-9
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let (mut t, mut y, mut dy) = (Vec::new(), Vec::new(), Vec::new());
    for l in std::fs::read_to_string(format!("{dir}/lc.csv"))
        .unwrap_or_default()
        .lines()
    {
        let v: Vec<f64> = l.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if v.len() == 3 {
            t.push(v[0]);
            y.push(v[1]);
            dy.push(v[2]);
        }
    }
    let cfg = BlsConfig {
        periods: col(&format!("{dir}/periods.txt")),
        durations: col(&format!("{dir}/durations.txt")),
        objective: Objective::Likelihood,
        oversample: 10,
        max_duration: None,
    };
    // Start the thread pool outside the timed region.
    rayon::broadcast(|_| ());
    // BLS_REPEAT=k: run k times, report the fastest (default 1).
    let repeat: usize = std::env::var("BLS_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let (mut dt, mut cpu, mut pg) = (f64::INFINITY, f64::INFINITY, None);
    for _ in 0..repeat {
        let cpu0 = cpu_seconds();
        let start = std::time::Instant::now();
        match periodogram(&t, &y, Some(&dy), &cfg) {
            Ok(p) => pg = Some(p),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        dt = dt.min(start.elapsed().as_secs_f64());
        cpu = cpu.min(cpu_seconds() - cpu0);
    }
    let Some(pg) = pg else { return };
    let out = format!("{dir}/orrery_power.txt");
    let written = std::fs::File::create(&out).and_then(|file| {
        let mut f = std::io::BufWriter::new(file);
        for p in pg.power() {
            writeln!(f, "{p:.17e}")?;
        }
        f.flush()
    });
    if let Err(e) = written {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
    println!("{dt} {cpu}");
}
