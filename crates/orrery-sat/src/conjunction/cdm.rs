//! CCSDS Conjunction Data Messages (CDM, CCSDS 508.0-B-1, June 2013) in KVN, one
//! per conjunction row (its closest approach): the header, the relative
//! metadata/data (TCA, miss distance, relative position and velocity in object 1's
//! RTN frame, the screening period and volume), and for each object its metadata,
//! state vector and covariance.
//!
//! * **Frame.** SGP4 states are in TEME, which 508.0-B-1 does not allow as
//!   `REF_FRAME`; they are rotated to `ITRF` ([`orrery_core::earth::teme_to_itrf`]:
//!   GMST 1982 about the pole, no polar motion since no Earth orientation data is at
//!   hand, so "ITRF" here is the pseudo-Earth-fixed frame, within ~10 m of it).
//! * **Covariance.** The covariance section is mandatory in 508.0-B-1, but TLEs
//!   carry none. Each object gets [`DEFAULT_SIGMA_RTN`], a diagonal covariance of
//!   typical TLE errors at epoch, with `COVARIANCE_METHOD = DEFAULT` and a comment
//!   saying so: it is not the result of an orbit determination and is not fit for a
//!   collision probability.
//! * Times are UTC (`YYYY-MM-DDThh:mm:ss.sss`); units are the standard's (m, m/s for
//!   relative quantities, km, km/s for states, m² … for the covariance).

use super::report::{ConjunctionRow, ObjectInfo, ScreenReport};
use crate::satellite::Teme;
use hifitime::Epoch;
use orrery_core::earth::{teme_to_itrf, PolarMotion};
use orrery_core::time::format_utc_ms;
use std::io::{self, Write};

/// Standard deviations of the documented default covariance, in object RTN axes:
/// position R, T, N in m, then velocity R, T, N in m/s (a TLE near its epoch:
/// about 1 km along track, 200 m across).
pub const DEFAULT_SIGMA_RTN: [f64; 6] = [200.0, 1000.0, 200.0, 1.0, 0.2, 0.2];

/// Who writes the messages (`ORIGINATOR`).
pub const ORIGINATOR: &str = "ORRERY";

/// UTC as a CDM wants it: `2026-05-07T12:34:56.789` (no zone letter).
fn cdm_time(t: Epoch) -> String {
    let s = format_utc_ms(t);
    s.trim_end_matches('Z').to_string()
}

/// File name of the message of `row`: `<TCA>_<id1>_<id2>.cdm` (TCA as
/// `YYYYMMDDThhmmssZ`, sortable).
pub fn file_name(row: &ConjunctionRow) -> String {
    let t: String = format_utc_ms(row.closest.tca)
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{t}Z_{}_{}.cdm", row.object1.norad_id, row.object2.norad_id)
}

/// Writes the CDM of `row`'s closest approach; `created` is the `CREATION_DATE`.
pub fn write_cdm(
    w: &mut dyn Write,
    row: &ConjunctionRow,
    report: &ScreenReport,
    created: Epoch,
) -> io::Result<()> {
    let a = &row.closest;
    let m = |km: f64| km * 1e3;
    writeln!(w, "CCSDS_CDM_VERS = 1.0")?;
    writeln!(w, "COMMENT Screening by Orrery: SGP4 on TLE/OMM elements, sieve and refinement as docs/conjunctions.md describes")?;
    writeln!(w, "CREATION_DATE = {}", cdm_time(created))?;
    writeln!(w, "ORIGINATOR = {ORIGINATOR}")?;
    writeln!(
        w,
        "MESSAGE_ID = {}_{}_{}",
        ORIGINATOR,
        file_name(row).trim_end_matches(".cdm"),
        row.approach_count
    )?;
    writeln!(w)?;
    if row.approach_count > 1 {
        writeln!(
            w,
            "COMMENT Closest of {} approaches of this pair under the threshold between {} and {}",
            row.approach_count,
            cdm_time(row.first_tca),
            cdm_time(row.last_tca)
        )?;
    }
    writeln!(w, "TCA = {}", cdm_time(a.tca))?;
    writeln!(w, "MISS_DISTANCE = {:.3} [m]", m(a.miss_distance_km))?;
    writeln!(w, "RELATIVE_SPEED = {:.4} [m/s]", m(a.relative_speed_km_s))?;
    writeln!(w, "RELATIVE_POSITION_R = {:.3} [m]", m(a.radial_km))?;
    writeln!(w, "RELATIVE_POSITION_T = {:.3} [m]", m(a.in_track_km))?;
    writeln!(w, "RELATIVE_POSITION_N = {:.3} [m]", m(a.cross_track_km))?;
    let [vr, vt, vn] = a.relative_velocity_rtn_km_s;
    writeln!(w, "RELATIVE_VELOCITY_R = {:.4} [m/s]", m(vr))?;
    writeln!(w, "RELATIVE_VELOCITY_T = {:.4} [m/s]", m(vt))?;
    writeln!(w, "RELATIVE_VELOCITY_N = {:.4} [m/s]", m(vn))?;
    writeln!(w, "START_SCREEN_PERIOD = {}", cdm_time(report.start))?;
    writeln!(w, "STOP_SCREEN_PERIOD = {}", cdm_time(report.end))?;
    writeln!(w, "SCREEN_VOLUME_FRAME = RTN")?;
    writeln!(w, "SCREEN_VOLUME_SHAPE = SPHERE")?;
    for axis in ["X", "Y", "Z"] {
        writeln!(
            w,
            "SCREEN_VOLUME_{axis} = {:.3} [m]",
            m(report.threshold_km)
        )?;
    }
    for (label, info, state) in [
        ("OBJECT1", &row.object1, &a.state1),
        ("OBJECT2", &row.object2, &a.state2),
    ] {
        writeln!(w)?;
        write_object(w, label, info, state, a.tca)?;
    }
    Ok(())
}

fn write_object(
    w: &mut dyn Write,
    label: &str,
    info: &ObjectInfo,
    teme: &Teme,
    tca: Epoch,
) -> io::Result<()> {
    writeln!(
        w,
        "COMMENT Elements of {} (epoch), {:.2} days old at TCA{}",
        cdm_time(info.element_epoch),
        info.element_age_days,
        if info.stale { ": STALE" } else { "" }
    )?;
    writeln!(w, "OBJECT = {label}")?;
    writeln!(w, "OBJECT_DESIGNATOR = {}", info.norad_id)?;
    writeln!(w, "CATALOG_NAME = SATCAT")?;
    writeln!(w, "OBJECT_NAME = {}", info.name)?;
    writeln!(
        w,
        "INTERNATIONAL_DESIGNATOR = {}",
        info.international_designator
            .as_deref()
            .unwrap_or("UNKNOWN")
    )?;
    writeln!(w, "EPHEMERIS_NAME = NONE")?;
    writeln!(w, "COVARIANCE_METHOD = DEFAULT")?;
    writeln!(w, "MANEUVERABLE = N/A")?;
    writeln!(w, "REF_FRAME = ITRF")?;
    writeln!(
        w,
        "COMMENT State rotated from SGP4's TEME to ITRF by GMST 1982, polar motion not applied"
    )?;
    let s = teme_to_itrf(teme, tca, PolarMotion::default());
    for (k, name) in ["X", "Y", "Z"].iter().enumerate() {
        writeln!(w, "{name} = {:.6} [km]", s.position[k])?;
    }
    for (k, name) in ["X_DOT", "Y_DOT", "Z_DOT"].iter().enumerate() {
        writeln!(w, "{name} = {:.9} [km/s]", s.velocity[k])?;
    }
    writeln!(
        w,
        "COMMENT Default covariance, not from orbit determination (TLEs carry none): diagonal, sigma R/T/N {:.0}/{:.0}/{:.0} m, Rdot/Tdot/Ndot {}/{}/{} m/s",
        DEFAULT_SIGMA_RTN[0],
        DEFAULT_SIGMA_RTN[1],
        DEFAULT_SIGMA_RTN[2],
        DEFAULT_SIGMA_RTN[3],
        DEFAULT_SIGMA_RTN[4],
        DEFAULT_SIGMA_RTN[5]
    )?;
    // Lower triangle of the 6×6 RTN covariance, row by row, as 508.0-B-1 orders it.
    let names = ["R", "T", "N", "RDOT", "TDOT", "NDOT"];
    for i in 0..6 {
        for j in 0..=i {
            let value = if i == j {
                DEFAULT_SIGMA_RTN[i] * DEFAULT_SIGMA_RTN[i]
            } else {
                0.0
            };
            let unit = match (i >= 3, j >= 3) {
                (false, false) => "m**2",
                (true, false) => "m**2/s",
                _ => "m**2/s**2",
            };
            writeln!(w, "C{}_{} = {:.6e} [{unit}]", names[i], names[j], value)?;
        }
    }
    Ok(())
}
