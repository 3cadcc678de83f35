//! `orrery lambert`: every solution of Lambert's problem between two positions.

use crate::args;
use crate::output::{write_csv_records, write_json, Format, Table};
use anyhow::Context;
use hifitime::Duration;
use nalgebra::Vector3;
use orrery_core::Body;
use orrery_transfer::lambert::{solve_requiring, Direction};
use orrery_transfer::report::LambertRow;

/// Arguments of `orrery lambert`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Initial position `X,Y,Z` in km (inertial frame of your choice).
    #[arg(long, value_parser = vector, value_name = "X,Y,Z", allow_hyphen_values = true)]
    r1: Vector3<f64>,
    /// Final position `X,Y,Z` in km (same frame).
    #[arg(long, value_parser = vector, value_name = "X,Y,Z", allow_hyphen_values = true)]
    r2: Vector3<f64>,
    /// Time of flight (`90s`, `45min`, `6h`, `200d`).
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    tof: Duration,
    /// Central body, whose GM (DE440) is used: sun, earth, mars, moon, ...
    #[arg(
        long,
        default_value = "earth",
        conflicts_with = "mu",
        value_name = "BODY"
    )]
    center: String,
    /// Gravitational parameter in km³/s² (instead of --center).
    #[arg(long, value_parser = args::positive, value_name = "GM")]
    mu: Option<f64>,
    /// Also list the solutions with 1..=N complete revolutions (error if N do not fit).
    #[arg(long, default_value_t = 0, value_name = "N")]
    revs: u32,
    /// Retrograde transfer (angular momentum along -z).
    #[arg(long)]
    retrograde: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Parses `X,Y,Z` (km).
fn vector(s: &str) -> Result<Vector3<f64>, String> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    if parts.len() != 3 {
        return Err(format!("expected X,Y,Z (three numbers in km), got '{s}'"));
    }
    let mut v = [0.0; 3];
    for (o, p) in v.iter_mut().zip(&parts) {
        *o = args::finite(p).map_err(|e| format!("{e} (in '{s}')"))?;
    }
    Ok(v.into())
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let mu = match a.mu {
        Some(m) => m,
        None => {
            let b = Body::parse(&a.center)?;
            b.gm()
                .with_context(|| format!("{b} has no GM in Orrery's table; give --mu"))?
        }
    };
    let tof = a.tof.to_seconds();
    if tof <= 0.0 {
        anyhow::bail!("--tof must be positive, got {}", a.tof);
    }
    let dir = if a.retrograde {
        Direction::Retrograde
    } else {
        Direction::Prograde
    };
    let sols = solve_requiring(&a.r1, &a.r2, tof, mu, dir, a.revs)?;
    let rows: Vec<LambertRow> = sols.iter().map(LambertRow::from).collect();
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(out, &rows)?,
        Format::Csv => write_csv_records(out, &rows, None)?,
        Format::Table => {
            let mut t = Table::new([
                "revs",
                "branch",
                "v1x [km/s]",
                "v1y [km/s]",
                "v1z [km/s]",
                "v2x [km/s]",
                "v2y [km/s]",
                "v2z [km/s]",
            ]);
            for r in &rows {
                let mut row = vec![r.revolutions.to_string(), r.branch.to_string()];
                row.extend(
                    r.v1_km_s
                        .iter()
                        .chain(&r.v2_km_s)
                        .map(|x| format!("{x:.9}")),
                );
                t.push(row);
            }
            t.write_aligned(out)?;
        }
    }
    Ok(())
}
