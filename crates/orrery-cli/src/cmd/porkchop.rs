//! `orrery porkchop FROM TO`: a departure × arrival grid of C3, v-infinity and delta-v.

use crate::args;
use crate::cmd::source::Source;
use crate::output::{write_json, Format};
use anyhow::Context;
use hifitime::{Duration, Epoch, TimeScale};
use orrery_core::time::format_epoch;
use orrery_core::Body;
use orrery_transfer::porkchop::{
    compute, Cell, DateRange, EndOrbits, Optimum, Porkchop, PorkchopSpec,
};
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Arguments of `orrery porkchop`.
#[derive(clap::Args)]
pub struct Args {
    /// Departure body (e.g. earth).
    from: String,
    /// Arrival body (e.g. mars).
    to: String,
    /// Departure dates `START..END` (e.g. `2020-05-01..2020-09-30`; UTC unless a scale is given).
    #[arg(long, value_parser = date_range)]
    depart: (Epoch, Epoch),
    /// Arrival dates `START..END`.
    #[arg(long, value_parser = date_range)]
    arrive: (Epoch, Epoch),
    /// Grid spacing on both axes (`1d`, `12h`, ...).
    #[arg(long, value_parser = args::duration, default_value = "1d")]
    step: Duration,
    /// JPL SPK kernel (e.g. de421.bsp); default: the built-in model.
    #[arg(long, visible_alias = "ephem", value_name = "FILE")]
    kernel: Option<PathBuf>,
    /// Circular parking orbit altitude at departure, km.
    #[arg(long, default_value_t = 200.0)]
    parking_alt: f64,
    /// Capture orbit periapsis altitude at arrival, km.
    #[arg(long, default_value_t = 400.0)]
    capture_alt: f64,
    /// Capture orbit eccentricity (0 = circular).
    #[arg(long, default_value_t = 0.0)]
    capture_ecc: f64,
    /// Draw the porkchop plot to FILE (.png or .svg).
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Output: table (optimum summary), csv (every cell) or json (every cell).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Parses `START..END`.
pub fn date_range(s: &str) -> Result<(Epoch, Epoch), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("expected START..END (e.g. 2020-05-01..2020-09-30), got '{s}'"))?;
    Ok((args::epoch(a.trim())?, args::epoch(b.trim())?))
}

fn day(e: Epoch) -> String {
    let s = format_epoch(e, TimeScale::UTC);
    s.get(..10).unwrap_or(&s).to_string()
}

#[derive(Serialize)]
struct CellOut<'a> {
    departure: String,
    arrival: String,
    #[serde(flatten)]
    cell: &'a Cell,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    from: String,
    to: String,
    ephemeris: String,
    orbits: EndOrbits,
    min_c3: Option<CellOut<'a>>,
    min_dv_total: Option<CellOut<'a>>,
    cells: Vec<CellOut<'a>>,
}

fn cell_out<'a>(g: &Porkchop, i: usize, j: usize, cell: &'a Cell) -> CellOut<'a> {
    CellOut {
        departure: format_epoch(g.departures[i], TimeScale::UTC),
        arrival: format_epoch(g.arrivals[j], TimeScale::UTC),
        cell,
    }
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let from = Body::parse(&a.from)?;
    let to = Body::parse(&a.to)?;
    let src = Source::open(a.kernel.as_deref())?;
    let eph = src.ephemeris();
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
        orbits: EndOrbits {
            parking_altitude_km: a.parking_alt,
            capture_altitude_km: a.capture_alt,
            capture_eccentricity: a.capture_ecc,
        },
    };
    let g = compute(&spec, eph)?;
    if let Some(p) = &a.plot {
        orrery_transfer::porkchop_plot::save(&g, p)
            .with_context(|| format!("--plot {}", p.display()))?;
    }
    let out = &mut BufWriter::new(std::io::stdout().lock());
    let n = g.arrivals.len();
    let opt =
        |o: Option<Optimum>| o.and_then(|o| g.cell(o.i, o.j).map(|c| cell_out(&g, o.i, o.j, c)));
    match a.format {
        Format::Json => {
            let cells = g
                .cells
                .iter()
                .enumerate()
                .map(|(k, c)| cell_out(&g, k / n, k % n, c))
                .collect();
            write_json(
                out,
                &JsonOut {
                    from: from.name(),
                    to: to.name(),
                    ephemeris: g.source.clone(),
                    orbits: g.orbits,
                    min_c3: opt(g.min_c3()),
                    min_dv_total: opt(g.min_dv_total()),
                    cells,
                },
            )?;
        }
        Format::Csv => {
            writeln!(out, "departure_utc,arrival_utc,tof_days,c3_km2_s2,vinf_dep_km_s,dla_deg,rla_deg,vinf_arr_km_s,dv_departure_km_s,dv_arrival_km_s,dv_total_km_s,status")?;
            let dep: Vec<String> = g
                .departures
                .iter()
                .map(|&e| format_epoch(e, TimeScale::UTC))
                .collect();
            let arr: Vec<String> = g
                .arrivals
                .iter()
                .map(|&e| format_epoch(e, TimeScale::UTC))
                .collect();
            for (k, c) in g.cells.iter().enumerate() {
                let f = |x: f64| {
                    if x.is_finite() {
                        format!("{x:.6}")
                    } else {
                        String::new()
                    }
                };
                writeln!(
                    out,
                    "{},{},{:.4},{},{},{},{},{},{},{},{},{}",
                    dep[k / n],
                    arr[k % n],
                    c.tof_days,
                    f(c.c3),
                    f(c.vinf_dep),
                    f(c.dla_deg),
                    f(c.rla_deg),
                    f(c.vinf_arr),
                    f(c.dv_departure),
                    f(c.dv_arrival),
                    f(c.dv_total),
                    serde_json::to_value(c.status)?.as_str().unwrap_or("?")
                )?;
            }
        }
        Format::Table => {
            let ok = g
                .cells
                .iter()
                .filter(|c| c.status == orrery_transfer::porkchop::CellStatus::Ok)
                .count();
            writeln!(
                out,
                "{} -> {}: {} departures x {} arrivals = {} cells ({} with a transfer), ephemeris {}",
                from.name(),
                to.name(),
                g.departures.len(),
                n,
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
