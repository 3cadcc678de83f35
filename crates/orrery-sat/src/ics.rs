//! Passes as an iCalendar file (RFC 5545), one event per pass, so that a phone or a
//! desktop calendar can remind the user of the next visible ISS pass.

use crate::passes::Pass;
use crate::satellite::Satellite;
use orrery_core::ical::{ics_time, write_calendar, IcsEvent};
use orrery_core::time::format_utc_ms;
use orrery_core::Epoch;
use std::io::{self, Write};

/// Writes the calendar of `passes` (see [`orrery_core::ical::write_calendar`]);
/// `observer` names the place in each event's description.
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
    let events: Vec<IcsEvent> = passes
        .iter()
        .map(|(s, p)| {
            let start = p.start();
            let vis = match p.visibility {
                Some(v) if v.visible => " (visible)",
                _ => "",
            };
            IcsEvent {
                uid: format!("{}-{}@orrery", s.norad_id(), ics_time(start)),
                start,
                end: p.set.map_or(p.culmination.time, |e| e.time),
                summary: format!(
                    "{} pass{vis}, max {:.0}°",
                    s.name(),
                    p.culmination.elevation_deg
                ),
                description: format!(
                    "Observer {observer}. Culmination {} at azimuth {:.0}°, elevation {:.1}°.",
                    format_utc_ms(p.culmination.time),
                    p.culmination.azimuth_deg,
                    p.culmination.elevation_deg
                ),
            }
        })
        .collect();
    write_calendar(out, "orrery passes", &events, stamp)
}
