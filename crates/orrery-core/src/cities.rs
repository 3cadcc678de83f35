//! A small bundled list of cities, so a user can name an observer instead of typing
//! coordinates.
//!
//! Coordinates are city-centre WGS-84 latitude/longitude (degrees, rounded to 0.01°),
//! height above the ellipsoid approximated by the city's elevation (m), and the
//! city's IANA time zone (local times apply its daylight-saving rules).

use crate::earth::Geodetic;

/// A named place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    /// Name as written.
    pub name: &'static str,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Height, m.
    pub alt_m: f64,
    /// IANA time-zone name (tz database), e.g. `Europe/Paris`.
    pub time_zone: &'static str,
}

impl City {
    /// Geodetic position.
    pub fn geodetic(&self) -> Geodetic {
        Geodetic::from_degrees(self.lat_deg, self.lon_deg, self.alt_m / 1000.0)
    }
}

const fn c(
    name: &'static str,
    lat_deg: f64,
    lon_deg: f64,
    alt_m: f64,
    time_zone: &'static str,
) -> City {
    City {
        name,
        lat_deg,
        lon_deg,
        alt_m,
        time_zone,
    }
}

/// The bundled cities.
pub const CITIES: &[City] = &[
    c("Amsterdam", 52.37, 4.90, 0.0, "Europe/Amsterdam"),
    c("Athens", 37.98, 23.73, 70.0, "Europe/Athens"),
    c("Beijing", 39.90, 116.41, 44.0, "Asia/Shanghai"),
    c("Berlin", 52.52, 13.40, 34.0, "Europe/Berlin"),
    c(
        "Buenos Aires",
        -34.60,
        -58.38,
        25.0,
        "America/Argentina/Buenos_Aires",
    ),
    c("Cairo", 30.04, 31.24, 23.0, "Africa/Cairo"),
    c("Cape Town", -33.92, 18.42, 15.0, "Africa/Johannesburg"),
    c("Chicago", 41.88, -87.63, 181.0, "America/Chicago"),
    c("Delhi", 28.61, 77.21, 216.0, "Asia/Kolkata"),
    c("Houston", 29.76, -95.37, 15.0, "America/Chicago"),
    c("Istanbul", 41.01, 28.98, 39.0, "Europe/Istanbul"),
    c("Jakarta", -6.21, 106.85, 8.0, "Asia/Jakarta"),
    c("Lagos", 6.52, 3.38, 41.0, "Africa/Lagos"),
    c("London", 51.51, -0.13, 11.0, "Europe/London"),
    c("Los Angeles", 34.05, -118.24, 71.0, "America/Los_Angeles"),
    c("Madrid", 40.42, -3.70, 667.0, "Europe/Madrid"),
    c("Mexico City", 19.43, -99.13, 2240.0, "America/Mexico_City"),
    c("Moscow", 55.76, 37.62, 144.0, "Europe/Moscow"),
    c("Mumbai", 19.08, 72.88, 14.0, "Asia/Kolkata"),
    c("Nairobi", -1.29, 36.82, 1795.0, "Africa/Nairobi"),
    c("New York", 40.71, -74.01, 10.0, "America/New_York"),
    c("Paris", 48.86, 2.35, 35.0, "Europe/Paris"),
    c("Quito", -0.18, -78.47, 2850.0, "America/Guayaquil"),
    c("Reykjavik", 64.15, -21.94, 30.0, "Atlantic/Reykjavik"),
    c("Rio de Janeiro", -22.91, -43.17, 5.0, "America/Sao_Paulo"),
    c("Rome", 41.90, 12.50, 21.0, "Europe/Rome"),
    c("San Francisco", 37.77, -122.42, 16.0, "America/Los_Angeles"),
    c("Santiago", -33.45, -70.67, 570.0, "America/Santiago"),
    c("Sao Paulo", -23.55, -46.63, 760.0, "America/Sao_Paulo"),
    c("Seoul", 37.57, 126.98, 38.0, "Asia/Seoul"),
    c("Singapore", 1.35, 103.82, 15.0, "Asia/Singapore"),
    c("Stockholm", 59.33, 18.07, 28.0, "Europe/Stockholm"),
    c("Sydney", -33.87, 151.21, 58.0, "Australia/Sydney"),
    c("Tokyo", 35.68, 139.69, 40.0, "Asia/Tokyo"),
    c("Toronto", 43.65, -79.38, 76.0, "America/Toronto"),
    c("Tromso", 69.65, 18.96, 10.0, "Europe/Oslo"),
];

/// A city name not in the bundled list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown city {name:?}{}", match suggestion {
    Some(s) => format!(" (did you mean '{s}'?)"),
    None => " (the bundled cities are listed in orrery_core::cities::CITIES)".to_string(),
})]
pub struct UnknownCity {
    /// What was asked for.
    pub name: String,
    /// The closest bundled name, when one is close.
    pub suggestion: Option<&'static str>,
}

/// Looks a city up by name, with a suggestion when it is not found.
///
/// ```
/// let paris = orrery_core::cities::city("paris")?;
/// assert_eq!(paris.time_zone, "Europe/Paris");
/// let e = orrery_core::cities::city("Pariss").unwrap_err();
/// assert_eq!(e.suggestion, Some("Paris"));
/// # Ok::<(), orrery_core::cities::UnknownCity>(())
/// ```
pub fn city(name: &str) -> Result<&'static City, UnknownCity> {
    find_city(name).ok_or_else(|| UnknownCity {
        name: name.to_string(),
        suggestion: crate::bodies::closest(name, CITIES.iter().map(|c| c.name)),
    })
}

/// Looks a city up by name (case-insensitive; accents and spaces ignored).
pub fn find_city(name: &str) -> Option<&'static City> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let k = key(&name.replace(['ã', 'á'], "a").replace('ø', "o"));
    CITIES.iter().find(|c| key(c.name) == k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup() {
        assert_eq!(find_city("new york").map(|c| c.lat_deg), Some(40.71));
        assert_eq!(find_city("São Paulo").map(|c| c.name), Some("Sao Paulo"));
        assert_eq!(find_city("Tromsø").map(|c| c.name), Some("Tromso"));
        assert!(find_city("Atlantis").is_none());
        assert!(CITIES
            .iter()
            .all(|c| c.lat_deg.abs() <= 90.0 && c.lon_deg.abs() <= 180.0));
    }
}
