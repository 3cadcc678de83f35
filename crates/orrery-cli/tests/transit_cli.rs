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
