#!/usr/bin/env python3
"""Orrery's SPK reader against jplephem on the same 1,000,000 states.

Requirements (pinned): jplephem==2.24 numpy==2.1.3
Usage (from the repository root):
    python3 -m venv /tmp/venv-ephem && /tmp/venv-ephem/bin/pip install jplephem==2.24 numpy==2.1.3
    /tmp/venv-ephem/bin/python bench/ephem/compare_jplephem.py [--kernel FILE] [--n 1000000]

For two pairs (Mars barycentre wrt SSB: one segment; Mars wrt Earth: four
segments chained) it evaluates the same instants
  * per call: jplephem `compute_and_differentiate(jd)` once per state per segment
    (timed on the first --per-call-n states, 50,000 by default, and scaled: a
    million Python calls per segment take minutes), against Orrery
    `SpkFile::state_icrf_tdb` once per state on all n (release build);
  * vectorised: jplephem on NumPy arrays (chunks of 100,000 instants) against
    Orrery's single-threaded `states_icrf_batch`;
checks that positions agree to < 1 m and velocities to < 1 mm/s, and prints
`ratio jplephem/orrery: X.XX` for each (time per state, one core each).
Instants: a 1/4096-day grid from 2020-01-01 TDB, so JD TDB and TDB seconds are exact.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import jplephem
import numpy as np
from jplephem.spk import SPK

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
T0 = 2451545.0
CHUNK = 100_000
PAIRS = [("mars barycenter", "ssb", [(0, 4)], []),
         ("mars", "earth", [(0, 4), (4, 499)], [(0, 3), (3, 399)])]


def jpl_state(spk, plus, minus, jd):
    p = v = 0.0
    for sign, chain in ((1.0, plus), (-1.0, minus)):
        for c, t in chain:
            a, b = spk[c, t].compute_and_differentiate(jd)
            p = p + sign * a
            v = v + sign * b
    return p, v / 86400.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default=os.path.join(ROOT, "crates/orrery-core/tests/fixtures/de421-2020-2021.bsp"))
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--per-call-n", type=int, default=50_000,
                    help="jplephem per-call timing on the first N of the states (all of them takes minutes)")
    a = ap.parse_args()
    spk = SPK.open(a.kernel)
    start = max(s.start_jd for s in spk.segments)
    end = min(s.end_jd for s in spk.segments)
    grid = int((end - start) * 4096)
    k = (np.arange(a.n, dtype=np.int64) * grid) // a.n + 1
    jd = start + k / 4096.0
    t = (jd - T0) * 86400.0
    print(f"jplephem {jplephem.__version__}, numpy {np.__version__}, kernel {os.path.basename(a.kernel)}, "
          f"{a.n} states from JD {jd[0]} to {jd[-1]} TDB")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "orrery-core", "--example", "spk_batch"],
                   cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target/release/examples/spk_batch")
    with tempfile.TemporaryDirectory() as tmp:
        tfile, ofile = os.path.join(tmp, "t.f64"), os.path.join(tmp, "o.f64")
        t.astype("<f8").tofile(tfile)
        for target, center, plus, minus in PAIRS:
            print(f"\n{target} wrt {center} ({len(plus) + len(minus)} segment(s))")
            r = subprocess.run([exe, a.kernel, target, center, tfile, ofile], check=True,
                               capture_output=True, text=True)
            orrery = json.loads(r.stdout)
            ours = np.fromfile(ofile, dtype="<f8").reshape(a.n, 6)

            t1 = time.perf_counter()
            pos = np.empty((3, a.n))
            vel = np.empty((3, a.n))
            for i in range(0, a.n, CHUNK):
                pos[:, i:i + CHUNK], vel[:, i:i + CHUNK] = jpl_state(spk, plus, minus, jd[i:i + CHUNK])
            vec_s = time.perf_counter() - t1

            m = min(a.per_call_n, a.n)
            t1 = time.perf_counter()
            for x in jd[:m]:
                jpl_state(spk, plus, minus, float(x))
            call_s = (time.perf_counter() - t1) * a.n / m  # scaled to n states

            dp = np.max(np.linalg.norm(ours[:, :3] - pos.T, axis=1))
            dv = np.max(np.linalg.norm(ours[:, 3:] - vel.T, axis=1))
            print(f"  agreement: max |dr| = {dp:.3e} km, max |dv| = {dv:.3e} km/s")
            if not (dp < 1e-3 and dv < 1e-6):
                sys.exit("  DISAGREEMENT beyond 1 m / 1 mm/s")
            n = a.n
            print(f"  per call:   jplephem {call_s / n * 1e9:10.1f} ns/state, "
                  f"orrery {orrery['per_call_s'] / n * 1e9:8.1f} ns/state")
            print(f"  ratio jplephem/orrery: {call_s / orrery['per_call_s']:.2f}")
            print(f"  vectorised: jplephem {vec_s / n * 1e9:10.1f} ns/state, "
                  f"orrery {orrery['batch_s'] / n * 1e9:8.1f} ns/state (batch, 1 thread)")
            print(f"  ratio jplephem/orrery: {vec_s / orrery['batch_s']:.2f}")


if __name__ == "__main__":
    main()
