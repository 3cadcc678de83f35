//! CCSDS Orbit Ephemeris Message (OEM 2.0, KVN; CCSDS 502.0-B-3) for one satellite's
//! propagated states: the format flight-dynamics tools (GMAT, Orekit, STK) read.

use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use crate::states::{StateFrame, StateRow};
use orrery_core::time::format_utc_ms;
use orrery_core::Epoch;
use std::io::Write;

/// KVN dates are ISO 8601 without the `Z` (the time system is stated in the metadata).
fn kvn(t: Epoch) -> String {
    format_utc_ms(t).trim_end_matches('Z').to_string()
}

/// Writes one satellite's states as an OEM in the Cartesian `frame` (TEME or ITRF).
///
/// `catalog` names where the elements came from (written as a comment); `created` is
/// the message's creation date. Fails when there is no state to write or the frame
/// is not Cartesian.
///
/// ```
/// use orrery_core::{grid::TimeGrid, time::parse_epoch, Unit};
/// use orrery_sat::states::{propagate_states, StateFrame};
/// use orrery_sat::{oem::write_oem, Catalog};
///
/// let cat = Catalog::bundled();
/// let iss = cat.select(&["ISS".to_string()])?;
/// let t0 = parse_epoch("2026-05-07T12:00:00 UTC")?;
/// let grid = TimeGrid::new(t0, t0 + Unit::Minute * 2, Unit::Minute * 1)?;
/// let out = propagate_states(&iss, &grid, StateFrame::Teme)?;
/// let mut text = Vec::new();
/// write_oem(&mut text, iss[0], StateFrame::Teme, out.rows(0), &cat.source, t0)?;
/// let text = String::from_utf8(text)?;
/// assert!(text.starts_with("CCSDS_OEM_VERS = 2.0"));
/// assert!(text.contains("REF_FRAME = TEME") && text.contains("START_TIME = 2026-05-07T12:00:00.000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_oem(
    out: &mut dyn Write,
    sat: &Satellite,
    frame: StateFrame,
    rows: impl IntoIterator<Item = StateRow>,
    catalog: &str,
    created: Epoch,
) -> Result<()> {
    if frame == StateFrame::Geodetic {
        return Err(SatError::InvalidArgument {
            what: "OEM frame".into(),
            reason: "an OEM holds Cartesian states: use TEME or ITRF".into(),
        });
    }
    let data: Vec<StateRow> = rows.into_iter().collect();
    let (Some(first), Some(last)) = (data.first(), data.last()) else {
        return Err(SatError::InvalidArgument {
            what: "OEM".into(),
            reason: format!("no state could be computed for {}", sat.name()),
        });
    };
    let io = |source: std::io::Error| SatError::Io {
        path: "<output>".into(),
        source,
    };
    let mut text = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(text, "CCSDS_OEM_VERS = 2.0");
    let _ = writeln!(text, "CREATION_DATE = {}", kvn(created));
    let _ = writeln!(text, "ORIGINATOR = ORRERY");
    let _ = writeln!(text);
    let _ = writeln!(text, "META_START");
    let _ = writeln!(text, "OBJECT_NAME = {}", sat.name());
    let _ = writeln!(
        text,
        "OBJECT_ID = {}",
        sat.elements
            .international_designator
            .clone()
            .unwrap_or_else(|| sat.norad_id().to_string())
    );
    let _ = writeln!(text, "CENTER_NAME = EARTH");
    let _ = writeln!(text, "REF_FRAME = {}", frame.name());
    let _ = writeln!(text, "TIME_SYSTEM = UTC");
    let _ = writeln!(text, "START_TIME = {}", kvn(first.time));
    let _ = writeln!(text, "STOP_TIME = {}", kvn(last.time));
    let _ = writeln!(text, "META_STOP");
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "COMMENT SGP4 (python-sgp4 opsmode i, WGS-72) from the {catalog} element set"
    );
    out.write_all(text.as_bytes()).map_err(io)?;
    for r in &data {
        let v = r.values.as_array();
        writeln!(
            out,
            "{} {:.6} {:.6} {:.6} {:.9} {:.9} {:.9}",
            kvn(r.time),
            v[0],
            v[1],
            v[2],
            v[3],
            v[4],
            v[5]
        )
        .map_err(io)?;
    }
    Ok(())
}
