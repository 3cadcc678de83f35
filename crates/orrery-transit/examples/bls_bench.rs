//! Helper of bench/transit/compare_astropy.py: reads DIR/lc.csv (t,y,dy),
//! DIR/periods.txt, DIR/durations.txt; runs BLS (likelihood, oversample 10);
//! writes DIR/orrery_power.txt and prints the BLS wall time in seconds.
use orrery_transit::bls::{periodogram, BlsConfig, Objective};
use std::io::Write;

fn col(path: &str) -> Vec<f64> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
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
    let start = std::time::Instant::now();
    let pg = match periodogram(&t, &y, Some(&dy), &cfg) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let dt = start.elapsed().as_secs_f64();
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(format!("{dir}/orrery_power.txt")).expect("writable dir"),
    );
    for p in pg.power() {
        let _ = writeln!(f, "{p:.17e}");
    }
    println!("{dt}");
}
