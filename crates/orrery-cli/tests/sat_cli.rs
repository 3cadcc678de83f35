//! `orrery propagate`, `passes` and `track` through the real binary.

mod common;
use common::*;

use predicates::prelude::*;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../orrery-sat/tests/fixtures/");

#[test]
fn propagate_csv_matches_python_sgp4_state() {
    // python-sgp4 2.25: Satrec.twoline2rv(ISS lines of stations-2020-06-25.tle).sgp4(*jday(2020, 6, 26, 1, 8, 18.802176))
    // → r = (3044.9376407434834, -5974.368269395456, -1120.3545170156463) km,
    //   v = (4.7338125412426555, 1.3194555367171892, 5.874855697187205) km/s (TEME).
    let out = orrery()
        .args([
            "propagate",
            &format!("{FIX}stations-2020-06-25.tle"),
            "--sat",
            "ISS",
            "--from",
            "2020-06-26T01:08:18.802176",
            "--to",
            "2020-06-26T01:08:18.802176",
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
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[0], "25544");
    let want = [
        3044.9376407434834,
        -5974.368269395456,
        -1120.3545170156463,
        4.7338125412426555,
        1.3194555367171892,
        5.874855697187205,
    ];
    for (k, w) in want.iter().enumerate() {
        let got: f64 = row[3 + k].parse().unwrap();
        assert!((got - w).abs() < 2e-6, "component {k}: {got} vs {w}");
    }
}

#[test]
fn propagate_omm_and_tle_agree_and_oem_needs_one_satellite() {
    let args = |file: &str| {
        let out = orrery()
            .args([
                "propagate",
                &format!("{FIX}{file}"),
                "--from",
                "2020-06-25T12:00:00",
                "--to",
                "2020-06-25T13:00:00",
                "--step",
                "30min",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let (a, b) = (
        args("stations-2020-06-25.tle"),
        args("stations-2020-06-25.omm.xml"),
    );
    assert_eq!(a.as_array().unwrap().len(), 3);
    for (sa, sb) in a.as_array().unwrap().iter().zip(b.as_array().unwrap()) {
        for (x, y) in sa["states"]
            .as_array()
            .unwrap()
            .iter()
            .zip(sb["states"].as_array().unwrap())
        {
            for k in ["x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s"] {
                assert!((x[k].as_f64().unwrap() - y[k].as_f64().unwrap()).abs() < 1e-6);
            }
        }
    }
    fails_with(
        &[
            "propagate",
            &format!("{FIX}stations-2020-06-25.tle"),
            "--from",
            "2020-06-25",
            "--to",
            "2020-06-25T01:00:00",
            "--format",
            "oem",
        ],
        1,
        "one satellite",
    );
    orrery()
        .args([
            "propagate",
            &format!("{FIX}stations-2020-06-25.tle"),
            "--sat",
            "25544",
            "--from",
            "2020-06-25",
            "--to",
            "2020-06-25T00:02:00",
            "--format",
            "oem",
            "--frame",
            "itrf",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("CCSDS_OEM_VERS = 2.0")
                .and(predicate::str::contains("REF_FRAME = ITRF")),
        );
}

#[test]
fn bad_catalog_is_one_line_error_and_lenient_skips() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.tle");
    let good = std::fs::read_to_string(format!("{FIX}stations-2020-06-25.tle")).unwrap();
    let bad = good.replacen("15.49459678", "15.49459679", 1);
    std::fs::write(&p, &bad).unwrap();
    orrery()
        .args([
            "propagate",
            p.to_str().unwrap(),
            "--from",
            "2020-06-25",
            "--to",
            "2020-06-25",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.tle, line 3: TLE line 2 checksum",
        ));
    orrery()
        .args([
            "propagate",
            p.to_str().unwrap(),
            "--from",
            "2020-06-25",
            "--to",
            "2020-06-25",
            "--lenient",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 record(s) skipped"))
        .stdout(predicate::str::contains("42982"));
}

#[test]
fn passes_table_json_ics_and_city() {
    let base = [
        "passes",
        "ISS",
        "--tle",
        &format!("{FIX}stations-2020-06-25.tle"),
        "--from",
        "2020-06-25T00:00:00",
        "--days",
        "2",
    ];
    let out = orrery()
        .args(base)
        .args(["--city", "Sydney", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let passes = v.as_array().unwrap();
    assert!(passes.len() >= 6, "{}", passes.len());
    assert!(passes
        .iter()
        .all(|p| p["name"] == "ISS (ZARYA)"
            && p["culmination"]["elevation_deg"].as_f64().unwrap() > 0.0));
    assert!(passes.iter().any(|p| p["visibility"]["visible"] == true));
    orrery()
        .args(base)
        .args([
            "--lat", "51.48", "--lon", "-0.0015", "--alt", "46m", "--format", "ics",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("BEGIN:VCALENDAR\r\n")
                .and(predicate::str::contains("BEGIN:VEVENT")),
        );
    orrery()
        .args(base)
        .args(["--city", "Sydney", "--visible-only"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" yes ").and(predicate::str::contains(" no ").not()));
    orrery()
        .args(base)
        .args(["--city", "Atlantis"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown city"));
    orrery()
        .args(base)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--lat"));
    fails_with(
        &["passes", "NO SUCH SAT", "--city", "Paris"],
        1,
        "no satellite matches",
    );
}

#[test]
fn track_json_and_stale_warning() {
    let out = orrery()
        .args([
            "track",
            "ISS",
            "--tle",
            &format!("{FIX}stations-2020-06-25.tle"),
            "--at",
            "2020-07-20T00:00:00",
            "--duration",
            "10min",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("days older than"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = v["track"].as_array().unwrap();
    assert_eq!(t.len(), 11);
    for p in t {
        assert!(p["lat_deg"].as_f64().unwrap().abs() <= 51.7);
        assert!((400.0..450.0).contains(&p["alt_km"].as_f64().unwrap()));
    }
}

/// Serves `responses` (status, body) in order on a local port; returns the base URL.
fn serve(responses: Vec<(u16, String)>) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (status, body) in responses {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}/gp.php")
}

#[test]
fn tle_fetch_writes_atomically_and_keeps_cache_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(format!("{FIX}stations-2020-06-25.tle")).unwrap();
    let url = serve(vec![
        (200, good.clone()),
        (500, "oops".into()),
        (200, "Invalid query: GROUP".into()),
    ]);
    let cache = dir.path().to_str().unwrap();
    let fetch = || {
        orrery()
            .args([
                "tle",
                "fetch",
                "--group",
                "stations",
                "--url",
                &url,
                "--cache-dir",
                cache,
                "--timeout",
                "5",
            ])
            .assert()
    };
    fetch()
        .success()
        .stdout(predicate::str::contains("3 satellites written"));
    let target = dir.path().join("stations.txt");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), good);
    fetch()
        .code(1)
        .stderr(predicate::str::contains("HTTP status 500"));
    fetch()
        .code(1)
        .stderr(predicate::str::contains("did not return a TLE catalog"));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        good,
        "failed downloads must not touch the cache"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left"
    );
    fails_with(
        &["tle", "fetch", "--group", "../etc", "--cache-dir", cache],
        1,
        "invalid group",
    );
}
