//! Output records: how Orrery's result types become JSON, CSV columns and data-frame
//! columns, the same way in every front end.
//!
//! * serde helpers for instants: [`utc`] and [`utc_opt`] write ISO 8601 UTC with
//!   milliseconds and a `Z` (`2026-05-08T20:14:03.512Z`), [`tdb`] writes
//!   `2026-05-08T20:15:12.696 TDB`; a field holding an instant ends in `_utc` or
//!   `_tdb`, so its scale is in its name;
//! * [`flatten`] turns one record into named columns (nested objects joined with `_`,
//!   so `rise.time_utc` becomes `rise_time_utc`; arrays of numbers get their index,
//!   so `v1_km_s: [x, y, z]` becomes `v1_km_s_0, v1_km_s_1, v1_km_s_2`): the CSV header
//!   of a command is the flattened JSON of its records, and a Python data frame gets
//!   the same columns.
//!
//! ```
//! use orrery_core::records::{flatten, Value};
//! #[derive(serde::Serialize)]
//! struct Event { time_utc: &'static str, elevation_deg: f64 }
//! #[derive(serde::Serialize)]
//! struct Pass { norad_id: u64, rise: Option<Event>, culmination: Event }
//! let p = Pass {
//!     norad_id: 25544,
//!     rise: None,
//!     culmination: Event { time_utc: "2026-05-08T20:14:03.512Z", elevation_deg: 52.7 },
//! };
//! let cols = flatten(&p).unwrap();
//! let names: Vec<&str> = cols.iter().map(|(k, _)| k.as_str()).collect();
//! assert_eq!(names, ["norad_id", "rise", "culmination_time_utc", "culmination_elevation_deg"]);
//! assert_eq!(cols[1].1, Value::Null);
//! ```

use crate::time::{format_epoch, format_utc_ms};
use hifitime::{Epoch, TimeScale};
use serde::Serialize;

pub use serde_json::Value;

/// Serializes an instant as ISO 8601 UTC with milliseconds and `Z`.
pub fn utc<S: serde::Serializer>(t: &Epoch, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_utc_ms(*t))
}

/// [`utc`] for an optional instant (`null` when absent).
pub fn utc_opt<S: serde::Serializer>(t: &Option<Epoch>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => utc(t, s),
        None => s.serialize_none(),
    }
}

/// Serializes an instant as ISO 8601 in TDB with the scale written after it.
pub fn tdb<S: serde::Serializer>(t: &Epoch, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_epoch(*t, TimeScale::TDB))
}

/// The record's fields as `(column, value)` pairs in declaration order: nested objects
/// are flattened with `_` between the names, arrays of scalars get one column per
/// element (`name_0`, `name_1`, …), other arrays stay whole (as JSON text in a CSV
/// cell), `None` becomes [`Value::Null`]. A record that is not an object is one column
/// `value`.
pub fn flatten<T: Serialize>(record: &T) -> Result<Vec<(String, Value)>, serde_json::Error> {
    let v = serde_json::to_value(record)?;
    let mut out = Vec::new();
    push(&mut out, String::new(), v);
    Ok(out)
}

fn push(out: &mut Vec<(String, Value)>, prefix: String, v: Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}_{k}")
                };
                push(out, key, v);
            }
        }
        Value::Array(items)
            if !prefix.is_empty()
                && items
                    .iter()
                    .all(|v| !matches!(v, Value::Array(_) | Value::Object(_))) =>
        {
            for (k, v) in items.into_iter().enumerate() {
                out.push((format!("{prefix}_{k}"), v));
            }
        }
        other => out.push((
            if prefix.is_empty() {
                "value".into()
            } else {
                prefix
            },
            other,
        )),
    }
}

/// A value as a CSV cell: numbers in full precision (shortest round-trip form),
/// strings as they are, `null` as an empty cell, arrays as their JSON text.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}
