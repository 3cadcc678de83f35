//! `orrery propagate <catalog>`: SGP4 states of every selected satellite on a time grid,
//! in TEME, ITRF or geodetic coordinates, as CSV, JSON or CCSDS OEM.

use crate::args;
use crate::cmd::satcommon::{load_catalog_for, warn_stale_all, CatalogChoice};
use crate::output::write_json;
use anyhow::bail;
use clap::ValueEnum;
use hifitime::{Duration, Epoch};
use nalgebra::Vector3;
use orrery_core::time::format_utc_ms;
use orrery_sat::batch::propagate_batch;
use orrery_sat::earth::{teme_to_itrf, Geodetic};
use orrery_sat::Teme;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Output frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutFrame {
    /// True Equator Mean Equinox (SGP4's own frame), km and km/s.
    #[default]
    Teme,
    /// Earth-fixed (ITRF without polar motion), km and km/s relative to the Earth.
    Itrf,
    /// WGS-84 latitude, longitude (degrees) and altitude (km).
    Geodetic,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PropFormat {
    /// CSV with a header row.
    #[default]
    Csv,
    /// JSON: one object per satellite with its states.
    Json,
    /// CCSDS OEM 2.0 (KVN), one satellite only.
    Oem,
}

/// Arguments of `orrery propagate`.
#[derive(clap::Args)]
pub struct Args {
    /// Catalog file: TLE/3LE text (CelesTrak), OMM XML or OMM JSON. `-` or `sample` = bundled;
    /// left out: the freshest `orrery tle fetch` download with every --sat, else the bundled one.
    catalog: Option<PathBuf>,
    /// Satellites to propagate: name, catalog number or international designator (repeatable; default all).
    #[arg(long = "sat", value_name = "SAT")]
    sats: Vec<String>,
    /// First instant (default scale UTC).
    #[arg(long, value_parser = args::epoch)]
    from: Epoch,
    /// Last instant.
    #[arg(long, value_parser = args::epoch)]
    to: Epoch,
    /// Step (`60s`, `1min`, `1h`).
    #[arg(long, value_parser = args::duration, default_value = "1min")]
    step: Duration,
    /// Output frame.
    #[arg(long, value_enum, default_value_t)]
    frame: OutFrame,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: PropFormat,
    /// Skip malformed records with a warning instead of failing.
    #[arg(long)]
    lenient: bool,
}

#[derive(Serialize)]
struct SatOut {
    norad_id: u64,
    name: String,
    frame: &'static str,
    states: Vec<[f64; 6]>,
    times_utc: Vec<String>,
    error: Option<String>,
}

fn frame_name(f: OutFrame) -> &'static str {
    match f {
        OutFrame::Teme => "TEME",
        OutFrame::Itrf => "ITRF",
        OutFrame::Geodetic => "WGS84",
    }
}

/// Converts one TEME state to the requested frame's 6 numbers.
fn convert(frame: OutFrame, p: [f64; 3], v: [f64; 3], t: Epoch) -> [f64; 6] {
    let s = Teme {
        position: Vector3::from(p),
        velocity: Vector3::from(v),
    };
    match frame {
        OutFrame::Teme => [p[0], p[1], p[2], v[0], v[1], v[2]],
        OutFrame::Itrf | OutFrame::Geodetic => {
            let e = teme_to_itrf(&s, t, Default::default());
            if frame == OutFrame::Itrf {
                let (r, w) = (e.position, e.velocity);
                [r.x, r.y, r.z, w.x, w.y, w.z]
            } else {
                let g = Geodetic::from_ecef(&e.position);
                [
                    g.lat.to_degrees(),
                    g.lon.to_degrees(),
                    g.alt,
                    s.velocity.norm(),
                    0.0,
                    0.0,
                ]
            }
        }
    }
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let step = a.step.to_seconds();
    let span = (a.to - a.from).to_seconds();
    if step <= 0.0 {
        bail!("--step must be positive");
    }
    if span < 0.0 {
        bail!("--to is before --from");
    }
    let n = (span / step + 1e-9).floor() as usize + 1;
    let choice = match a.catalog.as_deref() {
        None => CatalogChoice::Auto,
        Some(p) if p.as_os_str() == "-" || p.as_os_str() == "sample" => CatalogChoice::Bundled,
        Some(p) => CatalogChoice::File(p),
    };
    let wanted: Vec<&str> = a.sats.iter().map(String::as_str).collect();
    let cat = load_catalog_for(choice, a.lenient, &wanted)?;
    let sats = cat.select(&a.sats)?;
    if n.saturating_mul(sats.len()) > 200_000_000 {
        bail!(
            "{} satellites × {n} instants is too many states; use a larger --step or fewer --sat",
            sats.len()
        );
    }
    if a.format == PropFormat::Oem && sats.len() != 1 {
        bail!(
            "--format oem writes one satellite; select it with --sat ({} selected)",
            sats.len()
        );
    }
    if a.format == PropFormat::Oem && a.frame == OutFrame::Geodetic {
        bail!("--format oem needs a Cartesian frame (teme or itrf)");
    }
    warn_stale_all(&sats, a.from);
    let times: Vec<Epoch> = (0..n)
        .map(|k| a.from + Duration::from_seconds(k as f64 * step))
        .collect();
    let batch = propagate_batch(&sats, &times);
    for e in batch.errors.iter().flatten() {
        eprintln!("orrery: warning: {e} (later states omitted)");
    }
    let stamps: Vec<String> = times.iter().map(|t| format_utc_ms(*t)).collect();
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    let (b, tm, frame) = (&batch, &times, a.frame);
    let rows = move |i: usize| {
        (0..n).filter_map(move |j| {
            let p = b.position(i, j)?;
            let v = b.velocity(i, j)?;
            if p[0].is_nan() {
                return None;
            }
            Some((j, convert(frame, p, v, *tm.get(j)?)))
        })
    };
    match a.format {
        PropFormat::Csv => {
            let cols = match a.frame {
                OutFrame::Geodetic => "lat_deg,lon_deg,alt_km,speed_km_s",
                _ => "x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s",
            };
            writeln!(out, "norad_id,name,time_utc,{cols}")?;
            for (i, s) in sats.iter().enumerate() {
                let name = s.name().replace(',', " ");
                for (j, v) in rows(i) {
                    if a.frame == OutFrame::Geodetic {
                        writeln!(
                            out,
                            "{},{},{},{:.6},{:.6},{:.4},{:.6}",
                            s.norad_id(),
                            name,
                            stamps[j],
                            v[0],
                            v[1],
                            v[2],
                            v[3]
                        )?;
                    } else {
                        writeln!(
                            out,
                            "{},{},{},{:.6},{:.6},{:.6},{:.9},{:.9},{:.9}",
                            s.norad_id(),
                            name,
                            stamps[j],
                            v[0],
                            v[1],
                            v[2],
                            v[3],
                            v[4],
                            v[5]
                        )?;
                    }
                }
            }
        }
        PropFormat::Json => {
            let all: Vec<SatOut> = sats
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (js, states): (Vec<usize>, Vec<[f64; 6]>) = rows(i).unzip();
                    SatOut {
                        norad_id: s.norad_id(),
                        name: s.name(),
                        frame: frame_name(a.frame),
                        times_utc: js.iter().map(|&j| stamps[j].clone()).collect(),
                        states,
                        error: batch
                            .errors
                            .get(i)
                            .and_then(|e| e.as_ref())
                            .map(|e| e.to_string()),
                    }
                })
                .collect();
            write_json(out, &all)?;
        }
        PropFormat::Oem => {
            let s = sats[0];
            let data: Vec<(usize, [f64; 6])> = rows(0).collect();
            let (Some(first), Some(last)) = (data.first(), data.last()) else {
                bail!("no state could be computed for {}", s.name());
            };
            let kvn = |t: &str| t.trim_end_matches('Z').to_string();
            writeln!(out, "CCSDS_OEM_VERS = 2.0")?;
            writeln!(
                out,
                "CREATION_DATE = {}",
                kvn(&format_utc_ms(Epoch::now().unwrap_or(a.from)))
            )?;
            writeln!(out, "ORIGINATOR = ORRERY")?;
            writeln!(out)?;
            writeln!(out, "META_START")?;
            writeln!(out, "OBJECT_NAME = {}", s.name())?;
            writeln!(
                out,
                "OBJECT_ID = {}",
                s.elements
                    .international_designator
                    .clone()
                    .unwrap_or_else(|| s.norad_id().to_string())
            )?;
            writeln!(out, "CENTER_NAME = EARTH")?;
            writeln!(
                out,
                "REF_FRAME = {}",
                if a.frame == OutFrame::Itrf {
                    "ITRF"
                } else {
                    "TEME"
                }
            )?;
            writeln!(out, "TIME_SYSTEM = UTC")?;
            writeln!(out, "START_TIME = {}", kvn(&stamps[first.0]))?;
            writeln!(out, "STOP_TIME = {}", kvn(&stamps[last.0]))?;
            writeln!(out, "META_STOP")?;
            writeln!(out)?;
            writeln!(
                out,
                "COMMENT SGP4 (python-sgp4 opsmode i, WGS-72) from the {} element set",
                cat.source
            )?;
            for (j, v) in &data {
                writeln!(
                    out,
                    "{} {:.6} {:.6} {:.6} {:.9} {:.9} {:.9}",
                    kvn(&stamps[*j]),
                    v[0],
                    v[1],
                    v[2],
                    v[3],
                    v[4],
                    v[5]
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
