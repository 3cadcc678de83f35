import pytest

import orrery
from orrery import errors


def test_hierarchy():
    assert issubclass(errors.OrreryValueError, orrery.OrreryError)
    assert issubclass(errors.OrreryValueError, ValueError)
    assert issubclass(errors.OrreryFileError, OSError)
    assert issubclass(errors.OrreryFileNotFoundError, FileNotFoundError)
    assert issubclass(errors.OrreryFileNotFoundError, errors.OrreryFileError)


def test_library_messages_reach_python(tmp_path):
    with pytest.raises(FileNotFoundError, match="nonexistent"):
        orrery.sat.Catalog.load(tmp_path / "nonexistent.txt")
    with pytest.raises(orrery.OrreryValueError, match="unknown"):
        orrery.ephem.Ephemeris().state("Vulcan", "Earth", "2020-01-01")
