//! The JSON API: one module per domain, each handler parsing its query, checking the
//! limits and calling the library function the CLI calls.

pub mod cr3bp;
pub mod meta;
pub mod sat;
pub mod sky;
pub mod transfer;
pub mod transit;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Every endpoint. `meta::ENDPOINTS` documents the same list in the OpenAPI document;
/// a test checks that the two agree.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(meta::health))
        .route("/api/openapi.json", get(meta::openapi))
        .route("/api/cities", get(meta::cities))
        .route("/api/time", get(meta::time))
        .route("/api/sky", get(sky::sky))
        .route("/api/satellites", get(sat::satellites))
        .route("/api/satellites/positions", get(sat::positions))
        .route("/api/track", get(sat::track))
        .route("/api/passes", get(sat::passes))
        .route("/api/passes.ics", get(sat::passes_ics))
        .route("/api/coastlines", get(sat::coastlines))
        .route("/api/sun", get(sat::sun))
        .route("/api/porkchop", get(transfer::porkchop))
        .route("/api/transfer", get(transfer::transfer))
        .route("/api/windows", get(transfer::windows))
        .route("/api/budget", post(transfer::budget))
        .route("/api/cr3bp/points", get(cr3bp::points))
        .route("/api/cr3bp/family", get(cr3bp::family))
        .route("/api/cr3bp/orbit", get(cr3bp::orbit))
        .route("/api/transit/jobs", post(transit::create))
        .route(
            "/api/transit/jobs/{id}",
            get(transit::status).delete(transit::cancel),
        )
}
