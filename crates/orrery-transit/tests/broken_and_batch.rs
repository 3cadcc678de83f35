//! Corrupt files give clear errors naming the file; batch resumes and skips broken files.

use orrery_transit::batch;
use orrery_transit::{load, LoadOptions, SearchConfig};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const TESS: &str = "tess2018206045859-s0001-0000000261136679-0120-s_lc.fits";

#[test]
fn truncated_and_corrupt_fits_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture(TESS)).unwrap();
    let cut = dir.path().join("cut.fits");
    std::fs::write(&cut, &bytes[..100_000]).unwrap();
    let e = load(&cut, &LoadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("cut.fits") && e.contains("truncated"), "{e}");

    let mut bad = bytes.clone();
    // Overwrite NAXIS2 of the LIGHTCURVE header with garbage.
    let hdr = String::from_utf8_lossy(&bytes[2880..2880 * 3]).to_string();
    let pos = 2880 + hdr.find("NAXIS2  =").unwrap();
    bad[pos + 10..pos + 30].copy_from_slice(b"         -5 garbage ");
    let p = dir.path().join("bad.fits");
    std::fs::write(&p, &bad).unwrap();
    let e = load(&p, &LoadOptions::default()).unwrap_err().to_string();
    assert!(
        e.contains("bad.fits") && e.contains("not a valid FITS"),
        "{e}"
    );

    // A FITS image (no table) is not a light curve.
    let mut img = Vec::new();
    for c in [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    0",
        "END",
    ] {
        let mut v = c.as_bytes().to_vec();
        v.resize(80, b' ');
        img.extend(v);
    }
    img.resize(2880, b' ');
    let p = dir.path().join("image.fits");
    std::fs::write(&p, &img).unwrap();
    let e = load(&p, &LoadOptions::default()).unwrap_err().to_string();
    assert!(
        e.contains("image.fits") && e.contains("not a light curve"),
        "{e}"
    );

    let e = load(&dir.path().join("missing.fits"), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing.fits"), "{e}");
}

#[test]
fn batch_resumes_and_logs_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let lcdir = dir.path().join("lc");
    std::fs::create_dir(&lcdir).unwrap();
    std::fs::copy(fixture(TESS), lcdir.join("a_lc.fits")).unwrap();
    std::fs::copy(fixture("EPIC201367065.csv"), lcdir.join("b.csv")).unwrap();
    std::fs::write(lcdir.join("c_broken.fits"), b"SIMPLE  = T this is not fits").unwrap();
    let files = batch::discover(&lcdir).unwrap();
    assert_eq!(files.len(), 3);
    let cfg = SearchConfig {
        period_min_days: 2.0,
        period_max_days: Some(8.0),
        durations_days: vec![0.1, 0.15],
        max_planets: 1,
        fit: false,
        ..SearchConfig::default()
    };
    let out = dir.path().join("results.jsonl");
    // First run: only one file (as if interrupted after it).
    let s = batch::run(&files[..1], &out, &LoadOptions::default(), &cfg, &|_, _| {}).unwrap();
    assert_eq!((s.ok, s.failed, s.skipped), (1, 0, 0));
    // Simulate a crash mid-write: a torn last line.
    let mut text = std::fs::read_to_string(&out).unwrap();
    text.push_str("{\"file\":\"torn");
    std::fs::write(&out, text).unwrap();
    // Rerun on all: the finished file is skipped, the broken one logged.
    let seen = std::sync::Mutex::new(Vec::new());
    let s = batch::run(&files, &out, &LoadOptions::default(), &cfg, &|p, ok| {
        seen.lock().unwrap().push((p.to_path_buf(), ok))
    })
    .unwrap();
    assert_eq!((s.ok, s.failed, s.skipped, s.total), (1, 1, 1, 3));
    assert_eq!(seen.lock().unwrap().len(), 2);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let broken = lines.iter().find(|v| v["status"] == "error").unwrap();
    assert!(broken["file"].as_str().unwrap().ends_with("c_broken.fits"));
    assert!(broken["error"].as_str().unwrap().contains("c_broken.fits"));
    let pimen = lines
        .iter()
        .find(|v| v["file"].as_str().unwrap().ends_with("a_lc.fits"))
        .unwrap();
    let p = pimen["result"]["candidates"][0]["period_days"]
        .as_f64()
        .unwrap();
    assert!((p / 6.2678 - 1.0).abs() < 2e-3, "{p}");
    // A third run has nothing to do.
    let s = batch::run(&files, &out, &LoadOptions::default(), &cfg, &|_, _| {}).unwrap();
    assert_eq!((s.ok, s.failed, s.skipped), (0, 0, 3));
}
