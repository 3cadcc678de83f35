//! `orrery tour`: the Quick-start command runs on built-in defaults, no download.

use assert_cmd::Command;

#[test]
fn quick_tour_runs_every_fast_step() {
    let out = Command::cargo_bin("orrery")
        .unwrap()
        .args(["tour", "--quick"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stderr: {stderr}");
    for heading in [
        "== 1. Time",
        "== 2. Where is Mars?",
        "== 3. When can I see the ISS?",
        "== 6. Where are the Earth-Moon Lagrange points?",
        "== 7. What orbit will the lunar Gateway fly?",
    ] {
        assert!(stdout.contains(heading), "missing {heading}");
    }
    // The bundled ISS elements give passes over Paris on 2026-05-08.
    assert!(stdout.contains("ISS (ZARYA)  2026-05-08T"), "{stdout}");
    // Earth-Moon L1 at x = 0.8369151 (non-dimensional).
    assert!(stdout.contains("0.83691512"), "{stdout}");
}
