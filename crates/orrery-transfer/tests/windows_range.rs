//! Launch windows respect the requested departure range: the search is
//! clipped to it, a window cut by either end is flagged partial, and every
//! whole window's optima are true local optima (not the edge of a search box).
//! Built-in ephemeris (the CLI's default).

use hifitime::{Epoch, Unit};
use orrery_core::ephem::builtin::Builtin;
use orrery_core::Body;
use orrery_transfer::porkchop::{compute, CellStatus, DateRange, EndOrbits, PorkchopSpec};
use orrery_transfer::windows::{find, RangeEnd, Window, WindowSpec};

fn utc(y: i32, m: u8, d: u8) -> Epoch {
    Epoch::from_gregorian_utc_at_midnight(y, m, d)
}

fn spec(start: Epoch, end: Epoch) -> WindowSpec {
    WindowSpec {
        from: Body::EARTH,
        to: Body::MARS,
        center: Body::SUN,
        start,
        end,
        tof_min_days: 80.0,
        tof_max_days: 500.0,
        orbits: EndOrbits::default(),
    }
}

fn windows(start: Epoch, end: Epoch) -> Vec<Window> {
    let ws = find(&spec(start, end), &Builtin::new()).unwrap();
    for w in &ws {
        for t in [w.min_c3, w.min_dv] {
            assert!(
                t.departure >= start && t.departure <= end,
                "departure {} outside {start}..{end}",
                t.departure
            );
        }
    }
    ws
}

/// Least C3 and least total Δv over departures `d` ± `days` (1-day steps, the
/// search's time-of-flight limits).
fn neighbourhood_best(d: Epoch, days: i64) -> (f64, f64) {
    let lo = d - days * Unit::Day;
    let hi = d + days * Unit::Day;
    let g = compute(
        &PorkchopSpec {
            from: Body::EARTH,
            to: Body::MARS,
            center: Body::SUN,
            depart: DateRange {
                start: lo,
                end: hi,
                step: 1 * Unit::Day,
            },
            arrive: DateRange {
                start: lo + 80 * Unit::Day,
                end: hi + 500 * Unit::Day,
                step: 1 * Unit::Day,
            },
            orbits: EndOrbits::default(),
        },
        &Builtin::new(),
    )
    .unwrap();
    g.cells
        .iter()
        .filter(|c| c.status == CellStatus::Ok && (80.0..=500.0).contains(&c.tof_days))
        .fold((f64::INFINITY, f64::INFINITY), |(a, b), c| {
            (a.min(c.c3), b.min(c.dv_total))
        })
}

#[test]
fn whole_windows_have_interior_optima() {
    // 2026..2031: three whole windows (late 2026, late 2028, the turn of 2031).
    let ws = windows(utc(2026, 1, 1), utc(2031, 12, 31));
    assert_eq!(ws.len(), 3, "{ws:?}");
    for w in &ws {
        assert_eq!(w.partial, None);
        // No departure within ±5 days does better: the optima are local optima
        // of the 1-day grid, not the edge of a search box.
        let (c3, _) = neighbourhood_best(w.min_c3.departure, 5);
        let (_, dv) = neighbourhood_best(w.min_dv.departure, 5);
        assert!(
            w.min_c3.cell.c3 <= c3 + 1e-12,
            "{} vs {c3}",
            w.min_c3.cell.c3
        );
        assert!(
            w.min_dv.cell.dv_total <= dv + 1e-12,
            "{} vs {dv}",
            w.min_dv.cell.dv_total
        );
    }
    // The 2031 window's least-Δv transfer departs in late December 2030
    // (a 2-day porkchop of the same model: 2030-12-24, 6.232 km/s), well
    // before its least-C3 transfer (2031-02-22, 8.17 km²/s²).
    let w = &ws[2];
    assert!(
        w.min_dv.departure >= utc(2030, 12, 18) && w.min_dv.departure <= utc(2030, 12, 30),
        "{}",
        w.min_dv.departure
    );
    assert!(w.min_dv.cell.dv_total < 6.25, "{}", w.min_dv.cell.dv_total);
    assert!(w.min_c3.departure >= utc(2031, 2, 18) && w.min_c3.departure <= utc(2031, 2, 26));
}

#[test]
fn window_cut_by_the_range_end_is_partial() {
    // The 2031 window's least-C3 date (2031-02-22) lies after 2030-12-31.
    let end = utc(2030, 12, 31);
    let ws = windows(utc(2026, 1, 1), end);
    assert_eq!(ws.len(), 3, "{ws:?}");
    assert_eq!(ws[0].partial, None);
    assert_eq!(ws[1].partial, None);
    assert_eq!(ws[2].partial, Some(RangeEnd::End));
    assert_eq!(ws[2].min_c3.departure, end);
    // Ending mid-window: nothing departs after the range end.
    let end = utc(2031, 1, 20);
    let ws = windows(utc(2030, 6, 1), end);
    assert_eq!(ws.len(), 1, "{ws:?}");
    assert_eq!(ws[0].partial, Some(RangeEnd::End));
    assert_eq!(ws[0].min_c3.departure, end);
    // Its least-Δv transfer (late December 2030) is inside the range.
    assert!(ws[0].min_dv.departure < end - 10 * Unit::Day);
}

#[test]
fn window_cut_by_the_range_start_is_partial() {
    // From 2031-03-15 the 2031 window's C3 only rises: the range start cuts it.
    let start = utc(2031, 3, 15);
    let ws = windows(start, utc(2033, 12, 31));
    assert_eq!(ws.len(), 2, "{ws:?}");
    assert_eq!(ws[0].partial, Some(RangeEnd::Start));
    assert_eq!(ws[0].min_c3.departure, start);
    assert_eq!(ws[1].partial, None);
    assert!(ws[1].min_c3.departure > utc(2033, 3, 1));
}
