//! Published values of the named orbits, printed beside Orrery's results so that a
//! reader can compare them (the tests in `tests/published.rs` assert the comparison).

use crate::missions::Excursions;
use serde::Serialize;

/// One published value of an orbit, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PublishedValue {
    /// The quantity (`period`, `perilune radius`).
    pub quantity: &'static str,
    /// The value as published, with its unit.
    pub value: String,
    /// The publication.
    pub source: &'static str,
}

fn v(quantity: &'static str, value: &str, source: &'static str) -> PublishedValue {
    PublishedValue {
        quantity,
        value: value.to_string(),
        source,
    }
}

/// The lunar Gateway's 9:2 synodic-resonant L2 southern NRHO.
pub fn nrho_9_2() -> Vec<PublishedValue> {
    vec![
        v(
            "period",
            "2/9 synodic month = 6.5624 d",
            "definition of the 9:2 synodic resonance",
        ),
        v(
            "perilune radius",
            "about 3,200 km",
            "Whitley & Martinez 2016; Lee 2019",
        ),
        v(
            "apolune radius",
            "about 71,000 km",
            "Whitley & Martinez 2016; Lee 2019",
        ),
        v(
            "apolune state (L* differs)",
            "x 1.02134, z -0.18162, vy -0.10176",
            "Zimovan-Spreen 2021 dissertation",
        ),
    ]
}

/// JWST's Sun-Earth L2 orbit.
pub fn jwst() -> Vec<PublishedValue> {
    vec![
        v("period", "about 6 months", "STScI JWST documentation"),
        v(
            "distance from L2",
            "250,000 - 832,000 km",
            "NASA, Webb orbit",
        ),
    ]
}

/// The same quantities for a computed JWST-like orbit, to read beside [`jwst`].
pub fn jwst_computed(ex: &Excursions) -> Vec<PublishedValue> {
    vec![
        v(
            "distance from L2",
            &format!("{:.0} - {:.0} km", ex.min_distance_km, ex.max_distance_km),
            "this orbit",
        ),
        v(
            "Ax, Ay, Az",
            &format!("{:.0}, {:.0}, {:.0} km", ex.ax_km, ex.ay_km, ex.az_km),
            "this orbit",
        ),
    ]
}
