"""Exceptions raised by Orrery.

Every error Orrery raises is an :class:`OrreryError`; each subclass also derives from the
matching built-in, so ``except ValueError`` and ``except FileNotFoundError`` work as
expected. The message is the library's own (file, line, field, offending value).
"""


class OrreryError(Exception):
    """Base class of every Orrery error."""


class OrreryValueError(OrreryError, ValueError):
    """A bad argument or bad data: a malformed TLE, an unknown body, an impossible
    date, NaN in an array, a wrong shape."""


class OrreryFileError(OrreryError, OSError):
    """A file that cannot be read or written."""


class OrreryFileNotFoundError(OrreryFileError, FileNotFoundError):
    """A file that does not exist."""


class OrreryCancelled(OrreryError):
    """Long work stopped by its progress callback (returned ``False`` or raised)."""


__all__ = [
    "OrreryError",
    "OrreryValueError",
    "OrreryFileError",
    "OrreryFileNotFoundError",
    "OrreryCancelled",
]
