"""python-sgp4 reference states for the SIMD kernel test (crates/orrery-sat/tests/kernel.rs).

Every 32nd near-Earth object and every 2nd deep-space object (12- and 24-hour resonant ones
included) of the bundled CelesTrak active catalog (crates/orrery-sat/data/celestrak-active-2026-05-07.txt), at 5
instants from 2026-05-07T00:00:00Z to +24 h every 6 h, propagated by python-sgp4's SatrecArray (WGS-72, opsmode i,
its defaults). Output: crates/orrery-sat/tests/fixtures/python_sgp4_catalog.csv with
norad_id,minutes_from_start,error,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s, positions rounded to
1e-9 km and velocities to 1e-12 km/s (10^4 times below the test's tolerances, to keep the file small).

Run: /work/venv-peers/bin/python tools/reference/sat/sgp4_catalog_states.py  (sgp4 2.27, numpy)
"""
import pathlib

import numpy as np
import sgp4
from sgp4.api import Satrec, SatrecArray, jday

root = pathlib.Path(__file__).resolve().parents[3]
catalog = root / "crates/orrery-sat/data/celestrak-active-2026-05-07.txt"
out = root / "crates/orrery-sat/tests/fixtures/python_sgp4_catalog.csv"

lines = [l.rstrip("\r\n") for l in open(catalog, encoding="ascii")]
pairs = [(l, lines[i + 1]) for i, l in enumerate(lines[:-1]) if l.startswith("1 ") and lines[i + 1].startswith("2 ")]
sats = [Satrec.twoline2rv(a, b) for a, b in pairs]
near = [i for i, s in enumerate(sats) if s.method != "d"]
deep = [i for i, s in enumerate(sats) if s.method == "d"]
pick = sorted(near[::32] + deep[::2])
arr = SatrecArray([sats[i] for i in pick])
minutes = np.arange(0, 24 * 60 + 1, 360.0)
jd0, fr0 = jday(2026, 5, 7, 0, 0, 0.0)
e, r, v = arr.sgp4(np.full(len(minutes), jd0), fr0 + minutes / 1440.0)
with open(out, "w") as f:
    f.write(f"# python-sgp4 {sgp4.__version__} SatrecArray states of {len(pick)} objects of "
            f"crates/orrery-sat/data/celestrak-active-2026-05-07.txt (every 32nd near-Earth, every 2nd deep-space); "
            f"made by tools/reference/sat/sgp4_catalog_states.py\n")
    f.write("norad_id,minutes_from_start,error,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n")
    for k, i in enumerate(pick):
        for j, m in enumerate(minutes):
            vals = ",".join([f"{x:.9f}" for x in r[k, j]] + [f"{x:.12f}" for x in v[k, j]])
            f.write(f"{sats[i].satnum},{m:.0f},{e[k, j]},{vals}\n")
print(f"{len(pick)} objects x {len(minutes)} instants -> {out}")
