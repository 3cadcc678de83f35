//! # orrery-server
//!
//! Orrery's local web dashboard: a JSON API under `/api/` over the same library
//! functions the `orrery` command line calls, returning the same schemas, and the pages
//! that draw it (sky tonight, satellites live, Mars windows, exoplanets, three-body),
//! embedded in the binary so that `orrery serve` needs no network and no other file.
//!
//! Handlers only parse, check the limits ([`limits::Limits`]) and call the library;
//! heavy computations run in a bounded pool with a time limit ([`limits::Pool`]).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let state = orrery_server::AppState::new(orrery_server::Config::default())
//!     .map_err(std::io::Error::other)?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8737").await?;
//! axum::serve(listener, orrery_server::router(state)).await
//! # }
//! ```

#![forbid(unsafe_code)]

pub mod api;
pub mod assets;
pub mod error;
pub mod limits;
pub mod params;

use crate::limits::{Limits, Pool};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use orrery::ephem::Source;
use orrery::sat::Catalog;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use error::ApiError;

/// How a server is set up.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// A catalog file (TLE/3LE/OMM); default: the freshest `orrery tle fetch` download
    /// of the cache that holds the ISS, else the bundled active catalog.
    pub catalog: Option<PathBuf>,
    /// A JPL SPK kernel; default the built-in ephemeris.
    pub kernel: Option<PathBuf>,
    /// The limits.
    pub limits: Limits,
    /// The address the server listens on (for the Host check: a loopback server answers
    /// only requests addressed to a loopback name, against DNS rebinding).
    pub bind: Option<SocketAddr>,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The satellites.
    pub catalog: Arc<Catalog>,
    /// The ephemeris of the Sun, Moon and planets.
    pub ephemeris: Arc<Source>,
    /// The heavy-job pool (and the limits).
    pub pool: Pool,
    /// Transit search jobs.
    pub jobs: Arc<api::transit::Jobs>,
    /// Coastlines as JSON, built once.
    pub coastlines: Arc<String>,
    loopback_only: bool,
}

impl AppState {
    /// Loads the catalog and the ephemeris of `config`.
    pub fn new(config: Config) -> Result<Self, String> {
        use orrery::sat::source::{load_catalog, CatalogChoice, CatalogOrigin};
        let catalog = match &config.catalog {
            Some(p) => {
                load_catalog(CatalogChoice::File(p), true, &[])
                    .map_err(|e| e.to_string())?
                    .catalog
            }
            None => match load_catalog(CatalogChoice::Auto, true, &["ISS"]) {
                Ok(l) if l.origin != CatalogOrigin::Bundled => l.catalog,
                _ => Catalog::bundled_active().map_err(|e| e.to_string())?,
            },
        };
        let ephemeris = Source::open(config.kernel.as_deref()).map_err(|e| e.to_string())?;
        let limits = Arc::new(config.limits);
        Ok(AppState {
            catalog: Arc::new(catalog),
            ephemeris: Arc::new(ephemeris),
            jobs: Arc::new(api::transit::Jobs::new(limits.max_transit_jobs)),
            pool: Pool::new(limits),
            coastlines: Arc::new(api::sat::coastlines_json()?),
            loopback_only: config.bind.is_none_or(|a| a.ip().is_loopback()),
        })
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        self.pool.limits()
    }
}

/// The whole application: the API, the pages and the checks every request passes.
pub fn router(state: AppState) -> Router {
    let max_body = state.limits().max_upload_bytes;
    Router::new()
        .merge(api::routes())
        .route("/", get(assets::page))
        .route("/sky", get(assets::page))
        .route("/live", get(assets::page))
        .route("/mars", get(assets::page))
        .route("/exoplanets", get(assets::page))
        .route("/three-body", get(assets::page))
        .route("/assets/{file}", get(assets::asset))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), host_check))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    ApiError::not_found(format!("no such page or endpoint: {}", req.uri().path())).into_response()
}

/// A server on loopback answers only requests addressed to a loopback name, so that a
/// web page elsewhere cannot reach it through DNS rebinding.
async fn host_check(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if st.loopback_only {
        let host = req
            .headers()
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let name = host
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map_or(host, |(n, _)| n);
        if !matches!(name, "localhost" | "127.0.0.1" | "[::1]") {
            return ApiError::forbidden(format!(
                "this server listens on loopback and answers only requests to localhost, not {host:?}"
            ))
            .into_response();
        }
    }
    next.run(req).await
}

/// Binds `addr` and serves until Ctrl-C, calling `ready` with the bound address (the
/// port may have been chosen by the system when `addr` has port 0).
pub async fn serve(
    config: Config,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let state = AppState::new(Config {
        bind: Some(addr),
        ..config
    })
    .map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// [`serve`] on a runtime of its own, for a synchronous caller (the CLI).
pub fn serve_blocking(
    config: Config,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(config, addr, ready))
}
