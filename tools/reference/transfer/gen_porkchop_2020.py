"""Generates crates/orrery-transfer/tests/fixtures/porkchop_2020_pykep.csv.

Earth -> Mars 2020 window on the DE421 excerpt (de421-2020-2021.bsp, read with
jplephem 2.24), Lambert by pykep 3.0.1 (C++ core). Dates at 00:00 TDB.
Departure 2020-05-01..2020-09-30, arrival 2020-12-01..2021-06-30, 1-day steps.
Constants as in orrery-core (DE440 GM, IAU radii); parking 200 km circular at
Earth, capture 400 km circular at Mars. Prograde = same sense as Earth's orbit.
    /tmp/venv/bin/python gen_porkchop_2020.py BSP > porkchop_2020_pykep.csv
Lines: G,dep_jd_tdb,arr_jd_tdb,c3,vinf_arr,dla_deg,dv_total  (every 5th date on each axis)
       OPT_C3,... the min-C3 cell of the full 1-day grid;  OPT_DV,... the min-total-dv cell
       PERSEVERANCE,... the 2020-07-30 -> 2021-02-18 cell
"""
import math
import sys

import numpy as np
from jplephem.spk import SPK

import pykep_core

pk = pykep_core.load()
MU_SUN = 132712440041.27942
MU_E, R_E = 398600.435507, 6378.1366
MU_M, R_M = 42828.375214, 3396.19
JD_2020_05_01 = 2458970.5
JD_2020_12_01 = 2459184.5


def main():
    spk = SPK.open(sys.argv[1])

    def state(target, jd):
        if target == 399:
            chain = [(0, 3), (3, 399)]
        else:
            chain = [(0, 4), (4, 499)]
        p = np.zeros(3)
        v = np.zeros(3)
        for c, t in chain + [(-1, -1)]:
            if c == -1:
                break
            pp, vv = spk[c, t].compute_and_differentiate(jd)
            p += pp
            v += vv
        ps, vs = spk[0, 10].compute_and_differentiate(jd)
        return p - ps, (v - vs) / 86400.0

    deps = [JD_2020_05_01 + k for k in range(153)]
    arrs = [JD_2020_12_01 + k for k in range(212)]
    sd = [state(399, jd) for jd in deps]
    sa = [state(499, jd) for jd in arrs]
    rp_e, rp_m = R_E + 200.0, R_M + 400.0

    def cell(i, j):
        (r1, ve), (r2, vm) = sd[i], sa[j]
        tof = (arrs[j] - deps[i]) * 86400.0
        n = np.cross(r1, r2)
        h = np.cross(r1, ve)
        cw = not ((n[2] >= 0) == (n @ h >= 0))
        lp = pk.lambert_problem(list(r1), list(r2), tof, MU_SUN, cw, 0)
        vd = np.array(lp.v0[0]) - ve
        va = np.array(lp.v1[0]) - vm
        c3 = vd @ vd
        vinf_a = math.sqrt(va @ va)
        dla = math.degrees(math.asin(vd[2] / math.sqrt(c3)))
        dv = (math.sqrt(c3 + 2 * MU_E / rp_e) - math.sqrt(MU_E / rp_e)) + (
            math.sqrt(vinf_a**2 + 2 * MU_M / rp_m) - math.sqrt(MU_M / rp_m))
        return c3, vinf_a, dla, dv

    print("# Earth->Mars 2020, DE421 excerpt via jplephem 2.24, Lambert by pykep 3.0.1; tools/reference/transfer/gen_porkchop_2020.py")
    best_c3 = (math.inf, None)
    best_dv = (math.inf, None)
    for i in range(len(deps)):
        for j in range(len(arrs)):
            c = cell(i, j)
            if c[0] < best_c3[0]:
                best_c3 = (c[0], (i, j, c))
            if c[3] < best_dv[0]:
                best_dv = (c[3], (i, j, c))
            if i % 5 == 0 and j % 5 == 0:
                print("G,%.1f,%.1f,%.12g,%.12g,%.12g,%.12g" % ((deps[i], arrs[j]) + c))
    for name, (_, (i, j, c)) in (("OPT_C3", best_c3), ("OPT_DV", best_dv)):
        print("%s,%.1f,%.1f,%.12g,%.12g,%.12g,%.12g" % ((name, deps[i], arrs[j]) + c))
    i = deps.index(2459060.5)
    j = arrs.index(2459263.5)
    print("PERSEVERANCE,%.1f,%.1f,%.12g,%.12g,%.12g,%.12g" % ((deps[i], arrs[j]) + cell(i, j)))


if __name__ == "__main__":
    main()
