//! `orrery passes --kernel`: the Sun from a JPL kernel through the shared source
//! (`--ephem` still accepted), the same as `track --kernel`.

mod common;
use common::{fails_with, json, DE421_EXCERPT};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../orrery-sat/tests/fixtures/");

#[test]
fn passes_kernel_and_hidden_ephem_alias_agree() {
    let tle = format!("{FIX}stations-2020-06-25.tle");
    let base = [
        "passes",
        "ISS",
        "--tle",
        &tle,
        "--from",
        "2020-06-25T00:00:00",
        "--days",
        "2",
        "--city",
        "Sydney",
        "--format",
        "json",
    ];
    let with = |flag: &str| {
        let mut args = base.to_vec();
        args.extend([flag, DE421_EXCERPT]);
        json(&args)
    };
    let kernel = with("--kernel");
    let ephem = with("--ephem");
    assert_eq!(kernel, ephem);
    let builtin = json(&base);
    let (k, b) = (kernel.as_array().unwrap(), builtin.as_array().unwrap());
    assert!(k.len() >= 6 && k.len() == b.len());
    // Same passes; visibility from DE421 and from the built-in Sun agree here.
    for (x, y) in k.iter().zip(b) {
        assert_eq!(x["rise"]["time"], y["rise"]["time"]);
        assert_eq!(x["visibility"]["visible"], y["visibility"]["visible"]);
    }
    fails_with(
        &[
            "passes",
            "ISS",
            "--tle",
            &tle,
            "--city",
            "Sydney",
            "--kernel",
            "/no/such/kernel.bsp",
        ],
        1,
        "kernel.bsp",
    );
}

#[test]
fn track_kernel_gives_the_same_track() {
    let tle = format!("{FIX}stations-2020-06-25.tle");
    let base = [
        "track",
        "ISS",
        "--tle",
        &tle,
        "--at",
        "2020-06-25T12:00:00",
        "--duration",
        "30min",
        "--format",
        "json",
    ];
    let b = json(&base);
    let mut args = base.to_vec();
    args.extend(["--kernel", DE421_EXCERPT]);
    let k = json(&args);
    let (pb, pk) = (
        b["track"].as_array().unwrap(),
        k["track"].as_array().unwrap(),
    );
    assert_eq!(pb.len(), 31);
    for (x, y) in pb.iter().zip(pk) {
        assert_eq!(x["lat_deg"], y["lat_deg"]);
        assert_eq!(x["sunlit"], y["sunlit"]);
    }
}
