//! `orrery cr3bp` through the real binary.

mod common;
use common::*;

use predicates::prelude::*;

#[test]
fn points_earth_moon() {
    // L1 x = 0.83691513 for μ = 0.0121505856 (JPL catalogue, 8 decimals).
    orrery()
        .args(["cr3bp", "points", "--system", "earth-moon"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0.8369151"))
        .stdout(predicate::str::contains("L5"));
}

#[test]
fn nrho_9_2_json() {
    let out = orrery()
        .args([
            "cr3bp",
            "orbit",
            "nrho",
            "--resonance",
            "9:2",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let days = v["physical"]["period_days"].as_f64().unwrap();
    let rp = v["physical"]["periapsis_km"].as_f64().unwrap();
    assert!((days - 6.5624).abs() < 1e-3, "{days}");
    // Published perilune radius about 3,200 km (Whitley & Martinez 2016).
    assert!((rp - 3200.0).abs() < 150.0, "{rp}");
}

#[test]
fn family_plot_and_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("family.svg");
    orrery()
        .args([
            "cr3bp",
            "family",
            "lyapunov",
            "--point",
            "L1",
            "--members",
            "8",
            "--format",
            "csv",
            "--plot",
        ])
        .arg(&svg)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("family,point,state_0,state_1"));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let csv = dir.path().join("halo.csv");
    orrery()
        .args([
            "cr3bp",
            "orbit",
            "halo",
            "--point",
            "L1",
            "--samples",
            "20",
            "--export",
        ])
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 21);
    assert!(text.starts_with("t,x,y,z,vx,vy,vz,t_days"));
}

/// Branch switching from the CLI: the halo family starts at the L1 Lyapunov
/// bifurcation (JPL catalogue: Jacobi 3.17434351933012 at the near-planar end),
/// and a Lyapunov family reports its bifurcations.
#[test]
fn family_from_bifurcation() {
    let v = json(&[
        "cr3bp",
        "family",
        "halo",
        "--point",
        "L1",
        "--members",
        "3",
        "--from-bifurcation",
        "--format",
        "json",
    ]);
    let c = v["family"]["members"][0]["jacobi"].as_f64().unwrap();
    assert!((c - 3.17434351933012).abs() < 2e-5, "{c}");
    orrery()
        .args([
            "cr3bp",
            "family",
            "lyapunov",
            "--point",
            "L1",
            "--members",
            "25",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("bifurcation between members"))
        .stdout(predicate::str::contains("Jacobi 3.1743"));
    fails_with(
        &["cr3bp", "family", "vertical", "--from-bifurcation"],
        1,
        "applies to halo families",
    );
}

#[test]
fn bad_input_is_one_line() {
    orrery()
        .args(["cr3bp", "points", "--system", "mars-phobos"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'mars-phobos' for '--system <SYSTEM>'",
        ))
        .stderr(predicate::str::contains("earth-moon, sun-earth"));
    fails_with(
        &["cr3bp", "orbit", "nrho", "--resonance", "nine"],
        1,
        "resonance 'nine'",
    );
    // An amplitude with no orbit: the family never reaches it.
    fails_with(
        &[
            "cr3bp",
            "orbit",
            "halo",
            "--system",
            "sun-earth",
            "--point",
            "L1",
            "--jacobi",
            "5",
        ],
        1,
        "is not reached",
    );
    fails_with(&["cr3bp", "orbit", "halo", "--point", "L4"], 2, "'L4'");
}

#[test]
fn visibility_windows_json() {
    // M42 from L2 in 2025: two windows (astropy reference with an 85-135 deg
    // field of regard: Jan 19 - Mar 19, Sep 10 - Nov 9).
    let v = json(&[
        "visibility",
        "--target",
        "05:35:17.3 -05:23:28",
        "--observatory",
        "jwst",
        "--min-elongation",
        "85",
        "--from",
        "2025-01-01",
        "--to",
        "2026-01-01",
        "--format",
        "json",
    ]);
    let w = v["windows"].as_array().unwrap();
    assert_eq!(w.len(), 2);
    assert!(w[0]["start_utc"]
        .as_str()
        .unwrap()
        .starts_with("2025-01-19"));
    fails_with(
        &[
            "visibility",
            "--target",
            "400 0",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-01",
        ],
        1,
        "RA must be",
    );
}
