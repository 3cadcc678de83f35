//! Progress and cancellation of long computations.
//!
//! Long library calls (porkchop grids, catalog propagation, pass searches, family
//! continuation, visibility scans, transit searches) take a `&dyn Progress`. They
//! report how much of the work is done, and stop early with their crate's
//! `Cancelled` error when [`Progress::is_cancelled`] turns true, keeping nothing
//! half-written. Each front end supplies its own: the CLI a progress bar on a
//! terminal, the Python package tqdm and Ctrl-C, the server a job's state and its
//! cancel button. [`Silent`] reports nothing and never cancels.
//!
//! Implementations must be cheap and thread-safe: workers call [`Progress::advance`]
//! from the thread pool, typically once per row or item (never per inner step).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A sink for progress reports and a source of cancellation.
pub trait Progress: Sync {
    /// The work starts: `total` units of `what` (`cells`, `satellites`, `members`).
    fn start(&self, _what: &str, _total: u64) {}
    /// `n` more units are done.
    fn advance(&self, _n: u64) {}
    /// The caller wants the work stopped.
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Reports nothing and never cancels.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// Counts progress in atomics and cancels when told to: for callers that poll
/// progress from another thread (a server job, a Python binding).
#[derive(Debug, Default)]
pub struct Counter {
    total: AtomicU64,
    done: AtomicU64,
    cancelled: AtomicBool,
}

impl Counter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// (done, total) so far.
    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the work to stop.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

impl Progress for Counter {
    fn start(&self, _what: &str, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }
    fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_counts_and_cancels() {
        let c = Counter::new();
        c.start("cells", 10);
        c.advance(3);
        c.advance(4);
        assert_eq!(c.get(), (7, 10));
        assert!(!c.is_cancelled());
        c.cancel();
        assert!(c.is_cancelled());
        assert!(!Silent.is_cancelled());
    }
}
