"""Per-call overhead of one small call from Python: one Lambert solve (orrery vs pykep)
and one SGP4 state (orrery vs python-sgp4's Satrec.sgp4)."""

import importlib
import importlib.util
import sys
import types

import numpy as np
from sgp4.api import Satrec

import orrery
from orrery.time import Time
from common import per_call

spec = importlib.util.find_spec("pykep")
stand_in = types.ModuleType("pykep")
stand_in.__path__ = list(spec.submodule_search_locations)
sys.modules["pykep"] = stand_in
pk = importlib.import_module("pykep.core")

r1, r2, tof, mu = [1.5e8, 0.0, 0.0], [0.0, 1.6e8, 1e6], 200 * 86400.0, orrery.ephem.gm("Sun")
native = orrery._orrery.lambert
us_or = per_call(lambda: orrery.transfer.lambert(r1, r2, tof, mu))
us_native = per_call(lambda: native(r1, r2, tof, mu, False, 0, False))
us_pk = per_call(lambda: pk.lambert_problem(r1, r2, tof, mu, False, 0).v0)
print(f"Lambert, one solve:  orrery.transfer.lambert {us_or:.2f} us, native call "
      f"{us_native:.2f} us, pykep lambert_problem {us_pk:.2f} us")

cat = orrery.sat.Catalog.bundled()
iss = cat["ISS"]
lines = open("crates/orrery-sat/data/sample.txt").read().splitlines()
ref = Satrec.twoline2rv(lines[4], lines[5])
t = Time("2026-05-07T12:00")
minutes = np.array([90.0])
us_at = per_call(lambda: iss.at(t))
us_min = per_call(lambda: iss.propagate_minutes(minutes))
us_ref = per_call(lambda: ref.sgp4(2461168.0, 0.0))
us_tsince = per_call(lambda: ref.sgp4_tsince(90.0))
print(f"SGP4, one state:     orrery Satellite.at {us_at:.2f} us, propagate_minutes "
      f"{us_min:.2f} us; python-sgp4 Satrec.sgp4 {us_ref:.2f} us, sgp4_tsince {us_tsince:.2f} us")
