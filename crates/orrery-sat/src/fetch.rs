//! Downloading a CelesTrak GP group into the cache directory (feature `fetch`).
//!
//! The download is checked (it must parse as a TLE catalog) and written atomically
//! (a temporary file in the same directory, then a rename), so a failed or truncated
//! download never replaces a good cached file. [`crate::source::load_catalog`] then
//! finds it by default.

use crate::catalog::Catalog;
use crate::error::{Result, SatError};
use crate::tle::ReadOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// CelesTrak's GP service; `?GROUP=<group>&FORMAT=tle` is appended.
pub const CELESTRAK_GP_URL: &str = "https://celestrak.org/NORAD/elements/gp.php";

/// The largest download accepted, bytes (the whole active catalog is about 2.5 MB).
pub const MAX_DOWNLOAD_BYTES: u64 = 200 * 1024 * 1024;

/// What a fetch wrote.
#[derive(Debug)]
pub struct Fetched {
    /// The cached file.
    pub path: PathBuf,
    /// Satellites in it.
    pub satellites: usize,
    /// Malformed records in the download (kept in the file, skipped when read).
    pub malformed: usize,
}

/// Checks a CelesTrak group name (letters, digits, `-` and `_`).
pub fn check_group(group: &str) -> Result<()> {
    if group.is_empty()
        || !group
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(SatError::InvalidArgument {
            what: format!("group name {group:?}"),
            reason: "letters, digits, '-' and '_' only".into(),
        });
    }
    Ok(())
}

/// Downloads `group` from `base_url` into `dir/<group>.txt` with a network `timeout`.
pub fn fetch_group(group: &str, base_url: &str, dir: &Path, timeout: Duration) -> Result<Fetched> {
    check_group(group)?;
    let url = format!("{base_url}?GROUP={group}&FORMAT=tle");
    let download = |reason: String| SatError::Download {
        url: url.clone(),
        reason,
    };
    let agent = ureq::AgentBuilder::new()
        .timeout(timeout)
        .user_agent(concat!("orrery/", env!("CARGO_PKG_VERSION")))
        .build();
    let resp = agent.get(&url).call().map_err(|e| match e {
        ureq::Error::Status(code, _) => download(format!("HTTP status {code}")),
        // The transport error's Display repeats the URL; name its kind and message.
        ureq::Error::Transport(t) => download(match t.message() {
            Some(m) => format!("{}: {m}", t.kind()),
            None => t.kind().to_string(),
        }),
    })?;
    let mut body = Vec::new();
    resp.into_reader()
        .take(MAX_DOWNLOAD_BYTES)
        .read_to_end(&mut body)
        .map_err(|e| download(format!("download interrupted: {e}")))?;
    let text = String::from_utf8(body).map_err(|_| download("the answer is not text".into()))?;
    // CelesTrak answers unknown groups with a short message instead of TLEs.
    let lenient = ReadOptions {
        lenient: true,
        ..Default::default()
    };
    let cat = Catalog::parse(&text, "the download", &lenient)
        .map_err(|e| download(format!("did not return a TLE catalog ({e})")))?;
    let io = |path: &Path, source: std::io::Error| SatError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let target = dir.join(format!("{group}.txt"));
    let tmp = dir.join(format!(".{group}.txt.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &target)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(&target, e));
    }
    Ok(Fetched {
        path: target,
        satellites: cat.satellites.len(),
        malformed: cat.skipped.len(),
    })
}
