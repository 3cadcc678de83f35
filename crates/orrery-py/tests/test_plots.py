"""`.plot()` works where matplotlib is installed (imported only when called)."""

import sys

import numpy as np
import pytest

import orrery

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

from conftest import WASP126  # noqa: E402


def test_plots(bundled):
    import matplotlib.pyplot as plt

    bundled["ISS"].ground_track("2026-05-07T12:00", "2026-05-07T14:00", 60).plot()
    orrery.cr3bp.orbit("nrho").plot(n=100)
    orrery.cr3bp.family("lyapunov", members=5).plot(max_members=3)
    pc = orrery.transfer.porkchop("Earth", "Mars", ("2020-06-15", "2020-09-15", 5),
                                  ("2020-12-15", "2021-04-15", 5))
    pc.plot()
    lc = orrery.transit.LightCurve.read(WASP126)
    lc.plot()
    lc.flatten().periodogram(np.linspace(2, 5, 500), [0.1]).plot()
    lc.search(period_max_days=6, max_planets=1).plot(max_points=500)
    assert len(plt.get_fignums()) == 7
    plt.close("all")


def test_matplotlib_is_not_imported_by_orrery():
    import subprocess

    code = "import orrery, sys; orrery.sat.Catalog.bundled(); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
