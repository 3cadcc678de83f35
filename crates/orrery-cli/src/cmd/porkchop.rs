//! `orrery porkchop FROM TO`: a departure × arrival grid of C3, v-infinity and delta-v.

use crate::args::{self, KernelArgs, OrbitArgs};
use crate::output::{write_csv_records, write_json, Format};
use crate::progress::Bar;
use hifitime::{Duration, Epoch};
use orrery_core::time::format_utc_ms;
use orrery_core::Body;
use orrery_transfer::porkchop::{compute_with, CellStatus, DateRange, PorkchopSpec};
use orrery_transfer::TransferError;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Arguments of `orrery porkchop`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Departure body (e.g. earth).
    from: String,
    /// Arrival body (e.g. mars).
    to: String,
    /// Departure dates `START..END` (e.g. `2020-05-01..2020-09-30`; UTC unless a scale is given).
    #[arg(long, value_parser = args::epoch_range, value_name = "START..END")]
    depart: (Epoch, Epoch),
    /// Arrival dates `START..END`.
    #[arg(long, value_parser = args::epoch_range, value_name = "START..END")]
    arrive: (Epoch, Epoch),
    /// Grid spacing on both axes (`1d`, `12h`).
    #[arg(long, value_parser = args::duration, default_value = "1d", value_name = "DUR", allow_hyphen_values = true)]
    step: Duration,
    #[command(flatten)]
    kernel: KernelArgs,
    #[command(flatten)]
    orbits: OrbitArgs,
    /// Draw the porkchop plot to FILE (.png or .svg; without an extension, PNG for grids
    /// of more than 250,000 cells, else SVG).
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// C3 contour levels of the plot, km²/s², comma-separated (default: chosen from the grid).
    #[arg(long, value_delimiter = ',', value_parser = args::positive, value_name = "C3,...")]
    levels: Vec<f64>,
    /// Output: table (optimum summary), csv (every cell) or json (every cell).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn day(e: Epoch) -> String {
    let s = format_utc_ms(e);
    s.get(..10).unwrap_or(&s).to_string()
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let from = Body::parse(&a.from)?;
    let to = Body::parse(&a.to)?;
    let src = a.kernel.open()?;
    let spec = PorkchopSpec {
        from,
        to,
        center: Body::SUN,
        depart: DateRange {
            start: a.depart.0,
            end: a.depart.1,
            step: a.step,
        },
        arrive: DateRange {
            start: a.arrive.0,
            end: a.arrive.1,
            step: a.step,
        },
        orbits: a.orbits.end_orbits(),
    };
    let bar = Bar::new("porkchop");
    let g = compute_with(&spec, &src, &bar).map_err(|e| match e {
        TransferError::Grid { .. } | TransferError::TooManyCells { .. } => {
            anyhow::anyhow!("{e} (--step, --depart, --arrive)")
        }
        e => e.into(),
    })?;
    bar.finish();
    if let Some(p) = &a.plot {
        // No extension: PNG for a large grid (an SVG of every contour gets heavy), else SVG.
        let p = &if p.extension().is_none() {
            p.with_extension(if g.cells.len() > 250_000 {
                "png"
            } else {
                "svg"
            })
        } else {
            p.clone()
        };
        let levels = (!a.levels.is_empty()).then_some(a.levels.as_slice());
        if g.cells.len() > 250_000 && p.extension().is_some_and(|e| e == "svg") {
            eprintln!(
                "orrery: note: an SVG of {} cells is large and slow to open; a .png is better",
                g.cells.len()
            );
        }
        orrery_plot::transfer::save(&g, levels, p)?;
        eprintln!("orrery: porkchop plot written to {}", p.display());
    }
    for w in g.edge_warnings() {
        eprintln!("orrery: warning: {w}");
    }
    let out = &mut BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => write_json(out, &g.report())?,
        Format::Csv => write_csv_records(out, g.rows(), None)?,
        Format::Table => {
            let ok = g
                .cells
                .iter()
                .filter(|c| c.status == CellStatus::Ok)
                .count();
            writeln!(
                out,
                "{} -> {}: {} departures x {} arrivals = {} cells ({} with a transfer), ephemeris {}",
                from.name(),
                to.name(),
                g.departures.len(),
                g.arrivals.len(),
                g.cells.len(),
                ok,
                g.source
            )?;
            writeln!(
                out,
                "parking orbit {} km circular, capture orbit {} km periapsis, e = {}",
                g.orbits.parking_altitude_km,
                g.orbits.capture_altitude_km,
                g.orbits.capture_eccentricity
            )?;
            for (label, o) in [("min C3", g.min_c3()), ("min total dv", g.min_dv_total())] {
                if let Some(o) = o {
                    let c = o.cell;
                    writeln!(
                        out,
                        "{label:>13}: depart {} arrive {} tof {:.0} d  C3 {:.3} km2/s2  DLA {:.2} deg  vinf_arr {:.3} km/s  dv {:.3} + {:.3} = {:.3} km/s",
                        day(g.departures[o.i]),
                        day(g.arrivals[o.j]),
                        c.tof_days,
                        c.c3,
                        c.dla_deg,
                        c.vinf_arr,
                        c.dv_departure,
                        c.dv_arrival,
                        c.dv_total
                    )?;
                } else {
                    writeln!(out, "{label:>13}: no valid cell")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}
