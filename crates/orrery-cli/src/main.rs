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
    /// Exoplanet transit search in Kepler, K2 and TESS light curves (BLS, fit, vetting, batch).
    Transit(cmd::transit::Args),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Time(a) => cmd::time::run(a),
        Command::Transit(a) => cmd::transit::run(a),
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
