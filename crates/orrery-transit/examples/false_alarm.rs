//! False-alarm rate at the default settings on synthetic pure-noise light
//! curves (27 d, 30-min cadence): 25 white-noise and 25 white + red-noise
//! curves. Prints how many have an SDE ≥ 7 peak and how many of those pass
//! the vetting (= significant candidates, false alarms).
//! Run: `cargo run --release -p orrery-transit --example false_alarm`.

#[path = "../tests/noise/mod.rs"]
mod noise;

use orrery_transit::{search, SearchConfig};

fn main() {
    let cfg = SearchConfig::default();
    let (mut curves, mut peaks, mut alarms) = (0, 0, 0);
    for (kind, red) in [("white", 0.0), ("white+red", 1e-3)] {
        let (mut k_peaks, mut k_alarms) = (0, 0);
        for seed in 0..25u64 {
            let lc = noise::noise_curve(
                10_000 + seed + if red > 0.0 { 1000 } else { 0 },
                1e-3,
                red,
                0.3,
            );
            let r = match search(&lc, &cfg) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("seed {seed}: {e}");
                    continue;
                }
            };
            curves += 1;
            if r.candidates
                .iter()
                .any(|c| c.summary.sde >= cfg.sde_threshold)
            {
                k_peaks += 1;
            }
            for c in r
                .candidates
                .iter()
                .map(|c| &c.summary)
                .filter(|c| c.sde >= cfg.sde_threshold)
            {
                eprintln!(
                    "  {kind} {seed}: P {:.3} d, SDE {:.1}, SNR {:.1}, SNR with red noise {:.1}, flags {:?}",
                    c.period_days, c.sde, c.snr, c.snr_pink, c.flags
                );
            }
            if let Some(c) = r
                .candidates
                .iter()
                .map(|c| &c.summary)
                .find(|c| c.significant)
            {
                k_alarms += 1;
                println!(
                    "{kind} seed {seed}: significant P = {:.4} d, SDE {:.1}, SNR {:.1}, {} transits, fit depth/box {:.2}",
                    c.period_days,
                    c.sde,
                    c.snr,
                    c.n_transits,
                    c.fit_depth_ppm.map_or(f64::NAN, |d| d / c.bls_depth_ppm)
                );
            }
        }
        println!("{kind}: 25 curves, {k_peaks} with an SDE >= 7 peak, {k_alarms} significant after vetting");
        peaks += k_peaks;
        alarms += k_alarms;
    }
    println!(
        "total: {curves} curves, {peaks} with SDE >= 7 ({:.0} %), false-alarm rate after vetting {:.0} %",
        100.0 * peaks as f64 / curves.max(1) as f64,
        100.0 * alarms as f64 / curves.max(1) as f64
    );
}
