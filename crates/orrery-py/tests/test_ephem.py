import numpy as np
import pytest

import orrery
from orrery.ephem import Ephemeris
from orrery.time import Time

from conftest import DE421

jplephem = pytest.importorskip("jplephem.spk")

# (target, center) as jplephem segments; ours by NAIF id.
PAIRS = [(4, 0), (3, 0), (399, 3), (301, 3), (10, 0), (5, 0), (1, 0), (2, 0)]


def _jpl(kernel, target, center, jd):
    pos, vel = kernel[center, target].compute_and_differentiate(jd)
    return pos.T, vel.T / 86400.0


def test_de421_states_match_jplephem_to_1_m():
    kernel = jplephem.SPK.open(str(DE421))
    eph = Ephemeris(DE421)
    assert eph.is_kernel and eph.name == "de421-2020-2021.bsp"
    jd = np.linspace(2458850.0, 2459580.0, 2001)  # 2020-2021, TDB
    t = Time.from_jd(jd, "TDB")
    worst_r = worst_v = 0.0
    for target, center in PAIRS:
        s = eph.state(str(target), str(center), t)
        assert s.position.shape == (2001, 3)
        r, v = _jpl(kernel, target, center, jd)
        worst_r = max(worst_r, np.max(np.abs(s.position - r)))
        worst_v = max(worst_v, np.max(np.abs(s.velocity - v)))
    assert worst_r < 1e-3, f"{worst_r * 1e3:.3g} m"  # 1 m
    assert worst_v < 1e-6, f"{worst_v * 1e3:.3g} m/s"
    kernel.close()


def test_planet_through_barycentre_and_frames():
    eph = Ephemeris(DE421)
    t = Time("2020-10-06T14:18 UTC")
    mars = eph.state("Mars", "Earth", t)
    assert mars.position.shape == (3,)
    assert abs(mars.distance_km / 1e6 - 62.07) < 0.01  # NASA: 62.07 million km
    ecl = eph.state("Mars", "Earth", t, frame="ecliptic")
    assert ecl.distance_km == pytest.approx(mars.distance_km, rel=1e-12)
    builtin = Ephemeris().state("Mars", "Earth", t)
    assert abs(builtin.distance_km - mars.distance_km) < 1e5
    df = eph.state("Moon", "Earth", Time.range("2020-01-01", "2020-01-03", 86400)).to_pandas()
    assert list(df.columns)[:3] == ["time_utc", "time_tdb", "x_km"] and len(df) == 3


def test_table_is_the_cli_document():
    doc = Ephemeris().table("Mars", "Sun", "2020-01-01", "2020-01-03", 86400)
    assert set(doc) == {"source", "target", "center", "frame", "states"}
    assert len(doc["states"]) == 3 and "vz_km_s" in doc["states"][0]
    assert orrery.ephem.gm("Earth") == pytest.approx(398600.435, rel=1e-6)


def test_bad_inputs(tmp_path):
    eph = Ephemeris(DE421)
    with pytest.raises(orrery.OrreryValueError, match="outside"):
        eph.state("Mars", "Earth", "2030-01-01")
    with pytest.raises(ValueError):
        eph.state("Marz", "Earth", "2020-06-01")
    with pytest.raises(ValueError):
        eph.state("Mars", "Earth", "2020-06-01", frame="galactic")
    with pytest.raises(FileNotFoundError):
        Ephemeris(tmp_path / "de440.bsp")
    cut = tmp_path / "cut.bsp"
    cut.write_bytes(DE421.read_bytes()[:5000])
    with pytest.raises(orrery.OrreryError):
        Ephemeris(cut).state("Mars", "Earth", "2020-06-01")
    with pytest.raises(ValueError):
        eph.state("Mars", "Earth", [])
