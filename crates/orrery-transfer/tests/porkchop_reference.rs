//! Earth → Mars 2020 porkchop on the DE421 excerpt against pykep 3.0.1 with the same
//! ephemeris (jplephem), `tools/reference/transfer/gen_porkchop_2020.py`.

use hifitime::{Epoch, TimeScale, Unit};
use orrery_core::ephem::spk::SpkFile;
use orrery_core::Body;
use orrery_transfer::porkchop::{compute, CellStatus, DateRange, EndOrbits, PorkchopSpec};
use orrery_transfer::TransferError;

fn kernel() -> SpkFile {
    SpkFile::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../orrery-core/tests/fixtures/de421-2020-2021.bsp"
    ))
    .unwrap()
}

fn jd_tdb(jd: f64) -> Epoch {
    Epoch::from_jde_tdb(jd)
}

fn spec_2020() -> PorkchopSpec {
    let d0 = Epoch::from_gregorian_at_midnight(2020, 5, 1, TimeScale::TDB);
    let a0 = Epoch::from_gregorian_at_midnight(2020, 12, 1, TimeScale::TDB);
    PorkchopSpec {
        from: Body::EARTH,
        to: Body::MARS,
        center: Body::SUN,
        depart: DateRange {
            start: d0,
            end: d0 + 152 * Unit::Day,
            step: 1 * Unit::Day,
        },
        arrive: DateRange {
            start: a0,
            end: a0 + 211 * Unit::Day,
            step: 1 * Unit::Day,
        },
        orbits: EndOrbits::default(),
    }
}

struct Row {
    kind: String,
    dep: f64,
    arr: f64,
    c3: f64,
    vinf_arr: f64,
    dla: f64,
    dv: f64,
}

fn fixture() -> Vec<Row> {
    include_str!("fixtures/porkchop_2020_pykep.csv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let n = |i: usize| f[i].parse::<f64>().unwrap();
            Row {
                kind: f[0].to_string(),
                dep: n(1),
                arr: n(2),
                c3: n(3),
                vinf_arr: n(4),
                dla: n(5),
                dv: n(6),
            }
        })
        .collect()
}

#[test]
fn mars_2020_grid_matches_pykep_on_de421() {
    let eph = kernel();
    let spec = spec_2020();
    let grid = compute(&spec, &eph).unwrap();
    assert_eq!((grid.departures.len(), grid.arrivals.len()), (153, 212));
    let d0 = grid.departures[0].to_jde_tdb_days();
    let a0 = grid.arrivals[0].to_jde_tdb_days();
    let rows = fixture();
    let mut worst = 0.0f64;
    for r in &rows {
        let i = (r.dep - d0).round() as usize;
        let j = (r.arr - a0).round() as usize;
        let c = grid.cell(i, j).unwrap();
        assert_eq!(c.status, CellStatus::Ok);
        let e = [
            (c.c3 - r.c3).abs() / r.c3,
            (c.vinf_arr - r.vinf_arr).abs() / r.vinf_arr,
            (c.dv_total - r.dv).abs() / r.dv,
        ];
        assert!((c.dla_deg - r.dla).abs() < 1e-6, "{} {}", c.dla_deg, r.dla);
        for x in e {
            worst = worst.max(x);
            assert!(x < 1e-8, "{} at JD {} -> {}: {e:?}", r.kind, r.dep, r.arr);
        }
    }
    eprintln!(
        "worst relative difference vs pykep over {} cells: {worst:e}",
        rows.len()
    );
    // The optimum (least C3) is the same cell, and its C3 agrees to 0.1 %.
    let opt = grid.min_c3().unwrap();
    let r = rows.iter().find(|r| r.kind == "OPT_C3").unwrap();
    assert_eq!(grid.departures[opt.i].to_jde_tdb_days(), r.dep);
    assert_eq!(grid.arrivals[opt.j].to_jde_tdb_days(), r.arr);
    assert!((opt.cell.c3 - r.c3).abs() / r.c3 < 1e-3);
    let opt = grid.min_dv_total().unwrap();
    let r = rows.iter().find(|r| r.kind == "OPT_DV").unwrap();
    assert_eq!(grid.departures[opt.i].to_jde_tdb_days(), r.dep);
    assert!((opt.cell.dv_total - r.dv).abs() / r.dv < 1e-3);
    // Perseverance's dates: launch 2020-07-30, landing 2021-02-18.
    let r = rows.iter().find(|r| r.kind == "PERSEVERANCE").unwrap();
    let c = grid
        .cell((r.dep - d0).round() as usize, (r.arr - a0).round() as usize)
        .unwrap();
    assert!((c.c3 - r.c3).abs() / r.c3 < 1e-3, "{} {}", c.c3, r.c3);
    assert!(
        (jd_tdb(r.dep) - grid.departures[(r.dep - d0).round() as usize]).abs() < 1 * Unit::Second
    );
}

#[test]
fn bad_grids_are_clear_errors() {
    let eph = kernel();
    let mut s = spec_2020();
    s.to = Body::EARTH;
    assert!(matches!(
        compute(&s, &eph),
        Err(TransferError::InvalidInput { .. })
    ));
    let mut s = spec_2020();
    s.arrive.end = s.arrive.start - 1 * Unit::Day;
    let e = compute(&s, &eph).unwrap_err().to_string();
    assert!(e.contains("empty"), "{e}");
    let mut s = spec_2020();
    s.arrive.start = s.depart.start - 30 * Unit::Day;
    s.arrive.end = s.depart.start - 1 * Unit::Day;
    let e = compute(&s, &eph).unwrap_err().to_string();
    assert!(e.contains("after departure"), "{e}");
    let mut s = spec_2020();
    s.depart.step = 1 * Unit::Minute;
    s.arrive.step = 10 * Unit::Minute;
    let e = compute(&s, &eph).unwrap_err().to_string();
    assert!(e.contains("cells") || e.contains("dates"), "{e}");
    // Overlapping ranges: cells with arrival before departure are marked, not fatal.
    let mut s = spec_2020();
    s.arrive.start = s.depart.start + 10 * Unit::Day;
    s.arrive.end = s.depart.start + 40 * Unit::Day;
    s.depart.end = s.depart.start + 20 * Unit::Day;
    let g = compute(&s, &eph).unwrap();
    assert!(g
        .cells
        .iter()
        .any(|c| c.status == CellStatus::ArrivalNotAfterDeparture));
    assert!(g.cells.iter().any(|c| c.status == CellStatus::Ok));
    // Outside the kernel's span: the ephemeris error comes through.
    let mut s = spec_2020();
    s.arrive.end = Epoch::from_gregorian_at_midnight(2023, 1, 1, TimeScale::TDB);
    s.arrive.step = 30 * Unit::Day;
    assert!(matches!(
        compute(&s, &eph),
        Err(TransferError::Ephemeris(_))
    ));
}
