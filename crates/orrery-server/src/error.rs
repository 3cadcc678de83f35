//! The one error answer of the API: a status and a JSON body
//! `{"error": {"code": "...", "message": "...", "limit": "..."}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// An API error: what went wrong, in the same words as the CLI, and which limit when a
/// limit was hit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code: `bad_request`, `not_found`, `limit`, `busy`,
    /// `time_limit`, `too_large`, `forbidden`, `internal`.
    pub code: &'static str,
    /// One line for a person.
    pub message: String,
    /// The limit that was hit, as documented in docs/server.md (`max_porkchop_cells = 250000`).
    pub limit: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<&'a str>,
}

/// The JSON body of every error answer.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorBody<'a> {
    error: Body<'a>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            limit: None,
        }
    }

    /// 400: the request is malformed or names something that does not exist.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 422: the request asks for more work than one request may (`name = value`).
    pub fn limit(message: impl Into<String>, name: &str, value: impl std::fmt::Display) -> Self {
        ApiError {
            limit: Some(format!("{name} = {value}")),
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "limit", message)
        }
    }

    /// 429: every heavy-job slot stayed busy for the whole queue wait.
    pub fn busy(slots: usize, wait_s: f64) -> Self {
        ApiError {
            limit: Some(format!("heavy_jobs = {slots}, queue_wait_s = {wait_s}")),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "busy",
                format!(
                    "the server is busy: {slots} heavy computations are running; try again shortly"
                ),
            )
        }
    }

    /// 503: the computation ran past the time one request may take.
    pub fn time_limit(seconds: f64) -> Self {
        ApiError {
            limit: Some(format!("job_seconds = {seconds}")),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "time_limit",
                format!("the computation was stopped after {seconds} s, the time limit of one request; ask for less"),
            )
        }
    }

    /// 413: the body is larger than the route accepts.
    pub fn too_large(limit_bytes: usize) -> Self {
        ApiError {
            limit: Some(format!("max_upload_bytes = {limit_bytes}")),
            ..Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the upload is larger than {} MiB", limit_bytes >> 20),
            )
        }
    }

    /// 403.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 500: a bug; the message says so.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// A library error as a 400 with the library's message (the CLI prints the same line).
    pub fn from_lib(e: impl std::fmt::Display) -> Self {
        Self::bad_request(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: Body {
                code: self.code,
                message: &self.message,
                limit: self.limit.as_deref(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

/// Maps each library error to its answer: a limit of the library is a 422 naming it,
/// a cancellation (the time limit) a 503, anything else a 400 with the library's words.
macro_rules! lib_errors {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                ApiError::from_lib(e)
            }
        }
    )*};
}

lib_errors!(
    orrery::time::TimeError,
    orrery::duration::DurationError,
    orrery::cities::SiteError,
    orrery::cities::UnknownCity,
    orrery::localtime::ZoneError,
    orrery::ephem::EphemError,
    orrery::sky::SkyError,
    orrery::cr3bp::Cr3bpError,
    orrery::transit::TransitError,
    orrery::grid::GridError,
    orrery::bodies::UnknownBody,
);

impl From<orrery::sat::SatError> for ApiError {
    fn from(e: orrery::sat::SatError) -> Self {
        match e {
            orrery::sat::SatError::TooMuchWork {
                what,
                requested,
                limit,
            } => ApiError::limit(
                format!("{requested} {what} asked for; at most {limit}"),
                what,
                limit,
            ),
            e => ApiError::from_lib(e),
        }
    }
}

impl From<orrery::transfer::TransferError> for ApiError {
    fn from(e: orrery::transfer::TransferError) -> Self {
        match e {
            e @ orrery::transfer::TransferError::TooManyCells { max, .. } => {
                ApiError::limit(e.to_string(), "porkchop_cells", max)
            }
            e => ApiError::from_lib(e),
        }
    }
}
