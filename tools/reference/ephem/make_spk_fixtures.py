#!/usr/bin/env python3
"""Reference states from jplephem for Orrery's SPK reader tests.

Requirements (pinned): jplephem==2.24 numpy==2.1.3
Usage: python make_spk_fixtures.py KERNEL.bsp OUT.csv

Writes, for every segment of the kernel and for chained pairs (Mars-Earth,
Moon-Earth, Sun-Earth, ...), states at instants spread through the kernel's
coverage (random, seeded, on a 1/1024-day grid so that the TDB Julian date and
TDB seconds past J2000 are both exact binary numbers; plus both end points).
Positions in km, velocities in km/s (jplephem's km/day divided by 86400), ICRF.
Chained states are summed along segment centres to the common ancestor, as
SPICE does.
"""
import sys

import jplephem
import numpy as np
from jplephem.spk import SPK

T0 = 2451545.0
PER_PAIR = 48
CHAINS = [(499, 399), (301, 399), (10, 399), (399, 10), (499, 10), (5, 10), (399, 301),
          (9, 499), (301, 10), (199, 299)]


def main(kernel, out):
    spk = SPK.open(kernel)
    seg = {(s.center, s.target): s for s in spk.segments}
    parent = {s.target: s.center for s in spk.segments}
    start = max(s.start_jd for s in spk.segments)
    end = min(s.end_jd for s in spk.segments)

    def ancestry(body, jd):
        # [(ancestor, pos, vel)] of body wrt each ancestor, starting with itself.
        chain = [(body, np.zeros(3), np.zeros(3))]
        while body in parent:
            p, v = seg[(parent[body], body)].compute_and_differentiate(jd)
            body = parent[body]
            chain.append((body, chain[-1][1] + p, chain[-1][2] + v))
        return chain

    def state(target, center, jd):
        ct, cc = ancestry(target, jd), ancestry(center, jd)
        ids_c = {b: (p, v) for b, p, v in cc}
        for b, p, v in ct:
            if b in ids_c:
                return p - ids_c[b][0], v - ids_c[b][1]
        raise ValueError("no common ancestor")

    rng = np.random.default_rng(20201)
    pairs = [(s.target, s.center) for s in spk.segments] + CHAINS
    rows = []
    for target, center in pairs:
        k = rng.integers(0, int((end - start) * 1024), PER_PAIR - 2)
        days = np.concatenate([[0.0, end - start], k / 1024.0])
        for d in days:
            jd = start + d
            p, v = state(target, center, jd)
            t = (jd - T0) * 86400.0  # exact: jd is on a 1/1024-day grid
            rows.append((target, center, jd, t, *p, *(v / 86400.0)))
    with open(out, "w") as f:
        f.write(f"# made by tools/reference/ephem/make_spk_fixtures.py with jplephem {jplephem.__version__}, "
                f"numpy {np.__version__}, kernel {kernel.split('/')[-1]}; km, km/s, ICRF\n")
        f.write("target,center,jd_tdb,tdb_s_j2000,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]}," + ",".join(repr(float(x)) for x in r[2:]) + "\n")
    print(f"{len(rows)} states -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
