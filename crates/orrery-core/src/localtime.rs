//! Local civil time: an IANA time zone (tz database bundled through `jiff`, daylight
//! saving applied) or a fixed offset from UTC, for the local-time fields of pass and
//! almanac results.
//!
//! Instants come in as `Epoch`s and are read in UTC with [`crate::time::components`]
//! (our leap-second table), then moved into the zone. A leap second (`:60` UTC) shows as
//! `:59` local, the tz database having no leap seconds.

use crate::time::components;
use hifitime::{Epoch, TimeScale, Unit};
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::Zoned;
use thiserror::Error;

/// Why a time zone could not be set up.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ZoneError {
    /// A name the tz database does not know.
    #[error("unknown time zone {name:?} (give an IANA name such as Europe/Paris)")]
    UnknownZone {
        /// What was asked for.
        name: String,
    },
    /// A fixed offset beyond ±18 h or not finite.
    #[error("a UTC offset must be within ±18 hours, got {hours}")]
    OffsetOutOfRange {
        /// The offset asked for, hours east of Greenwich.
        hours: f64,
    },
}

/// The zone of the local-time columns.
#[derive(Debug, Clone)]
pub struct LocalZone {
    tz: TimeZone,
    label: String,
}

impl LocalZone {
    /// UTC itself.
    pub fn utc() -> Self {
        Self {
            tz: TimeZone::UTC,
            label: "UTC".into(),
        }
    }

    /// An IANA zone by name (`Europe/Paris`, `America/New_York`, `UTC`).
    pub fn named(name: &str) -> Result<Self, ZoneError> {
        let tz = TimeZone::get(name).map_err(|_| ZoneError::UnknownZone {
            name: name.to_string(),
        })?;
        Ok(Self {
            tz,
            label: name.to_string(),
        })
    }

    /// A fixed offset, hours east of Greenwich (no daylight saving).
    pub fn fixed_hours(hours: f64) -> Result<Self, ZoneError> {
        if !(hours.is_finite() && hours.abs() <= 18.0) {
            return Err(ZoneError::OffsetOutOfRange { hours });
        }
        let seconds = (hours * 3600.0).round() as i32;
        let offset =
            Offset::from_seconds(seconds).map_err(|_| ZoneError::OffsetOutOfRange { hours })?;
        Ok(Self {
            tz: TimeZone::fixed(offset),
            label: format!("UTC{hours:+}"),
        })
    }

    /// What the user asked for: the zone's name or `UTC±h`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The instant in this zone, rounded to the second like the UTC columns' milliseconds
    /// (`None` only outside jiff's range, years -9999..=9999).
    fn zoned(&self, t: Epoch) -> Option<Zoned> {
        let (y, mo, d, h, mi, s, _) = components(t + Unit::Millisecond * 0.5, TimeScale::UTC);
        let utc = DateTime::new(
            i16::try_from(y).ok()?,
            i8::try_from(mo).ok()?,
            i8::try_from(d).ok()?,
            i8::try_from(h).ok()?,
            i8::try_from(mi).ok()?,
            i8::try_from(s.min(59)).ok()?,
            0,
        )
        .ok()?;
        let z = utc.to_zoned(TimeZone::UTC).ok()?;
        Some(z.with_time_zone(self.tz.clone()))
    }

    /// Local wall-clock time with the zone's abbreviation: `22:14:03 CEST`.
    pub fn clock(&self, t: Epoch) -> String {
        match self.zoned(t) {
            Some(z) => z.strftime("%H:%M:%S %Z").to_string(),
            None => "-".into(),
        }
    }

    /// The zone's offset from UTC at `t`, seconds east of Greenwich.
    pub fn offset_seconds(&self, t: Epoch) -> i32 {
        self.zoned(t).map_or(0, |z| z.offset().seconds())
    }

    /// Local date and wall-clock time with the zone's abbreviation:
    /// `2026-05-08 22:14:03 CEST` (the date matters: a pass at 00:02 local is the next day).
    pub fn datetime(&self, t: Epoch) -> String {
        match self.zoned(t) {
            Some(z) => z.strftime("%Y-%m-%d %H:%M:%S %Z").to_string(),
            None => "-".into(),
        }
    }

    /// Local date and time with its UTC offset (RFC 3339): `2026-05-08T22:14:03+02:00`.
    pub fn rfc3339(&self, t: Epoch) -> String {
        match self.zoned(t) {
            Some(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            None => "-".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_epoch;

    fn at(s: &str) -> Epoch {
        parse_epoch(s).unwrap()
    }

    #[test]
    fn fixed_offsets_and_errors() {
        let z = LocalZone::fixed_hours(5.5).unwrap();
        assert_eq!(
            z.rfc3339(at("2026-01-01T00:00:00Z")),
            "2026-01-01T05:30:00+05:30"
        );
        assert_eq!(z.label(), "UTC+5.5");
        assert!(LocalZone::fixed_hours(30.0).is_err());
        assert!(LocalZone::fixed_hours(f64::NAN).is_err());
        assert!(LocalZone::named("Mars/Jezero").is_err());
    }

    /// Python zoneinfo + tzdata 2025.2 (`tools/reference/sat/local_times.py`): 16 zones x 16
    /// instants around the 2025/2026 daylight-saving changes of both hemispheres. Exact.
    #[test]
    fn matches_python_zoneinfo() {
        let fixture = include_str!("../tests/fixtures/local_times.csv");
        let mut n = 0;
        for line in fixture.lines().skip(2) {
            let f: Vec<&str> = line.split(',').collect();
            let zone = LocalZone::named(f[0]).unwrap();
            let t = at(f[1]);
            assert_eq!(zone.rfc3339(t), f[2], "{line}");
            assert_eq!(
                zone.clock(t),
                format!("{} {}", &f[2][11..19], f[3]),
                "{line}"
            );
            n += 1;
        }
        assert_eq!(n, 256);
    }

    #[test]
    fn leap_second_reads_as_59() {
        let z = LocalZone::utc();
        assert_eq!(z.clock(at("2016-12-31T23:59:60.2 UTC")), "23:59:59 UTC");
    }
}
