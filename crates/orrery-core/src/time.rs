//! Parsing and formatting of instants.
//!
//! Accepted inputs (case-insensitive, surrounding spaces ignored):
//!
//! * ISO 8601 calendar dates: `2020-07-30`, `2020-07-30T11:50`, `2020-07-30T11:50:01.25`,
//!   with `T` or a space between date and time; a trailing `Z` means UTC;
//! * a bare year or year-month: `2026`, `2026-05` (start of that period);
//! * Julian dates: `JD 2459061.0`, and Modified Julian Dates: `MJD 59060.5`;
//! * `now` (the system clock, UTC).
//!
//! Any of the first three may be followed by a time-scale name: `UTC`, `TAI`, `TT`,
//! `TDB`, `GPST` (also `ET`, read as TDB). Without one, the scale is **UTC**.
//!
//! Leap seconds: `2016-12-31T23:59:60 UTC` is the real inserted second (TAI
//! 2017-01-01T00:00:36). hifitime folds such an input onto 23:59:59, so the
//! leap second is handled here, at the parsing edge, and again when formatting UTC.
//! Any other `:60` is rejected, since that second never existed.
//!
//! Julian dates are parsed and printed through integer arithmetic so that a JD
//! keeps microsecond precision (an `f64` JD resolves only ~40 µs).

use hifitime::leap_seconds::LatestLeapSeconds;
use hifitime::{Duration, Epoch, TimeScale, Unit};
use std::sync::OnceLock;
use thiserror::Error;

/// Why a time string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text has no form we know.
    #[error("cannot read '{input}' as a date: {reason} (expected e.g. 2020-07-30T11:50:01 UTC, JD 2459061.0 TDB, MJD 59060.5)")]
    Syntax { input: String, reason: String },
    /// A field is out of its range (month 13, 31 April, minute 61...).
    #[error("invalid date '{input}': {reason}")]
    Range { input: String, reason: String },
    /// A time-scale name we do not know.
    #[error("unknown time scale '{0}' (known: UTC, TAI, TT, TDB, GPST)")]
    UnknownScale(String),
    /// The system clock could not be read.
    #[error("cannot read the system clock: {0}")]
    Clock(String),
}

/// Parses a user instant. See the [module documentation](self) for the forms.
pub fn parse_epoch(input: &str) -> Result<Epoch, TimeError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(syntax(input, "empty"));
    }
    if text.eq_ignore_ascii_case("now") {
        return Epoch::now().map_err(|e| TimeError::Clock(e.to_string()));
    }
    let (body, scale) = split_scale(text)?;
    let upper = body.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("MJD") {
        return julian(input, rest.trim(), 0, scale);
    }
    if let Some(rest) = upper.strip_prefix("JD") {
        // JD = MJD + 2400000.5: shift by the offset in units of 1e-12 day.
        return julian(input, rest.trim(), 2_400_000_500_000_000_000, scale);
    }
    calendar(input, &upper, scale)
}

/// Parses a time-scale name (`UTC`, `TAI`, `TT`, `TDB`, `ET`, `GPST`/`GPS`).
pub fn parse_scale(name: &str) -> Result<TimeScale, TimeError> {
    match name.trim().to_ascii_uppercase().as_str() {
        "UTC" | "Z" => Ok(TimeScale::UTC),
        "TAI" => Ok(TimeScale::TAI),
        "TT" => Ok(TimeScale::TT),
        "TDB" | "ET" => Ok(TimeScale::TDB),
        "GPST" | "GPS" => Ok(TimeScale::GPST),
        other => Err(TimeError::UnknownScale(other.to_string())),
    }
}

/// The short name we print for a scale.
pub fn scale_name(scale: TimeScale) -> &'static str {
    match scale {
        TimeScale::UTC => "UTC",
        TimeScale::TAI => "TAI",
        TimeScale::TT => "TT",
        TimeScale::TDB => "TDB",
        TimeScale::ET => "ET",
        TimeScale::GPST => "GPST",
        _ => "?",
    }
}

/// Splits a trailing scale token (`... TDB`, or an ISO `Z`) from the rest.
fn split_scale(text: &str) -> Result<(&str, TimeScale), TimeError> {
    if let Some((head, tail)) = text.rsplit_once(char::is_whitespace) {
        let tail_up = tail.to_ascii_uppercase();
        if tail_up.chars().all(|c| c.is_ascii_alphabetic()) && !head.trim().is_empty() {
            // "JD 2459061" has an alphabetic head but a numeric tail; only an
            // alphabetic tail can be a scale.
            return Ok((head.trim_end(), parse_scale(&tail_up)?));
        }
    }
    if let Some(head) = text.strip_suffix(['Z', 'z']) {
        if head.contains('-') {
            return Ok((head, TimeScale::UTC));
        }
    }
    Ok((text, TimeScale::UTC))
}

fn syntax(input: &str, reason: &str) -> TimeError {
    TimeError::Syntax {
        input: input.trim().to_string(),
        reason: reason.to_string(),
    }
}

fn range(input: &str, reason: String) -> TimeError {
    TimeError::Range {
        input: input.trim().to_string(),
        reason,
    }
}

/// Parses `[-]digits[.digits]` into units of 1e-12 (exact for 12 decimals).
fn parse_fixed12(input: &str, number: &str) -> Result<i128, TimeError> {
    let (neg, digits) = match number.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !ok(int) || !ok(frac) || int.len() > 15 {
        return Err(syntax(input, &format!("'{number}' is not a day number")));
    }
    let mut value: i128 = if int.is_empty() {
        0
    } else {
        int.parse::<i128>()
            .map_err(|_| syntax(input, "bad day number"))?
    };
    value *= 1_000_000_000_000;
    let mut scale = 100_000_000_000i128;
    for c in frac.chars().take(12) {
        value += i128::from(c as u8 - b'0') * scale;
        scale /= 10;
    }
    Ok(if neg { -value } else { value })
}

/// Builds an epoch from a (M)JD given as text; `offset_e12` is the JD-MJD offset in 1e-12 day.
fn julian(
    input: &str,
    number: &str,
    offset_e12: i128,
    scale: TimeScale,
) -> Result<Epoch, TimeError> {
    const E12: i128 = 1_000_000_000_000;
    let mjd_e12 = parse_fixed12(input, number)? - offset_e12;
    let days = mjd_e12.div_euclid(E12);
    let frac_e12 = mjd_e12.rem_euclid(E12);
    // 1e-12 day = 86.4 ns: ns_of_day = frac * 86400e9 / 1e12, rounded.
    let ns_of_day = (frac_e12 * 86_400 + 500) / 1_000;
    let (y, m, d) = civil_from_mjd(days as i64);
    if !(-4000..=9999).contains(&y) {
        return Err(range(input, format!("year {y} is outside -4000..9999")));
    }
    let ns_of_day = ns_of_day as i64;
    let hour = (ns_of_day / 3_600_000_000_000) as u8;
    let minute = ((ns_of_day / 60_000_000_000) % 60) as u8;
    let second = ((ns_of_day / 1_000_000_000) % 60) as u8;
    let nanos = (ns_of_day % 1_000_000_000) as u32;
    if hour >= 24 {
        // rounding reached the next midnight
        let (y, m, d) = civil_from_mjd(days as i64 + 1);
        return calendar_epoch(input, y, m, d, 0, 0, 0, 0, scale);
    }
    calendar_epoch(input, y, m, d, hour, minute, second, nanos, scale)
}

#[allow(clippy::too_many_arguments)]
fn calendar_epoch(
    input: &str,
    y: i32,
    m: u8,
    d: u8,
    h: u8,
    mi: u8,
    s: u8,
    ns: u32,
    scale: TimeScale,
) -> Result<Epoch, TimeError> {
    if scale == TimeScale::UTC {
        from_utc(input, y, m, d, h, mi, s, ns)
    } else {
        Ok(Epoch::from_gregorian(y, m, d, h, mi, s, ns, scale))
    }
}

fn calendar(input: &str, text: &str, scale: TimeScale) -> Result<Epoch, TimeError> {
    let (date, time) = match text.find(['T', ' ']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    let (neg, date_digits) = match date.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, date),
    };
    let mut parts = date_digits.split('-');
    let num = |s: Option<&str>, what: &str| -> Result<Option<i64>, TimeError> {
        match s {
            None => Ok(None),
            Some(s) if !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()) => {
                Ok(Some(s.parse().map_err(|_| syntax(input, what))?))
            }
            Some(_) => Err(syntax(input, &format!("bad {what}"))),
        }
    };
    let year = num(parts.next(), "year")?.ok_or_else(|| syntax(input, "no year"))?;
    let year = if neg { -year } else { year } as i32;
    let month = num(parts.next(), "month")?;
    let day = num(parts.next(), "day")?;
    if parts.next().is_some() {
        return Err(syntax(input, "too many date fields"));
    }
    if time.is_some() && day.is_none() {
        return Err(syntax(input, "a time needs a full date"));
    }
    let month = month.unwrap_or(1);
    let day = day.unwrap_or(1);
    if !(1..=12).contains(&month) {
        return Err(range(input, format!("month {month} is not 1..12")));
    }
    let dim = days_in_month(year, month as u8);
    if !(1..=i64::from(dim)).contains(&day) {
        return Err(range(
            input,
            format!("day {day} is not 1..{dim} for {year}-{month:02}"),
        ));
    }
    let (hour, minute, second, nanos) = match time {
        None => (0, 0, 0, 0),
        Some(t) => parse_clock(input, t)?,
    };
    let (month, day) = (month as u8, day as u8);
    if scale == TimeScale::UTC {
        return from_utc(input, year, month, day, hour, minute, second, nanos);
    }
    if second == 60 {
        return Err(range(
            input,
            format!("second 60 exists only in UTC, not in {}", scale_name(scale)),
        ));
    }
    Ok(Epoch::from_gregorian(
        year, month, day, hour, minute, second, nanos, scale,
    ))
}

/// `HH:MM[:SS[.fffffffff]]` → (h, m, s, ns). Accepts `:60` (checked by the caller).
fn parse_clock(input: &str, t: &str) -> Result<(u8, u8, u8, u32), TimeError> {
    let mut f = t.split(':');
    let field = |s: Option<&str>, what: &str, max: u8| -> Result<u8, TimeError> {
        let s = s.ok_or_else(|| syntax(input, &format!("missing {what}")))?;
        if s.len() != 2 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(syntax(input, &format!("bad {what} '{s}'")));
        }
        let v: u8 = s.parse().map_err(|_| syntax(input, what))?;
        if v > max {
            return Err(range(input, format!("{what} {v} is out of range")));
        }
        Ok(v)
    };
    let hour = field(f.next(), "hour", 23)?;
    let minute = field(f.next(), "minute", 59)?;
    let (second, nanos) = match f.next() {
        None => (0, 0),
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
            let second = field(Some(whole), "second", 60)?;
            if frac.len() > 9 || !frac.chars().all(|c| c.is_ascii_digit()) {
                return Err(syntax(input, &format!("bad fraction of second '{frac}'")));
            }
            let nanos = if frac.is_empty() {
                0
            } else {
                frac.parse::<u32>().map_err(|_| syntax(input, "fraction"))?
                    * 10u32.pow(9 - frac.len() as u32)
            };
            (second, nanos)
        }
    };
    if f.next().is_some() {
        return Err(syntax(input, "too many time fields"));
    }
    Ok((hour, minute, second, nanos))
}

/// IERS leap-second steps from hifitime's compiled-in table, 1972 onward:
/// (naive UTC seconds since 1900-01-01 of the midnight when the step takes
/// effect, TAI-UTC after it in whole seconds).
///
/// hifitime 4.3 stores these timestamps as naive UTC but compares TAI seconds
/// against them, which reads TAI-UTC wrong for the ~37 s before each step (TAI
/// 2017-01-01T00:00:35 comes out as 23:59:58 UTC). We convert UTC here instead.
fn leap_table() -> &'static [(i64, i64)] {
    static TABLE: OnceLock<Vec<(i64, i64)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        LatestLeapSeconds::default()
            .filter(|l| l.announced_by_iers)
            .map(|l| (l.timestamp_tai_s.round() as i64, l.delta_at.round() as i64))
            .collect()
    })
}

const NS: i128 = 1_000_000_000;
const DAY_NS: i128 = 86_400 * NS;
/// MJD of 1900-01-01, the origin of hifitime's TAI durations and of the table.
const MJD_1900: i64 = 15_020;

/// TAI-UTC (s) in force at a naive UTC instant (seconds since 1900), if after 1972.
fn delta_at_naive_utc(naive_s: i64) -> Option<i64> {
    let t = leap_table();
    if t.is_empty() || naive_s < t[0].0 {
        return None;
    }
    t.iter()
        .rev()
        .find(|(ts, _)| naive_s >= *ts)
        .map(|(_, d)| *d)
}

/// Builds an epoch from UTC calendar fields, `second` may be 60 on a leap second.
#[allow(clippy::too_many_arguments)]
fn from_utc(
    input: &str,
    y: i32,
    m: u8,
    d: u8,
    h: u8,
    mi: u8,
    s: u8,
    ns: u32,
) -> Result<Epoch, TimeError> {
    let day_s = (mjd_from_civil(y, m, d) - MJD_1900) * 86_400;
    let naive_s = day_s + i64::from(h) * 3_600 + i64::from(mi) * 60 + i64::from(s);
    let Some(delta) = delta_at_naive_utc(day_s) else {
        if s == 60 {
            return Err(range(
                input,
                "second 60 exists only during a UTC leap second (e.g. 2016-12-31T23:59:60 UTC)"
                    .to_string(),
            ));
        }
        // Before 1972: hifitime's own UTC model (fractional "rubber" offsets).
        return Ok(Epoch::from_gregorian(y, m, d, h, mi, s, ns, TimeScale::UTC));
    };
    if s == 60 {
        let next_midnight = day_s + 86_400;
        let step = delta_at_naive_utc(next_midnight).unwrap_or(delta) - delta;
        if !(h == 23 && mi == 59 && step == 1) {
            return Err(range(
                input,
                "second 60 exists only during a UTC leap second (e.g. 2016-12-31T23:59:60 UTC)"
                    .to_string(),
            ));
        }
    }
    // TAI = UTC + ΔAT, with ΔAT of the day the instant belongs to (the leap second
    // 23:59:60 still has the old ΔAT).
    let tai_ns = (i128::from(naive_s) + i128::from(delta)) * NS + i128::from(ns);
    Ok(Epoch::from_tai_duration(Duration::from_total_nanoseconds(
        tai_ns,
    )))
}

/// UTC calendar fields of a TAI instant given in ns since 1900; second 60 in a leap second.
fn utc_fields(tai_ns: i128) -> Option<(i32, u8, u8, u8, u8, u8, u32)> {
    let t = leap_table();
    // TAI instant at which each step takes effect: naive midnight + new ΔAT.
    let idx = t
        .iter()
        .rposition(|(ts, d)| tai_ns >= i128::from(ts + d) * NS)?;
    let delta = t[idx].1;
    let mut naive = tai_ns - i128::from(delta) * NS;
    let mut leap = false;
    if let Some(&(ts, d)) = t.get(idx + 1) {
        let step_tai = i128::from(ts + d) * NS;
        if d - delta == 1 && tai_ns >= step_tai - NS {
            // Inside 23:59:60: read it as the end of the previous day.
            leap = true;
            naive = i128::from(ts) * NS - NS + (tai_ns - (step_tai - NS));
        }
    }
    let days = naive.div_euclid(DAY_NS);
    let rem = naive.rem_euclid(DAY_NS);
    let (y, m, d) = civil_from_mjd(days as i64 + MJD_1900);
    let sec_of_day = rem / NS;
    let (h, mi, mut s) = (
        (sec_of_day / 3600) as u8,
        ((sec_of_day / 60) % 60) as u8,
        (sec_of_day % 60) as u8,
    );
    if leap {
        s = 60;
    }
    Some((y, m, d, h, mi, s, (rem % NS) as u32))
}

/// TAI−UTC in seconds at an instant (whole seconds from 1972; hifitime's model before).
pub fn tai_minus_utc(epoch: Epoch) -> f64 {
    let tai_ns = epoch.to_tai_duration().total_nanoseconds();
    let t = leap_table();
    match t
        .iter()
        .rposition(|(ts, d)| tai_ns >= i128::from(ts + d) * NS)
    {
        Some(i) => t[i].1 as f64,
        None => epoch.leap_seconds(false).unwrap_or(0.0),
    }
}

/// Calendar components of an epoch in a scale, rounded to the microsecond.
/// In UTC a leap second reads as second 60.
pub fn components(epoch: Epoch, scale: TimeScale) -> (i32, u8, u8, u8, u8, u8, u32) {
    if scale == TimeScale::UTC {
        let tai_ns = epoch.to_tai_duration().total_nanoseconds();
        let rounded = (tai_ns + 500).div_euclid(1_000) * 1_000;
        if let Some(f) = utc_fields(rounded) {
            return f;
        }
    }
    epoch
        .to_time_scale(scale)
        .round(Unit::Microsecond * 1)
        .to_gregorian(scale)
}

/// ISO 8601 text in a scale, to the microsecond: `2020-07-30T11:50:01.000000 UTC`.
pub fn format_epoch(epoch: Epoch, scale: TimeScale) -> String {
    let (y, m, d, h, mi, s, ns) = components(epoch, scale);
    format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:06} {}",
        ns / 1_000,
        scale_name(scale)
    )
}

/// UTC ISO 8601 to the millisecond with a `Z`, rounded: `2020-07-30T11:50:01.250Z`.
pub fn format_utc_ms(epoch: Epoch) -> String {
    let (y, m, d, h, mi, s, ns) = components(epoch + Unit::Microsecond * 500, TimeScale::UTC);
    format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
        ns / 1_000_000
    )
}

/// ISO 8601 without the scale suffix, truncated to the second: `2020-07-30T11:50:01`.
pub fn format_iso_seconds(epoch: Epoch, scale: TimeScale) -> String {
    // Truncated (not rounded) to the second, so a leap second stays :60.
    let (y, m, d, h, mi, s, _) = components(epoch, scale);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
}

/// Modified Julian Date in a scale as exact text with 12 decimals (86 ns).
pub fn format_mjd(epoch: Epoch, scale: TimeScale) -> String {
    fixed12(mjd_e12(epoch, scale))
}

/// Julian Date in a scale as exact text with 12 decimals (86 ns).
pub fn format_jd(epoch: Epoch, scale: TimeScale) -> String {
    fixed12(mjd_e12(epoch, scale) + 2_400_000_500_000_000_000)
}

/// MJD in a scale as `f64` days (≈ 1 µs resolution for modern dates).
pub fn mjd(epoch: Epoch, scale: TimeScale) -> f64 {
    mjd_e12(epoch, scale) as f64 * 1e-12
}

/// JD in a scale as `f64` days (≈ 40 µs resolution).
pub fn jd(epoch: Epoch, scale: TimeScale) -> f64 {
    mjd(epoch, scale) + 2_400_000.5
}

fn mjd_e12(epoch: Epoch, scale: TimeScale) -> i128 {
    let (y, m, d, h, mi, s, ns) = components(epoch, scale);
    let days = mjd_from_civil(y, m, d) as i128;
    let ns_of_day = (i128::from(h) * 3600 + i128::from(mi) * 60 + i128::from(s)) * 1_000_000_000
        + i128::from(ns);
    // 1e-12 day per 86.4 ns
    days * 1_000_000_000_000 + (ns_of_day * 1_000 + 43_200) / 86_400
}

fn fixed12(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    format!(
        "{sign}{}.{:012}",
        a / 1_000_000_000_000,
        a % 1_000_000_000_000
    )
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// MJD of a proleptic Gregorian date (H. Hinnant's `days_from_civil`, shifted to MJD 0 = 1858-11-17).
pub fn mjd_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + 40_587
}

/// Proleptic Gregorian date of an integer MJD (inverse of [`mjd_from_civil`]).
pub fn civil_from_mjd(mjd: i64) -> (i32, u8, u8) {
    let z = mjd - 40_587 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// Seconds of TDB since J2000 (2000-01-01T12:00:00 TDB): the argument of JPL ephemerides.
pub fn tdb_seconds_j2000(epoch: Epoch) -> f64 {
    epoch.to_tdb_seconds()
}

/// TDB − TT in seconds at an instant (hifitime's TDB model; periodic, |TDB−TT| < 1.7 ms).
pub fn tdb_minus_tt(epoch: Epoch) -> f64 {
    // Both measured from the same instant so the J1900/J2000 origins cancel.
    let tt = epoch.to_time_scale(TimeScale::TT);
    let tdb = epoch.to_time_scale(TimeScale::TDB);
    let (y, m, d, h, mi, s, ns) = tdb.to_gregorian(TimeScale::TDB);
    let as_if_tt = Epoch::from_gregorian(y, m, d, h, mi, s, ns, TimeScale::TT);
    (as_if_tt - tt).to_seconds()
}

/// `epoch` as TAI seconds past J1900 in two parts: `hi` is hifitime's
/// `to_tai_seconds()` (an `f64`, so rounded to ~0.5 µs this century) and `lo`
/// the rest to the nanosecond, so `hi + lo` is the instant. Differences of two
/// such pairs, `(hi₁ − hi₂) + (lo₁ − lo₂)`, are exact to ~1 ns where `hi₁ − hi₂`
/// is (Sterbenz: within a factor 2 of each other, every date after 1950).
///
/// ```
/// let t = orrery_core::time::parse_epoch("2026-05-07T00:00:00.123456789 UTC").unwrap();
/// let (hi, lo) = orrery_core::time::tai_seconds_split(t);
/// assert_eq!(hi, t.to_tai_seconds());
/// assert!(lo.abs() < 2.5e-7);
/// ```
pub fn tai_seconds_split(epoch: Epoch) -> (f64, f64) {
    let ns = epoch.to_tai_duration().total_nanoseconds();
    let hi = epoch.to_tai_seconds();
    let whole = hi.trunc();
    // `hi − whole` is exact; its nanoseconds round by at most 0.5 ns.
    let hi_ns = whole as i128 * 1_000_000_000 + ((hi - whole) * 1e9).round() as i128;
    (hi, (ns - hi_ns) as f64 * 1e-9)
}

/// Whole duration in seconds as f64.
pub fn seconds(d: Duration) -> f64 {
    d.to_seconds()
}

/// The scales Orrery reads and writes, in the order they are printed.
pub const SCALES: [TimeScale; 5] = [
    TimeScale::UTC,
    TimeScale::TAI,
    TimeScale::TT,
    TimeScale::TDB,
    TimeScale::GPST,
];

/// One instant in one scale: a row of `orrery time`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ScaleRow {
    /// `UTC`, `TAI`, `TT`, `TDB` or `GPST`.
    pub scale: &'static str,
    /// ISO 8601 calendar date and time in that scale, microseconds, with the scale.
    pub iso: String,
    /// Julian date in that scale (a string: exact to the microsecond).
    pub jd: String,
    /// Modified Julian date in that scale.
    pub mjd: String,
}

/// The instant in every scale of [`SCALES`].
///
/// ```
/// let t = orrery_core::time::parse_epoch("2016-12-31T23:59:60 UTC")?; // a leap second
/// let rows = orrery_core::time::every_scale(t);
/// assert_eq!(rows[1].iso, "2017-01-01T00:00:36.000000 TAI");
/// assert_eq!(rows[2].iso, "2017-01-01T00:01:08.184000 TT");
/// # Ok::<(), orrery_core::time::TimeError>(())
/// ```
pub fn every_scale(epoch: Epoch) -> Vec<ScaleRow> {
    SCALES
        .iter()
        .map(|&s| ScaleRow {
            scale: scale_name(s),
            iso: format_epoch(epoch, s),
            jd: format_jd(epoch, s),
            mjd: format_mjd(epoch, s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tai(s: &str) -> String {
        format_epoch(parse_epoch(s).unwrap(), TimeScale::TAI)
    }

    #[test]
    fn leap_second_2016() {
        // IERS Bulletin C 52: TAI-UTC = 36 s before, 37 s after 2017-01-01.
        assert_eq!(
            tai("2016-12-31T23:59:59 UTC"),
            "2017-01-01T00:00:35.000000 TAI"
        );
        assert_eq!(
            tai("2016-12-31T23:59:60 UTC"),
            "2017-01-01T00:00:36.000000 TAI"
        );
        assert_eq!(
            tai("2016-12-31T23:59:60.5 UTC"),
            "2017-01-01T00:00:36.500000 TAI"
        );
        assert_eq!(
            tai("2017-01-01T00:00:00 UTC"),
            "2017-01-01T00:00:37.000000 TAI"
        );
        let e = parse_epoch("2016-12-31T23:59:60.25 UTC").unwrap();
        assert_eq!(
            format_epoch(e, TimeScale::UTC),
            "2016-12-31T23:59:60.250000 UTC"
        );
        // The leap second lasts one SI second.
        let a = parse_epoch("2016-12-31T23:59:59 UTC").unwrap();
        let b = parse_epoch("2017-01-01T00:00:00 UTC").unwrap();
        assert_eq!((b - a).to_seconds(), 2.0);
    }

    #[test]
    fn rejects_false_leap_second() {
        assert!(matches!(
            parse_epoch("2016-12-30T23:59:60 UTC"),
            Err(TimeError::Range { .. })
        ));
        assert!(matches!(
            parse_epoch("2016-12-31T23:58:60 UTC"),
            Err(TimeError::Range { .. })
        ));
        assert!(matches!(
            parse_epoch("2016-12-31T23:59:60 TT"),
            Err(TimeError::Range { .. })
        ));
    }

    #[test]
    fn scales_at_j2000() {
        // J2000 = 2000-01-01T12:00:00 TT = 11:59:27.816 TAI = 11:58:55.816 UTC (TAI-UTC = 32 s).
        let e = parse_epoch("2000-01-01T12:00:00 TT").unwrap();
        assert_eq!(
            format_epoch(e, TimeScale::TAI),
            "2000-01-01T11:59:27.816000 TAI"
        );
        assert_eq!(
            format_epoch(e, TimeScale::UTC),
            "2000-01-01T11:58:55.816000 UTC"
        );
        assert_eq!(format_jd(e, TimeScale::TT), "2451545.000000000000");
        // GPS time = TAI - 19 s.
        assert_eq!(
            format_epoch(e, TimeScale::GPST),
            "2000-01-01T11:59:08.816000 GPST"
        );
        // TDB-TT at J2000 is about -7.3e-5 s... well under 2 ms in any case.
        let tdb = parse_epoch("2000-01-01T12:00:00 TDB").unwrap();
        assert!((tdb - e).to_seconds().abs() < 2e-3);
    }

    #[test]
    fn tdb_minus_tt_is_small_and_periodic() {
        // Fairhead & Bretagnon: TDB-TT ≈ 0.001657 sin(g) s, g = mean anomaly of Earth.
        for (date, lo, hi) in [
            ("2000-01-01T12:00 TT", -1.0e-4, 0.0),
            ("2020-04-03 TT", 1.5e-3, 1.7e-3),
            ("2020-10-03 TT", -1.7e-3, -1.5e-3),
        ] {
            let v = tdb_minus_tt(parse_epoch(date).unwrap());
            assert!(v > lo && v < hi, "{date}: {v}");
        }
    }

    #[test]
    fn julian_forms() {
        let a = parse_epoch("JD 2459061.0").unwrap();
        assert_eq!(
            format_epoch(a, TimeScale::UTC),
            "2020-07-30T12:00:00.000000 UTC"
        );
        let b = parse_epoch("MJD 59060.5 TDB").unwrap();
        assert_eq!(
            format_epoch(b, TimeScale::TDB),
            "2020-07-30T12:00:00.000000 TDB"
        );
        let c = parse_epoch("jd 2459061.000011574074 tt").unwrap();
        assert_eq!(
            format_epoch(c, TimeScale::TT),
            "2020-07-30T12:00:01.000000 TT"
        );
        assert_eq!(format_mjd(b, TimeScale::TDB), "59060.500000000000");
    }

    #[test]
    fn calendar_forms() {
        let a = parse_epoch("2020-07-30T11:50:01Z").unwrap();
        let b = parse_epoch("2020-07-30 11:50:01 utc").unwrap();
        assert_eq!(a, b);
        let y = parse_epoch("2026").unwrap();
        assert_eq!(
            format_epoch(y, TimeScale::UTC),
            "2026-01-01T00:00:00.000000 UTC"
        );
        let f = parse_epoch("2020-07-30T11:50:01.123456789 TAI").unwrap();
        assert_eq!(
            format_epoch(f, TimeScale::TAI),
            "2020-07-30T11:50:01.123457 TAI"
        );
    }

    #[test]
    fn bad_inputs_are_errors() {
        for s in [
            "",
            "tomorrow",
            "2020-13-01",
            "2021-02-29",
            "2020-07-30T25:00",
            "JD abc",
            "2020-07-30 XYZ",
            "MJD 1e5",
            "2020-07-30T11:5",
        ] {
            assert!(parse_epoch(s).is_err(), "{s} should fail");
        }
        assert!(matches!(
            parse_epoch("2020-01-01 BST"),
            Err(TimeError::UnknownScale(_))
        ));
    }

    #[test]
    fn civil_roundtrip() {
        for mjd in [-678_941, 0, 40_587, 51_544, 59_060, 88_069] {
            let (y, m, d) = civil_from_mjd(mjd);
            assert_eq!(mjd_from_civil(y, m, d), mjd);
        }
        assert_eq!(civil_from_mjd(51_544), (2000, 1, 1));
    }
}
