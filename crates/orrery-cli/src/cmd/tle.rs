//! `orrery tle fetch --group NAME`: download a CelesTrak group into the user's cache.
//!
//! The download is checked (it must parse as a TLE catalog) and written atomically
//! (temporary file in the same directory, then rename), so a failed or truncated
//! download never replaces a good cached file.

use anyhow::{bail, Context};
use orrery_sat::{Catalog, ReadOptions};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `orrery tle`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Download a CelesTrak GP group (3LE text) into the cache directory.
    Fetch(FetchArgs),
}

#[derive(clap::Args)]
struct FetchArgs {
    /// CelesTrak group: stations, active, starlink, visual, weather, gps-ops, ...
    #[arg(long)]
    group: String,
    /// Base URL of the GP service (the query `?GROUP=<group>&FORMAT=tle` is appended).
    #[arg(long, default_value = "https://celestrak.org/NORAD/elements/gp.php")]
    url: String,
    /// Cache directory (default: $ORRERY_CACHE_DIR, else $XDG_CACHE_HOME/orrery/tle, else ~/.cache/orrery/tle).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Network timeout, seconds.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
}

/// The cache directory for TLE files.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ORRERY_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("orrery").join("tle"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("orrery").join("tle"))
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    match a.action {
        Action::Fetch(f) => fetch(f),
    }
}

fn fetch(f: FetchArgs) -> anyhow::Result<()> {
    if f.group.is_empty()
        || !f
            .group
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!(
            "invalid group name {:?} (letters, digits, '-' and '_')",
            f.group
        );
    }
    if !(f.timeout > 0.0 && f.timeout <= 3600.0) {
        bail!("--timeout must be in (0, 3600] seconds");
    }
    let dir = match f.cache_dir.clone().or_else(cache_dir) {
        Some(d) => d,
        None => bail!("no cache directory: set ORRERY_CACHE_DIR or pass --cache-dir"),
    };
    let url = format!("{}?GROUP={}&FORMAT=tle", f.url, f.group);
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs_f64(f.timeout))
        .user_agent(concat!("orrery/", env!("CARGO_PKG_VERSION")))
        .build();
    let resp = agent.get(&url).call().map_err(|e| match e {
        ureq::Error::Status(code, _) => anyhow::anyhow!("{url}: HTTP status {code}"),
        ureq::Error::Transport(t) => anyhow::anyhow!("{url}: {t}"),
    })?;
    let mut body = Vec::new();
    resp.into_reader()
        .take(200 * 1024 * 1024)
        .read_to_end(&mut body)
        .with_context(|| format!("{url}: download interrupted"))?;
    let text = String::from_utf8(body).with_context(|| format!("{url}: not text"))?;
    // CelesTrak answers unknown groups with a short message instead of TLEs.
    let cat = Catalog::parse(
        &text,
        &url,
        &ReadOptions {
            lenient: true,
            ..Default::default()
        },
    )
    .with_context(|| format!("{url} did not return a TLE catalog"))?;
    if !cat.skipped.is_empty() {
        eprintln!(
            "orrery: warning: {} malformed record(s) in the download",
            cat.skipped.len()
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let target = dir.join(format!("{}.txt", f.group));
    let tmp = dir.join(format!(".{}.txt.{}.tmp", f.group, std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &target)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", target.display()));
    }
    println!(
        "{} satellites written to {}",
        cat.satellites.len(),
        target.display()
    );
    Ok(())
}
