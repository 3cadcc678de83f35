//! Helpers shared by the CLI integration tests (each test file is its own
//! crate, so not every file uses every helper).
#![allow(dead_code)]

use assert_cmd::Command;

/// The DE421 excerpt (2020-2021) kept with orrery-core's fixtures.
pub const DE421_EXCERPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../orrery-core/tests/fixtures/de421-2020-2021.bsp"
);

/// The real `orrery` binary, with the TLE cache pointed at a directory that does not
/// exist, so the user's `orrery tle fetch` downloads never change a test's catalog
/// (tests of the cache set `ORRERY_CACHE_DIR` again).
pub fn orrery() -> Command {
    let mut c = Command::cargo_bin("orrery").expect("binary built");
    c.env(
        "ORRERY_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/no-tle-cache"),
    );
    c
}

/// Runs `orrery args` and asserts the exit code and that stderr contains `needle`.
pub fn fails_with(args: &[&str], code: i32, needle: &str) {
    orrery()
        .args(args)
        .assert()
        .code(code)
        .stderr(predicates::str::contains(needle));
}

/// Runs `orrery args`, asserts a clean exit and parses stdout as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = orrery().args(args).output().expect("binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}
