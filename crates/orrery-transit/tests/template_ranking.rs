//! Template ranking (option B, the default) against box ranking (option A)
//! on the same real light curves: a fixed subset of the injection grid of
//! bench/transit/injection_recovery.py and of the planet-free curves of
//! examples/false_alarm_real.rs. The full comparison (220 injections, 203
//! planet-free curves) is in docs/transit.md, "Template refinement: option
//! A vs B"; the floors and ceilings here are this subset's measured values
//! with the tolerance stated at each assert.

mod real;

use orrery_transit::template::Ranking;
use orrery_transit::{search, SearchConfig};
use std::time::Instant;

fn config(ranking: Ranking, baseline: f64) -> SearchConfig {
    SearchConfig {
        period_min_days: 1.0,
        period_max_days: Some(0.5 * baseline),
        max_planets: 3,
        ranking,
        ..SearchConfig::default()
    }
}

#[test]
fn template_ranking_recovers_at_least_as_many_as_box_ranking() {
    let hosts = [0usize, 1, 2, 5]; // WASP-126, pi Men (TESS), K2-3 (K2), Kepler-90 Q3
    let (mut hits_a, mut hits_b, mut n) = (0, 0, 0);
    let (mut secs_a, mut secs_b) = (0.0, 0.0);
    let mut rows = Vec::new();
    for &h in &hosts {
        let (name, bjd_ref, planets) = real::HOSTS[h];
        let base = real::planet_free(name, bjd_ref, planets);
        for (k, &period) in [3.3, 5.9, 9.7].iter().enumerate() {
            for &snr in &[8.0, 10.0, 12.0] {
                let (lc, _) = real::inject(&base, period, 0.11 + 0.29 * k as f64, snr);
                let mut hit = [false; 2];
                for (j, ranking) in [Ranking::Box, Ranking::Template].into_iter().enumerate() {
                    let start = Instant::now();
                    let r = search(&lc, &config(ranking, lc.baseline())).unwrap();
                    let s = start.elapsed().as_secs_f64();
                    if j == 0 {
                        secs_a += s;
                    } else {
                        secs_b += s;
                    }
                    hit[j] = r.candidates.iter().any(|c| {
                        c.summary.significant && (c.summary.period_days / period - 1.0).abs() < 0.01
                    });
                }
                hits_a += hit[0] as usize;
                hits_b += hit[1] as usize;
                n += 1;
                rows.push((name, period, snr, hit));
            }
        }
    }
    println!("box {hits_a}/{n} ({secs_a:.2} s), template {hits_b}/{n} ({secs_b:.2} s)");
    for r in &rows {
        println!("{r:?}");
    }
    // Both at their default significance thresholds (box SDE 8, template
    // SDE 7.5), which give the same false-significant rate, 1 of 203
    // planet-free curves. Measured on the branch that added the template
    // ranking: box 19/36, template 19/36; after the fit in b² and the
    // Newton biweight (2026-12-07): box 19/36, template 18/36 (the box
    // alone recovers K2-3 3.3 d at SNR 8). Floors: one miss less.
    assert!(hits_b >= 17, "template {hits_b}/{n}: {rows:?}");
    assert!(hits_a >= 18, "box {hits_a}/{n}: {rows:?}");
    // Option B is the default because on the full grid (220 injections, the
    // same false-alarm rate) it recovers more and loses none of A's (85
    // against 83; 2 only by B, 0 only by A). On this subset of 36 it may
    // trail by one.
    assert!(
        hits_b + 1 >= hits_a,
        "template {hits_b} < box {hits_a} - 1: {rows:?}"
    );
    // And it is not much slower (measured 1.2×; 2× allows a loaded machine).
    assert!(
        secs_b < 2.0 * secs_a + 0.5,
        "template {secs_b} s, box {secs_a} s"
    );
}

#[test]
fn template_ranking_false_alarm_ceiling_on_planet_free_curves() {
    // 7 hosts × (flipped + 4 scrambles) = 35 planet-free curves, one
    // candidate each (the calibration's setting).
    let cfg = SearchConfig {
        max_planets: 1,
        ..SearchConfig::default()
    };
    assert_eq!(cfg.ranking, Ranking::Template);
    let mut scores = Vec::new();
    let mut significant = Vec::new();
    for &(name, bjd_ref, planets) in real::HOSTS {
        let base = real::planet_free(name, bjd_ref, planets);
        let mut variants = vec![("flipped".to_string(), real::flipped(&base))];
        for s in 0..4 {
            variants.push((format!("scrambled {s}"), real::scrambled(&base, 1000 + s)));
        }
        for (what, lc) in variants {
            let r = search(&lc, &cfg).unwrap();
            let Some(c) = r.candidates.first().map(|c| &c.summary) else {
                continue;
            };
            let t = c
                .template_sde
                .expect("template ranking reports a template SDE");
            // The FAP follows the template table and is a probability.
            assert!(c.fap > 0.0 && c.fap <= 1.0, "{name} {what}: fap {}", c.fap);
            scores.push(t);
            if c.significant {
                significant.push((name, what, c.period_days, t));
            }
        }
    }
    scores.sort_by(f64::total_cmp);
    let above = |x: f64| scores.iter().filter(|&&s| s >= x).count();
    println!(
        "{} curves, template SDE >= 7: {}, >= 7.5: {}, max {:.2}; significant {significant:?}",
        scores.len(),
        above(7.0),
        above(7.5),
        scores.last().copied().unwrap_or(0.0)
    );
    assert_eq!(scores.len(), 35);
    // Measured 0 of 35 significant (the full calibration: 1 of 203, K2-3
    // scrambled with seed 1020, not in this subset).
    assert!(significant.is_empty(), "{significant:?}");
    // The tail of the template SDE on noise, as calibrated in fap.rs
    // (203 curves: 29.6 % at >= 7, 23.2 % at >= 7.5, max 18.5): this subset
    // measured 2026-12 10 and 8 of 35, ±3 curves; the maximum is the
    // calibration's own (the flipped EPIC 211436265, 18.48).
    let (a7, a75) = (above(7.0), above(7.5));
    assert!((7..=13).contains(&a7), "{a7} curves with template SDE >= 7");
    assert!(
        (5..=11).contains(&a75),
        "{a75} curves with template SDE >= 7.5"
    );
    assert!(scores.last().copied().unwrap_or(0.0) < 18.6);
}
