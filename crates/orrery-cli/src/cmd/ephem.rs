//! `orrery ephem <target>`: position and velocity of a body from the built-in
//! model or a JPL kernel, at one instant or over a span.

use crate::args;
use crate::cmd::source::Source;
use crate::output::{write_json, Format, Table};
use anyhow::{bail, Context};
use hifitime::{Duration, Epoch, TimeScale};
use orrery_core::time::{format_epoch, format_jd};
use orrery_core::{Body, Frame};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Most states one command prints.
const MAX_STATES: usize = 1_000_000;

/// Arguments of `orrery ephem`.
#[derive(clap::Args)]
pub struct Args {
    /// Target body: a name (`mars`, `moon`, `jupiter barycenter`) or a NAIF id (`499`).
    #[arg(value_parser = body, value_name = "TARGET")]
    target: Body,
    /// Centre body the state is relative to.
    #[arg(long, value_parser = body, default_value = "sun")]
    center: Body,
    /// Instant (or first instant): `2020-07-30T12:00 UTC`, `JD 2459061.0 TDB`, `now`.
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", allow_hyphen_values = true)]
    at: Epoch,
    /// Last instant of a span (needs --step).
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", allow_hyphen_values = true)]
    to: Option<Epoch>,
    /// Step through the span: `1d`, `6h`, `90s`.
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    step: Option<Duration>,
    /// JPL SPK kernel (e.g. de440.bsp); without it the built-in analytic model is used.
    #[arg(long, value_name = "FILE")]
    kernel: Option<PathBuf>,
    /// Axes of the output: ICRF (equatorial) or the mean ecliptic and equinox of J2000.
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
    s.parse()
}

#[derive(Serialize)]
struct BodyRef {
    name: String,
    naif_id: i32,
    /// NAIF id actually evaluated (a system barycentre may stand in for a planet).
    evaluated_as: i32,
}

#[derive(Serialize)]
struct Units {
    position: &'static str,
    velocity: &'static str,
}

#[derive(Serialize)]
struct Row {
    utc: String,
    tdb: String,
    jd_tdb: String,
    x: f64,
    y: f64,
    z: f64,
    vx: f64,
    vy: f64,
    vz: f64,
}

#[derive(Serialize)]
struct Output {
    source: String,
    target: BodyRef,
    center: BodyRef,
    frame: &'static str,
    units: Units,
    states: Vec<Row>,
}

/// The instants `at, at + step, ...` up to and including `to`.
fn instants(a: &Args) -> anyhow::Result<Vec<Epoch>> {
    let (to, step) = match (a.to, a.step) {
        (None, None) => return Ok(vec![a.at]),
        (Some(to), Some(step)) => (to, step),
        (Some(_), None) => bail!("--to needs --step (e.g. --step 1d)"),
        (None, Some(_)) => bail!("--step needs --to (the end of the span)"),
    };
    if step <= Duration::ZERO {
        bail!("--step must be positive, got {step}");
    }
    if to < a.at {
        bail!("--to is before --at");
    }
    let n = ((to - a.at).to_seconds() / step.to_seconds()).floor();
    if !(n < MAX_STATES as f64) {
        bail!("{n} steps from --at to --to exceed the limit of {MAX_STATES} states; use a larger --step");
    }
    Ok((0..=n as i64).map(|i| a.at + step * i).collect())
}

fn bare(epoch: Epoch, scale: TimeScale) -> String {
    let s = format_epoch(epoch, scale);
    s.split(' ').next().unwrap_or_default().to_string()
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let epochs = instants(&a)?;
    let src = Source::open(a.kernel.as_deref())?;
    let eph = src.ephemeris();
    let (target, center) = (src.resolve(a.target)?, src.resolve(a.center)?);
    let mut states = Vec::with_capacity(epochs.len());
    for &t in &epochs {
        let s = eph.state(target, center, t, a.frame)?;
        states.push(Row {
            utc: bare(t, TimeScale::UTC),
            tdb: bare(t, TimeScale::TDB),
            jd_tdb: format_jd(t, TimeScale::TDB),
            x: s.position.x,
            y: s.position.y,
            z: s.position.z,
            vx: s.velocity.x,
            vy: s.velocity.y,
            vz: s.velocity.z,
        });
    }
    let out = Output {
        source: eph.source_name(),
        target: BodyRef {
            name: a.target.name(),
            naif_id: a.target.0,
            evaluated_as: target.0,
        },
        center: BodyRef {
            name: a.center.name(),
            naif_id: a.center.0,
            evaluated_as: center.0,
        },
        frame: a.frame.name(),
        units: Units {
            position: "km",
            velocity: "km/s",
        },
        states,
    };
    let w = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(w, &out)?,
        Format::Csv => {
            let mut t = Table::new([
                "utc", "tdb", "jd_tdb", "x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s",
            ]);
            for r in &out.states {
                t.push([
                    r.utc.clone(),
                    r.tdb.clone(),
                    r.jd_tdb.clone(),
                    r.x.to_string(),
                    r.y.to_string(),
                    r.z.to_string(),
                    r.vx.to_string(),
                    r.vy.to_string(),
                    r.vz.to_string(),
                ]);
            }
            t.write_csv(w)?;
        }
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
                out.source
            )?;
            for (asked, used) in [(a.target, target), (a.center, center)] {
                if asked != used {
                    writeln!(
                        w,
                        "note: {asked} is evaluated as {used} (NAIF {}): the kernel has no {}",
                        used.0, asked.0
                    )?;
                }
            }
            let mut t = Table::new([
                "time [UTC]",
                "time [TDB]",
                "x [km]",
                "y [km]",
                "z [km]",
                "vx [km/s]",
                "vy [km/s]",
                "vz [km/s]",
            ]);
            for r in &out.states {
                t.push([
                    r.utc.clone(),
                    r.tdb.clone(),
                    format!("{:.6}", r.x),
                    format!("{:.6}", r.y),
                    format!("{:.6}", r.z),
                    format!("{:.9}", r.vx),
                    format!("{:.9}", r.vy),
                    format!("{:.9}", r.vz),
                ]);
            }
            t.write_aligned(w).context("writing the table")?;
        }
    }
    Ok(())
}
