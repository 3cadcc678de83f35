//! The server about itself: health and limits, the OpenAPI document, the bundled
//! cities, an instant in every time scale.

use crate::error::{ApiError, ErrorBody};
use crate::limits::Limits;
use crate::params::{epoch, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use orrery::cities::{City, CITIES};
use orrery::time::{every_scale, ScaleRow};
use schemars::{schema_for, JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// `/api/health`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// Orrery's version.
    pub version: &'static str,
    /// The satellite catalog.
    pub catalog: String,
    /// Satellites in it.
    pub satellites: usize,
    /// The ephemeris.
    pub ephemeris: String,
    /// The limits of one request.
    pub limits: Limits,
}

/// Health, versions and limits.
pub async fn health(State(st): State<AppState>) -> Json<Health> {
    use orrery::Ephemeris;
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        catalog: st.catalog.source.clone(),
        satellites: st.catalog.satellites.len(),
        ephemeris: st.ephemeris.source_name(),
        limits: st.limits().clone(),
    })
}

/// The bundled cities.
pub async fn cities() -> Json<&'static [City]> {
    Json(CITIES)
}

/// Query of `/api/time`.
#[derive(Debug, Deserialize)]
pub struct TimeQuery {
    /// The instant (default now), as `orrery time` reads it.
    pub at: Option<String>,
}

/// An instant in every time scale (`orrery time`).
pub async fn time(Q(q): Q<TimeQuery>) -> Result<Json<Vec<ScaleRow>>, ApiError> {
    Ok(Json(every_scale(epoch(&q.at, "at")?)))
}

/// One endpoint in the OpenAPI document.
pub struct Endpoint {
    /// `get` or `post`, or `get delete`.
    pub methods: &'static [&'static str],
    /// The path, with `{id}` for a path parameter.
    pub path: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Parameters: name and description.
    pub params: &'static [(&'static str, &'static str)],
    /// What the request body is, if any.
    pub body: Option<&'static str>,
    /// Media type of a success.
    pub media: &'static str,
    /// Schema of a success.
    pub response: fn() -> Schema,
}

fn s<T: JsonSchema>() -> Schema {
    schema_for!(T)
}

const OBSERVER: [(&str, &str); 5] = [
    ("city", "a bundled city (see /api/cities)"),
    (
        "lat_deg",
        "observer latitude, degrees north (with lon_deg, instead of city)",
    ),
    ("lon_deg", "observer longitude, degrees east"),
    (
        "alt_m",
        "observer height above the WGS-84 ellipsoid, m (default 0)",
    ),
    (
        "tz",
        "IANA zone of local times (default the city's, else UTC)",
    ),
];

macro_rules! with_observer {
    ($($p:expr),* $(,)?) => {
        &[OBSERVER[0], OBSERVER[1], OBSERVER[2], OBSERVER[3], OBSERVER[4], $($p),*]
    };
}

/// Every endpoint of the API.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint { methods: &["get"], path: "/api/health", summary: "Status, version, catalog, ephemeris and the limits of one request", params: &[], body: None, media: "application/json", response: s::<Health> },
    Endpoint { methods: &["get"], path: "/api/openapi.json", summary: "This document", params: &[], body: None, media: "application/json", response: s::<Value> },
    Endpoint { methods: &["get"], path: "/api/cities", summary: "The bundled cities", params: &[], body: None, media: "application/json", response: s::<Vec<City>> },
    Endpoint { methods: &["get"], path: "/api/time", summary: "An instant in every time scale (orrery time)", params: &[("at", "the instant, e.g. 2026-05-08T20:00Z or 'JD 2461169.5' (default now)")], body: None, media: "application/json", response: s::<Vec<ScaleRow>> },
    Endpoint { methods: &["get"], path: "/api/sky", summary: "The sky over an observer: positions, rise/transit/set, twilights, Moon phase (orrery sky)", params: with_observer![("night", "the night of this local date YYYY-MM-DD (local noon to noon)"), ("from", "start instead of a night (default now)"), ("span", "length with a unit, e.g. 1d (default 1d)"), ("at", "instant of the positions (default the start)"), ("bodies", "comma-separated bodies (default all nine)")], body: None, media: "application/json", response: s::<orrery::sky::Almanac> },
    Endpoint { methods: &["get"], path: "/api/satellites", summary: "The catalog, or the satellites matching q", params: &[("q", "name, NORAD number or designator")], body: None, media: "application/json", response: s::<super::sat::SatelliteList> },
    Endpoint { methods: &["get"], path: "/api/satellites/positions", summary: "Every satellite's sub-satellite point at a few instants (the live map)", params: &[("from", "first instant (default now)"), ("span", "e.g. 10min (default)"), ("step", "e.g. 60s (default)")], body: None, media: "application/json", response: s::<orrery::sat::states::CatalogPositions> },
    Endpoint { methods: &["get"], path: "/api/track", summary: "A ground track, with look angles when an observer is given (orrery track)", params: with_observer![("sat", "name, NORAD number or designator"), ("from", "start (default now)"), ("span", "default 1.5 orbits"), ("step", "default 30s")], body: None, media: "application/json", response: s::<orrery::sat::track::GroundTrack> },
    Endpoint { methods: &["get"], path: "/api/passes", summary: "Passes over an observer with visibility (orrery passes), with sky paths", params: with_observer![("sats", "comma-separated satellites (default 25544, the ISS)"), ("from", "start (default now)"), ("span", "default 1d"), ("min_elevation_deg", "lowest culmination (default 0)"), ("twilight_deg", "Sun elevation of a dark sky (default -6)"), ("visible_only", "true: only visible passes"), ("paths", "true: each pass's path across the sky every 10 s and at culmination")], body: None, media: "application/json", response: s::<super::sat::PassesReport> },
    Endpoint { methods: &["get"], path: "/api/passes.ics", summary: "The same passes as an iCalendar file", params: with_observer![("sats", "as /api/passes"), ("from", ""), ("span", ""), ("min_elevation_deg", ""), ("visible_only", "")], body: None, media: "text/calendar", response: s::<String> },
    Endpoint { methods: &["get"], path: "/api/coastlines", summary: "Natural Earth 1:110m land rings, [lon, lat] degrees", params: &[], body: None, media: "application/json", response: s::<Value> },
    Endpoint { methods: &["get"], path: "/api/sun", summary: "The subsolar point (the map's night side)", params: &[("at", "instant (default now)")], body: None, media: "application/json", response: s::<super::sat::SunReport> },
    Endpoint { methods: &["get"], path: "/api/porkchop", summary: "A porkchop grid as columns (orrery porkchop)", params: &[("from", "departure body (default earth)"), ("to", "arrival body (default mars)"), ("depart", "START..END"), ("arrive", "START..END"), ("step", "grid spacing, e.g. 1d"), ("n", "dates per axis instead of step"), ("parking_alt_km", "default 200"), ("capture_alt_km", "default 400"), ("capture_eccentricity", "default 0")], body: None, media: "application/json", response: s::<orrery::transfer::report::PorkchopGrid> },
    Endpoint { methods: &["get"], path: "/api/transfer", summary: "One transfer arc with both bodies' orbits (ecliptic J2000, km)", params: &[("from", "departure body"), ("to", "arrival body"), ("depart", "departure instant"), ("arrive", "arrival instant"), ("n", "points (default 200)")], body: None, media: "application/json", response: s::<orrery::transfer::trajectory::TransferPath> },
    Endpoint { methods: &["get"], path: "/api/windows", summary: "Launch windows (orrery windows)", params: &[("from", ""), ("to", ""), ("start", "first departure (default now)"), ("span", "default 1461d"), ("tof_min", "default 80d"), ("tof_max", "default 500d")], body: None, media: "application/json", response: s::<Vec<orrery::transfer::report::WindowRow>> },
    Endpoint { methods: &["post"], path: "/api/budget", summary: "A mission budget (orrery budget)", params: &[], body: Some("the mission in the TOML of orrery budget"), media: "application/json", response: s::<orrery::transfer::budget::Budget> },
    Endpoint { methods: &["get"], path: "/api/cr3bp/points", summary: "The libration points of a system", params: &[("system", "earth-moon (default) or sun-earth")], body: None, media: "application/json", response: s::<Value> },
    Endpoint { methods: &["get"], path: "/api/cr3bp/family", summary: "A family of periodic orbits by continuation, members sampled for drawing", params: &[("system", ""), ("kind", "halo (default), lyapunov, vertical"), ("point", "L1, L2 (default), L3"), ("branch", "north (default), south"), ("members", "default 40"), ("step", "continuation step (default 2e-3)")], body: None, media: "application/json", response: s::<super::cr3bp::FamilyView> },
    Endpoint { methods: &["get"], path: "/api/cr3bp/orbit", summary: "One periodic orbit (the 9:2 NRHO by default), sampled", params: &[("system", ""), ("kind", "nrho (default), jwst, halo, lyapunov, vertical"), ("point", ""), ("branch", ""), ("resonance", "N:M (default 9:2)"), ("samples", "default 400")], body: None, media: "application/json", response: s::<super::cr3bp::OrbitView> },
    Endpoint { methods: &["post"], path: "/api/transit/jobs", summary: "Starts a transit search of the light curve in the body (FITS or CSV), answers 202 with the job", params: &[("sample", "wasp-126: the bundled light curve instead of a body"), ("name", "the file's name"), ("period_min_days", ""), ("period_max_days", ""), ("max_planets", "default 3")], body: Some("a FITS or CSV light curve"), media: "application/json", response: s::<super::transit::JobCreated> },
    Endpoint { methods: &["get", "delete"], path: "/api/transit/jobs/{id}", summary: "A job's progress and result; DELETE cancels it", params: &[("id", "the job")], body: None, media: "application/json", response: s::<super::transit::JobStatus> },
];

/// Moves a schema's `$defs` into `defs` and points its references there.
fn hoist(mut v: Value, defs: &mut Map<String, Value>) -> Value {
    if let Some(Value::Object(d)) = v.as_object_mut().and_then(|o| o.remove("$defs")) {
        for (k, s) in d {
            let s = hoist(s, defs);
            defs.insert(k, s);
        }
    }
    fn refs(v: &mut Value) {
        match v {
            Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    if k == "$ref" {
                        if let Value::String(s) = x {
                            *s = s.replace("#/$defs/", "#/components/schemas/");
                        }
                    } else {
                        refs(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(refs),
            _ => {}
        }
    }
    refs(&mut v);
    if let Some(o) = v.as_object_mut() {
        o.remove("$schema");
    }
    v
}

/// The OpenAPI 3.1 document of [`ENDPOINTS`], schemas from the library's types.
pub fn openapi_document() -> Value {
    let mut defs = Map::new();
    let error = hoist(
        serde_json::to_value(s::<ErrorBody<'static>>()).unwrap_or_default(),
        &mut defs,
    );
    defs.insert("Error".into(), error);
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let schema = hoist(
            serde_json::to_value((e.response)()).unwrap_or_default(),
            &mut defs,
        );
        let params: Vec<Value> = e
            .params
            .iter()
            .map(|(name, desc)| {
                let in_path = e.path.contains(&format!("{{{name}}}"));
                json!({"name": name, "in": if in_path {"path"} else {"query"}, "required": in_path,
                       "description": desc, "schema": {"type": "string"}})
            })
            .collect();
        let mut item = Map::new();
        for m in e.methods {
            let mut op = json!({
                "summary": e.summary,
                "parameters": params,
                "responses": {
                    "200": {"description": "success", "content": {e.media: {"schema": schema}}},
                    "4XX": {"description": "bad input or a limit (the error says which)",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "503": {"description": "the time limit of one computation",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
            });
            if let Some(b) = e.body {
                op["requestBody"] = json!({"description": b, "required": true,
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}});
            }
            item.insert((*m).to_string(), op);
        }
        paths.insert(e.path.to_string(), Value::Object(item));
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Orrery dashboard API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "The same library functions and JSON schemas as the orrery command line. Limits: GET /api/health."},
        "paths": paths,
        "components": {"schemas": defs}
    })
}

/// The OpenAPI document.
pub async fn openapi() -> Json<Value> {
    Json(openapi_document())
}
