//! Measured false-alarm rate on real light curves without transits: the
//! bundled Kepler, K2 and TESS curves with their known planets removed
//! (points within one T14 of a published transit dropped), then
//! (a) flipped in flux about 1, so every dip becomes a bump, and
//! (b) cut into 1-day segments whose fluxes are shuffled in order (times
//! kept; 20 seeds per curve), which breaks any periodicity.
//! Prints, per curve, the top peak's SDE and whether a candidate was
//! significant, then the SDE distribution (the FAP table of
//! `src/fap.rs`) and the false-significant rate.
//!
//! Run: `cargo run --release -p orrery-transit --example false_alarm_real [N_SCRAMBLES [DIR [box|template [SDE_THRESHOLD]]]]`
//! (DIR: also write each planet-free curve there as CSV, for the peers).

use orrery_transit::template::Ranking;
use orrery_transit::{search, SearchConfig};

#[path = "../tests/real/mod.rs"]
mod real;

use real::{flipped, planet_free, scrambled, HOSTS};
fn main() {
    let n_scrambles: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    // With a folder, each planet-free curve is also written there as CSV
    // (for the peers: bench/transit/injection_recovery.py far).
    let dump = std::env::args()
        .nth(2)
        .filter(|s| !s.is_empty())
        .map(std::path::PathBuf::from);
    // Third argument `box` or `template` (the default): option A (box
    // ranking, scored by the BLS SDE) or B (template ranking, scored by
    // the template SDE).
    let ranking = match std::env::args().nth(3).as_deref() {
        Some("box") => Ranking::Box,
        Some("template") => Ranking::Template,
        _ => SearchConfig::default().ranking,
    };
    // Fourth argument: an SDE threshold for the search (fit and vetting run
    // on every peak above it), so that the false-significant count can be
    // read off at any significance threshold above it.
    let mut cfg = SearchConfig {
        max_planets: 1,
        ranking,
        ..SearchConfig::default()
    };
    if let Some(x) = std::env::args().nth(4).and_then(|s| s.parse().ok()) {
        cfg.sde_threshold = x;
    }
    let mut sdes = Vec::new();
    let mut significant = 0;
    let start = std::time::Instant::now();
    for &(name, bjd_ref, planets) in HOSTS {
        let base = planet_free(name, bjd_ref, planets);
        let mut variants = vec![("flipped".to_string(), flipped(&base))];
        for s in 0..n_scrambles {
            variants.push((format!("scrambled {s}"), scrambled(&base, 1000 + s)));
        }
        for (what, lc) in variants {
            if let Some(dir) = &dump {
                let stem = name.rsplit_once('.').map_or(name, |(a, _)| a);
                let file = dir.join(format!("{stem}_{}.csv", what.replace(' ', "_")));
                let err = lc.errors_or_scatter();
                let mut text = String::from("time,flux,flux_err\n");
                for ((t, f), e) in lc.time.iter().zip(&lc.flux).zip(&err) {
                    text.push_str(&format!("{t},{f},{e}\n"));
                }
                if let Err(e) = std::fs::write(&file, text) {
                    eprintln!("{}: {e}", file.display());
                }
            }
            let r = match search(&lc, &cfg) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{name} {what}: {e}");
                    continue;
                }
            };
            let Some(c) = r.candidates.first().map(|c| &c.summary) else {
                continue;
            };
            let score = c.template_sde.unwrap_or(c.sde);
            sdes.push(score);
            if c.significant {
                significant += 1;
            }
            println!(
                "{name} {what}: top SDE {:.2} (template {:.2}) at {:.4} d, {} transits ({} whole), depth {:.0} ppm, SNR_pink {:.1}, significant {}, flags {}",
                c.sde,
                c.template_sde.unwrap_or(f64::NAN),
                c.period_days,
                c.n_transits,
                r.candidates[0].vetting.transits.iter().filter(|x| x.clean).count(),
                c.depth_ppm,
                c.snr_pink,
                c.significant,
                orrery_transit::schema::flag_names(&c.flags)
            );
        }
    }
    sdes.sort_by(f64::total_cmp);
    let n = sdes.len();
    println!(
        "\n{n} planet-free curves, {significant} significant ({:.1} %), {:.0} s",
        100.0 * significant as f64 / n as f64,
        start.elapsed().as_secs_f64()
    );
    println!("SDE  fraction of curves with a top peak >= SDE ({ranking:?} ranking)");
    for x in (10..=50).map(|k| 0.5 * k as f64) {
        let k = sdes.iter().filter(|&&s| s >= x).count();
        println!("{x:5.1}  {:.4}  ({k}/{n})", k as f64 / n as f64);
    }
}
