//! A small bundled list of cities, so a user can name an observer instead of typing
//! coordinates.
//!
//! Coordinates are city-centre WGS-84 latitude/longitude (degrees, rounded to 0.01°),
//! height above the ellipsoid approximated by the city's elevation (m), and the
//! city's IANA time zone (local times apply its daylight-saving rules).

use crate::earth::Geodetic;

/// A named place.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
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

/// An observer with a label for headings and, for a bundled city, its time zone: what
/// every front end resolves from "a city, or a latitude and longitude".
#[derive(Debug, Clone)]
pub struct Site {
    /// Where (WGS-84).
    pub observer: crate::earth::Observer,
    /// The city's IANA zone, when a bundled city.
    pub time_zone: Option<&'static str>,
    /// `Paris`, or `48.8566°, 2.3522°`.
    pub label: String,
}

/// Why a site could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SiteError {
    /// The city is not in the bundled list.
    #[error(transparent)]
    UnknownCity(#[from] UnknownCity),
    /// Latitude or longitude out of range.
    #[error("the latitude must be within ±90° and the longitude within -180..360°, got {lat_deg}, {lon_deg}")]
    OutOfRange {
        /// Latitude given, degrees.
        lat_deg: f64,
        /// Longitude given, degrees.
        lon_deg: f64,
    },
    /// Neither a city nor coordinates.
    #[error("give the observer as a city, or a latitude and a longitude")]
    Missing,
}

/// The observer at a bundled `city`, or at geodetic `lat_lon_deg` (degrees north, east)
/// and `alt_km` above the ellipsoid; `Ok(None)` when neither is given.
///
/// ```
/// use orrery_core::cities::site;
/// let s = site(None, Some((45.0, -74.0)), 0.1)?.unwrap();
/// assert_eq!(s.label, "45.0000°, -74.0000°");
/// assert_eq!(site(Some("Tokyo"), None, 0.0)?.unwrap().time_zone, Some("Asia/Tokyo"));
/// assert!(site(None, Some((91.0, 0.0)), 0.0).is_err());
/// # Ok::<(), orrery_core::cities::SiteError>(())
/// ```
pub fn site(
    city_name: Option<&str>,
    lat_lon_deg: Option<(f64, f64)>,
    alt_km: f64,
) -> Result<Option<Site>, SiteError> {
    use crate::earth::Observer;
    if let Some(name) = city_name {
        let c = city(name)?;
        return Ok(Some(Site {
            observer: Observer::new(c.geodetic()),
            time_zone: Some(c.time_zone),
            label: c.name.to_string(),
        }));
    }
    let Some((lat, lon)) = lat_lon_deg else {
        return Ok(None);
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=360.0).contains(&lon) || !alt_km.is_finite() {
        return Err(SiteError::OutOfRange {
            lat_deg: lat,
            lon_deg: lon,
        });
    }
    Ok(Some(Site {
        observer: Observer::new(Geodetic::from_degrees(lat, lon, alt_km)),
        time_zone: None,
        label: format!("{lat:.4}°, {lon:.4}°"),
    }))
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
