//! The command-line conventions of `docs/cli.md`, through the real binary: every
//! command's `--help` is walked and its shared flags checked, and each problem found
//! by trying the CLI as a new user would has a test here.

mod common;
use common::*;

use predicates::prelude::*;
use std::process::Stdio;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../orrery-sat/tests/fixtures/");

/// Every command and subcommand.
const COMMANDS: &[&[&str]] = &[
    &["tour"],
    &["time"],
    &["sky"],
    &["ephem"],
    &["bodies"],
    &["propagate"],
    &["passes"],
    &["conjunctions"],
    &["track"],
    &["lambert"],
    &["porkchop"],
    &["windows"],
    &["budget"],
    &["transit", "search"],
    &["transit", "batch"],
    &["cr3bp", "points"],
    &["cr3bp", "orbit"],
    &["cr3bp", "family"],
    &["visibility"],
    &["tle", "fetch"],
];

/// The value each shared flag takes (`docs/cli.md`, "Shared flags").
const SHARED: &[(&str, &str)] = &[
    ("--at", "<WHEN>"),
    ("--from", "<WHEN>"),
    ("--to", "<WHEN>"),
    ("--span", "<DUR>"),
    ("--step", "<DUR>"),
    ("--city", "<NAME>"),
    ("--lat", "<DEG>"),
    ("--lon", "<DEG>"),
    ("--alt", "<LEN>"),
    ("--kernel", "<FILE>"),
    ("--catalog", "<FILE>"),
    ("--sat", "<SAT>"),
    ("--format", "<FORMAT>"),
    ("--parking-alt", "<LEN>"),
    ("--capture-alt", "<LEN>"),
    ("--tof", "<DUR>"),
    ("--tof-min", "<DUR>"),
    ("--tof-max", "<DUR>"),
    ("--period", "<DUR>"),
    ("--period-min", "<DUR>"),
    ("--period-max", "<DUR>"),
    ("--window", "<DUR>"),
    ("--durations", "<DUR,...>"),
    ("--timeout", "<DUR>"),
    ("--az", "<LEN>"),
    ("--distance", "<LEN>"),
    ("--max-distance", "<LEN>"),
    ("--min-periapsis", "<LEN>"),
];

/// Spellings that were renamed: they work (with a note) but are not advertised.
const RENAMED: &[&str] = &["--tle", "--ephem", "--days", "--duration", "--period-days"];

fn help(cmd: &[&str]) -> String {
    let out = orrery().args(cmd).arg("--help").output().unwrap();
    assert!(out.status.success(), "{cmd:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The `--flag <VALUE>` pairs of a help text.
fn flags(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("-").map(|_| l)?;
            let l = l.split(", ").last().unwrap_or(l);
            let mut it = l.split_whitespace();
            let flag = it.next()?.to_string();
            let value = it
                .next()
                .filter(|v| v.starts_with('<'))
                .unwrap_or("")
                .to_string();
            flag.starts_with("--").then_some((flag, value))
        })
        .collect()
}

#[test]
fn every_command_follows_the_shared_flag_conventions() {
    for cmd in COMMANDS {
        let text = help(cmd);
        let fl = flags(&text);
        for (flag, value) in &fl {
            if let Some((_, want)) = SHARED.iter().find(|(f, _)| f == flag) {
                assert_eq!(value, want, "orrery {} {flag}", cmd.join(" "));
            }
            assert!(
                !RENAMED.contains(&flag.as_str()),
                "orrery {} advertises the renamed {flag}",
                cmd.join(" ")
            );
        }
        // Every command that prints data takes --format.
        let no_data = matches!(cmd[0], "tour" | "tle") || cmd.get(1) == Some(&"batch");
        if !no_data {
            assert!(
                fl.iter().any(|(f, _)| f == "--format"),
                "orrery {} has no --format",
                cmd.join(" ")
            );
        }
    }
}

/// One line on stderr, starting `orrery: `, with the given exit status.
fn one_line(args: &[&str], code: i32, needles: &[&str]) {
    let out = orrery().args(args).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.contains("note:")).collect();
    assert_eq!(lines.len(), 1, "{args:?}: {err}");
    assert!(lines[0].starts_with("orrery: "), "{err}");
    for n in needles {
        assert!(lines[0].contains(n), "{args:?}: '{n}' not in: {err}");
    }
}

#[test]
fn parser_messages_keep_their_content() {
    one_line(
        &["lambert"],
        2,
        &["--r1 <X,Y,Z>", "--tof <DUR>", "usage: orrery lambert"],
    );
    one_line(&["porkchop", "earth"], 2, &["<TO>", "--depart", "usage:"]);
    one_line(&["passes", "ISS", "--lat", "45"], 2, &["--lon <DEG>"]);
    one_line(&["ephem"], 2, &["<TARGET>"]);
    one_line(&["budget"], 2, &["<FILE>"]);
    one_line(&["track"], 2, &["<SAT>"]);
    one_line(&["visibility"], 2, &["--target"]);
    one_line(&["cr3bp", "orbit"], 2, &["<KIND>"]);
    one_line(
        &["cr3bp", "orbit", "torus"],
        2,
        &["torus", "halo", "lyapunov", "nrho"],
    );
    one_line(
        &["time", "--format", "xml"],
        2,
        &["xml", "table", "json", "csv"],
    );
    one_line(&["ephem", "mars", "--centre", "earth"], 2, &["--center"]);
    // Negative numbers are values, not flags; bad ones are refused for what they are.
    one_line(
        &[
            "lambert", "--r1", "7000,0,0", "--r2", "0,7000,0", "--tof", "1h", "--mu", "-1",
        ],
        2,
        &["must be positive"],
    );
    one_line(
        &[
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-07-01..2020-07-05",
            "--arrive",
            "2021-02-01..2021-02-05",
            "--capture-alt",
            "-10km",
        ],
        1,
        &["capture", "-10"],
    );
    orrery()
        .args([
            "passes",
            "ISS",
            "--catalog",
            &format!("{FIX}stations-2020-06-25.tle"),
            "--from",
            "2020-06-25",
            "--lat",
            "-33.9",
            "--lon",
            "-70.6",
        ])
        .assert()
        .success();
}

#[test]
fn units_and_defaults_are_the_same_everywhere() {
    // --tof-min takes a unit like --tof; --parking-alt like --alt.
    let w = json(&[
        "windows",
        "earth",
        "mars",
        "--from",
        "2026",
        "--to",
        "2027",
        "--tof-min",
        "100d",
        "--tof-max",
        "400d",
        "--parking-alt",
        "300km",
        "--format",
        "json",
    ]);
    assert!(w[0]["min_c3"]["tof_days"].as_f64().unwrap() >= 100.0);
    // Bare numbers on the old flags still work, with a note.
    orrery()
        .args([
            "windows",
            "earth",
            "mars",
            "--from",
            "2026",
            "--to",
            "2027",
            "--tof-min",
            "100",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("write 100d"));
    // A new flag needs its unit.
    one_line(
        &["track", "ISS", "--span", "90"],
        2,
        &["a unit is required"],
    );
    // `time` without an argument is now; `ephem` defaults to now.
    let t = json(&["time", "--format", "json"]);
    assert_eq!(t.as_array().unwrap().len(), 5);
    orrery()
        .args(["ephem", "mars"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mars relative to Sun"));
    // Renamed spellings are rewritten with a note.
    orrery()
        .args([
            "passes",
            "ISS",
            "--tle",
            &format!("{FIX}stations-2020-06-25.tle"),
            "--from",
            "2020-06-25",
            "--days",
            "1",
            "--city",
            "Paris",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "--days is deprecated; use --span 1d",
        ))
        .stderr(predicate::str::contains("--tle is deprecated"));
    // Lists are comma-separated everywhere.
    orrery()
        .args([
            "transit",
            "search",
            "--period-max",
            "5d",
            "--durations",
            "2h,3h",
            "--ld",
            "0.4,0.25",
            "--star",
            "1,1",
            "--max-planets",
            "1",
            "--format",
            "json",
        ])
        .assert()
        .success();
}

#[test]
fn machine_output_follows_one_convention() {
    let tle = format!("{FIX}stations-2020-06-25.tle");
    let p = json(&[
        "passes",
        "ISS",
        "--catalog",
        &tle,
        "--from",
        "2020-06-25",
        "--city",
        "Sydney",
        "--format",
        "json",
    ]);
    let c = &p[0]["culmination"];
    assert!(
        c["elevation_deg"].as_f64().unwrap() > 0.0 && c["elevation_deg"].as_f64().unwrap() <= 90.0
    );
    assert!(c["time_utc"].as_str().unwrap().ends_with('Z'));
    // CSV: snake_case headers with units, the same fields as the JSON, unrounded.
    let csv = |args: &[&str]| -> String {
        let out = orrery()
            .args(args)
            .args(["--format", "csv"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    for args in [
        vec![
            "passes",
            "ISS",
            "--catalog",
            &tle,
            "--from",
            "2020-06-25",
            "--city",
            "Sydney",
        ],
        vec![
            "track",
            "ISS",
            "--catalog",
            &tle,
            "--at",
            "2020-06-25",
            "--span",
            "3min",
        ],
        vec![
            "ephem",
            "mars",
            "--at",
            "2020-06-25",
            "--span",
            "2d",
            "--step",
            "1d",
        ],
        vec![
            "lambert", "--r1", "7000,0,0", "--r2", "0,8000,0", "--tof", "1h",
        ],
        vec![
            "budget",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/missions/mars-orbiter.toml"
            ),
        ],
        vec![
            "visibility",
            "--target",
            "80.9 -69.8",
            "--from",
            "2026-01-01",
            "--span",
            "200d",
        ],
        vec!["cr3bp", "points"],
        vec!["time", "2026-01-01"],
        vec!["bodies"],
    ] {
        let text = csv(&args);
        let header = text.lines().next().unwrap();
        assert!(
            header.split(',').all(|h| h
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')),
            "{args:?}: {header}"
        );
        assert!(!text.contains("TOTAL"), "{args:?}");
    }
    assert!(csv(&[
        "visibility",
        "--target",
        "80.9 -69.8",
        "--from",
        "2026-01-01",
        "--span",
        "200d"
    ])
    .lines()
    .next()
    .unwrap()
    .contains("open_start"));
    // The budget CSV: one row per leg, no total row; the legs unrounded.
    let b = csv(&[
        "budget",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/missions/mars-orbiter.toml"
        ),
    ]);
    assert_eq!(b.lines().count(), 4);
    assert!(b
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .any(|v| v.len() > 8 && v.contains('.')));
    // propagate prints a table by default, as every command.
    orrery()
        .args(["propagate", &tle, "--from", "2020-06-25", "--span", "2min"])
        .assert()
        .success()
        .stdout(predicate::str::contains("x [km]"));
}

#[test]
fn json_into_a_closed_pipe_stops_quietly() {
    for format in ["json", "csv", "table"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("orrery"))
            .env(
                "ORRERY_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/no-tle-cache"),
            )
            .args([
                "propagate",
                "sample",
                "--from",
                "2026-05-07",
                "--span",
                "2d",
                "--format",
                format,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
        assert!(!err.contains("Broken pipe"), "{format}: {err}");
    }
}

#[test]
fn answers_are_right_or_refused() {
    // A heliocentric transfer to the Moon means nothing.
    one_line(
        &[
            "porkchop",
            "earth",
            "moon",
            "--depart",
            "2026-01-01..2026-01-10",
            "--arrive",
            "2026-01-05..2026-01-20",
        ],
        1,
        &["Moon orbits Earth", "not Sun"],
    );
    // An optimum on the grid's edge is flagged.
    orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-07-25..2020-08-30",
            "--arrive",
            "2021-02-01..2021-03-01",
            "--step",
            "2d",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "lies on the grid's first departure",
        ));
    // A coarse visibility step finds both of the year's windows (M42, ecliptic latitude -28°).
    let v = json(&[
        "visibility",
        "--target",
        "05:35:17.3 -05:23:28",
        "--from",
        "2025-01-01",
        "--to",
        "2026-01-01",
        "--step",
        "100d",
        "--format",
        "json",
    ]);
    assert_eq!(v["windows"].as_array().unwrap().len(), 2, "{v}");
    // A pass still up when the span ends has its real culmination and set after it.
    let tle = format!("{FIX}stations-2020-06-25.tle");
    let all = json(&[
        "passes",
        "ISS",
        "--catalog",
        &tle,
        "--from",
        "2020-06-25",
        "--span",
        "1d",
        "--city",
        "Sydney",
        "--format",
        "json",
    ]);
    let p = &all[1];
    let rise = p["rise"]["time_utc"].as_str().unwrap().to_string();
    let culm = p["culmination"]["time_utc"].as_str().unwrap().to_string();
    let end = format!("{}Z", &culm[..19]);
    let cut = json(&[
        "passes",
        "ISS",
        "--catalog",
        &tle,
        "--from",
        "2020-06-25",
        "--to",
        &end,
        "--city",
        "Sydney",
        "--format",
        "json",
    ]);
    let last = cut.as_array().unwrap().last().unwrap();
    assert_eq!(last["rise"]["time_utc"], rise.as_str());
    assert_eq!(last["culmination"]["time_utc"], culm.as_str(), "{last}");
    assert!(last["set"]["time_utc"].is_string());
    // Local times in the table carry their date.
    orrery()
        .args([
            "passes",
            "ISS",
            "--catalog",
            &tle,
            "--from",
            "2020-06-25",
            "--city",
            "Sydney",
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"2020-06-2[56] \d\d:\d\d:\d\d AEST").unwrap());
    // A name that matches several satellites is an error listing them.
    one_line(
        &["passes", "GOES", "--city", "Paris", "--catalog", "sample"],
        1,
        &["GOES 16 (", "GOES 18 (", "catalog number"],
    );
    // No pass: the table says so.
    orrery()
        .args([
            "passes",
            "GOES 16",
            "--catalog",
            "sample",
            "--city",
            "Tromso",
            "--from",
            "2026-05-08",
            "--min-elevation",
            "20",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("no pass of GOES 16 in the span"));
    // A budget beyond any vehicle is refused.
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.toml");
    std::fs::write(&m, "name = 'x'\ndry_mass_kg = 1000\nisp_s = 320\n[[leg]]\nname = 'big'\nkind = 'dv'\ndv_km_s = 1e308\n").unwrap();
    one_line(&["budget", m.to_str().unwrap()], 1, &["not physical"]);
}

/// The example mission's capture orbit is what its name says: 250 km × 1 sol.
#[test]
fn mars_orbiter_example_captures_into_a_one_sol_orbit() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/missions/mars-orbiter.toml"
    ))
    .unwrap();
    let value = |key: &str| -> f64 {
        let line = text.lines().rev().find(|l| l.starts_with(key)).unwrap();
        line.split('=').nth(1).unwrap().trim().parse().unwrap()
    };
    let (e, hp) = (value("eccentricity"), value("periapsis_altitude_km"));
    let mars = orrery_core::Body::MARS;
    let (mu, r) = (mars.gm().unwrap(), mars.radius().unwrap());
    let a = (r + hp) / (1.0 - e);
    let period = 2.0 * std::f64::consts::PI * (a * a * a / mu).sqrt();
    let sol = 88_775.244; // s (Allison & McEwen 2000)
    assert!((period / sol - 1.0).abs() < 1e-3, "{} sol", period / sol);
    assert!(text.contains("250 km x 1-sol orbit"));
}

#[test]
fn errors_point_the_right_way() {
    one_line(
        &["windows", "earth", "mars", "--from", "1000", "--to", "3000"],
        1,
        &["limit of 73050 days"],
    );
    let out = orrery()
        .args(["windows", "earth", "mars", "--from", "1000", "--to", "3000"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("--step"));
    // Range errors echo the instants in UTC.
    one_line(
        &[
            "propagate",
            "sample",
            "--from",
            "2026-01-02",
            "--to",
            "2026-01-01",
        ],
        1,
        &["2026-01-02T00:00:00.000Z"],
    );
    one_line(
        &[
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2026-01-10..2026-01-01",
            "--arrive",
            "2026-06-01..2026-07-01",
        ],
        1,
        &["2026-01-01T00:00:00.000Z"],
    );
    // Plots into a directory that does not exist: created, and the path is said.
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("new/sub/pork.png");
    orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-07-01..2020-07-20",
            "--arrive",
            "2021-01-20..2021-02-20",
            "--step",
            "2d",
            "--plot",
        ])
        .arg(&png)
        .assert()
        .success()
        .stderr(predicate::str::contains("porkchop plot written to"));
    assert!(png.exists());
    let map = dir.path().join("maps/iss.svg");
    orrery()
        .args([
            "track",
            "ISS",
            "--catalog",
            "sample",
            "--at",
            "2026-05-07T12:00:00",
            "--plot",
        ])
        .arg(&map)
        .assert()
        .success()
        .stderr(predicate::str::contains("written to"));
    assert!(map.exists());
    let csv = dir.path().join("out/nrho.csv");
    orrery()
        .args(["cr3bp", "orbit", "nrho", "--samples", "20", "--export"])
        .arg(&csv)
        .assert()
        .success()
        .stderr(predicate::str::contains("20 states written to"));
    // Vectors too long for the geometry are refused as such, not as "collinear".
    one_line(
        &[
            "lambert",
            "--r1",
            "1e300,0,0",
            "--r2",
            "0,1e300,0",
            "--tof",
            "1d",
        ],
        1,
        &["|r| <"],
    );
    // An amplitude given in km is answered in km.
    one_line(
        &["cr3bp", "orbit", "halo", "--az", "1e9km"],
        1,
        &["Az (largest |z|), km = 1000000000", "km"],
    );
}

#[test]
fn large_porkchop_plots_stay_readable_and_small() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("big.svg");
    orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-05-01..2020-10-01",
            "--arrive",
            "2020-11-01..2021-10-01",
            "--step",
            "6h",
            "--levels",
            "14,16,20,30",
            "--format",
            "json",
            "--plot",
        ])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.len() < 3_000_000, "{} bytes", text.len());
    let texts: Vec<&str> = text.lines().map(str::trim).collect();
    for l in ["14", "16", "20", "30"] {
        assert!(texts.contains(&l), "level {l} is labelled");
    }
    // Without an extension a large grid becomes a PNG.
    let bare = dir.path().join("pork");
    orrery()
        .args([
            "porkchop",
            "earth",
            "mars",
            "--depart",
            "2020-05-01..2020-10-01",
            "--arrive",
            "2020-11-01..2021-10-01",
            "--step",
            "4h",
            "--plot",
        ])
        .arg(&bare)
        .assert()
        .success();
    assert!(dir.path().join("pork.png").exists());
}
