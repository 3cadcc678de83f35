//! Passes as an iCalendar file (RFC 5545), one event per pass, so that a phone or a
//! desktop calendar can remind the user of the next visible ISS pass.

use crate::passes::Pass;
use crate::satellite::Satellite;
use orrery_core::time::format_utc_ms;
use orrery_core::Epoch;
use std::io::{self, Write};

/// `2020-06-25T13:08:18.802Z` → `20200625T130818Z` (RFC 5545 §3.3.5, UTC form).
fn ics_time(t: Epoch) -> String {
    let s = format_utc_ms(t);
    let digits: String = s
        .get(..19)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

/// Escapes text values (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// Writes the calendar: CRLF line endings, content lines folded at 75 octets,
/// `DTSTAMP` = `stamp`. `observer` names the place in each event's description.
///
/// ```
/// use orrery_core::{cities::find_city, earth::Observer, time::parse_epoch, Unit};
/// use orrery_sat::{ics::write_ics, passes::{predict_passes, PassOptions}, Catalog};
/// let cat = Catalog::bundled();
/// let paris = Observer::new(find_city("Paris").unwrap().geodetic());
/// let t = parse_epoch("2026-05-08T00:00:00 UTC")?;
/// let list = predict_passes(&[cat.one("ISS")?], &paris, t, t + Unit::Day * 1,
///                           &PassOptions::default(), None, false);
/// let mut out = Vec::new();
/// write_ics(&mut out, &list.passes, "Paris", t)?;
/// let cal = String::from_utf8(out)?;
/// assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
/// assert_eq!(cal.matches("BEGIN:VEVENT").count(), list.passes.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_ics(
    out: &mut dyn Write,
    passes: &[(&Satellite, Pass)],
    observer: &str,
    stamp: Epoch,
) -> io::Result<()> {
    let mut w = |line: &str| -> io::Result<()> {
        let mut rest = line;
        let mut first = true;
        while !rest.is_empty() {
            let max = if first { 75 } else { 74 };
            let mut cut = rest.len().min(max);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (head, tail) = rest.split_at(cut);
            write!(out, "{}{head}\r\n", if first { "" } else { " " })?;
            rest = tail;
            first = false;
        }
        Ok(())
    };
    w("BEGIN:VCALENDAR")?;
    w("VERSION:2.0")?;
    w("PRODID:-//Orrery//orrery passes//EN")?;
    w("CALSCALE:GREGORIAN")?;
    let stamp = ics_time(stamp);
    for (s, p) in passes {
        let start = p.start();
        let end = p.set.map_or(p.culmination.time, |e| e.time);
        let vis = match p.visibility {
            Some(v) if v.visible => " (visible)",
            _ => "",
        };
        w("BEGIN:VEVENT")?;
        w(&format!("UID:{}-{}@orrery", s.norad_id(), ics_time(start)))?;
        w(&format!("DTSTAMP:{stamp}"))?;
        w(&format!("DTSTART:{}", ics_time(start)))?;
        w(&format!("DTEND:{}", ics_time(end)))?;
        w(&format!(
            "SUMMARY:{} pass{vis}\\, max {:.0}°",
            text(&s.name()),
            p.culmination.elevation_deg
        ))?;
        w(&format!(
            "DESCRIPTION:Observer {}. Culmination {} at azimuth {:.0}°\\, elevation {:.1}°.",
            text(observer),
            format_utc_ms(p.culmination.time),
            p.culmination.azimuth_deg,
            p.culmination.elevation_deg
        ))?;
        w("END:VEVENT")?;
    }
    w("END:VCALENDAR")
}
