#!/usr/bin/env python3
"""Reference subsolar points and solar elevations for the day/night terminator of
`orrery track --plot`, from Skyfield.

Pinned: skyfield==1.53 numpy (python 3.11); ephemeris DE421 excerpt
/work/shared/data/ephemeris/de421-2020-2021.bsp (= crates/orrery-core/tests/fixtures/de421-2020-2021.bsp).
Geometric Sun (no light time, aberration or refraction), Earth-fixed axes = Skyfield's
ITRS (IAU 2000A nutation, GAST, no polar motion), Skyfield's built-in UT1 table.
Usage: python skyfield_subsolar.py > crates/orrery-sat/tests/fixtures/skyfield_subsolar.json
"""
import json

from skyfield.api import load, wgs84
from skyfield.framelib import itrs

ts = load.timescale()
eph = load("crates/orrery-core/tests/fixtures/de421-2020-2021.bsp")
sun, earth = eph["sun"], eph["earth"]

# Equinoxes, solstices, perihelion, and arbitrary instants in 2020-2021.
dates = [
    (2020, 1, 5, 7, 48, 0.0),
    (2020, 3, 20, 3, 49, 36.0),
    (2020, 6, 20, 21, 43, 40.0),
    (2020, 9, 22, 13, 30, 38.0),
    (2020, 12, 21, 10, 2, 19.0),
    (2021, 4, 15, 13, 27, 11.0),
    (2021, 8, 3, 5, 0, 0.0),
    (2021, 11, 29, 18, 30, 45.5),
]
sites = [(lat, lon) for lat in (-75.0, -40.0, -10.0, 0.0, 25.0, 51.5, 80.0)
         for lon in (-170.0, -95.0, -20.0, 0.0, 60.0, 135.0, 179.0)]
cases = []
for d in dates:
    t = ts.utc(*d)
    lat, lon, _ = (sun - earth).at(t).frame_latlon(itrs)
    elev = []
    for la, lo in sites:
        alt, _, _ = (sun - (earth + wgs84.latlon(la, lo))).at(t).altaz()
        elev.append([la, lo, alt.degrees])
    cases.append({
        "utc": "%04d-%02d-%02dT%02d:%02d:%06.3f" % d,
        "subsolar_lat_deg": lat.degrees,
        "subsolar_lon_deg": lon.degrees,
        "elevation_deg": elev,
    })
print(json.dumps({
    "produced_by": "tools/reference/sat/skyfield_subsolar.py (skyfield 1.53, DE421, geometric Sun, ITRS)",
    "cases": cases,
}, indent=1))
