#!/usr/bin/env python3
"""Reference passes for orrery-sat from Skyfield's EarthSatellite.find_events.

Pinned: skyfield==1.53 sgp4==2.25 numpy (python 3.11); DE421 excerpt
/work/shared/data/ephemeris/de421-2020-2021.bsp for is_sunlit.
Usage: python skyfield_passes.py > crates/orrery-sat/tests/fixtures/skyfield_passes.json
"""
import json
import sys

from skyfield.api import EarthSatellite, load, wgs84

SHARED = "/work/shared/data"
ts = load.timescale()  # built-in leap-second and Delta T tables, offline
eph = load(f"{SHARED}/ephemeris/de421-2020-2021.bsp")


def read_3le(path, names):
    lines = [l.rstrip("\r\n") for l in open(path, encoding="ascii")]
    out = {}
    for i in range(0, len(lines) - 2, 3):
        if lines[i].strip() in names:
            out[lines[i].strip()] = (lines[i].strip(), lines[i + 1], lines[i + 2])
    return out


stations = read_3le(f"{SHARED}/tle/stations-2020-06-25.tle", {"ISS (ZARYA)"})
heo = read_3le(f"{SHARED}/tle/celestrak-active-2026-05-07.txt", {"MERIDIAN 7", "COSMOS 2510"})

cases = []
observers = {
    "greenwich": (51.4779, -0.0015, 46.0),
    "sydney": (-33.8688, 151.2093, 58.0),
    "tromso": (69.6492, 18.9553, 10.0),
    "quito": (-0.1807, -78.4678, 2850.0),
}
for obs in ["greenwich", "sydney", "tromso", "quito"]:
    for min_el in [0.0, 10.0]:
        cases.append(("ISS (ZARYA)", stations["ISS (ZARYA)"], obs, (2020, 6, 25, 0, 0, 0), 7.0, min_el, True))
for name in ["MERIDIAN 7", "COSMOS 2510"]:
    for obs in ["greenwich", "sydney", "tromso"]:
        cases.append((name, heo[name], obs, (2026, 5, 7, 0, 0, 0), 4.0, 0.0, False))

out = {"producer": "tools/reference/sat/skyfield_passes.py (skyfield 1.53, sgp4 2.25, DE421 excerpt)", "cases": []}
for name, (n, l1, l2), obs, start, days, min_el, sunlit in cases:
    sat = EarthSatellite(l1, l2, n, ts)
    lat, lon, alt = observers[obs]
    topos = wgs84.latlon(lat, lon, elevation_m=alt)
    t0 = ts.utc(*start)
    t1 = ts.tt_jd(t0.tt + days)
    t, kinds = sat.find_events(topos, t0, t1, altitude_degrees=min_el)
    events = []
    for ti, k in zip(t, kinds):
        alt_, az, dist = (sat - topos).at(ti).altaz()
        ev = {
            "utc": ti.utc_strftime("%Y-%m-%dT%H:%M:%S.%f"),
            "kind": ["rise", "culminate", "set"][int(k)],
            "elevation_deg": alt_.degrees,
            "azimuth_deg": az.degrees,
            "range_km": dist.km,
        }
        if sunlit:
            ev["sunlit"] = bool(sat.at(ti).is_sunlit(eph))
            sun_alt = (eph["earth"] + topos).at(ti).observe(eph["sun"]).apparent().altaz()[0]
            ev["sun_elevation_deg"] = sun_alt.degrees
        events.append(ev)
    out["cases"].append({
        "satellite": n, "line1": l1, "line2": l2, "observer": obs,
        "lat_deg": lat, "lon_deg": lon, "alt_m": alt,
        "start_utc": t0.utc_strftime("%Y-%m-%dT%H:%M:%S"),
        "end_utc": t1.utc_strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "min_elevation_deg": min_el, "events": events,
    })
json.dump(out, sys.stdout, indent=1)
print()
