//! `orrery sky` through the real binary.

mod common;
use common::*;

use predicates::prelude::*;

#[test]
fn a_night_in_paris_and_the_midnight_sun() {
    let v = json(&[
        "sky",
        "--city",
        "Paris",
        "--night",
        "2026-06-21",
        "--format",
        "json",
    ]);
    // The night of 21 June starts at local noon (10:00 UTC in CEST).
    assert_eq!(v["start_utc"], "2026-06-21T10:00:00.000Z");
    let ev = v["events"].as_array().unwrap();
    let sunset = ev
        .iter()
        .find(|e| e["body"] == "sun" && e["kind"] == "set")
        .unwrap();
    assert!(
        sunset["time_local"]
            .as_str()
            .unwrap()
            .starts_with("2026-06-21T21:5"),
        "{sunset}"
    );
    // No astronomical night in Paris at midsummer: no astronomical dusk.
    assert!(!ev.iter().any(|e| e["kind"] == "astronomical_dusk"));
    assert!(ev.iter().any(|e| e["kind"] == "nautical_dusk"));
    let t = json(&[
        "sky",
        "--city",
        "Tromso",
        "--night",
        "2026-06-21",
        "--format",
        "json",
    ]);
    assert!(t["always_up"].as_array().unwrap().contains(&"sun".into()));
    orrery()
        .args([
            "sky",
            "--lat",
            "69.65",
            "--lon",
            "18.96",
            "--night",
            "2026-12-21",
            "--tz",
            "Europe/Oslo",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("down all the span: sun"))
        .stdout(predicate::str::contains("civil dawn"));
}

#[test]
fn csv_ics_and_errors() {
    let out = orrery()
        .args([
            "sky",
            "--city",
            "Sydney",
            "--from",
            "2026-03-01",
            "--span",
            "12h",
            "--bodies",
            "sun,moon",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("time_utc,time_local,body,kind,altitude_deg,azimuth_deg\n"),
        "{text}"
    );
    assert!(text
        .lines()
        .skip(1)
        .all(|l| l.contains(",sun,") || l.contains(",moon,")));
    orrery()
        .args([
            "sky",
            "--city",
            "Sydney",
            "--from",
            "2026-03-01",
            "--format",
            "ics",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("SUMMARY:Sun rises"));
    fails_with(&["sky"], 1, "--city");
    fails_with(
        &["sky", "--city", "Paris", "--bodies", "pluto"],
        1,
        "unknown sky body 'pluto'",
    );
    fails_with(
        &["sky", "--city", "Paris", "--span", "400d"],
        1,
        "limit of 366 days",
    );
    fails_with(
        &["sky", "--city", "Paris", "--night", "2026-13-40"],
        1,
        "--night 2026-13-40",
    );
}
