"""Loads pykep's compiled core without pykep/__init__.py.

pykep 3.0.1's wheel on PyPI lacks pykep/trajopt/gym/tops/*.json, so `import pykep`
fails; the C++ core (`pykep.core`, with `lambert_problem`) works on its own.
"""
import glob
import importlib.util
import os
import sys
import sysconfig
import types


def load():
    site = sysconfig.get_paths()["purelib"]
    so = glob.glob(os.path.join(site, "pykep", "core*.so"))[0]
    if "pykep" not in sys.modules:
        pkg = types.ModuleType("pykep")
        pkg.__path__ = [os.path.join(site, "pykep")]
        sys.modules["pykep"] = pkg
    spec = importlib.util.spec_from_file_location("pykep.core", so)
    core = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(core)
    return core
