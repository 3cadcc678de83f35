//! Reading a request's inputs with the CLI's parsers and messages: instants
//! (`2026-05-08T20:00Z`), durations with units (`1d`, `90min`), observers (a bundled
//! city, or `lat_deg`/`lon_deg`/`alt_m`).

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use orrery::cities::{site, Site};
use orrery::localtime::LocalZone;
use orrery::{Duration, Epoch};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The query string as `T`; a malformed query is a 400 JSON error.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(v)| Q(v))
            .map_err(|e| ApiError::bad_request(format!("query: {}", e.body_text())))
    }
}

/// An instant (`now` when absent).
pub fn epoch(v: &Option<String>, name: &str) -> Result<Epoch, ApiError> {
    match v.as_deref().map(str::trim) {
        None | Some("") | Some("now") => {
            Epoch::now().map_err(|e| ApiError::internal(format!("the system clock: {e}")))
        }
        Some(s) => {
            orrery::time::parse_epoch(s).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
        }
    }
}

/// A duration with a unit (`default` when absent).
pub fn duration(v: &Option<String>, name: &str, default: Duration) -> Result<Duration, ApiError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => {
            let d = orrery::duration::parse_duration(s)
                .map_err(|e| ApiError::bad_request(format!("{name}: {e}")))?;
            if d.to_seconds() <= 0.0 {
                return Err(ApiError::bad_request(format!(
                    "{name} must be positive, got {s}"
                )));
            }
            Ok(d)
        }
    }
}

/// A finite number (`default` when absent).
pub fn number(v: Option<f64>, name: &str, default: f64) -> Result<f64, ApiError> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() => Ok(x),
        Some(x) => Err(ApiError::bad_request(format!(
            "{name} must be a finite number, got {x}"
        ))),
    }
}

/// The observer of a request: `city`, or `lat_deg` and `lon_deg` with `alt_m`.
#[derive(Debug, Default, Deserialize)]
pub struct ObserverQuery {
    /// A bundled city.
    pub city: Option<String>,
    /// Latitude, degrees north.
    pub lat_deg: Option<f64>,
    /// Longitude, degrees east.
    pub lon_deg: Option<f64>,
    /// Height above the ellipsoid, metres.
    pub alt_m: Option<f64>,
    /// IANA time zone of local times (default the city's, else UTC).
    pub tz: Option<String>,
}

impl ObserverQuery {
    /// The site and its zone.
    pub fn resolve(&self) -> Result<(Site, LocalZone), ApiError> {
        let coords = match (self.lat_deg, self.lon_deg) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => {
                return Err(ApiError::bad_request(
                    "give both lat_deg and lon_deg, or a city",
                ))
            }
        };
        let alt_km = number(self.alt_m, "alt_m", 0.0)? / 1000.0;
        let s = site(
            self.city.as_deref().filter(|c| !c.is_empty()),
            coords,
            alt_km,
        )?
        .ok_or_else(|| {
            ApiError::bad_request("give the observer as city=NAME, or lat_deg and lon_deg")
        })?;
        let zone = match self.tz.as_deref().filter(|z| !z.is_empty()).or(s.time_zone) {
            Some(z) => LocalZone::named(z)?,
            None => LocalZone::utc(),
        };
        Ok((s, zone))
    }
}
