//! The pages, compiled into the binary: one HTML shell for every page path, its
//! stylesheet and one plain JavaScript module per page (no framework, no build step,
//! no network: the files in `assets/` are what the browser runs).

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

/// The HTML shell of every page.
pub const INDEX: &str = include_str!("../assets/index.html");

/// The assets: name, media type, content.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    (
        "plot.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/plot.js"),
    ),
    (
        "sky.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/sky.js"),
    ),
    (
        "live.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/live.js"),
    ),
    (
        "mars.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/mars.js"),
    ),
    (
        "exoplanets.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/exoplanets.js"),
    ),
    (
        "three-body.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/three-body.js"),
    ),
];

/// Any page: the shell, which loads the page's module from the path.
pub async fn page() -> Html<&'static str> {
    Html(INDEX)
}

/// One asset by name; nothing else is reachable (no file system).
pub async fn asset(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == file) {
        Some((_, media, body)) => (
            [
                (header::CONTENT_TYPE, *media),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *body,
        )
            .into_response(),
        None => ApiError::not_found(format!("no asset {file:?}")).into_response(),
    }
}
