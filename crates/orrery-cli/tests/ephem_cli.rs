//! `orrery ephem` and `orrery bodies` through the real binary, against jplephem
//! reference values for the DE421 excerpt (`../shared/data/ephemeris/README.md`).

mod common;
use common::*;

const KERNEL: &str = DE421_EXCERPT;

#[test]
fn mars_from_earth_matches_jplephem() {
    let v = json(&[
        "ephem",
        "mars",
        "--center",
        "earth",
        "--at",
        "JD 2459060.5 TDB",
        "--kernel",
        KERNEL,
        "--format",
        "json",
    ]);
    assert_eq!(v["source"], "de421-2020-2021.bsp");
    assert_eq!(v["frame"], "icrf");
    let s = &v["states"][0];
    assert_eq!(s["time_tdb"], "2020-07-30T00:00:00.000000 TDB");
    assert_eq!(s["time_utc"], "2020-07-29T23:58:50.817Z");
    assert_eq!(s["jd_tdb"], "2459060.500000000000");
    // jplephem 2.24: Mars(499) - Earth(399) geometric.
    for (k, r) in [
        ("x_km", 93144306.1546935),
        ("y_km", 28755703.79664925),
        ("z_km", 5408088.14370736),
    ] {
        let got = s[k].as_f64().unwrap();
        assert!((got - r).abs() < 1e-6, "{k}: {got} vs {r}");
    }
}

#[test]
fn span_as_csv_and_table_with_units() {
    let out = orrery()
        .args([
            "ephem",
            "moon",
            "--center",
            "earth",
            "--at",
            "2020-07-30",
            "--to",
            "2020-07-31",
            "--step",
            "6h",
            "--kernel",
            KERNEL,
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "time_utc,time_tdb,jd_tdb,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s"
    );
    assert_eq!(lines.len(), 6, "{text}");
    // Earth-Moon distance stays within perigee/apogee bounds.
    for l in &lines[1..] {
        let f: Vec<f64> = l.split(',').skip(3).map(|x| x.parse().unwrap()).collect();
        let r = (f[0] * f[0] + f[1] * f[1] + f[2] * f[2]).sqrt();
        assert!((356_000.0..407_000.0).contains(&r), "{r}");
    }
    let out = orrery()
        .args([
            "ephem",
            "jupiter",
            "--at",
            "2021-03-01",
            "--kernel",
            KERNEL,
            "--frame",
            "ecliptic",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("x [km]") && text.contains("vx [km/s]") && text.contains("time (UTC)"));
    assert!(text.contains("ecliptic J2000"), "{text}");
    assert!(text.contains("Jupiter barycenter (NAIF 5)"), "{text}");
}

#[test]
fn bodies_lists_kernel_coverage() {
    let v = json(&["bodies", "--kernel", KERNEL, "--format", "json"]);
    let bodies = v["bodies"].as_array().unwrap();
    let moon = bodies.iter().find(|b| b["naif_id"] == 301).unwrap();
    assert_eq!(moon["center_id"], 3);
    assert_eq!(moon["start_tdb"], "2020-01-01T00:00:00.000000 TDB");
    assert_eq!(moon["end_tdb"], "2022-01-01T00:00:00.000000 TDB");
    let jup = bodies.iter().find(|b| b["naif_id"] == 599).unwrap();
    assert_eq!(jup["evaluated_as"], 5);
    assert_eq!(bodies.len(), 20);
}

fn fails(args: &[&str], code: i32, needle: &str) {
    let out = orrery().args(args).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("orrery: "), "{err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_input_is_one_line() {
    let k = KERNEL;
    fails(
        &["ephem", "mars", "--at", "2020-13-01", "--kernel", k],
        2,
        "2020-13-01",
    );
    fails(
        &["ephem", "mars", "--at", "yesterday-ish", "--kernel", k],
        2,
        "cannot read",
    );
    fails(
        &["ephem", "vulcan", "--at", "2020-06-01", "--kernel", k],
        2,
        "unknown body 'vulcan'",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--center",
            "nibiru",
            "--at",
            "2020-06-01",
            "--kernel",
            k,
        ],
        2,
        "nibiru",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--at",
            "2020-06-01",
            "--frame",
            "galactic",
            "--kernel",
            k,
        ],
        2,
        "galactic",
    );
    fails(
        &["ephem", "mars", "--at", "1999-06-01", "--kernel", k],
        1,
        "outside the span",
    );
    fails(
        &["ephem", "mars", "--at", "2023-06-01", "--kernel", k],
        1,
        "2022-01-01T00:00:00",
    );
    fails(
        &["ephem", "2000433", "--at", "2020-06-01", "--kernel", k],
        1,
        "has no data for",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--at",
            "2020-06-01",
            "--kernel",
            "/no/such/de440.bsp",
        ],
        1,
        "/no/such/de440.bsp",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--at",
            "2020-06-01",
            "--to",
            "2020-07-01",
            "--kernel",
            k,
        ],
        1,
        "needs --step",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--at",
            "2020-06-01",
            "--to",
            "2020-05-01",
            "--step",
            "1d",
            "--kernel",
            k,
        ],
        1,
        "before",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--at",
            "2020-06-01",
            "--to",
            "2020-07-01",
            "--step",
            "-1d",
            "--kernel",
            k,
        ],
        1,
        "positive",
    );
    fails(
        &[
            "ephem",
            "mars",
            "--at",
            "2020-01-01",
            "--to",
            "2021-01-01",
            "--step",
            "1s",
            "--kernel",
            k,
        ],
        1,
        "limit",
    );
    fails(
        &["bodies", "--kernel", env!("CARGO_MANIFEST_DIR")],
        1,
        "cannot read",
    );
}

#[test]
fn broken_kernels_are_one_line() {
    let full = std::fs::read(KERNEL).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("empty.bsp", vec![], "shorter than"),
        ("truncated.bsp", full[..60_000].to_vec(), "do not fit"),
        ("header.bsp", full[..2000].to_vec(), "outside the file"),
        (
            "text.bsp",
            b"not a kernel at all\n".repeat(100),
            "not a DAF file",
        ),
    ];
    for (name, bytes, needle) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let p = p.to_str().unwrap();
        fails(
            &["ephem", "mars", "--at", "2020-06-01", "--kernel", p],
            1,
            needle,
        );
        fails(&["bodies", "--kernel", p], 1, name);
    }
}

#[test]
fn builtin_model_without_kernel() {
    let at = "2020-07-30T00:00:00 TDB";
    let b = json(&["ephem", "mars", "--at", at, "--format", "json"]);
    let k = json(&[
        "ephem", "mars", "--at", at, "--kernel", KERNEL, "--format", "json",
    ]);
    assert_eq!(b["center"]["name"], "Sun"); // default centre
    assert_ne!(b["source"], k["source"]);
    // The analytic model agrees with DE421 to its documented 10^3-10^4 km.
    let d: f64 = ["x_km", "y_km", "z_km"]
        .iter()
        .map(|c| {
            let e = b["states"][0][c].as_f64().unwrap() - k["states"][0][c].as_f64().unwrap();
            e * e
        })
        .sum::<f64>()
        .sqrt();
    assert!(d < 5e4, "built-in vs DE421 Mars: {d} km");
    let v = json(&["bodies", "--format", "json"]);
    assert!(v["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["naif_id"] == 599));
    fails(
        &["ephem", "mars", "--at", "5000-01-01"],
        1,
        "outside the span",
    );
    fails(
        &["ephem", "mars", "--at", "-5000-01-01"],
        1,
        "outside the span",
    );
}
