//! `orrery track <sat>`: where a satellite is now (or at --at) and its ground track.

use crate::args;
use crate::cmd::satcommon::{load_catalog_for, warn_stale, CatalogChoice, ObserverArgs};
use crate::cmd::source::Source;
use crate::output::{write_json, Format, Table};
use anyhow::Context;
use hifitime::{Duration, Epoch};
use orrery_core::time::format_utc_ms;
use orrery_core::Ephemeris;
use orrery_sat::coastline::Coastlines;
use orrery_sat::earth::Observer;
use orrery_sat::earth::{teme_to_itrf, Geodetic};
use orrery_sat::sun::{illumination, subsolar_point, sun_teme};
use orrery_sat::track_map::{save_track_map, TrackMap};
use orrery_sat::Satellite;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `orrery track`.
#[derive(clap::Args)]
pub struct Args {
    /// Satellite: name, catalog number or international designator.
    sat: String,
    /// Catalog file (TLE/3LE or OMM XML/JSON); default the freshest `orrery tle fetch`
    /// download that has the satellite, else the bundled sample catalog.
    #[arg(long = "tle", value_name = "FILE")]
    tle: Option<PathBuf>,
    /// Instant (default now).
    #[arg(long, value_parser = args::epoch)]
    at: Option<Epoch>,
    /// Length of the ground track from --at.
    #[arg(long, value_parser = args::duration, default_value = "90min")]
    duration: Duration,
    /// Step of the ground track.
    #[arg(long, value_parser = args::duration, default_value = "1min")]
    step: Duration,
    /// JPL SPK kernel for the Sun (e.g. de421.bsp); default: the built-in model.
    #[arg(long, value_name = "FILE")]
    kernel: Option<PathBuf>,
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

#[derive(Serialize)]
struct Point {
    time_utc: String,
    lat_deg: f64,
    lon_deg: f64,
    alt_km: f64,
    speed_km_s: f64,
    illumination: f64,
    sunlit: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    azimuth_deg: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    elevation_deg: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range_km: Option<f64>,
}

#[derive(Serialize)]
struct Track {
    norad_id: u64,
    name: String,
    element_epoch_utc: String,
    track: Vec<Point>,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let step = a.step.to_seconds();
    let dur = a.duration.to_seconds();
    if step <= 0.0 || dur < 0.0 {
        anyhow::bail!("--step must be positive and --duration not negative");
    }
    let n = (dur / step + 1e-9).floor() as usize + 1;
    if n > 10_000_000 {
        anyhow::bail!("{n} track points is too many; use a larger --step");
    }
    let cat = load_catalog_for(
        CatalogChoice::from_option(a.tle.as_deref()),
        false,
        &[&a.sat],
    )?;
    let sat = cat.one(&a.sat)?;
    let at = match a.at {
        Some(t) => t,
        None => Epoch::now()?,
    };
    warn_stale(sat, at);
    let obs = a.observer.observer(false)?;
    let source = Source::open(a.kernel.as_deref())?;
    let sun = source.ephemeris();
    let mut track = Vec::with_capacity(n);
    for k in 0..n {
        let t = at + Duration::from_seconds(k as f64 * step);
        let st = sat.propagate(t)?;
        let itrf = teme_to_itrf(&st, t, Default::default());
        let g = Geodetic::from_ecef(&itrf.position);
        let f = illumination(&st.position, &sun_teme(sun, t)?);
        let look = obs.as_ref().map(|(o, _, _)| o.look(&itrf));
        track.push(Point {
            time_utc: format_utc_ms(t),
            lat_deg: g.lat.to_degrees(),
            lon_deg: g.lon.to_degrees(),
            alt_km: g.alt,
            speed_km_s: st.velocity.norm(),
            illumination: f,
            sunlit: f > 0.0,
            azimuth_deg: look.map(|l| l.azimuth.to_degrees()),
            elevation_deg: look.map(|l| l.elevation.to_degrees()),
            range_km: look.map(|l| l.range),
        });
    }
    if let Some(path) = &a.plot {
        draw_map(&a, sat, at, &track, obs.as_ref(), sun, path)
            .with_context(|| format!("--plot {}", path.display()))?;
        eprintln!("orrery: ground-track map written to {}", path.display());
    }
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => write_json(
            out,
            &Track {
                norad_id: sat.norad_id(),
                name: sat.name(),
                element_epoch_utc: format_utc_ms(sat.epoch),
                track,
            },
        )?,
        Format::Table | Format::Csv => {
            let mut headers = vec![
                "time (UTC)",
                "lat [deg]",
                "lon [deg]",
                "alt [km]",
                "speed [km/s]",
                "sunlit",
            ];
            if obs.is_some() {
                headers.extend(["az [deg]", "el [deg]", "range [km]"]);
            }
            let mut t = Table::new(headers);
            for p in &track {
                let mut row = vec![
                    p.time_utc.clone(),
                    format!("{:.4}", p.lat_deg),
                    format!("{:.4}", p.lon_deg),
                    format!("{:.3}", p.alt_km),
                    format!("{:.4}", p.speed_km_s),
                    if p.illumination >= 1.0 {
                        "sunlit".into()
                    } else if p.illumination > 0.0 {
                        "penumbra".into()
                    } else {
                        "eclipse".into()
                    },
                ];
                if let (Some(az), Some(el), Some(r)) = (p.azimuth_deg, p.elevation_deg, p.range_km)
                {
                    row.extend([format!("{az:.2}"), format!("{el:.2}"), format!("{r:.1}")]);
                }
                t.push(row);
            }
            if a.format == Format::Csv {
                t.write_csv(out)?;
            } else {
                if let Some(p) = track.first() {
                    writeln!(
                        out,
                        "{} ({}) at {}: lat {:.4}°, lon {:.4}°, altitude {:.1} km, speed {:.3} km/s, {}",
                        sat.name(),
                        sat.norad_id(),
                        p.time_utc,
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
    }
    out.flush()?;
    Ok(())
}

/// Draws the ground-track map of `track` (computed from `at`) to `path`.
fn draw_map(
    a: &Args,
    sat: &Satellite,
    at: Epoch,
    track: &[Point],
    obs: Option<&(Observer, Option<&'static str>, String)>,
    sun: &dyn Ephemeris,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    let coast = Coastlines::bundled()?;
    let lonlat: Vec<(f64, f64)> = track.iter().map(|p| (p.lon_deg, p.lat_deg)).collect();
    let when = format_utc_ms(at);
    let when = when.get(..16).unwrap_or(&when).replace('T', " ");
    let map = TrackMap {
        title: format!(
            "{} ({}): ground track from {when} UTC for {}, night side at {when}",
            sat.name(),
            sat.norad_id(),
            a.duration
        ),
        coastlines: &coast,
        track: &lonlat,
        current: lonlat.first().map(|p| (*p, format!("{when} UTC"))),
        observer: obs.map(|(o, _, label)| {
            (
                (o.geodetic.lon.to_degrees(), o.geodetic.lat.to_degrees()),
                label.clone(),
            )
        }),
        subsolar: Some(subsolar_point(sun, at)?),
    };
    save_track_map(&map, path)?;
    Ok(())
}
