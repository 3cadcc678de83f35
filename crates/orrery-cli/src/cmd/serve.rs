//! `orrery serve`: the local web dashboard (crate `orrery-server`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// Default port of the dashboard.
pub const DEFAULT_PORT: u16 = 8737;

/// Arguments of `orrery serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0: any free port; the URL printed says which).
    #[arg(long, default_value_t = DEFAULT_PORT, value_name = "PORT")]
    port: u16,
    /// Listen on this address instead of 127.0.0.1 (e.g. 0.0.0.0 to let other machines
    /// in: the dashboard has no login, so do it only on a network you trust).
    #[arg(long, value_name = "ADDR")]
    bind: Option<IpAddr>,
    /// A satellite catalog (TLE/3LE/OMM); default the freshest `orrery tle fetch`
    /// download that holds the ISS, else the bundled active catalog (2026-05-07).
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// A JPL SPK kernel for the Sun, Moon and planets (default the built-in model).
    #[arg(long, value_name = "FILE")]
    kernel: Option<PathBuf>,
    /// Heavy computations run at once (default: one per CPU).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

/// Runs the command (until Ctrl-C).
pub fn run(a: Args) -> anyhow::Result<()> {
    let ip = a.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if !ip.is_loopback() {
        eprintln!(
            "orrery: warning: listening on {ip}: anyone who can reach this machine can use the dashboard (it has no login)"
        );
    }
    let mut limits = orrery_server::limits::Limits::default();
    if let Some(n) = a.jobs {
        if n == 0 || n > 256 {
            anyhow::bail!("--jobs must be within 1..256");
        }
        limits.heavy_jobs = n;
    }
    let config = orrery_server::Config {
        catalog: a.catalog,
        kernel: a.kernel,
        limits,
        bind: None,
    };
    orrery_server::serve_blocking(config, SocketAddr::new(ip, a.port), |addr| {
        let host = if addr.ip().is_loopback() {
            format!("127.0.0.1:{}", addr.port())
        } else {
            addr.to_string()
        };
        println!("Orrery dashboard at http://{host}/  (Ctrl-C stops it)");
        use std::io::Write;
        let _ = std::io::stdout().flush();
    })
    .map_err(|e| anyhow::anyhow!("serve: {e}"))
}
