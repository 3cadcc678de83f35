//! iCalendar (RFC 5545) output: the pieces every calendar Orrery writes shares (pass
//! predictions, almanac events), so that folding, escaping and dates are done once.

use crate::time::format_utc_ms;
use hifitime::Epoch;
use std::io::{self, Write};

/// `2020-06-25T13:08:18.802Z` → `20200625T130818Z` (RFC 5545 §3.3.5, UTC form).
pub fn ics_time(t: Epoch) -> String {
    let s = format_utc_ms(t);
    let digits: String = s
        .get(..19)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// One event of a calendar.
#[derive(Debug, Clone)]
pub struct IcsEvent {
    /// A unique id (`25544-20260508T002726Z@orrery`).
    pub uid: String,
    /// Start.
    pub start: Epoch,
    /// End.
    pub end: Epoch,
    /// Summary line (plain text; escaped when written).
    pub summary: String,
    /// Description (plain text; escaped when written).
    pub description: String,
}

/// Writes a calendar of `events`: CRLF line endings, content lines folded at 75
/// octets, `DTSTAMP` = `stamp`, `PRODID` naming the `product`.
///
/// ```
/// use orrery_core::ical::{write_calendar, IcsEvent};
/// let t = orrery_core::time::parse_epoch("2026-05-08T20:00:00 UTC").unwrap();
/// let e = IcsEvent { uid: "x@orrery".into(), start: t, end: t, summary: "Moonrise".into(),
///                    description: "Paris, azimuth 120°".into() };
/// let mut out = Vec::new();
/// write_calendar(&mut out, "orrery sky", &[e], t).unwrap();
/// let cal = String::from_utf8(out).unwrap();
/// assert!(cal.contains("DTSTART:20260508T200000Z\r\n") && cal.contains("Paris\\, azimuth"));
/// ```
pub fn write_calendar(
    out: &mut dyn Write,
    product: &str,
    events: &[IcsEvent],
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
    w(&format!("PRODID:-//Orrery//{product}//EN"))?;
    w("CALSCALE:GREGORIAN")?;
    let stamp = ics_time(stamp);
    for e in events {
        w("BEGIN:VEVENT")?;
        w(&format!("UID:{}", e.uid))?;
        w(&format!("DTSTAMP:{stamp}"))?;
        w(&format!("DTSTART:{}", ics_time(e.start)))?;
        w(&format!("DTEND:{}", ics_time(e.end)))?;
        w(&format!("SUMMARY:{}", text(&e.summary)))?;
        w(&format!("DESCRIPTION:{}", text(&e.description)))?;
        w("END:VEVENT")?;
    }
    w("END:VCALENDAR")
}
