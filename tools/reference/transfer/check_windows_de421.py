"""Checks `orrery windows earth mars --from 2026 --to 2040 --kernel de421.bsp` with pykep.

For each window Orrery reports, pykep 3.0.1 (C++ Lambert) on jplephem 2.24 DE421
states searches departures within +-40 days of Orrery's least-C3 departure and
times of flight 80..500 days on the same 1-day grid (dates at 00:00 UTC, i.e.
+69.184 s in TDB), and prints both optima.
    orrery windows earth mars --from 2026 --to 2040 --kernel de421.bsp --format json > w.json
    python check_windows_de421.py de421.bsp w.json
"""
import datetime
import json
import math
import sys

import numpy as np
from jplephem.spk import SPK

import pykep_core

pk = pykep_core.load()
MU_SUN = 132712440041.27942
TT_UTC = 69.184 / 86400.0


def jd(day):
    d = datetime.date.fromisoformat(day)
    return d.toordinal() + 1721424.5 + TT_UTC


def main():
    spk = SPK.open(sys.argv[1])
    wins = json.load(open(sys.argv[2]))

    def st(chain, t):
        p = np.zeros(3); v = np.zeros(3)
        for c, tg in chain:
            pp, vv = spk[c, tg].compute_and_differentiate(t)
            p += pp; v += vv
        ps, vs = spk[0, 10].compute_and_differentiate(t)
        return p - ps, (v - vs) / 86400.0

    worst = 0.0
    for w in wins:
        d_ours = jd(w["min_c3"]["departure"])
        deps = [d_ours + k for k in range(-40, 41)]
        cache = {}
        best = (math.inf, 0, 0)
        for d in deps:
            r1, ve = st([(0, 3), (3, 399)], d)
            h = np.cross(r1, ve)
            for tof in range(80, 501):
                a = d + tof
                if a not in cache:
                    cache[a] = st([(0, 4), (4, 499)], a)
                r2, vm = cache[a]
                n = np.cross(r1, r2)
                cw = not ((n[2] >= 0) == (n @ h >= 0))
                lp = pk.lambert_problem(list(r1), list(r2), tof * 86400.0, MU_SUN, cw, 0)
                vd = np.array(lp.v0[0]) - ve
                c3 = vd @ vd
                if c3 < best[0]:
                    best = (c3, d, a)
        c3o = w["min_c3"]["c3"]
        rel = abs(c3o - best[0]) / best[0]
        worst = max(worst, rel)
        same = abs(best[1] - d_ours) < 1e-6 and abs(best[2] - jd(w["min_c3"]["arrival"])) < 1e-6
        print(f"{w['min_c3']['departure']} -> {w['min_c3']['arrival']}: orrery C3 {c3o:.6f}, pykep {best[0]:.6f} "
              f"(JD {best[1]:.1f} -> {best[2]:.1f}), same cell {same}, rel {rel:.1e}")
    print(f"worst relative C3 difference {worst:.1e}")


if __name__ == "__main__":
    main()
