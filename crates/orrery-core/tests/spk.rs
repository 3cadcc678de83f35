//! The SPK reader against jplephem 2.24 on the DE421 2020-2021 excerpt, and on broken files.
#![allow(clippy::needless_range_loop)] // x/y/z components compared side by side

use orrery_core::ephem::spk::{Endian, SpkFile};
use orrery_core::time::parse_epoch;
use orrery_core::{Body, EphemError, Ephemeris, Frame, State};

const KERNEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/de421-2020-2021.bsp"
);
const STATES: &str = include_str!("fixtures/de421_jplephem_states.csv");

fn kernel() -> SpkFile {
    SpkFile::open(KERNEL).expect("fixture kernel opens")
}

fn bytes() -> Vec<u8> {
    std::fs::read(KERNEL).expect("fixture kernel reads")
}

struct Row {
    target: i32,
    center: i32,
    t: f64,
    state: State,
}

fn rows() -> Vec<Row> {
    STATES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("target"))
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            Row {
                target: f[0] as i32,
                center: f[1] as i32,
                t: f[3],
                state: State::new([f[4], f[5], f[6]], [f[7], f[8], f[9]]),
            }
        })
        .collect()
}

#[test]
fn agrees_with_jplephem_on_1200_states() {
    let k = kernel();
    let rows = rows();
    assert!(rows.len() >= 1000, "{} fixture states", rows.len());
    let (mut dp, mut dv) = (0.0f64, 0.0f64);
    for r in &rows {
        let s = k
            .state_icrf_tdb(Body(r.target), Body(r.center), r.t)
            .unwrap_or_else(|e| panic!("{} wrt {} at {}: {e}", r.target, r.center, r.t));
        dp = dp.max((s.position - r.state.position).norm());
        dv = dv.max((s.velocity - r.state.velocity).norm());
    }
    println!("max |dr| = {:.3e} km, max |dv| = {:.3e} km/s", dp, dv);
    // Issue requirement: under 1 m. Measured: ~1e-8 km (rounding only).
    assert!(dp < 1e-3, "max position difference {dp} km");
    assert!(dp < 1e-6, "expected rounding-level agreement, got {dp} km");
    assert!(dv < 1e-9, "max velocity difference {dv} km/s");
}

#[test]
fn batch_equals_single_states() {
    let k = kernel();
    let t: Vec<f64> = (0..500).map(|i| 6.4e8 + 1.0345e5 * i as f64).collect();
    let mut out = vec![State::ZERO; t.len()];
    k.states_icrf_batch(Body::MARS, Body::EARTH, &t, &mut out)
        .unwrap();
    for (ti, o) in t.iter().zip(&out) {
        assert_eq!(*o, k.state_icrf_tdb(Body::MARS, Body::EARTH, *ti).unwrap());
    }
    let mut short = vec![State::ZERO; 3];
    assert!(k
        .states_icrf_batch(Body::MARS, Body::EARTH, &t, &mut short)
        .is_err());
}

/// `../shared/data/ephemeris/README.md`: jplephem 2.24 at JD 2459060.5 TDB.
#[test]
fn readme_reference_values() {
    let k = kernel();
    let t = parse_epoch("JD 2459060.5 TDB").unwrap();
    let mars = k.state_icrf(Body::MARS_BARYCENTER, Body::SSB, t).unwrap();
    let p = [183767020.103496, -81567401.728874, -42405424.873233];
    let v = [1018383.663267716, 1872785.699349195, 831541.310932623];
    for i in 0..3 {
        assert!((mars.position[i] - p[i]).abs() < 1e-5, "{i}");
        assert!((mars.velocity[i] * 86400.0 - v[i]).abs() < 1e-6, "{i}");
    }
    let me = k.state_icrf(Body::MARS, Body::EARTH, t).unwrap();
    let d = [93144306.1546935, 28755703.79664925, 5408088.14370736];
    for i in 0..3 {
        assert!((me.position[i] - d[i]).abs() < 1e-5, "{i}");
    }
    assert!((me.position.norm() - 97631960.378).abs() < 1e-3);
    let moon = k.state_icrf(Body::MOON, Body::EMB, t).unwrap().position;
    assert!((moon.x + 131087.10573874).abs() < 1e-6);
    let earth = k.state_icrf(Body::EARTH, Body::EMB, t).unwrap().position;
    let r = [1612.37623842, 3961.54521409, 1570.22670941];
    for i in 0..3 {
        assert!((earth[i] - r[i]).abs() < 1e-7, "{i}");
    }
    // Printed by NumPy to 9 significant digits: agree to 1 km.
    let emb = k.state_icrf(Body::EMB, Body::SSB, t).unwrap().position;
    let r = [9.06211016e+07, -1.10327067e+08, -4.78150832e+07];
    for i in 0..3 {
        assert!((emb[i] - r[i]).abs() < 1.0, "{i}");
    }
    let sun = k.state_icrf(Body::SUN, Body::SSB, t).unwrap().position;
    assert!((sun.y - 927631.00615444).abs() < 1e-5);
    // Ecliptic frame: rotation about x by the J2000 obliquity keeps |r| and x.
    let ecl = k
        .state(Body::MARS, Body::EARTH, t, Frame::EclipticJ2000)
        .unwrap();
    assert!((ecl.position.norm() - 97631960.378).abs() < 1e-3);
    assert_eq!(ecl.position.x, me.position.x);
}

#[test]
fn utc_epoch_goes_through_tdb() {
    // 2020-07-30T00:00:00 TDB is 2020-07-29T23:58:50.816 UTC (TT-UTC 69.184 s, TDB-TT -0.0 s):
    // the same instant entered either way gives the same state to a few cm.
    let k = kernel();
    let a = parse_epoch("2020-07-30T00:00:00 TDB").unwrap();
    let b = parse_epoch("2020-07-29T23:58:50.816 UTC").unwrap();
    let sa = k.state_icrf(Body::EARTH, Body::SUN, a).unwrap();
    let sb = k.state_icrf(Body::EARTH, Body::SUN, b).unwrap();
    // Earth moves 30 km/s; TDB-TT at that date is ~ -0.4 ms... within 1 ms → 30 m.
    assert!(
        (sa.position - sb.position).norm() < 0.1,
        "{}",
        (sa.position - sb.position).norm()
    );
}

#[test]
fn coverage_and_segments() {
    let k = kernel();
    let c = k.coverage();
    assert_eq!(c.len(), 15);
    assert_eq!(k.source_name(), "de421-2020-2021.bsp");
    assert_eq!(k.endian(), Endian::Little);
    let moon = c.iter().find(|c| c.body == Body::MOON).unwrap();
    assert_eq!(moon.center, Body::EMB);
    // JD 2458849.5 TDB = 2020-01-01T00:00 TDB = 631108800 s past J2000.
    assert_eq!(moon.start.to_tdb_seconds(), 631_108_800.0);
    assert_eq!(moon.end.to_tdb_seconds(), 694_267_200.0);
    assert!(k
        .segments()
        .iter()
        .all(|s| s.data_type == 2 && s.frame == 1));
}

#[test]
fn planets_fall_back_to_their_barycenter() {
    let k = kernel();
    assert_eq!(k.resolve(Body::JUPITER).unwrap(), Body::JUPITER_BARYCENTER);
    assert_eq!(k.resolve(Body::MARS).unwrap(), Body::MARS);
    assert_eq!(k.resolve(Body::EARTH).unwrap(), Body::EARTH);
    let t = 6.5e8;
    assert_eq!(
        k.state_icrf_tdb(Body::JUPITER, Body::SUN, t).unwrap(),
        k.state_icrf_tdb(Body::JUPITER_BARYCENTER, Body::SUN, t)
            .unwrap()
    );
    assert_eq!(
        k.state_icrf_tdb(Body::SUN, Body::SUN, t).unwrap(),
        State::ZERO
    );
}

#[test]
fn out_of_range_and_unknown_bodies_are_typed_errors() {
    let k = kernel();
    let e = k.state_icrf_tdb(Body::MARS, Body::EARTH, 0.0).unwrap_err();
    assert!(matches!(e, EphemError::OutOfRange { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("2000-01-01T12:00:00") && msg.contains("2020-01-01T00:00:00"),
        "{msg}"
    );
    // One second past the end.
    let e = k
        .state_icrf_tdb(Body::MOON, Body::EARTH, 694_267_201.0)
        .unwrap_err();
    assert!(matches!(e, EphemError::OutOfRange { .. }), "{e}");
    for t in [f64::NAN, f64::INFINITY, -1e300] {
        assert!(k.state_icrf_tdb(Body::MOON, Body::EARTH, t).is_err());
    }
    let e = k
        .state_icrf_tdb(Body(2000433), Body::SUN, 6.5e8)
        .unwrap_err();
    assert!(matches!(e, EphemError::NotInSource { .. }), "{e}");
    assert!(e.to_string().contains("de421-2020-2021.bsp"), "{e}");
    let e = k.state_icrf_tdb(Body::SUN, Body(-77), 6.5e8).unwrap_err();
    assert!(matches!(e, EphemError::NotInSource { .. }), "{e}");
}

fn corrupt(b: Vec<u8>) -> String {
    match SpkFile::from_bytes(b, "broken.bsp") {
        Err(e @ EphemError::Corrupt { .. }) => e.to_string(),
        Err(e) => panic!("expected Corrupt, got {e}"),
        Ok(_) => panic!("expected Corrupt, got a kernel"),
    }
}

#[test]
fn missing_empty_and_truncated_files() {
    let e = SpkFile::open("/nonexistent/de440.bsp").unwrap_err();
    assert!(matches!(e, EphemError::Io { .. }), "{e}");
    assert!(e.to_string().contains("/nonexistent/de440.bsp"));
    let dir = SpkFile::open(env!("CARGO_MANIFEST_DIR")).unwrap_err();
    assert!(matches!(dir, EphemError::Io { .. }), "{dir}");
    let empty = tempfile::NamedTempFile::new().unwrap();
    let e = SpkFile::open(empty.path()).unwrap_err();
    assert!(e.to_string().contains("shorter than the 1024-byte"), "{e}");

    let full = bytes();
    for cut in [
        0,
        8,
        100,
        1023,
        1024,
        2048,
        4096,
        5000,
        100_000,
        full.len() - 8,
    ] {
        let msg = corrupt(full[..cut].to_vec());
        assert!(msg.contains("broken.bsp"), "{msg}");
    }
    // Every cut through the data must give an error or evaluable segments, never a panic.
    for cut in (0..full.len()).step_by(997) {
        if let Ok(k) = SpkFile::from_bytes(full[..cut].to_vec(), "cut.bsp") {
            let _ = k.state_icrf_tdb(Body::MARS, Body::EARTH, 6.5e8);
        }
    }
}

fn put_i32(b: &mut [u8], off: usize, v: i32) {
    b[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

fn put_f64(b: &mut [u8], off: usize, v: f64) {
    b[off..off + 8].copy_from_slice(&v.to_le_bytes());
}

fn get_i32(b: &[u8], off: usize) -> i32 {
    i32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

fn get_f64(b: &[u8], off: usize) -> f64 {
    f64::from_le_bytes(b[off..off + 8].try_into().unwrap())
}

/// Byte offset of the first summary record.
fn first_summary(b: &[u8]) -> usize {
    (get_i32(b, 76) as usize - 1) * 1024
}

#[test]
fn corrupted_headers_and_pointers() {
    let full = bytes();
    let mut b = full.clone();
    b[..8].copy_from_slice(b"DAF/PCK ");
    assert!(corrupt(b).contains("not an SPK"));
    let mut b = full.clone();
    b[..4].copy_from_slice(b"\x7fELF");
    assert!(corrupt(b).contains("not a DAF"));
    let mut b = full.clone();
    put_i32(&mut b, 12, 5);
    assert!(corrupt(b).contains("NI=5"));
    let mut b = full.clone();
    put_i32(&mut b, 76, 9999); // first summary record far past the end
    assert!(corrupt(b).contains("9999"));
    let mut b = full.clone();
    put_i32(&mut b, 76, -3);
    assert!(corrupt(b).contains("-3"));

    let s = first_summary(&full);
    let mut b = full.clone();
    put_f64(&mut b, s, (s / 1024 + 1) as f64); // NEXT points back at itself
    assert!(corrupt(b).contains("loop"));
    let mut b = full.clone();
    put_f64(&mut b, s, f64::NAN);
    assert!(corrupt(b).contains("next summary"));
    let mut b = full.clone();
    put_f64(&mut b, s + 16, 1e9); // NSUM
    assert!(corrupt(b).contains("summary count"));

    // First summary: start, end, then ints target, centre, frame, type, first, last.
    let sum = s + 24;
    let mut b = full.clone();
    put_i32(&mut b, sum + 16 + 20, 10_000_000); // last address past the end
    assert!(corrupt(b).contains("do not fit"));
    let mut b = full.clone();
    put_i32(&mut b, sum + 16 + 16, 0); // first address 0
    assert!(corrupt(b).contains("bad addresses"));
    let mut b = full.clone();
    put_f64(&mut b, sum, f64::NAN); // start time
    assert!(corrupt(b).contains("time span"));
    // Directory (last four words of the segment): INTLEN = 0, RSIZE huge, N huge.
    let last = get_i32(&full, sum + 16 + 20) as usize;
    let dir = (last - 4) * 8;
    for (k, v, what) in [
        (1, 0.0, "INTLEN=0"),
        (2, 1e12, "RSIZE"),
        (3, 1e6, "N=1000000"),
    ] {
        let mut b = full.clone();
        put_f64(&mut b, dir + 8 * k, v);
        assert!(corrupt(b).contains(what), "{what}");
    }
    let mut b = full.clone();
    put_f64(&mut b, dir + 16, get_f64(&full, dir + 16) + 1.0); // RSIZE not 2 + 3n
    assert!(corrupt(b).contains("record size"));
    // An unsupported segment type is listed but not evaluated.
    let mut b = full.clone();
    let target = get_i32(&full, sum + 16);
    put_i32(&mut b, sum + 16 + 12, 21);
    let k = SpkFile::from_bytes(b, "t21.bsp").unwrap();
    assert_eq!(k.coverage().len(), 14);
    assert!(k.segments().iter().any(|s| s.data_type == 21));
    let e = k.state_icrf_tdb(Body(target), Body::SSB, 6.5e8);
    assert!(e.is_err() || target == 0);
}

/// Rewrites the little-endian excerpt as a BIG-IEEE file (DAF Required Reading layout).
fn to_big_endian(le: &[u8]) -> Vec<u8> {
    let mut b = le.to_vec();
    let swap = |b: &mut Vec<u8>, off: usize, n: usize| b[off..off + n].reverse();
    b[88..96].copy_from_slice(b"BIG-IEEE");
    for off in [8, 12, 76, 80, 84] {
        swap(&mut b, off, 4);
    }
    let mut rec = get_i32(le, 76) as usize;
    while rec != 0 {
        let base = (rec - 1) * 1024;
        let next = get_f64(le, base) as usize;
        let nsum = get_f64(le, base + 16) as usize;
        for k in 0..3 {
            swap(&mut b, base + 8 * k, 8);
        }
        for i in 0..nsum {
            let off = base + 24 + 40 * i;
            let (first, last) = (get_i32(le, off + 32), get_i32(le, off + 36));
            swap(&mut b, off, 8);
            swap(&mut b, off + 8, 8);
            for k in 0..6 {
                swap(&mut b, off + 16 + 4 * k, 4);
            }
            for w in first..=last {
                swap(&mut b, (w as usize - 1) * 8, 8);
            }
        }
        rec = next;
    }
    b
}

#[test]
fn big_endian_kernels_read_the_same() {
    let le = kernel();
    let be = SpkFile::from_bytes(to_big_endian(&bytes()), "big.bsp").unwrap();
    assert_eq!(be.endian(), Endian::Big);
    assert_eq!(be.coverage(), le.coverage());
    for t in [6.4e8, 6.6e8, 6.9e8] {
        assert_eq!(
            be.state_icrf_tdb(Body::MARS, Body::EARTH, t).unwrap(),
            le.state_icrf_tdb(Body::MARS, Body::EARTH, t).unwrap()
        );
    }
}

/// Inputs the fuzzer found (`fuzz/fuzz_targets/spk.rs`), kept as regressions.
#[test]
fn fuzz_regressions() {
    // A segment of an unsupported type whose summary holds a NaN start time.
    let b = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fuzz-crash-nan-span.bsp"
    ))
    .unwrap();
    assert!(corrupt(b).contains("bad time span"));
    // Huge but finite times in a summary.
    let full = bytes();
    let s = first_summary(&full) + 24;
    let mut b = full.clone();
    put_f64(&mut b, s + 8, 1e300);
    assert!(corrupt(b).contains("bad time span"));
}

/// The full DE421 (skyfield-data 7.0.0, see `../shared/data/ephemeris/README.md`)
/// against jplephem 2.24 outside the excerpt. Needs the 16.8 MB file:
/// `ORRERY_FULL_DE421=/path/de421.bsp cargo test -p orrery-core --test spk -- --ignored`.
#[test]
#[ignore = "needs the full de421.bsp (ORRERY_FULL_DE421)"]
fn full_de421_against_jplephem() {
    let path = std::env::var("ORRERY_FULL_DE421").expect("set ORRERY_FULL_DE421");
    let k = SpkFile::open(path).unwrap();
    // Mars(499) - Earth(399), km, jplephem 2.24 `compute` summed along the chain.
    for (jd, r) in [
        (
            2433282.5,
            [-181437779.65956184, -11641343.008595347, 3638779.0971460296],
        ),
        (
            2415020.5,
            [94583964.23030385, -315521889.86007434, -143202416.98134425],
        ),
        (
            2469807.5,
            [-205191360.10449013, -203641371.67430946, -83836062.81460287],
        ),
    ] {
        let t = (jd - 2451545.0) * 86400.0;
        let p = k
            .state_icrf_tdb(Body::MARS, Body::EARTH, t)
            .unwrap()
            .position;
        for i in 0..3 {
            assert!(
                (p[i] - r[i]).abs() < 1e-6,
                "JD {jd} axis {i}: {} vs {}",
                p[i],
                r[i]
            );
        }
    }
    let e = k
        .state_icrf_tdb(Body::MARS, Body::EARTH, -6.3e9)
        .unwrap_err();
    assert!(e.to_string().contains("1899-07-29"), "{e}");
}

/// Segments in ECLIPJ2000 (NAIF frame 17) are rotated to ICRF; other frames are not read.
#[test]
fn segment_frames() {
    let full = bytes();
    let s = first_summary(&full) + 24;
    let (target, center) = (get_i32(&full, s + 16), get_i32(&full, s + 20));
    let t = 6.6e8;
    let raw = kernel()
        .state_icrf_tdb(Body(target), Body(center), t)
        .unwrap();
    let mut b = full.clone();
    put_i32(&mut b, s + 24, 17);
    let ecl = SpkFile::from_bytes(b, "ecl.bsp").unwrap();
    let got = ecl.state_icrf_tdb(Body(target), Body(center), t).unwrap();
    let want = raw.rotated(&Frame::EclipticJ2000.to_icrf().unwrap());
    assert!((got.position - want.position).norm() < 1e-6);
    assert!((got.velocity - want.velocity).norm() < 1e-12);
    let mut b = full.clone();
    put_i32(&mut b, s + 24, 13); // GALACTIC
    let gal = SpkFile::from_bytes(b, "gal.bsp").unwrap();
    assert!(gal.segments().iter().any(|x| x.frame == 13));
    assert_eq!(gal.coverage().len(), 14);
}
