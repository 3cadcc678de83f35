#!/usr/bin/env python3
"""Built-in analytic ephemeris vs ERFA's analytic Earth and Moon, same instants.

Peer: pyerfa 2.0.1.5 (ERFA = IAU SOFA in C): `epv00` (Earth heliocentric, a
VSOP2000-derived series, Bretagnon et al.) and `moon98` (Moon geocentric, the
ELP-2000/82 series of Meeus ch. 47, with precession to ICRS). Both are
analytic models like Orrery's built-in one, so this compares cost per state and
checks the two agree to within the models' documented errors.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyerfa==2.0.1.5 numpy
    /tmp/venv/bin/python bench/ephem/compare_erfa_builtin.py

Orrery runs `crates/orrery-core/examples/builtin_batch.rs` (release build), one
`state_icrf` call per instant on one thread; ERFA runs its vectorised C loop
over the same instants (no Python per-call overhead). Prints
`ratio erfa/orrery: X.XX` per body (above 1: Orrery is faster).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

try:
    import erfa
    import numpy as np
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "pyerfa==2.0.1.5", "numpy"])
    import erfa
    import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AU_KM = 149_597_870.700
N = 200_000
# Agreement bounds (km): Orrery's documented max errors vs DE421 (EMB 16 500 km,
# Moon 23 km) plus the peers' own (epv00 few km, moon98 ~ 10 km).
BOUNDS = {"earth": 20_000.0, "moon": 40.0}


def orrery(target, center, t, workdir):
    tf = os.path.join(workdir, "t.f64")
    of = os.path.join(workdir, "o.f64")
    t.astype("<f8").tofile(tf)
    out = subprocess.check_output(
        ["cargo", "run", "--release", "-q", "-p", "orrery-core", "--example", "builtin_batch",
         "--", target, center, tf, of], cwd=ROOT)
    info = json.loads(out.decode().strip().splitlines()[-1])
    return np.fromfile(of, dtype="<f8").reshape(-1, 6), info["seconds"]


def main():
    # Instants 1950-2050 TDB, spread so that no two share a phase.
    t = np.linspace(-0.5, 0.5, N) * 36525.0 * 86400.0 + 0.123456
    jd1 = np.full(N, 2451545.0)
    jd2 = t / 86400.0
    with tempfile.TemporaryDirectory() as w:
        subprocess.check_call(["cargo", "build", "--release", "-q", "-p", "orrery-core",
                               "--example", "builtin_batch"], cwd=ROOT)
        for name, target, center in (("earth", "earth", "sun"), ("moon", "moon", "earth")):
            s0 = time.perf_counter()
            if name == "earth":
                pvh, _ = erfa.epv00(jd1, jd2)
                ref = pvh["p"] * AU_KM
            else:
                ref = erfa.moon98(jd1, jd2)["p"] * AU_KM
            peer_s = time.perf_counter() - s0
            ours, ours_s = orrery(target, center, t, w)
            d = np.linalg.norm(ours[:, :3] - ref, axis=1)
            ok = d.max() < BOUNDS[name]
            print(f"{name}: {N} states; max |orrery - erfa| = {d.max():.1f} km, RMS {np.sqrt((d**2).mean()):.1f} km "
                  f"({'agree' if ok else 'DISAGREE'}, bound {BOUNDS[name]:.0f} km)")
            print(f"  erfa {peer_s / N * 1e9:.0f} ns/state, orrery {ours_s / N * 1e9:.0f} ns/state")
            print(f"ratio erfa/orrery ({name}): {peer_s / ours_s:.2f}")
            if not ok:
                sys.exit(1)


if __name__ == "__main__":
    main()
