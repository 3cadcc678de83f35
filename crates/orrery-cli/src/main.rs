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
    /// Three-body problem: Lagrange points, halo/Lyapunov/vertical orbits, NRHO, families.
    Cr3bp(cmd::cr3bp::Args),
    /// Visibility windows of a target for a telescope at Sun-Earth L2 (JWST field of regard).
    Visibility(cmd::visibility::Args),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Time(a) => cmd::time::run(a),
        Command::Cr3bp(a) => cmd::cr3bp::run(a),
        Command::Visibility(a) => cmd::visibility::run(a),
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
