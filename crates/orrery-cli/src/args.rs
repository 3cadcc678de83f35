//! Argument value parsers shared by all commands, so that every command reads
//! dates, durations and formats the same way.

use clap::error::ErrorKind;
use hifitime::{Duration, Epoch};
use std::process::ExitCode;

/// clap value parser for an instant (`2020-07-30T11:50:01 UTC`, `JD 2459061.0 TDB`, `now`).
pub fn epoch(s: &str) -> Result<Epoch, String> {
    orrery_core::time::parse_epoch(s).map_err(|e| e.to_string())
}

#[allow(dead_code)] // used by the commands that take --step / --duration
/// clap value parser for a duration (`90s`, `45min`, `6h`, `200d`).
pub fn duration(s: &str) -> Result<Duration, String> {
    orrery_core::duration::parse_duration(s).map_err(|e| e.to_string())
}

/// Prints a clap error as one line (help and version go to stdout in full).
pub fn report_clap_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            let text = e.render().to_string();
            let line = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments")
                .trim();
            let line = line.strip_prefix("error: ").unwrap_or(line);
            eprintln!("orrery: {line}");
            ExitCode::from(2)
        }
    }
}
