//! `orrery track <sat>`: where a satellite is now (or at --at) and its ground track.

use crate::args::{self, CatalogArgs, KernelArgs, ObserverArgs};
use crate::cmd::satcommon::{load, warn_stale};
use crate::output::{write_csv_records, write_json, Format, Table};
use hifitime::{Duration, Epoch};
use orrery_core::grid::TimeGrid;
use orrery_core::time::format_utc_ms;
use orrery_plot::sat::{save_track_map, TrackMap};
use orrery_sat::coastline::Coastlines;
use orrery_sat::sun::subsolar_point;
use orrery_sat::track::ground_track;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `orrery track`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Satellite: name, catalog number or international designator.
    sat: String,
    #[command(flatten)]
    catalog: CatalogArgs,
    /// Instant of the first point (default now).
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", allow_hyphen_values = true)]
    at: Option<Epoch>,
    /// Length of the ground track from --at (`90min`, `1d`).
    #[arg(long, value_parser = args::duration, default_value = "90min", value_name = "DUR", allow_hyphen_values = true)]
    span: Duration,
    /// Step of the ground track (`1min`, `30s`).
    #[arg(long, value_parser = args::duration, default_value = "1min", value_name = "DUR", allow_hyphen_values = true)]
    step: Duration,
    #[command(flatten)]
    kernel: KernelArgs,
    /// Optional observer: adds azimuth/elevation/range columns.
    #[command(flatten)]
    observer: ObserverArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Also draw the ground track on a world map to FILE (.svg or .png): coastlines,
    /// the night side at --at, the satellite at --at and the observer if given.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let at = match a.at {
        Some(t) => t,
        None => Epoch::now()?,
    };
    let grid = TimeGrid::with_limit(at, at + a.span, a.step, orrery_sat::track::MAX_TRACK_POINTS)?;
    let cat = load(&a.catalog, None, &[&a.sat])?;
    let sat = cat.one(&a.sat)?;
    warn_stale(&[sat], at);
    let obs = a.observer.observer(false)?;
    let sun = a.kernel.open()?;
    let track = ground_track(sat, &grid, obs.as_ref().map(|o| &o.observer), &sun)?;
    if let Some(path) = &a.plot {
        let coast = Coastlines::bundled()?;
        let lonlat: Vec<(f64, f64)> = track
            .points
            .iter()
            .map(|p| (p.lon_deg, p.lat_deg))
            .collect();
        let when = format_utc_ms(at);
        let when = when.get(..16).unwrap_or(&when).replace('T', " ");
        let map = TrackMap {
            title: format!(
                "{} ({}): ground track from {when} UTC for {}, night side at {when}",
                sat.name(),
                sat.norad_id(),
                a.span
            ),
            coastlines: &coast,
            track: &lonlat,
            current: lonlat.first().map(|p| (*p, format!("{when} UTC"))),
            observer: obs.as_ref().map(|o| {
                let g = o.observer.geodetic;
                ((g.lon.to_degrees(), g.lat.to_degrees()), o.label.clone())
            }),
            subsolar: Some(subsolar_point(&sun, at)?),
        };
        save_track_map(&map, path)?;
        eprintln!("orrery: ground-track map written to {}", path.display());
    }
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => write_json(out, &track)?,
        Format::Csv => write_csv_records(out, &track.points, None)?,
        Format::Table => {
            let mut headers = vec![
                "time (UTC)",
                "lat [deg]",
                "lon [deg]",
                "alt [km]",
                "speed [km/s]",
                "lighting",
            ];
            if obs.is_some() {
                headers.extend(["az [deg]", "el [deg]", "range [km]"]);
            }
            let mut t = Table::new(headers);
            for p in &track.points {
                let mut row = vec![
                    format_utc_ms(p.time),
                    format!("{:.4}", p.lat_deg),
                    format!("{:.4}", p.lon_deg),
                    format!("{:.3}", p.alt_km),
                    format!("{:.4}", p.speed_km_s),
                    p.lighting().to_string(),
                ];
                if let (Some(az), Some(el), Some(r)) = (p.azimuth_deg, p.elevation_deg, p.range_km)
                {
                    row.extend([format!("{az:.2}"), format!("{el:.2}"), format!("{r:.1}")]);
                }
                t.push(row);
            }
            if let Some(p) = track.points.first() {
                writeln!(
                    out,
                    "{} ({}) at {}: lat {:.4}°, lon {:.4}°, altitude {:.1} km, speed {:.3} km/s, {}",
                    sat.name(),
                    sat.norad_id(),
                    format_utc_ms(p.time),
                    p.lat_deg,
                    p.lon_deg,
                    p.alt_km,
                    p.speed_km_s,
                    if p.sunlit { "sunlit" } else { "in eclipse" }
                )?;
                writeln!(out)?;
            }
            t.write_aligned(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
