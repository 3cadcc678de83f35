//! The almanac of a night (or any span) for an observer: where the Sun, Moon and
//! planets are, when they rise, transit and set, the twilights, and the Moon's phase.
//!
//! Definitions (US Naval Observatory, aa.usno.navy.mil/faq/RST_defs, as Skyfield's
//! almanac uses them):
//! * **rise and set**: the Sun's upper limb on the horizon with 34′ of refraction
//!   (its centre at −50′); the Moon's upper limb at its topocentric distance with 34′
//!   (centre at −34′ − R☾/d); a planet's centre at −34′;
//! * **transit**: the upper meridian passage (local hour angle 0);
//! * **twilight**: the Sun's centre (geometric, no refraction) at −6° (civil), −12°
//!   (nautical), −18° (astronomical) below the horizon; "day" from sunrise to sunset;
//! * **Moon phases**: the apparent geocentric ecliptic longitude of the Moon minus the
//!   Sun's at 0° (new), 90° (first quarter), 180° (full), 270° (last quarter);
//!   illuminated fraction (1 + cos i)/2 with i the phase angle at the Moon (Meeus 48.1).

use crate::apparent::{apparent, ecliptic_of_date, geocentric_apparent_icrf};
use crate::error::{Result, SkyError};
use crate::events::crossings;
use orrery_core::earth::Observer;
use orrery_core::ephem::Source;
use orrery_core::localtime::LocalZone;
use orrery_core::progress::{Progress, Silent};
use orrery_core::records::utc;
use orrery_core::{Body, Ephemeris, Epoch, Unit};
use serde::Serialize;

/// The longest span one almanac may search, days (a year).
pub const MAX_SPAN_DAYS: f64 = 366.0;

/// Refraction at the horizon used for rises and sets, degrees (34′).
pub const REFRACTION_DEG: f64 = 34.0 / 60.0;

/// The Sun's semidiameter used for its rise and set, degrees (16′, USNO).
pub const SUN_SEMIDIAMETER_DEG: f64 = 16.0 / 60.0;

/// Mean radius of the Moon, km (IAU 2015; Skyfield's 1737.4 km).
pub const MOON_RADIUS_KM: f64 = 1_737.4;

/// Sampling step of the searches: short against the fastest change of altitude
/// (about 15° an hour), the guard of [`crate::events`] catches what it would miss.
const STEP_MIN: f64 = 10.0;

/// A bound on |d altitude/dt| of any body, degrees per second: the Earth's rotation
/// (15.04°/h) plus the Moon's own motion (< 0.6°/h) and its parallax change, rounded up.
const MAX_ALTITUDE_RATE: f64 = 16.6 / 3600.0;

/// A bound on |d hour angle/dt|, degrees per second (sidereal rate plus a margin).
const MAX_HOUR_ANGLE_RATE: f64 = 16.6 / 3600.0;

/// The bodies of the almanac.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SkyBody {
    /// The Sun.
    Sun,
    /// The Moon.
    Moon,
    /// Mercury.
    Mercury,
    /// Venus.
    Venus,
    /// Mars.
    Mars,
    /// Jupiter.
    Jupiter,
    /// Saturn.
    Saturn,
    /// Uranus.
    Uranus,
    /// Neptune.
    Neptune,
}

impl SkyBody {
    /// All of them, in order from the Sun outward (the Moon second).
    pub const ALL: [SkyBody; 9] = [
        SkyBody::Sun,
        SkyBody::Moon,
        SkyBody::Mercury,
        SkyBody::Venus,
        SkyBody::Mars,
        SkyBody::Jupiter,
        SkyBody::Saturn,
        SkyBody::Uranus,
        SkyBody::Neptune,
    ];

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            SkyBody::Sun => "sun",
            SkyBody::Moon => "moon",
            SkyBody::Mercury => "mercury",
            SkyBody::Venus => "venus",
            SkyBody::Mars => "mars",
            SkyBody::Jupiter => "jupiter",
            SkyBody::Saturn => "saturn",
            SkyBody::Uranus => "uranus",
            SkyBody::Neptune => "neptune",
        }
    }

    /// From a name (case-insensitive).
    pub fn parse(name: &str) -> Result<SkyBody> {
        SkyBody::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| SkyError::UnknownBody {
                name: name.trim().to_string(),
            })
    }

    /// The NAIF body.
    pub fn body(self) -> Body {
        match self {
            SkyBody::Sun => Body::SUN,
            SkyBody::Moon => Body::MOON,
            SkyBody::Mercury => Body::MERCURY,
            SkyBody::Venus => Body::VENUS,
            SkyBody::Mars => Body::MARS,
            SkyBody::Jupiter => Body::JUPITER,
            SkyBody::Saturn => Body::SATURN,
            SkyBody::Uranus => Body::URANUS,
            SkyBody::Neptune => Body::NEPTUNE,
        }
    }
}

/// The sky of one observer.
pub struct Sky<'a> {
    eph: &'a Source,
    observer: Observer,
}

/// What an almanac event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The body rises (for the Sun: sunrise).
    Rise,
    /// Upper meridian transit.
    Transit,
    /// The body sets (for the Sun: sunset).
    Set,
    /// The Sun's centre rises through −18°.
    AstronomicalDawn,
    /// The Sun's centre rises through −12°.
    NauticalDawn,
    /// The Sun's centre rises through −6°.
    CivilDawn,
    /// The Sun's centre sets through −6°.
    CivilDusk,
    /// The Sun's centre sets through −12°.
    NauticalDusk,
    /// The Sun's centre sets through −18°.
    AstronomicalDusk,
}

/// One event of the almanac: a row of `orrery sky --format csv`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SkyEvent {
    /// When, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub time_utc: Epoch,
    /// When, in the observer's zone (RFC 3339), when one is known.
    pub time_local: Option<String>,
    /// The body.
    pub body: SkyBody,
    /// What happens.
    pub kind: EventKind,
    /// Geometric altitude of the centre at that moment, degrees (no refraction).
    pub altitude_deg: f64,
    /// Azimuth at that moment, degrees from north through east.
    pub azimuth_deg: f64,
}

/// Where a body is at an instant.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BodyPosition {
    /// The body.
    pub body: SkyBody,
    /// Geometric altitude of the centre, degrees (no refraction).
    pub altitude_deg: f64,
    /// Azimuth, degrees from north through east.
    pub azimuth_deg: f64,
    /// Topocentric distance, km.
    pub distance_km: f64,
    /// Apparent right ascension of date (geocentric), degrees.
    pub ra_deg: f64,
    /// Apparent declination of date (geocentric), degrees.
    pub dec_deg: f64,
    /// Above the rise/set horizon of its definition (it has risen and not set).
    pub above_horizon: bool,
    /// Fraction of the disc lit as seen from the Earth (1 for the Sun).
    pub illuminated_fraction: f64,
}

/// A principal phase of the Moon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhaseName {
    /// Elongation 0°.
    NewMoon,
    /// Elongation 90°.
    FirstQuarter,
    /// Elongation 180°.
    FullMoon,
    /// Elongation 270°.
    LastQuarter,
}

/// The Moon reaching a principal phase.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MoonPhase {
    /// When, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub time_utc: Epoch,
    /// Which phase.
    pub phase: PhaseName,
}

/// The Moon at an instant.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MoonState {
    /// `new moon`, `waxing crescent`, `first quarter`, `waxing gibbous`, `full moon`,
    /// `waning gibbous`, `last quarter` or `waning crescent` (a principal phase within
    /// ±1 day of its moment).
    pub phase: String,
    /// Fraction of the disc lit, 0 to 1.
    pub illuminated_fraction: f64,
    /// Apparent ecliptic longitude of the Moon minus the Sun's, degrees in [0, 360).
    pub elongation_deg: f64,
    /// Sun-Moon-Earth angle, degrees.
    pub phase_angle_deg: f64,
}

/// The observer of an almanac.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ObserverInfo {
    /// A city's name or `lat, lon`.
    pub name: String,
    /// Geodetic latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Height above the WGS-84 ellipsoid, m.
    pub alt_m: f64,
    /// IANA zone of the local times, when known.
    pub time_zone: Option<String>,
}

/// An almanac: `orrery sky --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Almanac {
    /// For whom.
    pub observer: ObserverInfo,
    /// The ephemeris.
    pub ephemeris: String,
    /// Start of the span searched, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub start_utc: Epoch,
    /// End of the span searched, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub end_utc: Epoch,
    /// The instant of `positions` and `moon`, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub at_utc: Epoch,
    /// Where each body is at `at_utc`.
    pub positions: Vec<BodyPosition>,
    /// Rises, transits, sets and twilights in the span, in time order.
    pub events: Vec<SkyEvent>,
    /// Bodies up for the whole span (midnight sun, circumpolar).
    pub always_up: Vec<SkyBody>,
    /// Bodies down for the whole span (polar night).
    pub always_down: Vec<SkyBody>,
    /// The Moon at `at_utc`.
    pub moon: MoonState,
    /// The Moon's principal phases in the 30 days from the start.
    pub moon_phases: Vec<MoonPhase>,
}

impl<'a> Sky<'a> {
    /// The sky of `observer` from the ephemeris `eph`.
    pub fn new(eph: &'a Source, observer: Observer) -> Self {
        Sky { eph, observer }
    }

    fn naif(&self, b: SkyBody) -> Result<Body> {
        Ok(self.eph.resolve(b.body())?)
    }

    /// The altitude of the centre at which `b` rises or sets, degrees, given its
    /// topocentric distance.
    pub fn horizon_deg(b: SkyBody, distance_km: f64) -> f64 {
        match b {
            SkyBody::Sun => -REFRACTION_DEG - SUN_SEMIDIAMETER_DEG,
            SkyBody::Moon => -REFRACTION_DEG - (MOON_RADIUS_KM / distance_km).to_degrees(),
            _ => -REFRACTION_DEG,
        }
    }

    /// Where `b` is at `t`.
    pub fn position(&self, b: SkyBody, t: Epoch) -> Result<BodyPosition> {
        let body = self.naif(b)?;
        let a = apparent(self.eph, body, &self.observer, t)?;
        let alt = a.altitude.to_degrees();
        Ok(BodyPosition {
            body: b,
            altitude_deg: alt,
            azimuth_deg: a.azimuth.to_degrees(),
            distance_km: a.distance_km,
            ra_deg: a.ra.to_degrees(),
            dec_deg: a.dec.to_degrees(),
            above_horizon: alt > Self::horizon_deg(b, a.distance_km),
            illuminated_fraction: if b == SkyBody::Sun {
                1.0
            } else {
                illuminated_fraction(self.eph, body, t)?
            },
        })
    }

    fn event(
        &self,
        b: SkyBody,
        kind: EventKind,
        t: Epoch,
        zone: Option<&LocalZone>,
    ) -> Result<SkyEvent> {
        let p = self.position(b, t)?;
        Ok(SkyEvent {
            time_utc: t,
            time_local: zone.map(|z| z.rfc3339(t)),
            body: b,
            kind,
            altitude_deg: p.altitude_deg,
            azimuth_deg: p.azimuth_deg,
        })
    }

    /// Rises and sets of `b` in `[start, end]`.
    pub fn rises_and_sets(
        &self,
        b: SkyBody,
        start: Epoch,
        end: Epoch,
        zone: Option<&LocalZone>,
    ) -> Result<Vec<SkyEvent>> {
        let body = self.naif(b)?;
        let f = |t: Epoch| -> Result<f64> {
            let a = apparent(self.eph, body, &self.observer, t)?;
            Ok(a.altitude.to_degrees() - Self::horizon_deg(b, a.distance_km))
        };
        crossings(&f, start, end, Unit::Minute * STEP_MIN, MAX_ALTITUDE_RATE)?
            .into_iter()
            .map(|c| {
                let kind = if c.rising {
                    EventKind::Rise
                } else {
                    EventKind::Set
                };
                self.event(b, kind, c.time, zone)
            })
            .collect()
    }

    /// Upper meridian transits of `b` in `[start, end]`.
    pub fn transits(
        &self,
        b: SkyBody,
        start: Epoch,
        end: Epoch,
        zone: Option<&LocalZone>,
    ) -> Result<Vec<SkyEvent>> {
        let body = self.naif(b)?;
        // The hour angle in degrees, continuous through 0 (it jumps at ±180°, the lower
        // transit, which is no crossing of zero: those sign changes are dropped).
        let f = |t: Epoch| -> Result<f64> {
            Ok(apparent(self.eph, body, &self.observer, t)?
                .hour_angle
                .to_degrees())
        };
        let mut out = Vec::new();
        for c in crossings(&f, start, end, Unit::Minute * STEP_MIN, MAX_HOUR_ANGLE_RATE)? {
            let around = f(c.time)?;
            if c.rising && around.abs() < 1.0 {
                out.push(self.event(b, EventKind::Transit, c.time, zone)?);
            }
        }
        Ok(out)
    }

    /// Dawns and dusks (civil, nautical, astronomical) in `[start, end]`.
    pub fn twilights(
        &self,
        start: Epoch,
        end: Epoch,
        zone: Option<&LocalZone>,
    ) -> Result<Vec<SkyEvent>> {
        let sun = self.naif(SkyBody::Sun)?;
        let mut out = Vec::new();
        for (limit, dawn, dusk) in [
            (-6.0, EventKind::CivilDawn, EventKind::CivilDusk),
            (-12.0, EventKind::NauticalDawn, EventKind::NauticalDusk),
            (
                -18.0,
                EventKind::AstronomicalDawn,
                EventKind::AstronomicalDusk,
            ),
        ] {
            let f = |t: Epoch| -> Result<f64> {
                Ok(apparent(self.eph, sun, &self.observer, t)?
                    .altitude
                    .to_degrees()
                    - limit)
            };
            for c in crossings(&f, start, end, Unit::Minute * STEP_MIN, MAX_ALTITUDE_RATE)? {
                out.push(self.event(
                    SkyBody::Sun,
                    if c.rising { dawn } else { dusk },
                    c.time,
                    zone,
                )?);
            }
        }
        Ok(out)
    }
}

/// The fraction of `body`'s disc lit by the Sun as seen from the Earth's centre.
pub fn illuminated_fraction(eph: &dyn Ephemeris, body: Body, t: Epoch) -> Result<f64> {
    let cos_i = phase_angle_cos(eph, body, t)?;
    Ok(0.5 * (1.0 + cos_i))
}

/// cos of the Sun-body-Earth angle.
fn phase_angle_cos(eph: &dyn Ephemeris, body: Body, t: Epoch) -> Result<f64> {
    let b = geocentric_apparent_icrf(eph, body, t)?;
    let s = geocentric_apparent_icrf(eph, Body::SUN, t)?;
    let to_sun = s - b;
    let to_earth = -b;
    Ok((to_sun.dot(&to_earth) / (to_sun.norm() * to_earth.norm())).clamp(-1.0, 1.0))
}

/// The Moon's elongation (ecliptic longitude minus the Sun's), degrees in [0, 360).
pub fn moon_elongation_deg(eph: &Source, t: Epoch) -> Result<f64> {
    let (lm, _) = ecliptic_of_date(eph, eph.resolve(Body::MOON)?, t)?;
    let (ls, _) = ecliptic_of_date(eph, Body::SUN, t)?;
    Ok((lm - ls).to_degrees().rem_euclid(360.0))
}

/// The Moon at `t`.
pub fn moon_state(eph: &Source, t: Epoch) -> Result<MoonState> {
    let e = moon_elongation_deg(eph, t)?;
    let cos_i = phase_angle_cos(eph, eph.resolve(Body::MOON)?, t)?;
    // Elongation moves 12.19°/day on average: a principal phase "is" within ±1 day.
    let near = |target: f64| ((e - target + 180.0).rem_euclid(360.0) - 180.0).abs() < 12.2;
    let phase = if near(0.0) || near(360.0) {
        "new moon"
    } else if near(90.0) {
        "first quarter"
    } else if near(180.0) {
        "full moon"
    } else if near(270.0) {
        "last quarter"
    } else if e < 90.0 {
        "waxing crescent"
    } else if e < 180.0 {
        "waxing gibbous"
    } else if e < 270.0 {
        "waning gibbous"
    } else {
        "waning crescent"
    };
    Ok(MoonState {
        phase: phase.to_string(),
        illuminated_fraction: 0.5 * (1.0 + cos_i),
        elongation_deg: e,
        phase_angle_deg: cos_i.acos().to_degrees(),
    })
}

/// The Moon's principal phases in `[start, end]` (geocentric, the same for everyone).
pub fn moon_phases(eph: &Source, start: Epoch, end: Epoch) -> Result<Vec<MoonPhase>> {
    let mut out = Vec::new();
    for (target, phase) in [
        (0.0, PhaseName::NewMoon),
        (90.0, PhaseName::FirstQuarter),
        (180.0, PhaseName::FullMoon),
        (270.0, PhaseName::LastQuarter),
    ] {
        // Wrapped into (−180°, 180°], the difference rises through 0 at the phase and
        // jumps down half a month later (not a crossing: dropped).
        let f = |t: Epoch| -> Result<f64> {
            Ok((moon_elongation_deg(eph, t)? - target + 180.0).rem_euclid(360.0) - 180.0)
        };
        // The elongation moves at most ~15.4°/day.
        for c in crossings(&f, start, end, Unit::Hour * 12, 16.0 / 86_400.0)? {
            if c.rising && f(c.time)?.abs() < 1.0 {
                out.push(MoonPhase {
                    time_utc: c.time,
                    phase,
                });
            }
        }
    }
    out.sort_by_key(|p| p.time_utc);
    Ok(out)
}

/// The night of the local calendar `date` (`YYYY-MM-DD`) in `zone`: from local noon
/// of that date to local noon of the next, as `(start, end)` UTC instants. The span
/// holds the evening's sunset and twilights and the next morning's.
///
/// ```
/// use orrery_core::{localtime::LocalZone, time::format_utc_ms};
/// let (start, end) = orrery_sky::almanac::night("2026-06-21", &LocalZone::named("Europe/Paris")?)?;
/// assert_eq!(format_utc_ms(start), "2026-06-21T10:00:00.000Z"); // noon CEST
/// assert_eq!((end - start).to_seconds(), 86_400.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn night(date: &str, zone: &LocalZone) -> Result<(Epoch, Epoch)> {
    let date = date.trim();
    let ok = date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
    let noon_utc = orrery_core::time::parse_epoch(&format!("{date}T12:00:00 UTC"))
        .ok()
        .filter(|_| ok)
        .ok_or_else(|| SkyError::InvalidSpan {
            reason: format!("the night must be a date YYYY-MM-DD, got '{date}'"),
        })?;
    let start = noon_utc - Unit::Second * zone.offset_seconds(noon_utc) as f64;
    Ok((start, start + Unit::Day * 1))
}

/// What an almanac covers.
#[derive(Debug, Clone)]
pub struct AlmanacRequest {
    /// The observer.
    pub observer: Observer,
    /// Its name, zone and height as reported.
    pub info: ObserverInfo,
    /// The zone of `time_local`.
    pub zone: Option<LocalZone>,
    /// Start of the span.
    pub start: Epoch,
    /// End of the span.
    pub end: Epoch,
    /// The instant of the positions.
    pub at: Epoch,
    /// The bodies (default: all nine).
    pub bodies: Vec<SkyBody>,
}

/// The almanac of `req` from `eph`.
///
/// ```
/// use orrery_core::{cities::city, earth::Observer, ephem::Source, time::parse_epoch, Unit};
/// use orrery_sky::almanac::{almanac, AlmanacRequest, EventKind, ObserverInfo, SkyBody};
///
/// let paris = city("Paris")?;
/// let start = parse_epoch("2026-06-21T12:00:00 UTC")?;
/// let req = AlmanacRequest {
///     observer: Observer::new(paris.geodetic()),
///     info: ObserverInfo { name: "Paris".into(), lat_deg: paris.lat_deg, lon_deg: paris.lon_deg,
///                          alt_m: paris.alt_m, time_zone: None },
///     zone: None,
///     start,
///     end: start + Unit::Day * 1,
///     at: start,
///     bodies: SkyBody::ALL.to_vec(),
/// };
/// let a = almanac(&Source::builtin(), &req)?;
/// let sunset = a.events.iter().find(|e| e.body == SkyBody::Sun && e.kind == EventKind::Set).unwrap();
/// // Paris, 21 June 2026: sunset at 21:58 local time, 19:58 UTC (timeanddate.com, to the minute).
/// let published = parse_epoch("2026-06-21T19:58:00 UTC")?;
/// assert!((sunset.time_utc - published).to_seconds().abs() < 60.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn almanac(eph: &Source, req: &AlmanacRequest) -> Result<Almanac> {
    almanac_with(eph, req, &Silent)
}

/// [`almanac`], reporting one unit of progress per body.
pub fn almanac_with(
    eph: &Source,
    req: &AlmanacRequest,
    progress: &dyn Progress,
) -> Result<Almanac> {
    let span_days = (req.end - req.start).to_unit(Unit::Day);
    if span_days.is_nan() || span_days < 0.0 {
        return Err(SkyError::InvalidSpan {
            reason: "it ends before it starts".into(),
        });
    }
    if span_days > MAX_SPAN_DAYS {
        return Err(SkyError::InvalidSpan {
            reason: format!("{span_days:.1} days is longer than the limit of {MAX_SPAN_DAYS} days"),
        });
    }
    let sky = Sky::new(eph, req.observer);
    let zone = req.zone.as_ref();
    use rayon::prelude::*;
    progress.start("bodies", req.bodies.len() as u64);
    let per_body: Vec<Result<(Vec<SkyEvent>, BodyPosition, bool)>> = req
        .bodies
        .par_iter()
        .map(|&b| {
            if progress.is_cancelled() {
                return Err(SkyError::Cancelled);
            }
            let mut ev = sky.rises_and_sets(b, req.start, req.end, zone)?;
            ev.extend(sky.transits(b, req.start, req.end, zone)?);
            if b == SkyBody::Sun {
                ev.extend(sky.twilights(req.start, req.end, zone)?);
            }
            let up_at_start = sky.position(b, req.start)?.above_horizon;
            let pos = sky.position(b, req.at)?;
            progress.advance(1);
            Ok((ev, pos, up_at_start))
        })
        .collect();
    let mut events = Vec::new();
    let mut positions = Vec::new();
    let (mut always_up, mut always_down) = (Vec::new(), Vec::new());
    for (b, r) in req.bodies.iter().zip(per_body) {
        let (ev, pos, up) = r?;
        let crosses = ev
            .iter()
            .any(|e| matches!(e.kind, EventKind::Rise | EventKind::Set));
        if !crosses {
            if up {
                always_up.push(*b);
            } else {
                always_down.push(*b);
            }
        }
        events.extend(ev);
        positions.push(pos);
    }
    events.sort_by_key(|e| e.time_utc);
    Ok(Almanac {
        observer: req.info.clone(),
        ephemeris: eph.source_name(),
        start_utc: req.start,
        end_utc: req.end,
        at_utc: req.at,
        positions,
        events,
        always_up,
        always_down,
        moon: moon_state(eph, req.at)?,
        moon_phases: moon_phases(eph, req.start, req.start + Unit::Day * 30)?,
    })
}

/// The almanac's events as calendar events (`orrery sky --format ics`), one short
/// event per rise, transit, set and twilight.
pub fn calendar_events(a: &Almanac) -> Vec<orrery_core::ical::IcsEvent> {
    a.events
        .iter()
        .map(|e| {
            let what = match e.kind {
                EventKind::Rise => format!("{} rises", title(e.body)),
                EventKind::Set => format!("{} sets", title(e.body)),
                EventKind::Transit => format!("{} transits", title(e.body)),
                k => serde_json_name(k).replace('_', " "),
            };
            orrery_core::ical::IcsEvent {
                uid: format!(
                    "{}-{}-{}@orrery",
                    e.body.name(),
                    serde_json_name(e.kind),
                    orrery_core::ical::ics_time(e.time_utc)
                ),
                start: e.time_utc,
                end: e.time_utc + Unit::Minute * 1,
                summary: what,
                description: format!(
                    "{}: azimuth {:.0}°, altitude {:.1}°.",
                    a.observer.name, e.azimuth_deg, e.altitude_deg
                ),
            }
        })
        .collect()
}

fn title(b: SkyBody) -> String {
    let n = b.name();
    let mut c = n.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The snake_case name of an event kind (as in JSON).
pub fn serde_json_name(k: EventKind) -> &'static str {
    match k {
        EventKind::Rise => "rise",
        EventKind::Transit => "transit",
        EventKind::Set => "set",
        EventKind::AstronomicalDawn => "astronomical_dawn",
        EventKind::NauticalDawn => "nautical_dawn",
        EventKind::CivilDawn => "civil_dawn",
        EventKind::CivilDusk => "civil_dusk",
        EventKind::NauticalDusk => "nautical_dusk",
        EventKind::AstronomicalDusk => "astronomical_dusk",
    }
}
