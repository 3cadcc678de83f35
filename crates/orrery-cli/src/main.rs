//! `orrery`: the command line of the Orrery toolkit.
//!
//! Each subcommand lives in `cmd/<name>.rs` and reads like a short script:
//! parse the arguments, call one domain function, print. Errors become one line
//! on stderr; the exit status is 2 for a usage error and 1 for a failure.

#![forbid(unsafe_code)]

mod args;
mod cmd;
mod output;
mod progress;

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
    /// Orrery's main job on built-in defaults: time, planets, ISS passes, Mars windows,
    /// a transit search and the lunar Gateway orbit, each as the command that computes it.
    Tour(cmd::tour::Args),
    /// Print an instant in every time scale (UTC, TAI, TT, TDB, GPST) with JD and MJD.
    Time(cmd::time::Args),
    /// Position and velocity of a body (built-in model or a JPL kernel), at an instant or over a span.
    Ephem(cmd::ephem::Args),
    /// List the bodies the ephemeris source (built-in model or --kernel FILE) can evaluate.
    Bodies(cmd::bodies::Args),
    /// SGP4 states of satellites from a TLE/OMM catalog on a time grid (CSV, JSON, CCSDS OEM).
    Propagate(cmd::propagate::Args),
    /// The sky tonight: Sun, Moon and planets, rise/transit/set, twilight, Moon phase.
    Sky(cmd::sky::Args),
    /// Passes of a satellite (or the whole catalog) over an observer, with visibility.
    Passes(cmd::passes::Args),
    /// Conjunction screening: what comes within a threshold of what (or of primaries), when and how close; CCSDS CDM.
    Conjunctions(cmd::conjunctions::Args),
    /// Where a satellite is and its ground track (sub-satellite point, altitude, sunlit).
    Track(cmd::track::Args),
    /// Solve Lambert's problem: every transfer between two positions in a given time.
    Lambert(cmd::lambert::Args),
    /// Porkchop grid between two bodies: C3, v-infinity, delta-v per departure/arrival date.
    Porkchop(cmd::porkchop::Args),
    /// Launch windows between two bodies, with least-C3 and least-delta-v transfers.
    Windows(cmd::windows::Args),
    /// Delta-v and propellant budget of a mission described in a TOML file.
    Budget(cmd::budget::Args),
    /// Exoplanet transit search in Kepler, K2 and TESS light curves (BLS, fit, vetting, batch).
    Transit(cmd::transit::Args),
    /// Three-body problem: Lagrange points, halo/Lyapunov/vertical orbits, NRHO, families.
    Cr3bp(cmd::cr3bp::Args),
    /// Visibility windows of a target for a telescope at Sun-Earth L2 (JWST field of regard).
    Visibility(cmd::visibility::Args),
    /// The local web dashboard: sky tonight, satellites live, Mars windows, exoplanets, three-body.
    Serve(cmd::serve::Args),
    /// TLE catalogs: `tle fetch --group stations` downloads from CelesTrak into the cache.
    Tle(cmd::tle::Args),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Tour(a) => cmd::tour::run(a, |argv| run(Cli::try_parse_from(argv)?)),
        Command::Time(a) => cmd::time::run(a),
        Command::Ephem(a) => cmd::ephem::run(a),
        Command::Bodies(a) => cmd::bodies::run(a),
        Command::Propagate(a) => cmd::propagate::run(a),
        Command::Sky(a) => cmd::sky::run(a),
        Command::Passes(a) => cmd::passes::run(a),
        Command::Conjunctions(a) => cmd::conjunctions::run(a),
        Command::Track(a) => cmd::track::run(a),
        Command::Lambert(a) => cmd::lambert::run(a),
        Command::Porkchop(a) => cmd::porkchop::run(a),
        Command::Windows(a) => cmd::windows::run(a),
        Command::Budget(a) => cmd::budget::run(a),
        Command::Transit(a) => cmd::transit::run(a),
        Command::Cr3bp(a) => cmd::cr3bp::run(a),
        Command::Visibility(a) => cmd::visibility::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Tle(a) => cmd::tle::run(a),
    }
}

fn main() -> ExitCode {
    let argv = args::rewrite_deprecated(std::env::args().collect());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => return args::report_clap_error(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::report_error(&e),
    }
}
