#!/usr/bin/env python3
"""Write the DE421 fixture that measures the built-in analytic ephemeris.

Requirements (pinned): jplephem==2.24, numpy; the full de421.bsp from PyPI
skyfield-data==7.0.0 (sha256 a20a7139...2deedc, see
shared/data/ephemeris/README.md):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install jplephem==2.24 numpy
    pip download --no-deps skyfield-data==7.0.0 -d . && \
        python -m zipfile -e skyfield_data-7.0.0-py2.py3-none-any.whl x
    /tmp/venv/bin/python tools/reference/ephem/make_builtin_accuracy_fixtures.py \
        x/skyfield_data/data/de421.bsp crates/orrery-core/tests/fixtures/builtin_de421.csv

Rows: every 41 days (a step that walks through the lunar phases) from
1900-01-01 to 2050-12-31 TDB, the overlap of DE421 (1899-07-29 .. 2053-10-09)
and Standish's Table 1 (1800..2050). Columns: jd_tdb, then x,y,z (km, ICRF) of
the Sun, the nine system barycenters, the EMB and Earth relative to the SSB
(rounded to 1 km), the Moon relative to Earth (0.001 km), and velocities
(km/s, 1e-6) of Mars barycenter and EMB relative to the SSB and of the Moon
relative to Earth.
"""
import sys

from jplephem.spk import SPK

JD_START = 2415020.5  # 1900-01-01 00:00 TDB
JD_END = 2470171.5  # 2050-12-31 00:00 TDB
STEP = 41.0

SSB_BODIES = [("sun", 10), ("mercury_b", 1), ("venus_b", 2), ("emb", 3), ("mars_b", 4),
              ("jupiter_b", 5), ("saturn_b", 6), ("uranus_b", 7), ("neptune_b", 8),
              ("pluto_b", 9)]


def main(bsp, out):
    k = SPK.open(bsp)

    def ssb(target, jd):
        return k[0, target].compute_and_differentiate(jd)

    def earth(jd):
        p, v = ssb(3, jd)
        pe, ve = k[3, 399].compute_and_differentiate(jd)
        return p + pe, v + ve

    def moon_geo(jd):
        pm, vm = k[3, 301].compute_and_differentiate(jd)
        pe, ve = k[3, 399].compute_and_differentiate(jd)
        return pm - pe, vm - ve

    cols = ["jd_tdb"]
    for name, _ in SSB_BODIES:
        cols += [f"{name}_{c}" for c in "xyz"]
    cols += [f"earth_{c}" for c in "xyz"]
    cols += [f"moon_geo_{c}" for c in "xyz"]
    cols += [f"mars_b_v{c}" for c in "xyz"]
    cols += [f"emb_v{c}" for c in "xyz"]
    cols += [f"moon_geo_v{c}" for c in "xyz"]

    rows = 0
    with open(out, "w") as f:
        f.write("# DE421 (de421.bsp from skyfield-data 7.0.0) via jplephem 2.24, written by "
                "tools/reference/ephem/make_builtin_accuracy_fixtures.py; km and km/s, ICRF, "
                "geometric; SSB-relative except moon_geo (Moon - Earth)\n")
        f.write(",".join(cols) + "\n")
        jd = JD_START
        while jd <= JD_END:
            vals = [f"{jd:.1f}"]
            for _, tid in SSB_BODIES:
                p, _ = ssb(tid, jd)
                vals += [f"{x:.0f}" for x in p]
            pe, _ = earth(jd)
            vals += [f"{x:.0f}" for x in pe]
            pm, vm = moon_geo(jd)
            vals += [f"{x:.3f}" for x in pm]
            _, vmars = ssb(4, jd)
            _, vemb = ssb(3, jd)
            for v in (vmars, vemb, vm):
                vals += [f"{x / 86400.0:.6f}" for x in v]
            f.write(",".join(vals) + "\n")
            rows += 1
            jd += STEP
    print(f"wrote {rows} rows to {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
