"""Orrery: satellites and passes, ephemerides, launch windows, three-body orbits and
exoplanet transits, from the same Rust library as the ``orrery`` command line.

Units: km, km/s, seconds and days where named, degrees where named (``*_deg``).
Instants are :class:`orrery.time.Time` (any scale; text without a scale is UTC).

Submodules: :mod:`orrery.time`, :mod:`orrery.ephem`, :mod:`orrery.sat`,
:mod:`orrery.transfer`, :mod:`orrery.cr3bp`, :mod:`orrery.transit`, :mod:`orrery.sky`.

>>> import orrery
>>> iss = orrery.sat.Catalog.bundled()["ISS"]
>>> paris = orrery.sat.Observer.city("Paris")
>>> passes = iss.passes(paris, "2026-05-08", "2026-05-09")
"""

from . import _orrery
from . import errors
from .errors import (
    OrreryCancelled,
    OrreryError,
    OrreryFileError,
    OrreryFileNotFoundError,
    OrreryValueError,
)
from . import time, ephem, sat, transfer, cr3bp, transit, sky
from .time import Time

__version__: str = _orrery.__version__

__all__ = [
    "Time",
    "time",
    "ephem",
    "sat",
    "transfer",
    "cr3bp",
    "transit",
    "sky",
    "errors",
    "OrreryError",
    "OrreryValueError",
    "OrreryFileError",
    "OrreryFileNotFoundError",
    "OrreryCancelled",
    "__version__",
]
