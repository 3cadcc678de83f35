//! Batch search: many light curves in parallel, each result appended to a
//! JSON-lines file as soon as it is done. A rerun reads the file first and
//! skips every light curve already recorded (success or failure), so an
//! interrupted run loses nothing; a broken file becomes an `"error"` record
//! and never stops the batch.

use crate::error::{Result, TransitError};
use crate::lightcurve::{load, LoadOptions};
use crate::schema::BatchRecord as Record;
use crate::search::{search, SearchConfig};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Counts of a batch run.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct BatchSummary {
    /// Files found.
    pub total: usize,
    /// Files already in the output from an earlier run.
    pub skipped: usize,
    /// Files searched successfully now.
    pub ok: usize,
    /// Files that failed now (recorded as errors).
    pub failed: usize,
    /// Wall time of this run, seconds.
    pub seconds: f64,
}

impl BatchSummary {
    /// Light curves processed per minute in this run.
    pub fn per_minute(&self) -> f64 {
        if self.seconds > 0.0 {
            (self.ok + self.failed) as f64 * 60.0 / self.seconds
        } else {
            0.0
        }
    }
}

/// Light-curve files named by a directory (its `.fits`, `.fit`, `.csv` files,
/// recursively) or a glob whose last component has `*`/`?` wildcards. Sorted.
pub fn discover(pattern: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if pattern.is_dir() {
        walk(pattern, &mut out)?;
    } else if pattern.is_file() {
        out.push(pattern.to_path_buf());
    } else {
        let name = pattern
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = match pattern.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let entries = std::fs::read_dir(&dir).map_err(|source| TransitError::Io {
            path: dir.clone(),
            source,
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() && glob_match(&name, &e.file_name().to_string_lossy()) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| TransitError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            let ext = p
                .extension()
                .map(|x| x.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if matches!(ext.as_str(), "fits" | "fit" | "csv") {
                out.push(p);
            }
        }
    }
    Ok(())
}

/// `*` (any run) and `?` (one character) wildcard match.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    while i < p.len() && p[i] == '*' {
        i += 1;
    }
    i == p.len()
}

/// Reads the files already recorded in `out`, dropping a torn last line (an
/// interrupted write) so the file can be appended to.
pub fn finished(out: &Path) -> Result<HashSet<String>> {
    let text = match std::fs::read_to_string(out) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(source) => {
            return Err(TransitError::Io {
                path: out.to_path_buf(),
                source,
            })
        }
    };
    let mut done = HashSet::new();
    let mut good = String::new();
    let mut torn = false;
    for line in text.split_inclusive('\n') {
        let complete = line.ends_with('\n');
        match serde_json::from_str::<serde_json::Value>(line.trim()) {
            Ok(v) if complete => {
                if let Some(f) = v.get("file").and_then(|f| f.as_str()) {
                    done.insert(f.to_string());
                }
                good.push_str(line);
            }
            _ => torn = true,
        }
    }
    if torn {
        std::fs::write(out, good).map_err(|e| TransitError::Output {
            path: out.to_path_buf(),
            reason: e.to_string(),
        })?;
    }
    Ok(done)
}

/// Searches `files` in parallel, appending one JSON line per file to `out`.
/// `progress` is called after each file (from worker threads).
pub fn run(
    files: &[PathBuf],
    out: &Path,
    load_opts: &LoadOptions,
    cfg: &SearchConfig,
    progress: &(dyn Fn(&Path, bool) + Sync),
) -> Result<BatchSummary> {
    let start = std::time::Instant::now();
    let done = finished(out)?;
    let pending: Vec<&PathBuf> = files
        .iter()
        .filter(|f| !done.contains(&f.display().to_string()))
        .collect();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out)
        .map_err(|e| TransitError::Output {
            path: out.to_path_buf(),
            reason: e.to_string(),
        })?;
    let writer = Mutex::new(file);
    let write_err: Mutex<Option<TransitError>> = Mutex::new(None);
    let counts: Vec<bool> = pending
        .par_iter()
        .map(|path| {
            let t = std::time::Instant::now();
            let res = load(path, load_opts).and_then(|lc| search(&lc, cfg));
            let (ok, line) = {
                let rec = match &res {
                    Ok(r) => Record {
                        file: path.display().to_string(),
                        status: "ok",
                        error: None,
                        result: Some(r),
                        seconds: t.elapsed().as_secs_f64(),
                    },
                    Err(e) => Record {
                        file: path.display().to_string(),
                        status: "error",
                        error: Some(e.to_string()),
                        result: None,
                        seconds: t.elapsed().as_secs_f64(),
                    },
                };
                (res.is_ok(), serde_json::to_string(&rec).unwrap_or_default())
            };
            // One write call per complete line, then flush: a crash leaves at
            // most one torn line, which `finished` drops.
            if let Ok(mut w) = writer.lock() {
                let r = w
                    .write_all(format!("{line}\n").as_bytes())
                    .and_then(|_| w.flush());
                if let Err(e) = r {
                    if let Ok(mut slot) = write_err.lock() {
                        slot.get_or_insert(TransitError::Output {
                            path: out.to_path_buf(),
                            reason: e.to_string(),
                        });
                    }
                }
            }
            progress(path, ok);
            ok
        })
        .collect();
    if let Some(e) = write_err.into_inner().ok().flatten() {
        return Err(e);
    }
    let ok = counts.iter().filter(|&&k| k).count();
    Ok(BatchSummary {
        total: files.len(),
        skipped: files.len() - pending.len(),
        ok,
        failed: counts.len() - ok,
        seconds: start.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.fits", "a_llc.fits"));
        assert!(glob_match("kplr*_?lc.fits", "kplr0001_llc.fits"));
        assert!(!glob_match("*.fits", "a.csv"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.jsonl");
        std::fs::write(
            &out,
            "{\"file\":\"a\",\"status\":\"ok\"}\n{\"file\":\"b\",\"sta",
        )
        .unwrap();
        let done = finished(&out).unwrap();
        assert!(done.contains("a") && !done.contains("b"));
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "{\"file\":\"a\",\"status\":\"ok\"}\n"
        );
    }
}
