#!/usr/bin/env python3
"""Reference JWST visibility from STScI's jwst-gtvt (the JWST General Target Visibility Tool).

Requirements: jwst-gtvt==1.2 (pip; pulls astropy 8.0.2, pandas 3.1.1, numpy 2.4.6).

jwst-gtvt asks JPL Horizons for JWST's ephemeris (target -170, heliocentric ICRF,
light-time corrected, daily) and, when Horizons cannot be reached, falls back to
the ephemeris file bundled with the package (data/ephemeris_2021-12-26_2025-06-12.txt,
Horizons "JWST_merged" on DE441, 2021-12-26 .. 2025-05-29). Run offline, as here,
it uses that file, so the span below stays inside it.

What jwst-gtvt computes (jwst_tvt.py, constants.py):
  * Sun direction from JWST = -(JWST heliocentric position), from the ephemeris rows;
    positions are shifted by one row (X <- X.shift()), so the value reported for day D
    uses JWST's position at day D-1 (0h TDB).
  * "dist" = angle between the target and that Sun direction (solar elongation).
  * in field of regard (in_FOR) when 84.8 deg < elongation < 135.0 deg
    (MIN_SUN_ANGLE, MAX_SUN_ANGLE).
  * evaluated once per day (rows at 0h TDB).

Output (stdout): CSV with two record kinds, for each target
  window,<name>,<ra>,<dec>,<first day in FOR>,<last day in FOR>   (dates of the 0h TDB rows)
  elong,<name>,<ra>,<dec>,<position epoch (TDB, = row date - 1 d)>,<elongation deg>   (every 7th row)

Run:
    python3 -m venv /tmp/venv-gtvt && /tmp/venv-gtvt/bin/pip install jwst-gtvt==1.2
    /tmp/venv-gtvt/bin/python tools/reference/cr3bp/visibility_gtvt.py > crates/orrery-cr3bp/tests/fixtures/visibility_gtvt.csv
"""
import contextlib
import io
import sys

import numpy as np
from astropy.time import Time
import jwst_gtvt
from importlib.metadata import version
from jwst_gtvt.jwst_tvt import Ephemeris
from jwst_gtvt.constants import MIN_SUN_ANGLE, MAX_SUN_ANGLE, R2D

START, END = "2023-01-01", "2025-01-01"
TARGETS = [
    ("LMC", "80.89375", "-69.75611"),
    ("TRAPPIST-1", "346.62202", "-5.04144"),
    ("M31", "10.68471", "41.26875"),
    ("Sgr A*", "266.41683", "-29.00781"),
    ("HD 209458", "330.79488", "18.88432"),
]


def main():
    print(
        f"# jwst-gtvt {version('jwst-gtvt')} (offline: bundled JWST ephemeris, Horizons JWST_merged/DE441); "
        f"field of regard {MIN_SUN_ANGLE * R2D:.1f}-{MAX_SUN_ANGLE * R2D:.1f} deg; daily rows {START}..{END} (0h TDB); "
        "produced by tools/reference/cr3bp/visibility_gtvt.py"
    )
    print("kind,target,ra_deg,dec_deg,a,b")
    for name, ra, dec in TARGETS:
        with contextlib.redirect_stdout(io.StringIO()):
            eph = Ephemeris(start_date=Time(START), end_date=Time(END))
            if "ephemeris_2021-12-26" not in eph.ephemeris_filename:
                sys.exit("unexpected ephemeris file")
            df = eph.get_fixed_target_positions(ra, dec)
        df = df.iloc[1:].reset_index(drop=True)  # row 0 has no position after the shift
        dates = [str(d) for d in df["display_date"]]
        inside = df["in_FOR"].values
        start = None
        for k, ok in enumerate(inside):
            if ok and start is None:
                start = k
            if not ok and start is not None:
                print(f"window,{name},{ra},{dec},{dates[start]},{dates[k - 1]}")
                start = None
        if start is not None:
            print(f"window,{name},{ra},{dec},{dates[start]},{dates[-1]}")
        for k in range(0, len(df), 7):
            pos_epoch = Time(df["MJD"].values[k] - 1.0, format="mjd", scale="tdb").isot[:19]
            print(f"elong,{name},{ra},{dec},{pos_epoch},{df['dist'].values[k] * R2D:.6f}")


if __name__ == "__main__":
    main()
