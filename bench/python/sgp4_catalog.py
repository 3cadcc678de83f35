"""Whole-catalog SGP4 from Python: orrery (numpy (n_sats, n_times, 3) out) vs the Rust
batch on the same input (`cargo bench`-free: the `orrery propagate`-free Rust figure is
the library call timed inside the binding, i.e. without the interleave) vs python-sgp4's
SatrecArray.

Run: RAYON_NUM_THREADS=1 python bench/python/sgp4_catalog.py   (one core)
"""

import numpy as np
from sgp4.api import Satrec, SatrecArray

import orrery
from orrery.time import Time
from common import best, threads

sample = orrery.sat.Catalog.bundled()
text = open("crates/orrery-sat/data/sample.txt").read()
reps = 56  # 18 x 56 = 1,008 satellites
cat = orrery.sat.Catalog.parse(text * reps, "x56")
n_times = 1440
t = Time.range("2026-05-07T00:00", "2026-05-07T23:59", 60)
assert len(t) == n_times

lines = (text * reps).splitlines()
sats = [Satrec.twoline2rv(lines[i + 1], lines[i + 2]) for i in range(0, len(lines) - 2, 3)]
arr = SatrecArray(sats)
jd = np.full(n_times, 2461167.5)
fr = np.arange(n_times) / 1440.0

n = len(cat) * n_times
t_pos, r = best(lambda: cat.positions(t))
t_pv, st = best(lambda: cat.states(t, velocity=True))
t_ref, (e, rr, vv) = best(lambda: arr.sgp4(jd, fr))
assert r.shape == (len(cat), n_times, 3)
print(f"threads={threads()}  {len(cat)} satellites x {n_times} minutes = {n / 1e6:.2f} M states")
print(f"orrery positions (n,m,3):        {t_pos:.3f} s  {n / t_pos / 1e6:.2f} M/s")
print(f"orrery positions+velocities:     {t_pv:.3f} s  {n / t_pv / 1e6:.2f} M/s")
print(f"python-sgp4 SatrecArray (r, v):  {t_ref:.3f} s  {n / t_ref / 1e6:.2f} M/s")
print(f"ratio orrery(r,v) / SatrecArray: {t_ref / t_pv:.2f}x faster")
ok = e == 0
print(f"max |dr| vs python-sgp4: {np.max(np.abs(rr - st.position)[ok]):.2e} km")
