//! `orrery lambert`, `orrery porkchop`, `orrery windows` through the real binary.

mod common;
use common::*;

use predicates::prelude::*;

const KERNEL: &str = DE421_EXCERPT;

/// Vallado 4th ed. Example 7-5: v1 = (2.058913, 2.915965, 0) km/s.
#[test]
fn lambert_vallado_json() {
    let out = orrery()
        .args([
            "lambert",
            "--r1",
            "15945.34,0,0",
            "--r2",
            "12214.83899,10249.46731,0",
            "--tof",
            "76min",
            "--mu",
            "398600.4418",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let v1 = &v[0]["v1_km_s"];
    assert!((v1[0].as_f64().unwrap() - 2.058913).abs() < 2e-6);
    assert!((v1[1].as_f64().unwrap() - 2.915965).abs() < 2e-6);
    assert_eq!(v[0]["branch"], "single");
}

#[test]
fn lambert_multi_rev_and_errors() {
    let out = orrery()
        .args([
            "lambert",
            "--r1",
            "7000,0,0",
            "--r2",
            "0,11000,0",
            "--tof",
            "1d",
            "--revs",
            "2",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5);
    assert_eq!(v[4]["revolutions"], 2);
    assert_eq!(v[4]["branch"], "right");
    fails_with(
        &[
            "lambert",
            "--r1",
            "7000,0,0",
            "--r2",
            "0,11000,0",
            "--tof",
            "1h",
            "--revs",
            "3",
        ],
        1,
        "no 3-revolution solution",
    );
    fails_with(
        &[
            "lambert",
            "--r1",
            "7000,0,0",
            "--r2",
            "-9000,0,0",
            "--tof",
            "1h",
        ],
        1,
        "transfer plane is undefined",
    );
    orrery()
        .args([
            "lambert", "--r1", "7000,0", "--r2", "0,9000,0", "--tof", "1h",
        ])
        .assert()
        .code(2);
    fails_with(
        &[
            "lambert", "--r1", "7000,0,0", "--r2", "0,9000,0", "--tof", "90",
        ],
        2,
        "a unit is required",
    );
}

#[test]
fn porkchop_2020_with_de421() {
    orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-05-01..2020-09-30",
            "--arrive",
            "2020-12-01..2021-06-30",
            "--kernel",
            KERNEL,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "min C3: depart 2020-07-19 arrive 2021-01-28",
        ))
        .stdout(predicate::str::contains("C3 13.090"));
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("pork.png");
    let out = orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-07-01..2020-08-30",
            "--arrive",
            "2021-01-01..2021-03-30",
            "--step",
            "2d",
            "--kernel",
            KERNEL,
            "--format",
            "csv",
            "--plot",
        ])
        .arg(&png)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("departure_utc,arrival_utc,tof_days,c3_km2_s2"));
    assert_eq!(text.lines().count(), 1 + 31 * 45);
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}

#[test]
fn porkchop_bad_input() {
    for (args, msg) in [
        (
            vec![
                "earth",
                "earth",
                "--depart",
                "2020-05-01..2020-06-01",
                "--arrive",
                "2021-01-01..2021-02-01",
            ],
            "same body",
        ),
        (
            vec![
                "earth",
                "mars",
                "--depart",
                "2020-09-01..2020-05-01",
                "--arrive",
                "2021-01-01..2021-02-01",
            ],
            "empty",
        ),
        (
            vec![
                "earth",
                "mars",
                "--depart",
                "2020-05-01..2020-06-01",
                "--arrive",
                "2020-01-01..2020-02-01",
            ],
            "after departure",
        ),
        (
            vec![
                "earth",
                "mars",
                "--depart",
                "2020-05-01..2021-06-01",
                "--arrive",
                "2020-01-01..2021-12-01",
                "--step",
                "1min",
            ],
            "--step",
        ),
    ] {
        orrery()
            .arg("porkchop")
            .args(&args)
            .args(["--kernel", KERNEL])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(msg));
    }
    orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-05-01",
            "--arrive",
            "2021-01-01..2021-02-01",
        ])
        .assert()
        .code(2);
}

#[test]
fn windows_builtin_2020s() {
    let v = json(&[
        "windows", "earth", "mars", "--from", "2026", "--to", "2031", "--format", "json",
    ]);
    let w = v.as_array().unwrap();
    // Earth-Mars windows open about every 26 months: late 2026, late 2028, early 2031.
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0]["min_c3"]["departure_utc"]
        .as_str()
        .unwrap()
        .starts_with("2026-1"));
    for x in w {
        let c3 = x["min_c3"]["c3_km2_s2"].as_f64().unwrap();
        assert!((7.0..20.0).contains(&c3), "{c3}");
        assert!(x["partial"].is_null(), "{x}");
    }
}

/// `--to 2030` (31 December 2030) cuts the 2031 window: no departure after
/// it, and the window is flagged partial in JSON, CSV and the table.
#[test]
fn windows_cut_by_range_end() {
    let v = json(&[
        "windows", "earth", "mars", "--from", "2026", "--to", "2030", "--format", "json",
    ]);
    let w = v.as_array().unwrap();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0]["partial"].is_null() && w[1]["partial"].is_null());
    assert_eq!(w[2]["partial"], "end");
    assert_eq!(w[2]["min_c3"]["departure_utc"], "2030-12-31T00:00:00.000Z");
    for x in w {
        for k in ["min_c3", "min_dv_total"] {
            assert!(
                x[k]["departure_utc"].as_str().unwrap() <= "2030-12-31T00:00:00.000Z",
                "{x}"
            );
        }
    }
    orrery()
        .args(["windows", "earth", "mars", "--from", "2026", "--to", "2030"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "window 3 is cut by --to 2030-12-31",
        ));
    orrery()
        .args([
            "windows",
            "earth",
            "mars",
            "--from",
            "2031-03-15",
            "--to",
            "2032-06-30",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(",partial\n"))
        .stdout(predicate::str::contains("\n2031-03-15T00:00:00.000Z,"))
        .stdout(predicate::str::contains(",start\n"));
}

#[test]
fn budget_examples() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/missions/");
    let v = json(&[
        "budget",
        &format!("{root}mars-orbiter.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(v["legs"].as_array().unwrap().len(), 3);
    // TMI from 200 km with C3 13.09: sqrt(13.09 + 2 mu/r) - sqrt(mu/r) = 3.804 km/s.
    let tmi = v["legs"][0]["dv_km_s"].as_f64().unwrap();
    assert!((tmi - 3.804).abs() < 0.002, "{tmi}");
    orrery()
        .args(["budget", &format!("{root}lunar-orbiter.toml")])
        .assert()
        .success()
        .stdout(predicate::str::contains("total: dv"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\n[[leg]]\nname='a'\nkind='warp'\n",
    )
    .unwrap();
    orrery()
        .arg("budget")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.toml"));
    fails_with(&["budget", "/nonexistent/m.toml"], 1, "cannot read");
}

/// With the DE421 excerpt the 2020 window's optimum is the porkchop optimum
/// (which agrees with pykep, tests/porkchop_reference.rs).
#[test]
fn windows_2020_with_de421() {
    orrery()
        .args([
            "windows",
            "earth",
            "mars",
            "--from",
            "2020-05-01",
            "--to",
            "2020-09-30",
            "--tof-max",
            "300",
            "--kernel",
            KERNEL,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "min C3   2020-07-19  2021-01-28      193       13.090",
        ));
    fails_with(
        &[
            "windows", "earth", "earth", "--from", "2026", "--to", "2030",
        ],
        1,
        "same body",
    );
    orrery()
        .args(["windows", "earth", "mars", "--from", "2030", "--to", "2026"])
        .assert()
        .code(1);
}

/// The built-in model gives the 2020 optimum within 0.1 % of DE421's C3 (13.0902).
#[test]
fn porkchop_2020_builtin() {
    let v = json(&[
        "porkchop",
        "earth",
        "mars",
        "--depart",
        "2020-07-01..2020-08-15",
        "--arrive",
        "2021-01-01..2021-03-15",
        "--format",
        "json",
    ]);
    let c3 = v["min_c3"]["c3_km2_s2"].as_f64().unwrap();
    assert!((c3 - 13.0902).abs() / 13.0902 < 1e-3, "{c3}");
    assert!(v["min_c3"]["departure_utc"]
        .as_str()
        .unwrap()
        .starts_with("2020-07-19"));
    assert_eq!(v["cells"].as_array().unwrap().len(), 46 * 74);
}
