//! Transit searches as jobs: `POST /api/transit/jobs` with a FITS or CSV light curve
//! as the body (or `?sample=wasp-126` for the bundled one) answers at once with a job
//! id; `GET /api/transit/jobs/{id}` shows its progress and, when done, the candidates
//! and the plots' data; `DELETE` cancels it.

use crate::error::ApiError;
use crate::limits::Watch;
use crate::params::Q;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use orrery::transit::lightcurve::load_bytes;
use orrery::transit::search::search_with;
use orrery::transit::view::search_view;
use orrery::transit::{LightCurve, LoadOptions, SearchConfig};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Where a job stands.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for a slot.
    Queued,
    /// Searching.
    Running,
    /// Finished; `result` holds it.
    Done,
    /// Failed; `error` says why.
    Failed,
    /// Cancelled by the user.
    Cancelled,
}

struct Job {
    state: JobState,
    watch: Arc<Watch>,
    target: String,
    points: usize,
    result: Option<Arc<serde_json::Value>>,
    error: Option<ApiError>,
}

/// The jobs of a server: at most `max` kept, finished ones dropped oldest first.
pub struct Jobs {
    max: usize,
    inner: Mutex<(u64, BTreeMap<u64, Job>)>,
}

impl Jobs {
    /// Room for `max` jobs.
    pub fn new(max: usize) -> Self {
        Jobs {
            max: max.max(1),
            inner: Mutex::new((0, BTreeMap::new())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, BTreeMap<u64, Job>)> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn insert(&self, target: String, points: usize, watch: Arc<Watch>) -> Result<u64, ApiError> {
        let mut g = self.lock();
        if g.1.len() >= self.max {
            let finished =
                g.1.iter()
                    .find(|(_, j)| {
                        matches!(
                            j.state,
                            JobState::Done | JobState::Failed | JobState::Cancelled
                        )
                    })
                    .map(|(&id, _)| id);
            match finished {
                Some(id) => {
                    g.1.remove(&id);
                }
                None => {
                    return Err(ApiError::limit(
                        format!(
                            "{} transit searches are already queued or running",
                            self.max
                        ),
                        "max_transit_jobs",
                        self.max,
                    ))
                }
            }
        }
        g.0 += 1;
        let id = g.0;
        g.1.insert(
            id,
            Job {
                state: JobState::Queued,
                watch,
                target,
                points,
                result: None,
                error: None,
            },
        );
        Ok(id)
    }

    fn set(&self, id: u64, f: impl FnOnce(&mut Job)) {
        if let Some(j) = self.lock().1.get_mut(&id) {
            f(j);
        }
    }
}

/// Query of `POST /api/transit/jobs`.
#[derive(Debug, Deserialize)]
pub struct JobQuery {
    /// `wasp-126`: the bundled TESS light curve instead of a body.
    pub sample: Option<String>,
    /// Name of the uploaded file (for messages).
    pub name: Option<String>,
    /// Shortest period searched, days (default 0.5).
    pub period_min_days: Option<f64>,
    /// Longest period searched, days (default: a third of the baseline).
    pub period_max_days: Option<f64>,
    /// Most planets searched for (default 3).
    pub max_planets: Option<usize>,
}

/// `{id}` of a new job.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct JobCreated {
    /// The job.
    pub id: u64,
    /// Where to follow it.
    pub url: String,
    /// Target of the light curve.
    pub target: String,
    /// Points read.
    pub points: usize,
}

/// A job's progress and, when done, its result.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct JobStatus {
    /// The job.
    pub id: u64,
    /// Where it stands.
    pub state: JobState,
    /// Target of the light curve.
    pub target: String,
    /// Points read.
    pub points: usize,
    /// Work done in the current stage.
    pub done: u64,
    /// Work of the current stage.
    pub total: u64,
    /// Seconds since it was queued.
    pub elapsed_s: f64,
    /// `{"search": SearchResult, "view": SearchView}` when done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn config(q: &JobQuery) -> Result<SearchConfig, ApiError> {
    let mut cfg = SearchConfig {
        max_planets: 3,
        ..SearchConfig::default()
    };
    if let Some(p) = q.period_min_days {
        cfg.period_min_days = p;
    }
    cfg.period_max_days = q.period_max_days;
    if let Some(n) = q.max_planets {
        if !(1..=10).contains(&n) {
            return Err(ApiError::limit(
                "max_planets must be within 1..10",
                "max_planets",
                10,
            ));
        }
        cfg.max_planets = n;
    }
    cfg.validate()?;
    Ok(cfg)
}

/// Starts a search.
pub async fn create(
    State(st): State<AppState>,
    Q(q): Q<JobQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let lim = st.limits().clone();
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(lim.max_upload_bytes),
        _ => ApiError::bad_request(format!("the upload: {}", e.body_text())),
    })?;
    let cfg = config(&q)?;
    let name = q.name.clone().unwrap_or_else(|| "upload".into());
    // Reading a light curve is quick (milliseconds for a TESS sector), so a corrupt
    // file is answered at once, not as a failed job.
    let lc: LightCurve = match q.sample.as_deref() {
        // Read as an upload would be (normalised to a median of 1).
        Some("wasp-126") | Some("WASP-126") => load_bytes(
            orrery::transit::sample::WASP_126_TESS_BYTES,
            std::path::Path::new(orrery::transit::sample::WASP_126_TESS_FILE),
            &LoadOptions::default(),
        )?,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "unknown sample '{other}': the bundled light curve is wasp-126"
            )))
        }
        None if body.is_empty() => {
            return Err(ApiError::bad_request(
                "send a FITS or CSV light curve as the request body, or ?sample=wasp-126",
            ))
        }
        None => {
            let b = body.clone();
            let n = name.clone();
            tokio::task::spawn_blocking(move || {
                load_bytes(&b, std::path::Path::new(&n), &LoadOptions::default())
            })
            .await
            .map_err(|_| ApiError::internal("reading the light curve failed unexpectedly"))??
        }
    };
    if lc.len() > lim.max_light_curve_points {
        return Err(ApiError::limit(
            format!(
                "the light curve has {} points; at most {}",
                lc.len(),
                lim.max_light_curve_points
            ),
            "max_light_curve_points",
            lim.max_light_curve_points,
        ));
    }
    let target = if lc.target.is_empty() {
        name.clone()
    } else {
        lc.target.clone()
    };
    let points = lc.len();
    let watch = Arc::new(Watch::new(lim.job_seconds));
    let id = st.jobs.insert(target.clone(), points, watch.clone())?;
    let (jobs, pool) = (st.jobs.clone(), st.pool.clone());
    tokio::spawn(async move {
        let permit = match pool.slot().await {
            Ok(p) => p,
            Err(e) => {
                jobs.set(id, |j| {
                    j.state = JobState::Failed;
                    j.error = Some(e);
                });
                return;
            }
        };
        if watch.user_cancelled() {
            jobs.set(id, |j| j.state = JobState::Cancelled);
            return;
        }
        jobs.set(id, |j| j.state = JobState::Running);
        let r = pool
            .run_watched(permit, watch.clone(), move |w| {
                let res = search_with(&lc, &cfg, w)?;
                let view = search_view(&lc, &res, 2000);
                serde_json::to_value(serde_json::json!({ "search": res, "view": view }))
                    .map_err(|e| ApiError::internal(e.to_string()))
            })
            .await;
        jobs.set(id, |j| match r {
            Ok(v) => {
                j.state = JobState::Done;
                j.result = Some(Arc::new(v));
            }
            Err(_) if j.watch.user_cancelled() => j.state = JobState::Cancelled,
            Err(e) => {
                j.state = JobState::Failed;
                j.error = Some(e);
            }
        });
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(JobCreated {
            id,
            url: format!("/api/transit/jobs/{id}"),
            target,
            points,
        }),
    )
        .into_response())
}

fn status_of(id: u64, j: &Job) -> JobStatus {
    let (done, total) = j.watch.get();
    JobStatus {
        id,
        state: j.state.clone(),
        target: j.target.clone(),
        points: j.points,
        done,
        total,
        elapsed_s: j.watch.elapsed_s(),
        result: j.result.as_deref().cloned(),
        error: j.error.as_ref().map(|e| e.message.clone()),
    }
}

fn job_id(id: Result<Path<u64>, PathRejection>) -> Result<u64, ApiError> {
    id.map(|Path(i)| i)
        .map_err(|_| ApiError::bad_request("a job id is a number"))
}

/// A job's progress or result.
pub async fn status(
    State(st): State<AppState>,
    id: Result<Path<u64>, PathRejection>,
) -> Result<Json<JobStatus>, ApiError> {
    let id = job_id(id)?;
    let g = st.jobs.lock();
    let j =
        g.1.get(&id)
            .ok_or_else(|| ApiError::not_found(format!("no transit job {id}")))?;
    Ok(Json(status_of(id, j)))
}

/// Cancels a job (a finished one stays as it is).
pub async fn cancel(
    State(st): State<AppState>,
    id: Result<Path<u64>, PathRejection>,
) -> Result<Json<JobStatus>, ApiError> {
    let id = job_id(id)?;
    let mut g = st.jobs.lock();
    let j =
        g.1.get_mut(&id)
            .ok_or_else(|| ApiError::not_found(format!("no transit job {id}")))?;
    j.watch.cancel();
    if matches!(j.state, JobState::Queued | JobState::Running) {
        j.state = JobState::Cancelled;
    }
    Ok(Json(status_of(id, j)))
}
