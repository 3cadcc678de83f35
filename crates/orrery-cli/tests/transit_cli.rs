//! `orrery transit` through the real binary.

mod common;
use common::*;

use predicates::prelude::*;

const FIX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../orrery-transit/tests/fixtures/"
);

#[test]
fn search_bundled_sample_json_finds_wasp_126_b() {
    // No file: the bundled TESS sector-1 light curve of WASP-126 (TOI-114.01, P = 3.2887898 d).
    let dir = tempfile::tempdir().unwrap();
    let out = orrery()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "transit",
            "search",
            "--period-min",
            "1",
            "--period-max",
            "8",
            "--durations",
            "2,3,4",
        ])
        .args(["--max-planets", "1", "--format", "json", "--plot"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["candidates"][0];
    let p = c["fit"]["params"]["period_days"].as_f64().unwrap();
    assert!((p / 3.2887898 - 1.0).abs() < 1e-3, "{p}");
    assert!(c["t0_bjd_tdb"].as_f64().unwrap() > 2_458_325.0);
    assert_eq!(c["vetting"]["n_transits"], 8);
    for f in ["periodogram.svg", "folded.svg", "lightcurve.svg"] {
        let s = std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert!(s.contains("<svg"), "{f}");
    }
}

#[test]
fn search_csv_table() {
    orrery()
        .args(["transit", "search", &format!("{FIX}EPIC201367065.csv")])
        .args([
            "--period-min",
            "5",
            "--period-max",
            "15",
            "--durations",
            "2,3",
            "--max-planets",
            "1",
        ])
        .args(["--bjd-ref", "2454833"])
        .assert()
        .success()
        .stdout(predicate::str::contains("period [d]"))
        .stdout(predicate::str::contains("10.05"));
}

#[test]
fn broken_file_is_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("broken.fits");
    std::fs::write(&f, b"SIMPLE  =                    T").unwrap();
    orrery()
        .args(["transit", "search"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("orrery: "))
        .stderr(predicate::str::contains("broken.fits"));
}

#[test]
fn batch_writes_jsonl_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let lc = dir.path().join("lc");
    std::fs::create_dir(&lc).unwrap();
    std::fs::copy(format!("{FIX}EPIC201367065.csv"), lc.join("k2-3.csv")).unwrap();
    std::fs::write(lc.join("junk.fits"), b"not fits at all").unwrap();
    let out = dir.path().join("r.jsonl");
    let run = || {
        orrery()
            .args(["transit", "batch"])
            .arg(&lc)
            .arg("--out")
            .arg(&out)
            .args([
                "--period-min",
                "5",
                "--period-max",
                "12",
                "--durations",
                "2,3",
                "--max-planets",
                "1",
                "--quiet",
            ])
            .assert()
            .success()
    };
    run().stderr(predicate::str::contains("1 searched, 1 failed"));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
    run().stderr(predicate::str::contains("2 already done"));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
}

/// K2-3 as a CSV whose header puts flux first and names the time system.
fn k2_3_flux_first(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(format!("{FIX}EPIC201367065.csv")).unwrap();
    let mut out = String::from("flux,bkjd\n");
    for l in text.lines() {
        let (t, f) = l.split_once(',').unwrap();
        out.push_str(&format!("{f},{t}\n"));
    }
    let p = dir.join("k2-3-flux-first.csv");
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn csv_columns_by_header_name_and_comma_lists() {
    // `flux,time` order: read by name, so K2-3 b is found as with the
    // original column order; `bkjd` in the header sets the time system.
    let dir = tempfile::tempdir().unwrap();
    let f = k2_3_flux_first(dir.path());
    let out = orrery()
        .args(["transit", "search"])
        .arg(&f)
        .args([
            "--period-min",
            "5",
            "--period-max",
            "15",
            "--durations",
            "2,3",
        ])
        .args([
            "--max-planets",
            "1",
            "--ld",
            "0.4,0.25",
            "--star",
            "1.0,1.0",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    let p: f64 = col("period_days").parse().unwrap();
    assert!((p / 10.0546535 - 1.0).abs() < 1e-3, "{p}");
    assert!(col("t0_bjd_tdb").parse::<f64>().unwrap() > 2_456_800.0);
    assert_eq!(col("ephemeris_source"), "fit");
    // Unrounded values, snake_case header, no summary line.
    assert!(col("period_days").len() > 10);
    assert!(header.iter().all(|h| h
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
    assert_eq!(lines.count(), 0);
}

#[test]
fn misleading_input_is_an_error_or_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // A header that names no flux column.
    let f = dir.path().join("bad.csv");
    std::fs::write(&f, "time,brightness\n1,1\n2,1\n").unwrap();
    orrery()
        .args(["transit", "search"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no flux column"));
    // Flux all zero.
    let z = dir.path().join("zero.csv");
    let rows: String = (0..100)
        .map(|i| format!("{},0\n", i as f64 * 0.02))
        .collect();
    std::fs::write(&z, format!("time,flux\n{rows}")).unwrap();
    orrery()
        .args(["transit", "search"])
        .arg(&z)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("flux is zero"));
    // A window shorter than 3 x the longest duration: a warning naming --window;
    // no time system: the table says so instead of BJD_TDB.
    orrery()
        .args(["transit", "search", &format!("{FIX}EPIC201367065.csv")])
        .args([
            "--period-min",
            "5",
            "--period-max",
            "15",
            "--durations",
            "2,3",
        ])
        .args(["--max-planets", "1", "--window", "0.1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: detrending window 0.1 d"))
        .stderr(predicate::str::contains("--window"))
        .stderr(predicate::str::contains("time system unknown"))
        .stdout(predicate::str::contains("t0 [file time, d]"))
        .stdout(predicate::str::contains("BJD_TDB").not());
    // A window shorter than the cadence: an error naming the flag.
    orrery()
        .args(["transit", "search", &format!("{FIX}EPIC201367065.csv")])
        .args(["--window", "0.01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--window = 0.01 is out of range"));
}
