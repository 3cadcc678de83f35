//! What every binding shares: errors as `orrery.errors` exceptions, JSON of the
//! library's output types, and long calls that release the GIL, report progress and
//! stop on Ctrl-C.

use orrery::progress::Counter;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde::Serialize;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::Duration;

/// Which class of `orrery.errors` an error becomes.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// `OrreryValueError` (also a `ValueError`): bad arguments or bad data.
    Value,
    /// `OrreryFileNotFoundError` (also a `FileNotFoundError`).
    NotFound,
    /// `OrreryFileError` (also an `OSError`): a file that cannot be read or written.
    File,
    /// `OrreryCancelled`: the work was stopped by its progress callback.
    Cancelled,
}

/// The exception of `kind` carrying `msg`.
pub fn raise(kind: Kind, msg: impl Into<String>) -> PyErr {
    let msg = msg.into();
    let name = match kind {
        Kind::Value => "OrreryValueError",
        Kind::NotFound => "OrreryFileNotFoundError",
        Kind::File => "OrreryFileError",
        Kind::Cancelled => "OrreryCancelled",
    };
    Python::attach(|py| {
        let made = py
            .import("orrery.errors")
            .and_then(|m| m.getattr(name))
            .and_then(|cls| cls.call1((msg.clone(),)));
        match made {
            Ok(v) => PyErr::from_value(v),
            Err(_) => PyValueError::new_err(msg),
        }
    })
}

/// A bad argument.
pub fn value_err(msg: impl Into<String>) -> PyErr {
    raise(Kind::Value, msg)
}

/// The kind of an I/O error.
pub fn io_kind(e: &std::io::Error) -> Kind {
    if e.kind() == std::io::ErrorKind::NotFound {
        Kind::NotFound
    } else {
        Kind::File
    }
}

/// Library errors as Python exceptions.
pub trait ToPyErr {
    /// The exception.
    fn py(self) -> PyErr;
}

impl ToPyErr for orrery::time::TimeError {
    fn py(self) -> PyErr {
        value_err(self.to_string())
    }
}

impl ToPyErr for orrery::ephem::EphemError {
    fn py(self) -> PyErr {
        let kind = match &self {
            orrery::ephem::EphemError::Io { source, .. } => io_kind(source),
            _ => Kind::Value,
        };
        raise(kind, self.to_string())
    }
}

impl ToPyErr for orrery::grid::GridError {
    fn py(self) -> PyErr {
        value_err(self.to_string())
    }
}

impl ToPyErr for orrery::sat::SatError {
    fn py(self) -> PyErr {
        use orrery::sat::SatError;
        let kind = match &self {
            SatError::Io { source, .. } => io_kind(source),
            SatError::Cancelled => Kind::Cancelled,
            _ => Kind::Value,
        };
        raise(kind, self.to_string())
    }
}

impl ToPyErr for orrery::transfer::TransferError {
    fn py(self) -> PyErr {
        use orrery::transfer::TransferError;
        let kind = match &self {
            TransferError::Cancelled => Kind::Cancelled,
            _ => Kind::Value,
        };
        raise(kind, self.to_string())
    }
}

impl ToPyErr for orrery::cr3bp::Cr3bpError {
    fn py(self) -> PyErr {
        let kind = match &self {
            orrery::cr3bp::Cr3bpError::Cancelled => Kind::Cancelled,
            _ => Kind::Value,
        };
        raise(kind, self.to_string())
    }
}

impl ToPyErr for orrery::sky::SkyError {
    fn py(self) -> PyErr {
        let kind = match &self {
            orrery::sky::SkyError::Cancelled => Kind::Cancelled,
            _ => Kind::Value,
        };
        raise(kind, self.to_string())
    }
}

impl ToPyErr for orrery::transit::TransitError {
    fn py(self) -> PyErr {
        use orrery::transit::TransitError;
        let kind = match &self {
            TransitError::Io { source, .. } => io_kind(source),
            TransitError::Output { .. } => Kind::File,
            TransitError::Cancelled => Kind::Cancelled,
            _ => Kind::Value,
        };
        raise(kind, self.to_string())
    }
}

/// `Result<T, E>` to `PyResult<T>` through [`ToPyErr`].
pub trait PyOk<T> {
    /// The result with the error as a Python exception.
    fn py(self) -> PyResult<T>;
}

impl<T, E: ToPyErr> PyOk<T> for Result<T, E> {
    fn py(self) -> PyResult<T> {
        self.map_err(ToPyErr::py)
    }
}

/// The value as the JSON text the CLI's `--format json` writes.
pub fn json<T: Serialize + ?Sized>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| PyRuntimeError::new_err(format!("JSON output: {e}")))
}

/// Runs `work` on a worker thread with the GIL released, passing it a [`Counter`] to
/// report progress to and to read cancellation from. Every 100 ms the calling thread
/// takes the GIL back to check for Ctrl-C (then it cancels the work, waits for it to
/// stop, and raises `KeyboardInterrupt`) and to call `callback(done, total)`: a
/// callback that returns `False` or raises stops the work too.
pub fn run_long<T: Send>(
    py: Python<'_>,
    callback: Option<&Bound<'_, PyAny>>,
    work: impl FnOnce(&Counter) -> T + Send,
) -> PyResult<T> {
    let counter = Counter::new();
    let (tx, rx) = channel();
    // `detach` needs a `Send` closure: a `&Receiver` is not, a `&Mutex<Receiver>` is.
    let rx = std::sync::Mutex::new(rx);
    std::thread::scope(|scope| {
        let c = &counter;
        scope.spawn(move || {
            let r = work(c);
            let _ = tx.send(r);
        });
        let mut stop: Option<PyErr> = None;
        let mut last = (u64::MAX, u64::MAX);
        loop {
            let got = py.detach(|| match rx.lock() {
                Ok(r) => r.recv_timeout(Duration::from_millis(100)),
                Err(_) => Err(RecvTimeoutError::Disconnected),
            });
            let mut report = |py: Python<'_>| -> Option<PyErr> {
                let cb = callback?;
                let now = counter.get();
                // Nothing to report before the work has said how much there is.
                if now == last || now.1 == 0 {
                    return None;
                }
                last = now;
                match cb.call1(now) {
                    Ok(v) if v.is(pyo3::types::PyBool::new(py, false)) => {
                        Some(raise(Kind::Cancelled, "stopped by the progress callback"))
                    }
                    Ok(_) => None,
                    Err(e) => Some(e),
                }
            };
            match got {
                Ok(r) => {
                    if let Some(e) = stop {
                        return Err(e);
                    }
                    if let Some(e) = report(py) {
                        return Err(e);
                    }
                    return Ok(r);
                }
                Err(RecvTimeoutError::Timeout) => {
                    if stop.is_some() {
                        continue;
                    }
                    if let Err(e) = py.check_signals() {
                        counter.cancel();
                        stop = Some(e);
                    } else if let Some(e) = report(py) {
                        counter.cancel();
                        stop = Some(e);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "the computation stopped without a result (a bug: please report it)",
                    ))
                }
            }
        }
    })
}
