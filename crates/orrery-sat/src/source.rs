//! Which catalog a computation reads: a file the user names, the bundled sample, or by
//! default the freshest catalog downloaded into the cache directory (see
//! [`crate::fetch`]) that holds every satellite asked for, else the bundled sample.
//!
//! Every front end picks its catalog here, so "no catalog given" means the same in the
//! CLI, the server and the Python package. Nothing is printed: what was chosen and
//! what was skipped come back in [`LoadedCatalog`] for the caller to report.

use crate::catalog::{Catalog, SAMPLE_CATALOG, SAMPLE_CATALOG_NAME};
use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use crate::tle::ReadOptions;
use hifitime::Epoch;
use std::path::{Path, PathBuf};

/// Elements older (or newer) than this at the requested time get a staleness warning:
/// SGP4's error grows to kilometres within a couple of weeks for LEO objects.
pub const STALE_AFTER_DAYS: f64 = 14.0;

/// Which catalog to read.
#[derive(Debug, Clone, Copy)]
pub enum CatalogChoice<'a> {
    /// A file (TLE/3LE text, OMM XML or OMM JSON).
    File(&'a Path),
    /// The bundled sample ([`Catalog::bundled`]).
    Bundled,
    /// The most recently fetched catalog in [`cache_dir`] that has every requested
    /// satellite, else the bundled sample.
    Auto,
}

impl<'a> CatalogChoice<'a> {
    /// A file if one is given, else [`CatalogChoice::Auto`].
    pub fn from_option(path: Option<&'a Path>) -> Self {
        path.map_or(CatalogChoice::Auto, CatalogChoice::File)
    }
}

/// Where a loaded catalog came from.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogOrigin {
    /// The file the caller named.
    File(PathBuf),
    /// The bundled sample.
    Bundled,
    /// A cached download, with its modification time.
    Cached {
        /// The cached file.
        path: PathBuf,
        /// When it was written (the download time).
        fetched: Epoch,
    },
}

/// A catalog with where it came from and what was passed over on the way.
#[derive(Debug)]
pub struct LoadedCatalog {
    /// The satellites.
    pub catalog: Catalog,
    /// Which catalog this is.
    pub origin: CatalogOrigin,
    /// Cached files that could not be read and were passed over.
    pub unreadable_cache_files: Vec<SatError>,
}

/// The cache directory for downloaded catalogs: `$ORRERY_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/orrery/tle`, else `~/.cache/orrery/tle` (`None` without a home).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ORRERY_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("orrery").join("tle"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("orrery").join("tle"))
}

/// Reads the chosen catalog. `wanted` are the queries the caller will select (empty:
/// any catalog will do); `lenient` skips malformed records (they are listed in
/// [`Catalog::skipped`]) instead of failing. A cached catalog is always read leniently.
///
/// ```
/// use orrery_sat::source::{load_catalog, CatalogChoice, CatalogOrigin};
/// let loaded = load_catalog(CatalogChoice::Bundled, false, &["ISS"])?;
/// assert_eq!(loaded.origin, CatalogOrigin::Bundled);
/// assert!(!loaded.catalog.find("ISS").is_empty());
/// # Ok::<(), orrery_sat::SatError>(())
/// ```
pub fn load_catalog(
    choice: CatalogChoice<'_>,
    lenient: bool,
    wanted: &[&str],
) -> Result<LoadedCatalog> {
    let opts = ReadOptions {
        lenient,
        ..Default::default()
    };
    let bundled = || Catalog::parse(SAMPLE_CATALOG, SAMPLE_CATALOG_NAME, &opts);
    Ok(match choice {
        CatalogChoice::File(p) => LoadedCatalog {
            catalog: Catalog::read(p, &opts)?,
            origin: CatalogOrigin::File(p.to_path_buf()),
            unreadable_cache_files: Vec::new(),
        },
        CatalogChoice::Bundled => LoadedCatalog {
            catalog: bundled()?,
            origin: CatalogOrigin::Bundled,
            unreadable_cache_files: Vec::new(),
        },
        CatalogChoice::Auto => {
            let (found, unreadable) = freshest_cached(wanted);
            match found {
                Some((catalog, path, fetched)) => LoadedCatalog {
                    catalog,
                    origin: CatalogOrigin::Cached { path, fetched },
                    unreadable_cache_files: unreadable,
                },
                None => LoadedCatalog {
                    catalog: bundled()?,
                    origin: CatalogOrigin::Bundled,
                    unreadable_cache_files: unreadable,
                },
            }
        }
    })
}

/// The most recently modified `*.txt` catalog in the cache directory in which every
/// query in `wanted` matches a satellite, with its path and modification time; and the
/// cached files that could not be read. A missing cache directory means no catalog.
fn freshest_cached(wanted: &[&str]) -> (Option<(Catalog, PathBuf, Epoch)>, Vec<SatError>) {
    let mut unreadable = Vec::new();
    let Some(dir) = cache_dir() else {
        return (None, unreadable);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (None, unreadable);
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let opts = ReadOptions {
        lenient: true,
        ..Default::default()
    };
    for (mtime, path) in files {
        let cat = match Catalog::read(&path, &opts) {
            Ok(c) => c,
            Err(e) => {
                unreadable.push(e);
                continue;
            }
        };
        if wanted.iter().all(|q| !cat.find(q).is_empty()) {
            let fetched = mtime
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| Epoch::from_unix_seconds(d.as_secs_f64()))
                .unwrap_or_else(|_| Epoch::from_unix_seconds(0.0));
            return (Some((cat, path, fetched)), unreadable);
        }
    }
    (None, unreadable)
}

/// The satellites whose elements are more than [`STALE_AFTER_DAYS`] from `t`, with
/// their age in days (positive: elements older than `t`).
pub fn stale<'a>(sats: &[&'a Satellite], t: Epoch) -> Vec<(&'a Satellite, f64)> {
    sats.iter()
        .map(|s| (*s, s.age_days(t)))
        .filter(|(_, age)| age.abs() > STALE_AFTER_DAYS)
        .collect()
}
