//! What one request may ask for, and the bounded pool heavy computations run in.
//!
//! Every limit has a name; an answer that hits one says which (`limit` in the error
//! body). The defaults are documented in docs/server.md.

use crate::error::ApiError;
use orrery::progress::{Counter, Progress};
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// The limits of one server.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Limits {
    /// Heavy computations that run at once (the rest wait in a queue).
    pub heavy_jobs: usize,
    /// How long a request waits for a slot before a 429, seconds.
    pub queue_wait_s: f64,
    /// Wall time one computation may take before it is stopped (503), seconds.
    pub job_seconds: f64,
    /// Largest light-curve upload, bytes.
    pub max_upload_bytes: usize,
    /// Largest light curve searched, points.
    pub max_light_curve_points: usize,
    /// Transit search jobs kept (finished ones are dropped oldest first).
    pub max_transit_jobs: usize,
    /// Most cells of one porkchop grid.
    pub max_porkchop_cells: usize,
    /// Most satellite × instant positions of one request.
    pub max_positions: usize,
    /// Most points of one ground track.
    pub max_track_points: usize,
    /// Longest span of a pass prediction, days.
    pub max_pass_days: f64,
    /// Most satellites of one pass prediction.
    pub max_pass_satellites: usize,
    /// Longest span of a sky almanac, days.
    pub max_sky_days: f64,
    /// Longest span searched for launch windows, days.
    pub max_window_days: f64,
    /// Most members of one orbit family.
    pub max_family_members: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            heavy_jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue_wait_s: 20.0,
            job_seconds: 120.0,
            max_upload_bytes: 64 << 20,
            max_light_curve_points: 2_000_000,
            max_transit_jobs: 16,
            max_porkchop_cells: 250_000,
            max_positions: 2_000_000,
            max_track_points: 20_000,
            max_pass_days: 31.0,
            max_pass_satellites: 50,
            max_sky_days: 31.0,
            max_window_days: 3_660.0,
            max_family_members: 500,
        }
    }
}

/// Progress of one computation, with its deadline and a cancel switch: the
/// [`Progress`] handed to the library, so a long computation stops at the time limit
/// or when the user cancels.
#[derive(Debug)]
pub struct Watch {
    started: Instant,
    limit: Duration,
    /// Progress and the user's cancel switch (the library's counter).
    counter: Counter,
}

impl Watch {
    /// A watch whose deadline is `limit_s` from now.
    pub fn new(limit_s: f64) -> Self {
        Watch {
            started: Instant::now(),
            limit: Duration::from_secs_f64(limit_s.max(0.0)),
            counter: Counter::new(),
        }
    }
    /// Asks the computation to stop.
    pub fn cancel(&self) {
        self.counter.cancel();
    }
    /// Whether the user cancelled.
    pub fn user_cancelled(&self) -> bool {
        self.counter.is_cancelled()
    }
    /// Whether the deadline has passed.
    pub fn expired(&self) -> bool {
        self.started.elapsed() > self.limit
    }
    /// `(done, total)` of the current stage.
    pub fn get(&self) -> (u64, u64) {
        self.counter.get()
    }
    /// Seconds since the start.
    pub fn elapsed_s(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

impl Progress for Watch {
    fn start(&self, what: &str, total: u64) {
        self.counter.start(what, total);
    }
    fn advance(&self, n: u64) {
        self.counter.advance(n);
    }
    fn is_cancelled(&self) -> bool {
        self.user_cancelled() || self.expired()
    }
}

/// The pool of heavy computations: at most [`Limits::heavy_jobs`] at once, each on a
/// blocking thread, each with a [`Watch`].
#[derive(Debug, Clone)]
pub struct Pool {
    slots: Arc<Semaphore>,
    limits: Arc<Limits>,
}

impl Pool {
    /// A pool for `limits`.
    pub fn new(limits: Arc<Limits>) -> Self {
        Pool {
            slots: Arc::new(Semaphore::new(limits.heavy_jobs.max(1))),
            limits,
        }
    }

    /// Waits for a slot (at most the queue wait; then 429).
    pub async fn slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        let wait = Duration::from_secs_f64(self.limits.queue_wait_s);
        match tokio::time::timeout(wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(p)) => Ok(p),
            _ => Err(ApiError::busy(
                self.limits.heavy_jobs,
                self.limits.queue_wait_s,
            )),
        }
    }

    /// Runs `f` in the pool with a fresh [`Watch`]; an error after the deadline passed
    /// is the time limit's 503.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Watch) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.slot().await?;
        let watch = Arc::new(Watch::new(self.limits.job_seconds));
        self.run_watched(permit, watch, f).await
    }

    /// Runs `f` with a slot already held and a given watch (transit jobs).
    pub async fn run_watched<T, F>(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        watch: Arc<Watch>,
        f: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Watch) -> Result<T, ApiError> + Send + 'static,
    {
        let w = watch.clone();
        let job = tokio::task::spawn_blocking(move || {
            let _slot = permit; // held until the computation really ends
            f(&w)
        });
        let limit_s = self.limits.job_seconds;
        match job.await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) if watch.expired() && !watch.user_cancelled() => {
                let _ = e;
                Err(ApiError::time_limit(limit_s))
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ApiError::internal(
                "the computation failed unexpectedly (a bug: please report it)",
            )),
        }
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}
