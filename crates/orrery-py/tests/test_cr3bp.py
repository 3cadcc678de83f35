import numpy as np
import pytest

import orrery
from orrery import cr3bp


def test_lagrange_points():
    pts = cr3bp.lagrange_points("earth-moon")
    assert [p["point"] for p in pts] == ["L1", "L2", "L3", "L4", "L5"]
    assert abs(pts[0]["distance_from_secondary_km"] - 58_019) < 50  # L1: ~58,000 km
    se = cr3bp.System("sun-earth")
    assert abs(se.lagrange_points()[1]["distance_from_secondary_km"] - 1.5e6) < 0.02e6
    assert se.mu == pytest.approx(3.0404e-6, rel=1e-3)


def test_nrho_and_samples():
    o = cr3bp.orbit("nrho")
    assert abs(o.period_days - 6.5624) < 1e-3  # 2/9 of a synodic month
    assert abs(o.apoapsis_km - 71_000) < 3_000
    t, s = o.sample(200)
    assert t.shape == (200,) and s.shape == (200, 6)
    assert np.allclose(s[0], s[-1], atol=1e-6)  # periodic
    td, skm = o.sample(200, physical=True)
    assert td[-1] == pytest.approx(o.period_days, rel=1e-9)
    assert np.allclose(skm[0], o.state_km, rtol=1e-9)
    assert o.to_dict()["physical"]["period_days"] == o.period_days


def test_halo_by_amplitude():
    o = cr3bp.orbit("halo", point="L1", az_km=10_000)
    assert "halo" in o.family and abs(o.to_dict()["orbit"]["az"] * o.system.length_km - 10_000) < 50


def test_family():
    f = cr3bp.family("lyapunov", point="L1", members=12)
    assert len(f) == 12 and f.states.shape == (12, 6)
    assert np.all(np.abs(f.stability[:, 0]) > 1)  # planar Lyapunov orbits are unstable
    assert np.all(np.diff(f.jacobi) < 0)  # growing orbits, falling Jacobi constant
    t, s = f.sample(3, 50)
    assert s.shape == (50, 6)
    tr = f.trajectories(4)
    assert len(tr["members"]) <= 4
    assert f.to_dict()["family"]["name"] == f.name


def test_bad_inputs():
    with pytest.raises(orrery.OrreryValueError):
        cr3bp.System("earth-mars")
    with pytest.raises(ValueError):
        cr3bp.orbit("banana")
    with pytest.raises(ValueError):
        cr3bp.orbit("halo", point="L7")
    with pytest.raises(ValueError):
        cr3bp.family("lyapunov", members=0)
    with pytest.raises(ValueError):
        cr3bp.System.custom(0.7, 1e5, 1e5)
