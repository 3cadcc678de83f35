"""Generates crates/orrery-transfer/tests/fixtures/lambert_pykep.csv.

Peer: pykep 3.0.1 (C++ `lambert_problem`, Izzo 2015), see requirements.txt.
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r requirements.txt
    /tmp/venv/bin/python gen_lambert_fixture.py > ../../../crates/orrery-transfer/tests/fixtures/lambert_pykep.csv

Format (lines after the '#' header):
  C,mu,r1x,r1y,r1z,r2x,r2y,r2z,tof,retrograde,max_revs   one case (km, s, km^3/s^2)
  S,revs,v1x,v1y,v1z,v2x,v2y,v2z                          each pykep solution, in pykep order
Inputs are written with 9 significant digits and pykep is run on the values as
written, so the file is exact for its inputs.
"""
import math
import random

import pykep_core

pk = pykep_core.load()
MU_EARTH = 398600.4418
MU_SUN = 132712440041.27942
AU = 149597870.7


def rand_dir(rng):
    while True:
        v = [rng.uniform(-1, 1) for _ in range(3)]
        n = math.sqrt(sum(c * c for c in v))
        if 0.1 < n <= 1:
            return [c / n for c in v]


def fmt(x):
    return f"{x:.9g}"


def main():
    rng = random.Random(20151)
    n_cases = 10_000
    print("# pykep 3.0.1 lambert_problem (C++ core), seed 20151, tools/reference/transfer/gen_lambert_fixture.py")
    for i in range(n_cases):
        helio = i % 5 == 4
        mu, (lo, hi) = (MU_SUN, (0.3 * AU, 5.0 * AU)) if helio else (MU_EARTH, (6600.0, 60000.0))
        r1 = [c * rng.uniform(lo, hi) for c in rand_dir(rng)]
        r2 = [c * rng.uniform(lo, hi) for c in rand_dir(rng)]
        rm = 0.5 * (math.sqrt(sum(c * c for c in r1)) + math.sqrt(sum(c * c for c in r2)))
        unit_t = math.sqrt(rm**3 / mu)
        multi = i % 4 == 1
        tof = unit_t * math.exp(rng.uniform(math.log(0.05), math.log(60.0 if multi else 8.0)))
        cw = rng.random() < 0.25
        max_revs = 3 if multi else 0
        vals = [float(fmt(x)) for x in r1 + r2 + [tof]]
        r1, r2, tof = vals[0:3], vals[3:6], vals[6]
        lp = pk.lambert_problem(r1, r2, tof, mu, cw, max_revs)
        print("C," + ",".join([repr(mu)] + [fmt(x) for x in r1 + r2 + [tof]] + [str(int(cw)), str(max_revs)]))
        for k, (v1, v2) in enumerate(zip(lp.v0, lp.v1)):
            revs = (k + 1) // 2
            print("S," + str(revs) + "," + ",".join(f"{x:.14g}" for x in list(v1) + list(v2)))


if __name__ == "__main__":
    main()
