import numpy as np
import pytest

import orrery
from orrery import transfer
from orrery.ephem import Ephemeris

from conftest import DE421

MU_SUN = orrery.ephem.gm("Sun")


def _cases(n=300, seed=7):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        r1 = rng.normal(size=3) * 1.5e8
        r2 = rng.normal(size=3) * 2.0e8
        tof = rng.uniform(30, 900) * 86400.0
        yield r1, r2, tof, bool(rng.integers(2)), int(rng.integers(0, 3))


def test_lambert_matches_pykep(pykep_core):
    """Every solution (all revolutions, both branches, both directions) against pykep's
    Izzo solver: velocities to 1e-8 relative."""
    worst, n = 0.0, 0
    for r1, r2, tof, retro, revs in _cases():
        ours = transfer.lambert(r1, r2, tof, MU_SUN, retrograde=retro, max_revs=revs)
        lp = pykep_core.lambert_problem(list(r1), list(r2), tof, MU_SUN, retro, revs)
        theirs = list(zip(np.array(lp.v0), np.array(lp.v1)))
        assert len(ours) == len(theirs)
        for s in ours:
            d = min(max(np.linalg.norm(s.v1 - a) / np.linalg.norm(a),
                        np.linalg.norm(s.v2 - b) / np.linalg.norm(b)) for a, b in theirs)
            worst = max(worst, d)
            n += 1
    assert n >= 300
    assert worst < 1e-8, worst


def test_lambert_vallado_and_dict():
    sols = transfer.lambert([15945.34, 0, 0], [12214.83899, 10249.46731, 0], 76 * 60, "Earth")
    assert len(sols) == 1 and sols[0].branch == "single"
    assert np.allclose(sols[0].v1, [2.058913, 2.915965, 0], atol=1e-5)  # Vallado ex. 7-5
    d = sols[0].to_dict()
    assert set(d) == {"revolutions", "branch", "v1_km_s", "v2_km_s"}  # `orrery lambert`
    multi = transfer.lambert([1.5e8, 0, 0], [0, 1.6e8, 1e6], 900 * 86400, "Sun", max_revs=5)
    assert [s.branch for s in multi][:3] == ["single", "left", "right"]


def test_lambert_bad_inputs():
    with pytest.raises(orrery.OrreryValueError, match="collinear|plane"):
        transfer.lambert([1e8, 0, 0], [2e8, 0, 0], 1e7, "Sun")
    with pytest.raises(ValueError):
        transfer.lambert([1e8, 0, 0], [0, 1e8, 0], -5.0, "Sun")
    with pytest.raises(ValueError):
        transfer.lambert([1e8, 0], [0, 1e8, 0], 1e7, "Sun")
    with pytest.raises(ValueError):
        transfer.lambert([1e8, np.nan, 0], [0, 1e8, 0], 1e7, "Sun")
    with pytest.raises(ValueError, match="revolution"):
        transfer.lambert([1e8, 0, 0], [0, 1e8, 0], 1e5, "Sun", max_revs=3, exact_revs=True)
    with pytest.raises(ValueError):
        transfer.lambert([1e8, 0, 0], [0, 1e8, 0], 1e7, "Vulcan")


def test_porkchop_arrays_and_axes():
    pc = transfer.porkchop("Earth", "Mars", ("2020-06-15", "2020-09-15", 2),
                           ("2020-12-15", "2021-04-15", 2), ephemeris=Ephemeris(DE421))
    assert pc.c3.shape == (47, 61) == (len(pc.departures), len(pc.arrivals))
    assert pc.dv_total.shape == pc.c3.shape and pc.ok.dtype == bool
    i, j = np.unravel_index(np.nanargmin(pc.c3), pc.c3.shape)
    best = pc.min_c3
    assert (best["i"], best["j"]) == (i, j)
    assert 12.0 < best["c3_km2_s2"] < 14.5  # the 2020 window
    assert pc.departures[int(i)].iso().startswith(best["departure_utc"][:10])
    doc = pc.to_dict()
    assert len(doc["cells"]) == 47 * 61 and doc["ephemeris"] == "de421-2020-2021.bsp"
    grid = pc.grid()
    assert len(grid["c3_km2_s2"]) == 47 and len(grid["c3_km2_s2"][0]) == 61
    # A cell again through Lambert: the departure v-infinity is |v1 - v_earth|.
    eph = Ephemeris(DE421)
    t1, t2 = pc.departures[int(i)], pc.arrivals[int(j)]
    e = eph.state("Earth", "Sun", t1)
    m = eph.state("Mars", "Sun", t2)
    s = transfer.lambert(e.position, m.position, t2 - t1, "Sun")[0]
    assert np.linalg.norm(s.v1 - e.velocity) ** 2 == pytest.approx(pc.c3[i, j], rel=1e-9)


def test_porkchop_progress_and_stop():
    calls = []

    def cb(done, total):
        calls.append((done, total))
        return False  # stop at the first report

    with pytest.raises(orrery.OrreryCancelled):
        transfer.porkchop("Earth", "Mars", ("2020-01-01", "2021-12-31", 0.1),
                          ("2020-06-01", "2023-06-01", 0.5), progress=cb)
    assert calls and calls[0][1] > 0


def test_porkchop_bad_ranges():
    with pytest.raises(ValueError):
        transfer.porkchop("Earth", "Mars", ("2020-06-15", "2020-09-15", 0),
                          ("2020-12-15", "2021-04-15", 2))
    with pytest.raises(ValueError):
        transfer.porkchop("Earth", "Mars", ("2021-06-15", "2021-09-15", 2),
                          ("2020-12-15", "2021-04-15", 2))


def test_windows():
    w = transfer.windows("Earth", "Mars", "2020-01-01", "2024-12-31", (100, 400))
    assert len(w) >= 2
    assert {"min_c3", "min_dv_total", "partial"} == set(w[0])
    assert w[0]["min_c3"]["departure_utc"].startswith("2020-07")


MISSION = """
name = "Mars orbiter"
dry_mass_kg = 1000.0
isp_s = 320.0

[[leg]]
name = "trans-Mars injection"
kind = "departure"
body = "Earth"
altitude_km = 200.0
c3_km2_s2 = 13.1

[[leg]]
name = "Mars orbit insertion"
kind = "capture"
body = "Mars"
vinf_km_s = 2.85
periapsis_altitude_km = 400.0
"""


def test_budget_toml_dict_file(tmp_path):
    a = transfer.budget(MISSION)
    assert [leg["kind"] for leg in a["legs"]] == ["departure", "capture"]
    assert 5.0 < a["total_dv_km_s"] < 7.0 and a["initial_mass_kg"] > a["dry_mass_kg"]
    p = tmp_path / "m.toml"
    p.write_text(MISSION)
    assert transfer.budget(p) == a
    d = {"name": "Mars orbiter", "dry_mass_kg": 1000.0, "isp_s": 320.0, "leg": [
        {"name": "trans-Mars injection", "kind": "departure", "body": "Earth",
         "altitude_km": 200.0, "c3_km2_s2": 13.1},
        {"name": "Mars orbit insertion", "kind": "capture", "body": "Mars",
         "vinf_km_s": 2.85, "periapsis_altitude_km": 400.0}]}
    assert transfer.budget(d) == a
    with pytest.raises(ValueError):
        transfer.budget(MISSION.replace("altitude_km = 200.0", "altitud_km = 200.0"))
    with pytest.raises(ValueError):
        transfer.budget({"name": "x", "dry_mass_kg": -1, "isp_s": 300, "leg": []})
    with pytest.raises(FileNotFoundError):
        transfer.budget(str(tmp_path / "missing.toml"))


def test_transfer_path():
    p = transfer.transfer_path("Earth", "Mars", "2020-07-30", "2021-02-18", n=100)
    assert p["transfer_km"].shape == (100, 3)
    au = 1.495978707e8
    assert abs(np.linalg.norm(p["transfer_km"][0]) / au - 1.015) < 0.02


def test_ctrl_c_stops_a_long_porkchop_within_a_second():
    """Ctrl-C (simulated with _thread.interrupt_main once the grid is under way) stops an
    8-million-cell porkchop within a second and raises KeyboardInterrupt."""
    import _thread
    import time

    fired = []

    def interrupt_once(done, total):
        if not fired and done > 0:
            fired.append(time.perf_counter())
            _thread.interrupt_main()

    with pytest.raises(KeyboardInterrupt):
        transfer.porkchop("Earth", "Mars", ("2020-01-01", "2021-12-31", 0.2),
                          ("2020-06-01", "2023-06-01", 0.5), progress=interrupt_once)
    assert fired and time.perf_counter() - fired[0] < 1.0
