//! `orrery time` through the real binary.

mod common;
use common::*;

use predicates::prelude::*;

#[test]
fn leap_second_in_every_scale() {
    // IERS Bulletin C 52: TAI-UTC is 36 s during 2016-12-31T23:59:60 UTC.
    orrery()
        .args(["time", "2016-12-31T23:59:60 UTC"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2016-12-31T23:59:60.000000 UTC"))
        .stdout(predicate::str::contains("2017-01-01T00:00:36.000000 TAI"))
        .stdout(predicate::str::contains("2017-01-01T00:01:08.184000 TT"))
        .stdout(predicate::str::contains("2017-01-01T00:00:17.000000 GPST"));
}

#[test]
fn julian_date_json() {
    let out = orrery()
        .args(["time", "MJD 59060.5 TDB", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tdb = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["scale"] == "TDB")
        .unwrap();
    assert_eq!(tdb["jd"], "2459061.000000000000");
    assert_eq!(tdb["iso"], "2020-07-30T12:00:00.000000 TDB");
    // TT = TDB + ~1.6 ms periodic; TT-UTC = 69.184 s in 2020.
    let utc = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["scale"] == "UTC")
        .unwrap();
    assert!(utc["iso"]
        .as_str()
        .unwrap()
        .starts_with("2020-07-30T11:58:50.81"));
}

#[test]
fn bad_date_is_one_line_and_exit_2() {
    let out = orrery().args(["time", "2021-02-29"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("day 29 is not 1..28"), "{err}");
}
