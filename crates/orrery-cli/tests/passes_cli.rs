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
        assert_eq!(x["rise"]["time_utc"], y["rise"]["time_utc"]);
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

/// Local times follow the city's IANA zone with daylight saving (Paris in June is CEST,
/// UTC+2); `--tz` and `--utc-offset` override it; unknown zones are one-line errors.
#[test]
fn local_times_follow_the_zone() {
    let tle = format!("{FIX}stations-2020-06-25.tle");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "passes",
            "ISS",
            "--tle",
            &tle,
            "--from",
            "2020-06-25T00:00:00",
            "--days",
            "1",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        json(&args)
    };
    let paris = run(&["--city", "Paris"]);
    let p = &paris.as_array().unwrap()[0];
    assert_eq!(p["local"]["time_zone"], "Europe/Paris");
    let culm_utc = p["culmination"]["time_utc"].as_str().unwrap();
    let culm_local = p["local"]["culmination"].as_str().unwrap();
    assert!(culm_local.ends_with("+02:00"), "{culm_local}");
    // Same instant: local = UTC + 2 h (hours differ by 2 mod 24, minutes and seconds equal
    // after the millisecond rounding of the UTC text).
    let h = |s: &str| s[11..13].parse::<i32>().unwrap();
    assert_eq!((h(culm_utc) + 2) % 24, h(culm_local));

    let ny = run(&["--city", "Paris", "--tz", "America/New_York"]);
    let l = ny[0]["local"]["culmination"].as_str().unwrap();
    assert!(l.ends_with("-04:00"), "{l}");
    let fixed = run(&["--city", "Paris", "--utc-offset", "5.5"]);
    let l = fixed[0]["local"]["culmination"].as_str().unwrap();
    assert!(l.ends_with("+05:30"), "{l}");

    fails_with(
        &[
            "passes",
            "ISS",
            "--tle",
            &tle,
            "--city",
            "Paris",
            "--tz",
            "Mars/Jezero",
        ],
        1,
        "unknown time zone",
    );
}
