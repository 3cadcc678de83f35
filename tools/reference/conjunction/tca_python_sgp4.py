"""Independent times of closest approach for `crates/orrery-sat/tests/conjunction_python_sgp4.rs`.

For a few pairs of the bundled active catalog (CelesTrak, 2026-05-07) this finds
the closest approach near a rough time with python-sgp4 (Vallado's C++ SGP4, WGS-72,
opsmode 'i', the library's defaults): the distance is sampled every second over
+-120 s and its least sample refined by golden-section search on the distance to
1e-7 s. Nothing from Orrery is used but the rough times.

Run from the repository root:
    python3 -m venv /work/venv-conj && /work/venv-conj/bin/pip install sgp4 numpy
    /work/venv-conj/bin/python tools/reference/conjunction/tca_python_sgp4.py \
        > crates/orrery-sat/tests/fixtures/conjunction-tca-python-sgp4.json
"""

import json
import math
import sys

import sgp4
from sgp4.api import Satrec, jday

CATALOG = "crates/orrery-sat/data/celestrak-active-2026-05-07.txt"
# (object 1, object 2, rough TCA in seconds after 2026-05-07T00:00:00 UTC)
PAIRS = [
    (68417, 66692, 627.8),     # JACK-002 / NUSAT-52, crossing at 12.7 km/s
    (68417, 47805, 11598.3),   # JACK-002 / STARLINK-2386, 13.0 km/s
    (56504, 65358, 4121.9),    # STARLINK-5716 / STARLINK-34782, 1.9 km/s
    (56503, 58097, 11287.6),   # STARLINK-5775 / STARLINK-30594, 1.8 km/s
    (25544, 68689, 2184.9),    # ISS / CYGNUS NG-24, docked: 0.1 m/s
]


def load():
    lines = [l.rstrip("\r\n") for l in open(CATALOG)]
    sats = {}
    for i in range(0, len(lines) - 2, 3):
        l1, l2 = lines[i + 1], lines[i + 2]
        sats[int(l1[2:7])] = (lines[i].strip(), Satrec.twoline2rv(l1, l2))
    return sats


JD0, FR0 = jday(2026, 5, 7, 0, 0, 0.0)


def state(sat, t):
    # Split the day fraction so that t keeps its precision.
    e, r, v = sat.sgp4(JD0, FR0 + t / 86400.0)
    if e != 0:
        raise RuntimeError(f"sgp4 error {e}")
    return r, v


def dist(a, b, t):
    ra, _ = state(a, t)
    rb, _ = state(b, t)
    return math.dist(ra, rb)


def tca(a, b, guess):
    ts = [guess - 120.0 + k for k in range(241)]
    k = min(range(len(ts)), key=lambda k: dist(a, b, ts[k]))
    lo, hi = ts[max(k - 1, 0)], ts[min(k + 1, len(ts) - 1)]
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = dist(a, b, x1), dist(a, b, x2)
    while hi - lo > 1e-7:
        if f1 < f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - g * (hi - lo)
            f1 = dist(a, b, x1)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + g * (hi - lo)
            f2 = dist(a, b, x2)
    t = 0.5 * (lo + hi)
    (ra, va), (rb, vb) = state(a, t), state(b, t)
    return t, math.dist(ra, rb), math.dist(va, vb)


def main():
    sats = load()
    out = []
    for i, j, guess in PAIRS:
        (na, a), (nb, b) = sats[i], sats[j]
        t, miss, speed = tca(a, b, guess)
        out.append({
            "norad_id1": i, "name1": na, "norad_id2": j, "name2": nb,
            "tca_s_after_2026_05_07": t, "miss_distance_km": miss,
            "relative_speed_km_s": speed,
        })
    json.dump({
        "provenance": f"tools/reference/conjunction/tca_python_sgp4.py with python-sgp4 {sgp4.__version__} "
                      "(WGS-72, opsmode i), golden-section search on the distance to 1e-7 s",
        "catalog": CATALOG,
        "approaches": out,
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
