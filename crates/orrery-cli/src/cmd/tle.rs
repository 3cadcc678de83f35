//! `orrery tle fetch --group NAME`: download a CelesTrak group into the user's cache.

use crate::args;
use hifitime::Duration;
use orrery_sat::fetch::{fetch_group, CELESTRAK_GP_URL};
use std::path::PathBuf;

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
    #[arg(long, default_value = CELESTRAK_GP_URL)]
    url: String,
    /// Cache directory (default: $ORRERY_CACHE_DIR, else $XDG_CACHE_HOME/orrery/tle, else ~/.cache/orrery/tle).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Network timeout (`30s`, `2min`).
    #[arg(long, value_parser = args::duration_or_seconds, default_value = "30s", value_name = "DUR", allow_hyphen_values = true)]
    timeout: Duration,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    match a.action {
        Action::Fetch(f) => fetch(f),
    }
}

fn fetch(f: FetchArgs) -> anyhow::Result<()> {
    let secs = f.timeout.to_seconds();
    if !(secs > 0.0 && secs <= 3600.0) {
        anyhow::bail!("--timeout must be in (0, 1h]");
    }
    let Some(dir) = f.cache_dir.clone().or_else(orrery_sat::source::cache_dir) else {
        anyhow::bail!("no cache directory: set ORRERY_CACHE_DIR or pass --cache-dir");
    };
    let r = fetch_group(
        &f.group,
        &f.url,
        &dir,
        std::time::Duration::from_secs_f64(secs),
    )?;
    if r.malformed > 0 {
        eprintln!(
            "orrery: warning: {} malformed record(s) in the download",
            r.malformed
        );
    }
    println!(
        "{} satellites written to {}",
        r.satellites,
        r.path.display()
    );
    Ok(())
}
