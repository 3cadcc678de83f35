//! `orrery conjunctions`: the ISS against the whole bundled active catalog (its docked
//! vehicles come back as grouped rows), JSON/CSV/CDM output, and one clear error line
//! with a non-zero exit for each kind of bad input.

mod common;
use common::{fails_with, json, orrery};

const FROM: &str = "2026-05-07T00:00:00 UTC";

fn iss_args(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "conjunctions",
        "--primary",
        "25544",
        "--from",
        FROM,
        "--span",
        "2h",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn iss_against_the_active_catalog() {
    let args = iss_args(&["--format", "json"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = json(&args);
    assert_eq!(r["objects"], 15347);
    assert_eq!(r["primaries"][0], 25544);
    assert_eq!(r["threshold_km"], 5.0);
    let rows = r["conjunctions"].as_array().unwrap();
    // Cygnus NG-24 and Progress MS-34, docked: within 100 m, slow, several approaches.
    assert_eq!(rows.len(), 2, "{rows:#?}");
    for row in rows {
        assert_eq!(row["object1"]["norad_id"], 25544);
        let miss = row["miss_distance_km"].as_f64().unwrap();
        assert!((0.0..0.1).contains(&miss), "{miss}");
        assert!(row["relative_speed_km_s"].as_f64().unwrap() < 0.001);
        let n = row["approach_count"].as_u64().unwrap();
        assert!(n >= 2);
        assert_eq!(row["approaches"].as_array().unwrap().len() as u64, n);
        let (rad, it, ct) = (
            row["radial_km"].as_f64().unwrap(),
            row["in_track_km"].as_f64().unwrap(),
            row["cross_track_km"].as_f64().unwrap(),
        );
        assert!(((rad * rad + it * it + ct * ct).sqrt() - miss).abs() < 1e-9);
        assert_eq!(row["object1"]["stale"], false);
    }
}

#[test]
fn csv_and_cdm_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args = iss_args(&["--format", "csv", "--cdm-dir", d]);
    let out = orrery().args(&args).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("object1_norad_id,object1_name,"));
    assert!(lines[0].contains(",tca_utc,miss_distance_km,relative_speed_km_s,radial_km,"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote 2 CDM file(s)"));
    let mut files: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2);
    let cdm = std::fs::read_to_string(&files[0]).unwrap();
    for key in [
        "CCSDS_CDM_VERS = 1.0",
        "ORIGINATOR = ORRERY",
        "TCA = 2026-05-07T00:",
        "MISS_DISTANCE = ",
        "RELATIVE_POSITION_R = ",
        "OBJECT = OBJECT1",
        "OBJECT_DESIGNATOR = 25544",
        "OBJECT = OBJECT2",
        "REF_FRAME = ITRF",
        "COVARIANCE_METHOD = DEFAULT",
        "CNDOT_NDOT = ",
    ] {
        assert!(cdm.contains(key), "{key} missing:\n{cdm}");
    }
    // 21 covariance terms per object.
    assert_eq!(
        cdm.lines()
            .filter(|l| l.starts_with('C') && l.contains("[m**2"))
            .count(),
        42
    );
}

#[test]
fn stale_elements_are_flagged() {
    // Elements of 2026-05-07 used three weeks later.
    let out = orrery()
        .args([
            "conjunctions",
            "--primary",
            "25544",
            "--from",
            "2026-05-28T00:00:00 UTC",
            "--span",
            "1h",
            "--max-age",
            "7d",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("objects have elements more than 7 days from the middle of the span"),
        "{err}"
    );
    // Decayed objects are named, and not fatal.
    assert!(err.contains("could not be propagated"), "{err}");
}

#[test]
fn bad_input_gives_one_line_and_a_failure_status() {
    let from = ["--from", FROM];
    let with = |extra: &[&str]| -> Vec<String> {
        let mut v = vec!["conjunctions".to_string()];
        v.extend(from.iter().map(|s| s.to_string()));
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let check = |extra: &[&str], code: i32, needle: &str| {
        let a = with(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        fails_with(&a, code, needle);
        // One error line (besides the note naming the default catalog).
        let out = orrery().args(&a).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.starts_with("orrery: catalog:"))
            .collect();
        assert_eq!(lines.len(), 1, "{err}");
    };
    check(&["--span", "400d"], 1, "limit of 30 days");
    check(&["--span", "-1d"], 1, "must not end before it starts");
    check(&["--threshold", "-5km"], 1, "threshold");
    check(&["--threshold", "500km"], 1, "limit of 100 km");
    check(&["--threshold", "5"], 2, "unit");
    check(
        &["--primary", "STARLNK-1008", "--span", "1h"],
        1,
        "did you mean 'STARLINK-1008'?",
    );
    check(
        &["--primary", "NO SUCH THING", "--span", "1h"],
        1,
        "no satellite matches",
    );
    check(&["--step", "10min", "--span", "1h"], 1, "step");
    // A malformed catalog line.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tle");
    std::fs::write(
        &bad,
        "ISS\n1 25544U 98067A   26127.42525610  .00008000  00000+0  15000-3 0  9990\n2 25544  51.6300 200.0000 0004000 100.0000 260.0000 15.50000000999999\n",
    )
    .unwrap();
    let b = bad.to_str().unwrap();
    check(&[b, "--span", "1h"], 1, "checksum");
}
