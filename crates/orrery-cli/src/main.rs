//! `orrery`: the command line of the Orrery toolkit.
//!
//! Each subcommand lives in `cmd/<name>.rs` and reads like a short script:
//! parse the arguments, call one domain function, print. Errors become one line
//! on stderr; the exit status is 2 for a usage error and 1 for a failure.

mod args;
mod cmd;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Orrery: computations behind today's space exploration.
#[derive(Parser)]
#[command(name = "orrery", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print an instant in every time scale (UTC, TAI, TT, TDB, GPST) with JD and MJD.
    Time(cmd::time::Args),
    /// SGP4 states of satellites from a TLE/OMM catalog on a time grid (CSV, JSON, CCSDS OEM).
    Propagate(cmd::propagate::Args),
    /// Passes of a satellite (or the whole catalog) over an observer, with visibility.
    Passes(cmd::passes::Args),
    /// Where a satellite is and its ground track (sub-satellite point, altitude, sunlit).
    Track(cmd::track::Args),
    /// TLE catalogs: `tle fetch --group stations` downloads from CelesTrak into the cache.
    Tle(cmd::tle::Args),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Time(a) => cmd::time::run(a),
        Command::Propagate(a) => cmd::propagate::run(a),
        Command::Passes(a) => cmd::passes::run(a),
        Command::Track(a) => cmd::track::run(a),
        Command::Tle(a) => cmd::tle::run(a),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return args::report_clap_error(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::report_error(&e),
    }
}
