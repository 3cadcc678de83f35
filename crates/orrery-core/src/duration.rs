//! User durations: a number with a unit, `90s`, `45min`, `6h`, `200d`, `1.5d`,
//! `2w`, or a sum such as `1d12h` / `1h 30min`.
//!
//! Units: `ms`, `s`/`sec`, `min`, `h`/`hr`, `d`/`day(s)`, `w`/`week(s)`. A bare
//! `m` is refused because it could be minutes or metres.

use hifitime::{Duration, Unit};
use thiserror::Error;

/// Why a duration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("cannot read duration '{input}': {reason} (expected e.g. 90s, 45min, 6h, 200d)")]
pub struct DurationError {
    /// What the user wrote.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Parses a duration; see the module documentation for the accepted forms.
pub fn parse_duration(input: &str) -> Result<Duration, DurationError> {
    let err = |reason: &str| DurationError {
        input: input.trim().to_string(),
        reason: reason.to_string(),
    };
    let text: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Err(err("empty"));
    }
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.as_str()),
    };
    let mut total = Duration::ZERO;
    while !rest.is_empty() {
        let n_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n_end == 0 {
            return Err(err("expected a number"));
        }
        let value: f64 = rest[..n_end].parse().map_err(|_| err("bad number"))?;
        rest = &rest[n_end..];
        let u_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit_text = rest[..u_end].to_ascii_lowercase();
        rest = &rest[u_end..];
        let unit = match unit_text.as_str() {
            "ms" => Unit::Millisecond,
            "s" | "sec" | "secs" | "second" | "seconds" => Unit::Second,
            "min" | "mins" | "minute" | "minutes" => Unit::Minute,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "w" | "week" | "weeks" => Unit::Week,
            "" => return Err(err("a unit is required (s, min, h, d)")),
            "m" => return Err(err("'m' is ambiguous: write 'min' for minutes")),
            other => return Err(err(&format!("unknown unit '{other}'"))),
        };
        if !value.is_finite() {
            return Err(err("not a finite number"));
        }
        total += unit * value;
    }
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse_duration("90s").unwrap().to_seconds(), 90.0);
        assert_eq!(parse_duration("45min").unwrap().to_seconds(), 2700.0);
        assert_eq!(parse_duration("6h").unwrap().to_seconds(), 21_600.0);
        assert_eq!(
            parse_duration("200d").unwrap().to_seconds(),
            200.0 * 86_400.0
        );
        assert_eq!(
            parse_duration("1d12h").unwrap().to_seconds(),
            1.5 * 86_400.0
        );
        assert_eq!(parse_duration("1h 30min").unwrap().to_seconds(), 5_400.0);
        assert_eq!(parse_duration("1.5d").unwrap().to_seconds(), 129_600.0);
    }

    #[test]
    fn errors() {
        for s in ["", "90", "5m", "abc", "3 parsecs", "1..2h"] {
            assert!(parse_duration(s).is_err(), "{s}");
        }
    }
}
