"""Local times of UTC instants in IANA zones, the reference for `orrery passes`'s local-time
columns (crates/orrery-cli/src/cmd/localtime.rs).

Python's zoneinfo with the tz database of the PyPI `tzdata` package (forced with
PYTHONTZPATH="" so the system's zoneinfo is not used):

    python3 -m venv /tmp/venv-tz && /tmp/venv-tz/bin/pip install tzdata==2025.2
    PYTHONTZPATH= /tmp/venv-tz/bin/python tools/reference/sat/local_times.py \
        > crates/orrery-cli/tests/fixtures/local_times.csv

Instants straddle the 2025 and 2026 daylight-saving changes of both hemispheres, plus zones
with half-hour offsets and zones without daylight saving.
"""
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from zoneinfo import ZoneInfo
import sys

ZONES = [
    "Europe/London", "Europe/Paris", "America/New_York", "America/Los_Angeles",
    "America/Chicago", "America/Sao_Paulo", "America/Santiago", "Australia/Sydney",
    "Asia/Kolkata", "Asia/Tokyo", "Africa/Cairo", "Europe/Moscow", "Atlantic/Reykjavik",
    "Australia/Adelaide", "Asia/Kathmandu", "Pacific/Auckland",
]
INSTANTS = [
    "2025-03-09T06:59:59", "2025-03-09T07:00:00", "2025-03-30T00:59:59", "2025-03-30T01:00:00",
    "2025-04-06T15:59:59", "2025-04-06T16:00:00", "2025-07-01T12:00:00", "2025-10-26T00:59:59",
    "2025-10-26T01:00:00", "2025-11-02T05:59:59", "2025-11-02T06:00:00", "2026-01-15T18:30:00",
    "2026-03-29T01:30:00", "2026-05-08T21:14:03", "2026-10-04T16:00:00", "2026-12-31T23:59:59",
]

print(f"# python {sys.version.split()[0]} zoneinfo, tzdata {version('tzdata')} (tools/reference/sat/local_times.py)")
print("zone,utc,local_rfc3339,abbreviation")
for z in ZONES:
    tz = ZoneInfo(z)
    for s in INSTANTS:
        t = datetime.fromisoformat(s).replace(tzinfo=timezone.utc).astimezone(tz)
        off = t.utcoffset()
        sign = "-" if off < timedelta(0) else "+"
        m = abs(int(off.total_seconds())) // 60
        print(f"{z},{s}Z,{t.strftime('%Y-%m-%dT%H:%M:%S')}{sign}{m // 60:02d}:{m % 60:02d},{t.tzname()}")
