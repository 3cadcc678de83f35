import datetime as dt

import numpy as np
import pytest

import orrery
from orrery.time import Time


def test_leap_second_and_scales():
    t = Time("2016-12-31T23:59:60 UTC")
    assert t.iso("TAI") == "2017-01-01T00:00:36.000000 TAI"
    rows = t.every_scale()
    assert [r["scale"] for r in rows] == ["UTC", "TAI", "TT", "TDB", "GPST"]
    assert rows[2]["iso"] == "2017-01-01T00:01:08.184000 TT"
    assert set(rows[0]) == {"scale", "iso", "jd", "mjd"}  # `orrery time --format json`
    # A leap second lasts one SI second.
    assert Time("2017-01-01T00:00:00") - Time("2016-12-31T23:59:59") == 2.0


def test_forms_and_scales():
    assert Time("JD 2459061.0").iso() == "2020-07-30T12:00:00.000000 UTC"
    assert Time.from_jd(2459061.0).iso() == "2020-07-30T12:00:00.000000 UTC"
    assert Time.from_mjd(59060.5, "TDB").iso("TDB") == "2020-07-30T12:00:00.000000 TDB"
    assert Time("2020-07-30", "TDB").iso("TDB") == "2020-07-30T00:00:00.000000 TDB"
    assert abs(Time("2020-07-30T12:00 TT").jd("TT") - 2459061.0) < 1e-9
    assert Time("2020-07-30T12:00 TT").mjd("TT") == pytest.approx(59060.5, abs=1e-9)
    d = dt.datetime(2020, 7, 30, 11, 50, 1, 250000)
    assert Time(d).iso() == "2020-07-30T11:50:01.250000 UTC"
    aware = dt.datetime(2020, 7, 30, 13, 50, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert Time(aware).iso() == "2020-07-30T11:50:01.000000 UTC"
    assert Time(d).datetime() == d.replace(tzinfo=dt.timezone.utc)


def test_arrays():
    t = Time.range("2020-01-01", "2020-01-02", 3600)
    assert len(t) == 25 and not t.is_scalar
    assert t[1].iso() == "2020-01-01T01:00:00.000000 UTC" and t[1].is_scalar
    assert len(t[2:5]) == 3
    jd = t.jd("UTC")
    assert isinstance(jd, np.ndarray) and jd.shape == (25,)
    assert np.allclose(np.diff(jd), 1 / 24)
    u = Time(np.array(["2020-01-01T00:00", "2021-06-01T12:00"], dtype="datetime64[ns]"))
    assert u.iso()[1] == "2021-06-01T12:00:00.000000 UTC"
    v = Time(["2020-01-01", "2020-01-02 TDB"])
    assert len(v) == 2
    assert (Time("2020-01-01") + 86400.0).iso() == "2020-01-02T00:00:00.000000 UTC"
    w = Time("2020-01-01") + np.array([0.0, 60.0])
    assert w.iso() == ["2020-01-01T00:00:00.000000 UTC", "2020-01-01T00:01:00.000000 UTC"]
    assert Time.linspace("2020-01-01", 3, dt.timedelta(minutes=1)).size == 3


@pytest.mark.parametrize("bad", ["2021-02-30", "2020-13-01", "2019-06-30T23:59:60 UTC",
                                 "tomorrow-ish", "", "2020-01-01 XYZ"])
def test_bad_dates_raise(bad):
    with pytest.raises(orrery.OrreryValueError):
        Time(bad)
    with pytest.raises(ValueError):  # also a ValueError
        Time(bad)


def test_bad_numbers_raise():
    with pytest.raises(ValueError):
        Time(2459061.0)  # ambiguous: use from_jd
    with pytest.raises(ValueError):
        Time.from_jd([2459061.0, np.nan])
    with pytest.raises(ValueError):
        Time.from_jd(np.zeros((2, 2)))
    with pytest.raises(ValueError):
        Time.range("2020-01-02", "2020-01-01", 60)
    with pytest.raises(ValueError):
        Time.range("2020-01-01", "2020-01-02", -60)
    with pytest.raises(ValueError):
        Time("2016-12-31T23:59:60").datetime()
