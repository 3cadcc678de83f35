//! `orrery track --plot`: the ground-track map through the real binary.

mod common;
use common::{fails_with, orrery};
use predicates::prelude::*;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../orrery-sat/tests/fixtures/");

#[test]
fn track_plot_writes_svg_and_png_maps() {
    let dir = tempfile::tempdir().unwrap();
    let tle = format!("{FIX}stations-2020-06-25.tle");
    for (name, min) in [("map.svg", 100_000), ("map.png", 50_000)] {
        let path = dir.path().join(name);
        orrery()
            .args([
                "track",
                "ISS",
                "--tle",
                &tle,
                "--at",
                "2020-06-25T12:00:00",
                "--duration",
                "3h",
                "--lat",
                "-33.87",
                "--lon",
                "151.21",
                "--plot",
                path.to_str().unwrap(),
            ])
            .assert()
            .success()
            .stderr(predicate::str::contains("ground-track map written"))
            .stdout(predicate::str::contains("ISS (ZARYA) (25544)"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > min, "{name}: {} bytes", bytes.len());
        if name.ends_with(".svg") {
            let text = String::from_utf8(bytes).unwrap();
            for needle in [
                "ISS (ZARYA)",
                "150°E",
                "60°S",
                "observer",
                "subsolar",
                "<polygon",
            ] {
                assert!(text.contains(needle), "{needle} missing from the SVG");
            }
        } else {
            assert_eq!(&bytes[1..4], b"PNG");
        }
    }
    fails_with(
        &[
            "track",
            "ISS",
            "--tle",
            &tle,
            "--at",
            "2020-06-25T12:00:00",
            "--plot",
            dir.path().join("map.pdf").to_str().unwrap(),
        ],
        1,
        ".svg or .png",
    );
}

/// A cache directory holding `files` (name, fixture, age in days as file time).
fn cache_with(files: &[(&str, &str, u64)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, fixture, age_days) in files {
        let path = dir.path().join(name);
        std::fs::copy(format!("{FIX}{fixture}"), &path).unwrap();
        let t = std::time::SystemTime::now() - std::time::Duration::from_secs(age_days * 86_400);
        std::fs::File::options()
            .append(true)
            .open(&path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
    dir
}

fn track_json(cache: &std::path::Path, sat: &str, at: &str) -> (serde_json::Value, String) {
    let out = orrery()
        .env("ORRERY_CACHE_DIR", cache)
        .args([
            "track",
            sat,
            "--at",
            at,
            "--duration",
            "0s",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

#[test]
fn default_catalog_is_the_freshest_cached_one_with_the_satellite() {
    // stations-2020-06-25 (ISS, epoch 2020-06-25) fetched a day ago; the 2016 stations
    // file fetched 30 days ago; a broken file fetched just now.
    let cache = cache_with(&[
        ("stations.txt", "stations-2020-06-25.tle", 1),
        ("old.txt", "celestrak-stations-2016-02-17.txt", 30),
    ]);
    std::fs::write(cache.path().join("broken.txt"), "not a catalog\n").unwrap();
    let (v, err) = track_json(cache.path(), "ISS", "2020-06-26T00:00:00");
    assert!(
        err.contains("catalog: ") && err.contains("stations.txt (fetched "),
        "{err}"
    );
    assert!(err.contains("skipping cached catalog"), "{err}");
    assert!(!err.contains("days older than"), "fresh elements: {err}");
    assert!(v["element_epoch_utc"]
        .as_str()
        .unwrap()
        .starts_with("2020-06-2"));

    // Same request long after: the cached elements are stale, and the warning says so.
    let (_, err) = track_json(cache.path(), "ISS", "2020-09-01T00:00:00");
    assert!(
        err.contains("stations.txt") && err.contains("days older than"),
        "{err}"
    );

    // A satellite only the bundled sample has (HST): fallback with a note and
    // the stale warning (sample epoch May 2026, requested 2020).
    let (v, err) = track_json(cache.path(), "HST", "2020-06-26T00:00:00");
    assert!(err.contains("bundled sample catalog"), "{err}");
    assert!(err.contains("days newer than"), "{err}");
    assert!(v["element_epoch_utc"]
        .as_str()
        .unwrap()
        .starts_with("2026-"));

    // Once the 2016 file is the most recent download, it wins for ISS.
    let cache2 = cache_with(&[
        ("stations.txt", "stations-2020-06-25.tle", 5),
        ("old.txt", "celestrak-stations-2016-02-17.txt", 1),
    ]);
    let (v, err) = track_json(cache2.path(), "ISS", "2016-02-18T00:00:00");
    assert!(err.contains("old.txt"), "{err}");
    assert!(v["element_epoch_utc"]
        .as_str()
        .unwrap()
        .starts_with("2016-02"));

    // --tle bypasses the cache and says nothing about catalogs.
    let out = orrery()
        .env("ORRERY_CACHE_DIR", cache.path())
        .args([
            "passes",
            "ISS",
            "--tle",
            &format!("{FIX}celestrak-stations-2016-02-17.txt"),
            "--from",
            "2016-02-18T00:00:00",
            "--city",
            "Paris",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("catalog:"));
}

#[test]
fn propagate_and_passes_default_to_the_cache_too() {
    let cache = cache_with(&[("stations.txt", "stations-2020-06-25.tle", 1)]);
    orrery()
        .env("ORRERY_CACHE_DIR", cache.path())
        .args([
            "propagate",
            "--sat",
            "ISS",
            "--from",
            "2020-06-25T12:00:00",
            "--to",
            "2020-06-25T12:02:00",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("stations.txt (fetched"))
        .stdout(predicate::str::contains("25544"));
    orrery()
        .env("ORRERY_CACHE_DIR", cache.path())
        .args([
            "passes",
            "ISS",
            "--from",
            "2020-06-25T00:00:00",
            "--city",
            "Sydney",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("stations.txt (fetched"));
    // `sample` still forces the bundled catalog.
    orrery()
        .env("ORRERY_CACHE_DIR", cache.path())
        .args([
            "propagate",
            "sample",
            "--sat",
            "ISS",
            "--from",
            "2026-05-07T12:00:00",
            "--to",
            "2026-05-07T12:01:00",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("catalog:").not());
}
