//! User lengths: a number with a unit, `100m`, `0.1km`, `5 km`, `1.5au`.
//!
//! Units: `m`, `km`, `au` (IAU 2012). The result is in km, Orrery's length unit.
//! A bare number is accepted only when the caller names the unit it means
//! ([`parse_length_or`]), so `--threshold 5` and `--threshold 5km` can mean the same
//! where a flag documents km, while a library call never guesses.

use thiserror::Error;

/// A unit of length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Metre.
    Metre,
    /// Kilometre.
    Kilometre,
    /// Astronomical unit (149 597 870.7 km).
    Au,
}

impl LengthUnit {
    /// Kilometres in one of this unit.
    pub fn km(self) -> f64 {
        match self {
            LengthUnit::Metre => 1e-3,
            LengthUnit::Kilometre => 1.0,
            LengthUnit::Au => crate::bodies::AU_KM,
        }
    }

    /// The unit's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            LengthUnit::Metre => "m",
            LengthUnit::Kilometre => "km",
            LengthUnit::Au => "au",
        }
    }
}

/// Why a length could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("cannot read length '{input}': {reason} (expected e.g. 100m, 5km, 1.5au)")]
pub struct LengthError {
    /// What the user wrote.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Parses a length with a unit; returns km.
///
/// ```
/// use orrery_core::length::parse_length;
/// assert_eq!(parse_length("250m").unwrap(), 0.25);
/// assert_eq!(parse_length("5 km").unwrap(), 5.0);
/// assert!(parse_length("5").is_err()); // a unit is required
/// ```
pub fn parse_length(input: &str) -> Result<f64, LengthError> {
    parse_length_or(input, None)
}

/// Parses a length; a bare number is read in `default` when given. Returns km.
pub fn parse_length_or(input: &str, default: Option<LengthUnit>) -> Result<f64, LengthError> {
    let err = |reason: &str| LengthError {
        input: input.trim().to_string(),
        reason: reason.to_string(),
    };
    let text: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Err(err("empty"));
    }
    let split = text
        .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
        .or_else(|| {
            // "1e3" is a number; "5e" is not a unit we know.
            text.find(|c: char| c.is_ascii_alphabetic())
                .filter(|&i| text[i..].parse::<f64>().is_err() && text[..i].parse::<f64>().is_ok())
        })
        .unwrap_or(text.len());
    let (num, unit) = text.split_at(split);
    let value: f64 = num.parse().map_err(|_| err("not a number"))?;
    if !value.is_finite() {
        return Err(err("not a finite number"));
    }
    let unit = match unit.to_ascii_lowercase().as_str() {
        "" => default.ok_or_else(|| err("a unit is required (m, km or au)"))?,
        "m" => LengthUnit::Metre,
        "km" => LengthUnit::Kilometre,
        "au" => LengthUnit::Au,
        other => return Err(err(&format!("unknown unit '{other}'"))),
    };
    Ok(value * unit.km())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_errors() {
        assert_eq!(parse_length("100m").unwrap(), 0.1);
        assert_eq!(parse_length("-10 m").unwrap(), -0.01);
        assert_eq!(parse_length("1e3m").unwrap(), 1.0);
        assert_eq!(parse_length("2au").unwrap(), 2.0 * crate::bodies::AU_KM);
        assert_eq!(
            parse_length_or("200", Some(LengthUnit::Kilometre)).unwrap(),
            200.0
        );
        assert_eq!(
            parse_length_or("200", Some(LengthUnit::Metre)).unwrap(),
            0.2
        );
        for bad in ["", "km", "5", "5 parsecs", "1..2km", "inf km", "NaNm"] {
            assert!(parse_length(bad).is_err(), "{bad}");
        }
    }
}
