//! Proof that the sieve misses nothing: a brute-force reference over every pair of a
//! few hundred objects of the bundled active catalog, chosen to be close to one
//! another (a rideshare launch still flying together, a Starlink batch, and the
//! objects of other launches crossing the same shells), against `screen`.
//!
//! The reference shares nothing with the sieve but the SGP4 theory: positions from
//! the `sgp4` crate (the oracle the SIMD kernel is checked against), every pair at
//! every 10 s, each discrete local minimum of the distance refined by golden-section
//! search on the distance itself (not the range rate) to 1 µs.

use orrery_core::progress::Silent;
use orrery_sat::conjunction::{
    assemble, pieces, screen, screen_piece, ScreenRequest, DEFAULT_STEP_S,
};
use orrery_sat::{Catalog, ReadOptions, Satellite};

const THRESHOLD_KM: f64 = 10.0;
const SPAN_S: f64 = 12.0 * 3600.0;
const BRUTE_STEP_S: f64 = 10.0;

fn catalog() -> Catalog {
    Catalog::parse(
        orrery_sat::catalog::ACTIVE_CATALOG,
        "active",
        &ReadOptions::default(),
    )
    .unwrap()
}

/// Launch (year + number) of a designator: `2026-067A` → `2026-067`.
fn launch(s: &Satellite) -> String {
    s.elements
        .international_designator
        .as_deref()
        .unwrap_or("")
        .chars()
        .take(8)
        .collect()
}

fn chosen(cat: &Catalog) -> Vec<&Satellite> {
    let mean_alt = |s: &Satellite| {
        let n = s.elements.mean_motion * std::f64::consts::TAU / 86_400.0;
        (398_600.8 / (n * n)).cbrt() - 6378.135
    };
    let mut out: Vec<&Satellite> = Vec::new();
    // A rideshare still flying together (Transporter-16, 90 objects) and a Starlink
    // batch (54 objects at 43°): co-orbital.
    for l in ["2026-067", "2023-065"] {
        out.extend(cat.satellites.iter().filter(|s| launch(s) == l));
    }
    // Crossing: every fifth other object of those shells (480-650 km), other planes.
    out.extend(
        cat.satellites
            .iter()
            .filter(|s| {
                let l = launch(s);
                l != "2026-067" && l != "2023-065" && (480.0..650.0).contains(&mean_alt(s))
            })
            .step_by(25)
            .take(130),
    );
    out
}

fn start() -> hifitime::Epoch {
    orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC").unwrap()
}

/// (i, j, TCA s after start, miss km, relative speed km/s) of every local minimum
/// under the threshold, i < j.
fn brute_force(sats: &[&Satellite]) -> Vec<(usize, usize, f64, f64, f64)> {
    let t0 = start().to_tai_seconds();
    let m = (SPAN_S / BRUTE_STEP_S) as usize + 1;
    let tai: Vec<f64> = (0..m).map(|k| t0 + k as f64 * BRUTE_STEP_S).collect();
    let pos: Vec<Option<Vec<[f64; 3]>>> = sats
        .iter()
        .map(|s| {
            let mut p = vec![[0.0; 3]; m];
            s.propagate_each_tai(&tai, |j, st| {
                p[j] = [st.position.x, st.position.y, st.position.z]
            })
            .ok()
            .map(|_| p)
        })
        .collect();
    let at = |s: &Satellite, t: f64| {
        let st = s
            .propagate_minutes((t0 + t - s.epoch.to_tai_seconds()) / 60.0)
            .unwrap();
        (st.position, st.velocity)
    };
    let dist = |a: &Satellite, b: &Satellite, t: f64| {
        let (ra, _) = at(a, t);
        let (rb, _) = at(b, t);
        (rb - ra).norm()
    };
    let mut out = Vec::new();
    for i in 0..sats.len() {
        for j in i + 1..sats.len() {
            if sats[i].norad_id() == sats[j].norad_id() {
                continue;
            }
            let (Some(pi), Some(pj)) = (&pos[i], &pos[j]) else {
                continue;
            };
            let d: Vec<f64> = (0..m)
                .map(|k| {
                    let (a, b) = (pi[k], pj[k]);
                    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
                })
                .collect();
            for k in 1..m - 1 {
                // A discrete minimum that could hide an approach under the threshold
                // (relative speeds stay under 16 km/s: 80 km in 5 s).
                if !(d[k] <= d[k - 1] && d[k] < d[k + 1] && d[k] < THRESHOLD_KM + 80.0) {
                    continue;
                }
                // Golden-section search of the distance on [t(k-1), t(k+1)].
                let g = (5f64.sqrt() - 1.0) / 2.0;
                let (mut lo, mut hi) =
                    ((k - 1) as f64 * BRUTE_STEP_S, (k + 1) as f64 * BRUTE_STEP_S);
                let (a, b) = (sats[i], sats[j]);
                let mut x1 = hi - g * (hi - lo);
                let mut x2 = lo + g * (hi - lo);
                let (mut f1, mut f2) = (dist(a, b, x1), dist(a, b, x2));
                while hi - lo > 1e-6 {
                    if f1 < f2 {
                        hi = x2;
                        x2 = x1;
                        f2 = f1;
                        x1 = hi - g * (hi - lo);
                        f1 = dist(a, b, x1);
                    } else {
                        lo = x1;
                        x1 = x2;
                        f1 = f2;
                        x2 = lo + g * (hi - lo);
                        f2 = dist(a, b, x2);
                    }
                }
                let t = 0.5 * (lo + hi);
                let miss = dist(a, b, t);
                if miss < THRESHOLD_KM {
                    let (_, va) = at(a, t);
                    let (_, vb) = at(b, t);
                    out.push((i, j, t, miss, (vb - va).norm()));
                }
            }
        }
    }
    out
}

#[test]
fn the_sieve_finds_every_approach_the_brute_force_finds() {
    let cat = catalog();
    let sats = chosen(&cat);
    assert!(sats.len() > 250, "{} objects", sats.len());
    let reference = brute_force(&sats);
    assert!(
        reference.len() >= 20,
        "too few approaches to prove anything"
    );
    // The former default, the default and the longest: the guarantee does not
    // depend on the step.
    for step in [30.0, DEFAULT_STEP_S, 120.0] {
        let mut req = ScreenRequest::new(start(), SPAN_S, THRESHOLD_KM);
        req.step_s = step;
        let report = screen(&sats, &req, &Silent).unwrap();
        let index = |id: u64| sats.iter().position(|s| s.norad_id() == id).unwrap();
        let found: Vec<(usize, usize, f64, f64)> = report
            .conjunctions
            .iter()
            .flat_map(|r| {
                let (a, b) = (index(r.object1.norad_id), index(r.object2.norad_id));
                let (i, j) = (a.min(b), a.max(b));
                r.approaches
                    .iter()
                    .map(move |x| (i, j, x.tca_s, x.miss_distance_km))
            })
            .collect();
        println!(
        "step {step} s: {} objects, {} reference approaches under {THRESHOLD_KM} km, {} found by the sieve ({:?})",
        sats.len(),
        reference.len(),
        found.len(),
        report.sieve
    );
        // TCA to 1 ms, or to the time the objects take to move 1 m apart when they are slow.
        let (mut worst_dt, mut worst_dd) = (0.0f64, 0.0f64);
        for &(i, j, t, miss, speed) in &reference {
            let tol_t = 1e-3f64.max(1e-3 / speed.max(1e-9));
            let hit = found
                .iter()
                .filter(|f| (f.0, f.1) == (i, j))
                .min_by(|a, b| (a.2 - t).abs().total_cmp(&(b.2 - t).abs()));
            let Some(&(_, _, tf, mf)) = hit else {
                // Only an approach within 1 m of the threshold may fall on either side.
                assert!(
                    miss > THRESHOLD_KM - 1e-3,
                    "missed: {} / {} at t = {t:.3} s, {miss:.4} km",
                    sats[i].name(),
                    sats[j].name()
                );
                continue;
            };
            if (tf - t).abs() > 1.0 && miss > THRESHOLD_KM - 1e-3 {
                continue;
            }
            assert!(
                (tf - t).abs() <= tol_t,
                "{} / {}: TCA {tf:.6} vs {t:.6} s (v = {speed:.5} km/s)",
                sats[i].name(),
                sats[j].name()
            );
            assert!(
                (mf - miss).abs() < 1e-3,
                "{} / {}: miss {mf:.6} vs {miss:.6} km",
                sats[i].name(),
                sats[j].name()
            );
            worst_dt = worst_dt.max((tf - t).abs() * speed.min(1.0));
            worst_dd = worst_dd.max((mf - miss).abs());
        }
        // And nothing the reference does not have.
        for &(i, j, t, miss) in &found {
            let known = reference
                .iter()
                .any(|r| (r.0, r.1) == (i, j) && (r.2 - t).abs() < 1.0);
            assert!(
                known || miss > THRESHOLD_KM - 1e-3,
                "extra: {} / {} at {t:.3} s, {miss:.4} km",
                sats[i].name(),
                sats[j].name()
            );
        }
        println!(
            "worst |dTCA|·min(v, 1 km/s): {worst_dt:.2e} km, worst |dmiss|: {worst_dd:.2e} km"
        );
    }
}

#[test]
fn pieces_put_together_give_exactly_the_single_result() {
    let cat = catalog();
    let sats = chosen(&cat);
    let mut req = ScreenRequest::new(start(), SPAN_S, THRESHOLD_KM);
    req.step_s = 30.0;
    let whole = screen(&sats, &req, &Silent).unwrap();
    assert!(whole.approach_count > 10);
    for n in [2, 7, 64] {
        let results = pieces(&req, n)
            .into_iter()
            .map(|p| screen_piece(&sats, &req, p, &Silent).unwrap())
            .collect();
        let joined = assemble(&sats, &req, results).unwrap();
        assert_eq!(joined, whole, "{n} pieces");
    }
    // Pieces that leave samples out, or screen some twice, are refused.
    let p = pieces(&req, 3);
    let r: Vec<_> = [p[0], p[2]]
        .iter()
        .map(|&p| screen_piece(&sats, &req, p, &Silent).unwrap())
        .collect();
    let e = assemble(&sats, &req, r).unwrap_err().to_string();
    assert!(e.contains("missing"), "{e}");
}
