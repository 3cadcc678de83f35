//! Visibility windows against an independent astropy calculation
//! (tests/fixtures/visibility_astropy.csv, produced by
//! tools/reference/cr3bp/visibility_astropy.py with astropy 6.1.7).

use hifitime::{Duration, Epoch};
use orrery_core::ephem::builtin::Builtin;
use orrery_core::time::parse_epoch;
use orrery_cr3bp::visibility::{elongation_deg, windows, FieldOfRegard, Target};

const FIXTURE: &str = include_str!("fixtures/visibility_astropy.csv");

fn epoch(s: &str) -> Epoch {
    parse_epoch(&format!("{s} UTC")).unwrap()
}

#[test]
fn windows_match_astropy_within_30_minutes() {
    let eph = Builtin::new();
    let from = epoch("2025-01-01T00:00:00");
    let to = epoch("2026-01-01T00:00:00");
    let mut rows: Vec<(String, f64, f64, Epoch, Epoch)> = Vec::new();
    for line in FIXTURE.lines().skip(2) {
        let f: Vec<&str> = line.split(',').collect();
        rows.push((
            f[0].to_string(),
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
            epoch(f[3]),
            epoch(f[4]),
        ));
    }
    let mut names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), 6);
    let mut worst = 0.0_f64;
    for name in names {
        let refs: Vec<_> = rows.iter().filter(|r| r.0 == name).collect();
        let t = Target {
            ra_deg: refs[0].1,
            dec_deg: refs[0].2,
        };
        // The fixture's field of regard (its header): 85-135 deg.
        let field = FieldOfRegard {
            min_elongation_deg: 85.0,
            max_elongation_deg: 135.0,
        };
        let w = windows(&eph, &t, &field, from, to, Duration::from_hours(6.0)).unwrap();
        assert_eq!(w.len(), refs.len(), "{name}: {w:?}");
        for (a, b) in w.iter().zip(&refs) {
            let ds = (a.start - b.3).abs().to_seconds();
            let de = (a.end - b.4).abs().to_seconds();
            worst = worst.max(ds).max(de);
            assert!(
                ds < 1800.0 && de < 1800.0,
                "{name}: {a:?} vs {} {}",
                b.3,
                b.4
            );
        }
    }
    eprintln!("worst window-edge difference vs astropy: {worst:.0} s");
}

/// Targets at the ecliptic poles stay at 90° elongation all year: JWST's
/// continuous viewing zones (STScI JDox: within ~5° of the ecliptic poles).
#[test]
fn ecliptic_pole_is_continuously_visible() {
    let eph = Builtin::new();
    // South ecliptic pole: RA 6h, Dec −66.5607° (ICRF, obliquity 23.4393°).
    let pole = Target {
        ra_deg: 90.0,
        dec_deg: -66.5607,
    };
    for day in 0..12 {
        let e = epoch("2025-01-01T00:00:00") + Duration::from_days(30.0 * day as f64);
        let el = elongation_deg(&eph, &pole, e).unwrap();
        assert!((el - 90.0).abs() < 0.01, "{el}");
    }
    let w = windows(
        &eph,
        &pole,
        &FieldOfRegard::JWST,
        epoch("2025-01-01T00:00:00"),
        epoch("2026-01-01T00:00:00"),
        Duration::from_hours(6.0),
    )
    .unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].open_start && w[0].open_end);
    // Bad spans and fields are errors.
    let f = FieldOfRegard {
        min_elongation_deg: 120.0,
        max_elongation_deg: 90.0,
    };
    assert!(windows(
        &eph,
        &pole,
        &f,
        epoch("2025-01-01T00:00:00"),
        epoch("2025-02-01T00:00:00"),
        Duration::from_hours(6.0)
    )
    .is_err());
    assert!(windows(
        &eph,
        &pole,
        &FieldOfRegard::JWST,
        epoch("2025-02-01T00:00:00"),
        epoch("2025-01-01T00:00:00"),
        Duration::from_hours(6.0)
    )
    .is_err());
}
