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
