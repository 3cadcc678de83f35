//! Launch windows against a brute-force pykep search on the same ephemeris:
//! Earth → Mars departures 2020–2035, Earth → Venus 2020–2031 and Mars → Earth
//! 2020–2034,
//! DE421 excerpt `de421-2020-2037-emv.bsp`. The fixture comes from
//! `tools/reference/transfer/gen_windows.py` (pykep 3.0.1 C++ Lambert core,
//! jplephem 2.24): every departure day × every whole time of flight, windows
//! split at the maxima of the best-C3-per-day curve, and each window's
//! least-C3 and least-Δv cells of the full 1-day grid.
//!
//! Orrery's search (4-day coarse scan, 1-day refinement around each window)
//! must find the same windows and, in each, the same optimal cells: dates equal
//! (same 00:00 TDB grid), C3 within 1e-9 relative, total Δv within 1e-9 km/s.

use hifitime::{Epoch, TimeScale, Unit};
use orrery_core::ephem::spk::SpkFile;
use orrery_core::Body;
use orrery_transfer::porkchop::EndOrbits;
use orrery_transfer::windows::{find, RangeEnd, Transfer, Window, WindowSpec};

fn kernel() -> SpkFile {
    SpkFile::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/de421-2020-2037-emv.bsp"
    ))
    .unwrap()
}

#[derive(Debug, Clone, Copy)]
struct Opt {
    dep: f64,
    arr: f64,
    c3: f64,
    dv: f64,
    partial: Option<RangeEnd>,
}

/// One reference window: its territory (JD TDB) and both optima.
#[derive(Debug)]
struct RefWindow {
    territory: (f64, f64),
    c3: Opt,
    dv: Opt,
}

fn fixture(from: &str, to: &str) -> Vec<RefWindow> {
    let mut out: Vec<RefWindow> = Vec::new();
    for l in include_str!("fixtures/windows_pykep.csv").lines() {
        let f: Vec<&str> = l.split(',').collect();
        if f[0] != "W" || f[1] != from || f[2] != to {
            continue;
        }
        let n = |i: usize| f[i].parse::<f64>().unwrap();
        let opt = Opt {
            dep: n(7),
            arr: n(8),
            c3: n(9),
            dv: n(11),
            partial: match f[12] {
                "none" => None,
                "start" => Some(RangeEnd::Start),
                "end" => Some(RangeEnd::End),
                p => panic!("partial {p}"),
            },
        };
        let k: usize = f[3].parse().unwrap();
        if f[6] == "C3" {
            assert_eq!(k, out.len());
            out.push(RefWindow {
                territory: (n(4), n(5)),
                c3: opt,
                dv: opt,
            });
        } else {
            out[k].dv = opt;
        }
    }
    out
}

/// A TDB Julian date as an epoch, exact for whole and half days (counted from
/// J2000 = JD 2451545.0 TDB, so no precision is lost on the large JD).
fn from_jd(jd: f64) -> Epoch {
    Epoch::from_gregorian_at_noon(2000, 1, 1, TimeScale::TDB) + (jd - 2_451_545.0) * Unit::Day
}

fn jd(e: Epoch) -> f64 {
    e.to_jde_tdb_days()
}

/// Checks one optimum; returns (C3 relative difference, Δv difference km/s).
fn assert_same(ours: &Transfer, want: &Opt, what: &str) -> (f64, f64) {
    assert!(
        (jd(ours.departure) - want.dep).abs() < 1e-6 && (jd(ours.arrival) - want.arr).abs() < 1e-6,
        "{what}: orrery {} -> {}, pykep JD {} -> {}",
        jd(ours.departure),
        jd(ours.arrival),
        want.dep,
        want.arr
    );
    let c3_rel = (ours.cell.c3 - want.c3).abs() / want.c3;
    assert!(c3_rel < 1e-9, "{what}: C3 {} vs {}", ours.cell.c3, want.c3);
    let dv = (ours.cell.dv_total - want.dv).abs();
    assert!(
        dv < 1e-9,
        "{what}: dv {} vs {}",
        ours.cell.dv_total,
        want.dv
    );
    (c3_rel, dv)
}

fn check(pair: (Body, Body), names: (&str, &str), start_jd: f64, end_jd: f64, tof: (f64, f64)) {
    let (from_name, to_name) = names;
    let spec = WindowSpec {
        from: pair.0,
        to: pair.1,
        center: Body::SUN,
        start: from_jd(start_jd),
        end: from_jd(end_jd),
        tof_min_days: tof.0,
        tof_max_days: tof.1,
        orbits: EndOrbits::default(),
    };
    let ours: Vec<Window> = find(&spec, &kernel()).unwrap();
    let want = fixture(from_name, to_name);
    assert!(want.len() >= 6, "{}", want.len());
    assert_eq!(ours.len(), want.len(), "orrery {ours:#?}\npykep {want:#?}");
    let mut worst = (0.0f64, 0.0f64);
    for (w, r) in ours.iter().zip(&want) {
        let d = jd(w.min_c3.departure);
        assert!(
            d >= r.territory.0 && d <= r.territory.1,
            "window departing JD {d} outside the pykep territory {:?}",
            r.territory
        );
        let what = format!("{from_name}-{to_name} window at JD {}", r.c3.dep);
        for (t, o, kind) in [
            (&w.min_c3, &r.c3, "least C3"),
            (&w.min_dv, &r.dv, "least dv"),
        ] {
            let (c3, dv) = assert_same(t, o, &format!("{what}, {kind}"));
            worst = (worst.0.max(c3), worst.1.max(dv));
        }
        let want_partial = r.c3.partial.or(r.dv.partial);
        assert_eq!(w.partial, want_partial, "{what}");
    }
    eprintln!(
        "{from_name}-{to_name}: {} windows, worst C3 rel. diff {:.1e}, worst dv diff {:.1e} km/s",
        ours.len(),
        worst.0,
        worst.1
    );
}

#[test]
fn earth_mars_2020_2035_matches_pykep() {
    // 2020-01-01 .. 2035-12-31 TDB, times of flight 80..500 days.
    check(
        (Body::EARTH, Body::MARS),
        ("earth", "mars"),
        2458849.5,
        2464692.5,
        (80.0, 500.0),
    );
}

#[test]
fn earth_venus_2020_2031_matches_pykep() {
    // 2020-01-01 .. 2031-12-31 TDB, times of flight 60..300 days.
    check(
        (Body::EARTH, Body::VENUS),
        ("earth", "venus"),
        2458849.5,
        2463231.5,
        (60.0, 300.0),
    );
}

#[test]
fn mars_earth_2020_2034_matches_pykep() {
    // Return windows: 2020-01-01 .. 2034-12-31 TDB, times of flight 80..500
    // days, 200 km parking orbit at Mars, 400 km capture orbit at Earth.
    check(
        (Body::MARS, Body::EARTH),
        ("mars", "earth"),
        2458849.5,
        2464327.5,
        (80.0, 500.0),
    );
}
