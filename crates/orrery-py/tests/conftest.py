"""Shared fixtures of the Python test suite: paths of the repository's reference data
(no test reads outside the repository or the network) and the peers' imports."""

import importlib
import os
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SAT_FIXTURES = ROOT / "crates/orrery-sat/tests/fixtures"
CORE_FIXTURES = ROOT / "crates/orrery-core/tests/fixtures"
TRANSIT_FIXTURES = ROOT / "crates/orrery-transit/tests/fixtures"
DE421 = CORE_FIXTURES / "de421-2020-2021.bsp"
WASP126 = TRANSIT_FIXTURES / "tess2018206045859-s0001-0000000025155310-0120-s_lc.fits"


def load_pykep():
    """pykep 3.0.1's `import pykep` fails (a data file is missing from the wheel): load
    its compiled core through a stand-in package module (../shared/PEERS.md)."""
    spec = importlib.util.find_spec("pykep")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("pykep is not installed")
    if "pykep.core" in sys.modules:
        return sys.modules["pykep.core"]
    stand_in = types.ModuleType("pykep")
    stand_in.__path__ = list(spec.submodule_search_locations)
    saved = sys.modules.get("pykep")
    sys.modules["pykep"] = stand_in
    try:
        return importlib.import_module("pykep.core")
    finally:
        if saved is not None:
            sys.modules["pykep"] = saved


@pytest.fixture(scope="session")
def pykep_core():
    return load_pykep()


@pytest.fixture(scope="session")
def bundled():
    import orrery

    return orrery.sat.Catalog.bundled()


def pytest_report_header(config):
    import orrery

    return f"orrery {orrery.__version__} (native module {orrery._orrery.__file__})"
