//! `orrery ephem <target>`: position and velocity of a body from the built-in model
//! or a JPL kernel, at one instant or over a span.

use crate::args::{self, KernelArgs};
use crate::output::{write_csv_records, write_json, Format, Table};
use anyhow::bail;
use hifitime::{Duration, Epoch};
use orrery_core::ephem::report::state_table;
use orrery_core::grid::TimeGrid;
use orrery_core::time::format_utc_ms;
use orrery_core::{Body, Frame};
use std::io::Write;

/// Arguments of `orrery ephem`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Target body: a name (`mars`, `moon`, `jupiter barycenter`) or a NAIF id (`499`).
    #[arg(value_parser = body, value_name = "TARGET")]
    target: Body,
    /// Centre body the state is relative to.
    #[arg(long, value_parser = body, default_value = "sun", value_name = "BODY")]
    center: Body,
    /// Instant, or first instant of a table (also spelled --from): `2020-07-30T12:00 UTC`,
    /// `JD 2459061.0 TDB`, `now` (the default).
    #[arg(long, visible_alias = "from", value_parser = args::epoch, value_name = "WHEN", allow_hyphen_values = true)]
    at: Option<Epoch>,
    /// Last instant of a table (needs --step).
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", conflicts_with = "span", allow_hyphen_values = true)]
    to: Option<Epoch>,
    /// Length of a table from --at: `30d`, `12h` (needs --step).
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    span: Option<Duration>,
    /// Step through the table: `1d`, `6h`, `90s`.
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    step: Option<Duration>,
    #[command(flatten)]
    kernel: KernelArgs,
    /// Axes of the output: icrf (equatorial) or ecliptic (mean ecliptic and equinox of J2000).
    #[arg(long, value_parser = frame, default_value = "icrf")]
    frame: Frame,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn body(s: &str) -> Result<Body, String> {
    Body::parse(s).map_err(|e| e.to_string())
}

fn frame(s: &str) -> Result<Frame, String> {
    match s.parse::<Frame>()? {
        f @ (Frame::Icrf | Frame::EclipticJ2000) => Ok(f),
        f => Err(format!(
            "ephemerides give states on inertial axes: icrf or ecliptic, not {}",
            f.name()
        )),
    }
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let at = match a.at {
        Some(t) => t,
        None => Epoch::now()?,
    };
    let end = match (a.to, a.span) {
        (Some(t), _) => Some(t),
        (None, Some(d)) => Some(at + d),
        (None, None) => None,
    };
    let grid = match (end, a.step) {
        (None, None) => TimeGrid::single(at),
        (Some(end), Some(step)) => {
            if end < at {
                bail!("--to is before --at");
            }
            TimeGrid::with_limit(at, end, step, orrery_core::ephem::report::MAX_STATES)?
        }
        (Some(_), None) => bail!("a table (--to or --span) needs --step (e.g. --step 1d)"),
        (None, Some(_)) => bail!("--step needs the end of the table: --to WHEN or --span DUR"),
    };
    let src = a.kernel.open()?;
    let table = state_table(&src, a.target, a.center, &grid, a.frame)?;
    let w = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => write_json(w, &table)?,
        Format::Csv => write_csv_records(w, &table.states, None)?,
        Format::Table => {
            writeln!(
                w,
                "{} relative to {}, {} axes, geometric (no light time); source: {}",
                a.target,
                a.center,
                if a.frame == Frame::Icrf {
                    "ICRF"
                } else {
                    "ecliptic J2000"
                },
                table.source
            )?;
            for r in [&table.target, &table.center] {
                if r.naif_id != r.evaluated_as {
                    writeln!(
                        w,
                        "note: {} is evaluated as {} (NAIF {}): the kernel has no {}",
                        r.name,
                        Body(r.evaluated_as),
                        r.evaluated_as,
                        r.naif_id
                    )?;
                }
            }
            let mut t = Table::new([
                "time (UTC)",
                "time (TDB)",
                "x [km]",
                "y [km]",
                "z [km]",
                "vx [km/s]",
                "vy [km/s]",
                "vz [km/s]",
            ]);
            for r in &table.states {
                t.push([
                    format_utc_ms(r.time_utc),
                    orrery_core::time::format_epoch(r.time_tdb, hifitime::TimeScale::TDB),
                    format!("{:.6}", r.x_km),
                    format!("{:.6}", r.y_km),
                    format!("{:.6}", r.z_km),
                    format!("{:.9}", r.vx_km_s),
                    format!("{:.9}", r.vy_km_s),
                    format!("{:.9}", r.vz_km_s),
                ]);
            }
            t.write_aligned(w)?;
        }
    }
    w.flush()?;
    Ok(())
}
