"""Generates crates/orrery-transfer/tests/fixtures/windows_pykep.csv.

Launch windows found by brute force with pykep 3.0.1 (C++ Lambert core) on
DE421 states read with jplephem 2.24 from the excerpt
crates/orrery-transfer/tests/fixtures/de421-2020-2037-emv.bsp (made from the
full de421.bsp of skyfield-data 7.0.0 with
`python -m jplephem excerpt --targets 2,3,4,10,299,399,499 2020/1/1 2037/7/1`).
Python 3.11, numpy 2.4.6 (tools/reference/transfer/requirements.txt).

For every departure day (00:00 TDB) of the range and every whole time of
flight in [tof_min, tof_max] days, the zero-revolution prograde Lambert arc
(prograde = same sense as the departure planet's orbit) gives C3 and the total
impulsive delta-v (200 km circular parking orbit at Earth; 400 km circular
capture orbit at the arrival planet, as Orrery's defaults; constants as in orrery-core: DE440 GM,
IAU radii). Per departure day the best C3 over all times of flight gives a
curve; its windows are the local minima that are lowest within +-0.4 synodic
periods (mean periods), each window's territory runs between the curve's
maxima between consecutive minima (or a range end), and each territory's
least-C3 and least-delta-v cells of the full 1-day grid are printed.
`partial` is start/end when that optimum departs on the range's first/last day.

    /tmp/venv-transfer/bin/python gen_windows.py de421-2020-2037-emv.bsp > windows_pykep.csv
    # or one case's lines only (no header), e.g. to append a new case:
    /tmp/venv-transfer/bin/python gen_windows.py de421-2020-2037-emv.bsp mars-earth >> windows_pykep.csv

Lines: W,from,to,k,territory_start_jd,territory_end_jd,kind,dep_jd_tdb,arr_jd_tdb,c3,vinf_arr,dv_total,partial
(kind = C3 or DV; jd are TDB Julian dates).
"""
import math
import sys

import numpy as np
from jplephem.spk import SPK

import pykep_core

pk = pykep_core.load()
MU_SUN = 132712440041.27942
PLANETS = {
    # name: (chain from SSB, GM km^3/s^2, radius km, mean sidereal period days)
    "earth": ([(0, 3), (3, 399)], 398600.435507, 6378.1366, 365.256),
    "mars": ([(0, 4), (4, 499)], 42828.375214, 3396.19, 686.980),
    "venus": ([(0, 2), (2, 299)], 324858.592, 6051.8, 224.701),
}
PARKING_ALT, CAPTURE_ALT = 200.0, 400.0
CASES = [
    # from, to, first departure (JD TDB, 2020-01-01), last departure, tof_min, tof_max
    ("earth", "mars", 2458849.5, 2464692.5, 80, 500),  # 2020-01-01 .. 2035-12-31
    ("earth", "venus", 2458849.5, 2463231.5, 60, 300),  # 2020-01-01 .. 2031-12-31
    ("mars", "earth", 2458849.5, 2464327.5, 80, 500),  # 2020-01-01 .. 2034-12-31
]


def states(spk, name, jds):
    chain = PLANETS[name][0]
    p = np.zeros((3, len(jds)))
    v = np.zeros((3, len(jds)))
    for c, t in chain:
        pp, vv = spk[c, t].compute_and_differentiate(jds)
        p += pp
        v += vv
    ps, vs = spk[0, 10].compute_and_differentiate(jds)
    return (p - ps).T, ((v - vs) / 86400.0).T


def run(spk, frm, to, d0, d1, tmin, tmax):
    deps = np.arange(d0, d1 + 0.5, 1.0)
    arrs = np.arange(d0 + tmin, d1 + tmax + 0.5, 1.0)
    rd, vd = states(spk, frm, deps)
    ra, va = states(spk, to, arrs)
    _, mu_d, r_d, p_d = PLANETS[frm]
    _, mu_a, r_a, p_a = PLANETS[to]
    rp_d, rp_a = r_d + PARKING_ALT, r_a + CAPTURE_ALT
    ntof = tmax - tmin + 1
    c3 = np.full((len(deps), ntof), np.inf)
    vinf = np.full((len(deps), ntof), np.inf)
    for i in range(len(deps)):
        h = np.cross(rd[i], vd[i])
        v1s = np.empty((ntof, 3))
        v2s = np.empty((ntof, 3))
        for k in range(ntof):
            j = i + k
            n = np.cross(rd[i], ra[j])
            cw = not ((n[2] >= 0) == (n @ h >= 0))
            lp = pk.lambert_problem(rd[i].tolist(), ra[j].tolist(), (tmin + k) * 86400.0, MU_SUN, cw, 0)
            v1s[k] = lp.v0[0]
            v2s[k] = lp.v1[0]
        c3[i] = np.sum((v1s - vd[i]) ** 2, axis=1)
        vinf[i] = np.linalg.norm(v2s - va[i:i + ntof], axis=1)
        if i % 500 == 0:
            print(f"{frm}-{to}: {i}/{len(deps)}", file=sys.stderr)
    dv = (np.sqrt(c3 + 2 * mu_d / rp_d) - math.sqrt(mu_d / rp_d)) + (
        np.sqrt(vinf**2 + 2 * mu_a / rp_a) - math.sqrt(mu_a / rp_a))
    best = c3.min(axis=1)
    syn = 1.0 / abs(1.0 / p_d - 1.0 / p_a)
    half = int(round(0.4 * syn))
    mins = [i for i in range(len(deps))
            if all(best[j] > best[i] or j == i or (best[j] == best[i] and j > i)
                   for j in range(max(0, i - half), min(len(deps), i + half + 1)))]
    bounds = [0]
    for a, b in zip(mins, mins[1:]):
        bounds.append(a + int(np.argmax(best[a:b + 1])))
    bounds.append(len(deps) - 1)
    for k, m in enumerate(mins):
        lo, hi = bounds[k], bounds[k + 1]
        for kind, arr in (("C3", c3), ("DV", dv)):
            sub = arr[lo:hi + 1]
            i, t = np.unravel_index(int(np.argmin(sub)), sub.shape)
            i += lo
            partial = "start" if i == 0 else "end" if i == len(deps) - 1 else "none"
            print("W,%s,%s,%d,%.1f,%.1f,%s,%.1f,%.1f,%.12g,%.12g,%.12g,%s" % (
                frm, to, k, deps[lo], deps[hi], kind, deps[i], deps[i] + tmin + t,
                c3[i, t], vinf[i, t], dv[i, t], partial))


def main():
    spk = SPK.open(sys.argv[1])
    only = sys.argv[2:]
    if not only:
        print("# Launch windows by brute force: pykep 3.0.1 Lambert on DE421 (jplephem 2.24) excerpt "
              "de421-2020-2037-emv.bsp; tools/reference/transfer/gen_windows.py")
        print("# W,from,to,k,territory_start_jd,territory_end_jd,kind,dep_jd_tdb,arr_jd_tdb,c3,vinf_arr,dv_total,partial")
    for case in CASES:
        if only and f"{case[0]}-{case[1]}" not in only:
            continue
        print("# case %s->%s departures JD %.1f..%.1f TDB, tof %d..%d days" % case)
        run(spk, *case)


if __name__ == "__main__":
    main()
