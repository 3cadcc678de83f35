"""Reference almanac events from Skyfield, for crates/orrery-sky/tests/skyfield_almanac.rs.

Skyfield 1.55 with the full DE421 of skyfield-data 7.0.0 (de421.bsp, sha256 a20a7139...) and
its built-in timescale (UT1 from its bundled finals2000A.all; Orrery takes UT1 = UTC).

For each observer and span it records:
  * risings and settings (almanac.find_risings / find_settings with Skyfield's default
    horizons: the Sun's centre at -50', the Moon's at -34' minus its angular radius, other
    bodies at -34'), only the real crossings (the returned flag True);
  * meridian transits (almanac.find_transits);
  * twilight changes (almanac.dark_twilight_day through find_discrete: the Sun's apparent
    centre crossing -18, -12, -6 and -0.8333 degrees);
and, geocentric, the Moon's phases (almanac.moon_phases) over two months.

Observers include a high latitude with midnight sun (Tromso in June) and polar night
(Tromso and Longyearbyen in December), the equator and the southern hemisphere.

Run:  python tools/reference/sky/skyfield_almanac.py > crates/orrery-sky/tests/fixtures/skyfield_almanac.json
"""
import json
import sys

import skyfield
import skyfield_data
from skyfield import almanac
from skyfield.api import Loader, wgs84

data = skyfield_data.get_skyfield_data_path()
load = Loader(data)
ts = load.timescale(builtin=True)
eph = load("de421.bsp")
earth = eph["earth"]

BODIES = {
    "sun": eph["sun"],
    "moon": eph["moon"],
    "mercury": eph["mercury"],
    "venus": eph["venus"],
    "mars": eph["mars barycenter"],
    "jupiter": eph["jupiter barycenter"],
    "saturn": eph["saturn barycenter"],
    "uranus": eph["uranus barycenter"],
    "neptune": eph["neptune barycenter"],
}

# name, lat, lon, alt m, start (UTC), days
CASES = [
    ("Paris", 48.8566, 2.3522, 35.0, (2020, 6, 19), 3),
    ("Tromso (midnight sun)", 69.6496, 18.9560, 10.0, (2020, 6, 18), 3),
    ("Tromso (polar night)", 69.6496, 18.9560, 10.0, (2020, 12, 18), 3),
    ("Longyearbyen (polar night)", 78.2232, 15.6267, 10.0, (2021, 1, 5), 3),
    ("Quito", -0.1807, -78.4678, 2850.0, (2021, 9, 20), 3),
    ("Sydney", -33.8688, 151.2093, 58.0, (2021, 3, 1), 3),
    ("McMurdo (midnight sun)", -77.8419, 166.6863, 10.0, (2020, 12, 10), 2),
    ("New York", 40.7128, -74.0060, 10.0, (2021, 11, 6), 3),
]


def iso(t):
    return t.utc_strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def events_for(lat, lon, alt, start, days):
    topos = wgs84.latlon(lat, lon, elevation_m=alt)
    observer = earth + topos
    t0 = ts.utc(*start)
    t1 = ts.utc(start[0], start[1], start[2] + days)
    out = []
    for name, body in BODIES.items():
        for kind, fn in (("rise", almanac.find_risings), ("set", almanac.find_settings)):
            t, real = fn(observer, body, t0, t1)
            for ti, r in zip(t, real):
                if r:
                    out.append({"body": name, "kind": kind, "utc": iso(ti)})
        for ti in almanac.find_transits(observer, body, t0, t1):
            out.append({"body": name, "kind": "transit", "utc": iso(ti)})
    f = almanac.dark_twilight_day(eph, topos)
    t, y = almanac.find_discrete(t0, t1, f)
    names = {
        (0, 1): "astronomical_dawn", (1, 2): "nautical_dawn", (2, 3): "civil_dawn", (3, 4): "sunrise",
        (4, 3): "sunset", (3, 2): "civil_dusk", (2, 1): "nautical_dusk", (1, 0): "astronomical_dusk",
    }
    prev = f(t0)
    for ti, yi in zip(t, y):
        key = (int(prev), int(yi))
        if key in names:
            out.append({"body": "sun", "kind": names[key], "utc": iso(ti)})
        else:  # a jump over a state (a few seconds' twilight skipped by the search)
            out.append({"body": "sun", "kind": f"twilight_{key[0]}_{key[1]}", "utc": iso(ti)})
        prev = yi
    out.sort(key=lambda e: e["utc"])
    return {"start_utc": iso(t0), "end_utc": iso(t1), "events": out}


cases = []
for name, lat, lon, alt, start, days in CASES:
    c = {"name": name, "lat_deg": lat, "lon_deg": lon, "alt_m": alt}
    c.update(events_for(lat, lon, alt, start, days))
    cases.append(c)

t0, t1 = ts.utc(2020, 6, 1), ts.utc(2020, 8, 1)
t, y = almanac.find_discrete(t0, t1, almanac.moon_phases(eph))
phases = [{"phase": almanac.MOON_PHASES[int(yi)], "utc": iso(ti)} for ti, yi in zip(t, y)]

json.dump(
    {
        "source": f"Skyfield {skyfield.__version__}, DE421 (skyfield-data), built-in timescale; "
        "tools/reference/sky/skyfield_almanac.py",
        "cases": cases,
        "moon_phases": {"start_utc": iso(t0), "end_utc": iso(t1), "events": phases},
    },
    sys.stdout,
    indent=1,
)
print()
