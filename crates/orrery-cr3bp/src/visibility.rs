//! Visibility windows of a fixed target (RA, Dec) for a telescope near the
//! Sun-Earth L2 point with a solar-elongation field of regard (JWST: 84.8°-135°
//! as in STScI's jwst-gtvt; the STScI JWST User Documentation, "JWST
//! Observatory Coordinate System and Field of Regard", quotes 85°-135°).
//!
//! Geometry: the telescope is placed at the Sun-(Earth+Moon) L2 point, on the
//! Sun → Earth-Moon-barycentre line at γ₂ = 0.01008 au beyond the barycentre
//! (the CR3BP collinear point of [`crate::System::sun_earth`]); so the Sun
//! direction from the telescope is the Sun direction from the barycentre. A
//! real halo/Lissajous orbit (≤ 832 000 km from L2) moves the telescope off
//! that line by at most 832 000 km / 1.5e8 km ≈ 0.32°, which shifts the
//! window edges by at most about 8 hours (elongation changes by ~1°/day).
//! Stars are fixed directions on ICRF axes (no proper motion, no aberration).

use crate::error::{Cr3bpError, Result};
use crate::lagrange::{gamma, Point};
use crate::system::System;
use hifitime::{Duration, Epoch};
use nalgebra::Vector3;
use orrery_core::progress::{Progress, Silent};
use orrery_core::{Body, Ephemeris};
use serde::Serialize;

/// A target direction on ICRF axes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Target {
    /// Right ascension, degrees.
    pub ra_deg: f64,
    /// Declination, degrees.
    pub dec_deg: f64,
}

impl Target {
    /// Unit vector (ICRF).
    pub fn unit(&self) -> Vector3<f64> {
        let (ra, dec) = (self.ra_deg.to_radians(), self.dec_deg.to_radians());
        Vector3::new(dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin())
    }

    /// Parses `"RA Dec"`: decimal degrees (`80.894 -69.756`) or sexagesimal
    /// with RA in hours (`05:23:34.5 -69:45:22` or `5h23m34.5s -69d45m22s`).
    pub fn parse(s: &str) -> Result<Target> {
        let bad = |why: &str| Cr3bpError::InvalidTarget {
            input: s.to_string(),
            reason: why.to_string(),
        };
        let parts: Vec<&str> = s.split([' ', ',']).filter(|p| !p.is_empty()).collect();
        if parts.len() != 2 {
            return Err(bad("expected two values, \"RA Dec\""));
        }
        let sexa = |p: &str| p.contains([':', 'h', 'd', 'm']);
        let ra = if sexa(parts[0]) {
            15.0 * sexagesimal(parts[0]).ok_or_else(|| bad("unreadable RA"))?
        } else {
            parts[0].parse::<f64>().map_err(|_| bad("unreadable RA"))?
        };
        let dec = if sexa(parts[1]) {
            sexagesimal(parts[1]).ok_or_else(|| bad("unreadable Dec"))?
        } else {
            parts[1].parse::<f64>().map_err(|_| bad("unreadable Dec"))?
        };
        if !(ra.is_finite() && (0.0..360.0).contains(&ra)) {
            return Err(bad("RA must be in [0, 360) degrees or [0, 24) hours"));
        }
        if !(dec.is_finite() && (-90.0..=90.0).contains(&dec)) {
            return Err(bad("Dec must be in [-90, 90] degrees"));
        }
        Ok(Target {
            ra_deg: ra,
            dec_deg: dec,
        })
    }
}

/// `dd:mm:ss.s`, `ddhmmmss.ss`, `dddmm'ss` → value in the first unit.
fn sexagesimal(p: &str) -> Option<f64> {
    let neg = p.trim_start().starts_with('-');
    let fields: Vec<f64> = p
        .trim_start_matches(['-', '+'])
        .split([':', 'h', 'd', 'm', 's', '\'', '"'])
        .filter(|f| !f.is_empty())
        .map(|f| f.parse::<f64>().ok())
        .collect::<Option<Vec<f64>>>()?;
    if fields.is_empty() || fields.len() > 3 {
        return None;
    }
    if fields.iter().skip(1).any(|&v| !(0.0..60.0).contains(&v)) {
        return None;
    }
    let v = fields
        .iter()
        .enumerate()
        .map(|(k, f)| f / 60f64.powi(k as i32))
        .sum::<f64>();
    Some(if neg { -v } else { v })
}

/// Field of regard: allowed solar elongations, degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FieldOfRegard {
    /// Smallest allowed Sun-target angle, degrees.
    pub min_elongation_deg: f64,
    /// Largest allowed Sun-target angle, degrees.
    pub max_elongation_deg: f64,
}

impl FieldOfRegard {
    /// JWST: 84.8°-135°, the limits of STScI's JWST General Target Visibility
    /// Tool (jwst-gtvt 1.2, `constants.py`: MIN_SUN_ANGLE = 84.8°,
    /// MAX_SUN_ANGLE = 135.0°); the STScI JWST User Documentation rounds the
    /// lower limit to 85°.
    pub const JWST: FieldOfRegard = FieldOfRegard {
        min_elongation_deg: 84.8,
        max_elongation_deg: 135.0,
    };
}

/// One window during which the target is inside the field of regard: a row of
/// `orrery visibility`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Window {
    /// Start (the span's start if the target was already visible), UTC in outputs.
    #[serde(rename = "start_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub start: Epoch,
    /// End (the span's end if still visible), UTC in outputs.
    #[serde(rename = "end_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub end: Epoch,
    /// Length, days.
    pub days: f64,
    /// Whether it began before the span (start clipped).
    pub open_start: bool,
    /// Whether it lasts past the span (end clipped).
    pub open_end: bool,
}

/// Solar elongation (degrees) of `target` seen from the Sun-Earth L2 point at `epoch`.
pub fn elongation_deg(eph: &dyn Ephemeris, target: &Target, epoch: Epoch) -> Result<f64> {
    let g2 = gamma(System::sun_earth().mu, Point::L2)?;
    // Sun relative to the Earth-Moon barycentre (ICRF, km).
    let sun = eph
        .position_icrf(Body::SUN, Body::EMB, epoch)
        .map_err(|e| Cr3bpError::Ephemeris(e.to_string()))?;
    // Telescope at L2: γ₂·|sun| beyond the barycentre, anti-sunward.
    let obs = -sun * g2;
    let to_sun = sun - obs;
    let t = target.unit();
    let c = (to_sun.dot(&t) / to_sun.norm()).clamp(-1.0, 1.0);
    Ok(c.acos().to_degrees())
}

/// An upper bound on the rate of a fixed target's solar elongation seen from
/// Sun-Earth L2, degrees per day: the Sun's apparent angular rate at perihelion,
/// n (1 + e)² / (1 − e²)^{3/2} = 0.9856 × 1.0337 ≈ 1.019°/day for the Earth-Moon
/// barycentre's orbit (e = 0.0167), with a 3 % margin for the ephemeris and the
/// telescope's offset from L2.
pub const MAX_ELONGATION_RATE_DEG_PER_DAY: f64 = 1.05;

/// Windows during `[from, to]` when the target's solar elongation is inside
/// the field of regard. Sampled every `step`, edges refined by bisection to 1 s.
///
/// No window or gap is missed whatever the step: between two samples the
/// elongation moves by at most [`MAX_ELONGATION_RATE_DEG_PER_DAY`] × Δt, so an
/// interval whose samples could hide two crossings of a limit
/// (|e₁ − L| + |e₂ − L| ≤ rate × Δt) is split until that cannot happen.
pub fn windows(
    eph: &dyn Ephemeris,
    target: &Target,
    field: &FieldOfRegard,
    from: Epoch,
    to: Epoch,
    step: Duration,
) -> Result<Vec<Window>> {
    windows_with(eph, target, field, from, to, step, &Silent)
}

/// [`windows`], reporting progress per sample and stopping with
/// [`Cr3bpError::Cancelled`] when asked.
pub fn windows_with(
    eph: &dyn Ephemeris,
    target: &Target,
    field: &FieldOfRegard,
    from: Epoch,
    to: Epoch,
    step: Duration,
    progress: &dyn Progress,
) -> Result<Vec<Window>> {
    if to <= from {
        return Err(Cr3bpError::InvalidSpan {
            reason: format!(
                "it must end after it starts ({} .. {})",
                orrery_core::time::format_utc_ms(from),
                orrery_core::time::format_utc_ms(to)
            ),
        });
    }
    if !(field.min_elongation_deg >= 0.0
        && field.max_elongation_deg <= 180.0
        && field.min_elongation_deg < field.max_elongation_deg)
    {
        return Err(Cr3bpError::InvalidFieldOfRegard {
            min_deg: field.min_elongation_deg,
            max_deg: field.max_elongation_deg,
        });
    }
    let span_days = (to - from).to_unit(hifitime::Unit::Day);
    if span_days > 36_525.0 {
        return Err(Cr3bpError::InvalidSpan {
            reason: format!("{span_days:.0} days is longer than the limit of 100 years"),
        });
    }
    let step = if step <= Duration::ZERO {
        Duration::from_hours(6.0)
    } else {
        step
    };
    let (lo, hi) = (field.min_elongation_deg, field.max_elongation_deg);
    let elong = |e: Epoch| elongation_deg(eph, target, e);
    let inside = |el: f64| el >= lo && el <= hi;
    let refine = |mut a: Epoch, mut b: Epoch, a_in: bool| -> Result<Epoch> {
        // a has state a_in, b the opposite; returns the first instant with b's state.
        while (b - a) > Duration::from_seconds(1.0) {
            let m = a + (b - a) * 0.5;
            if inside(elong(m)?) == a_in {
                a = m;
            } else {
                b = m;
            }
        }
        Ok(b)
    };
    // Could two crossings of a limit hide between samples (t1, e1) and (t2, e2)?
    let may_hide = |e1: f64, e2: f64, dt: Duration| {
        let reach = MAX_ELONGATION_RATE_DEG_PER_DAY * dt.to_unit(hifitime::Unit::Day);
        [lo, hi]
            .iter()
            .any(|l| (e1 - l).abs() + (e2 - l).abs() <= reach)
    };
    let min_split = Duration::from_seconds(1.0);
    let mut out = Vec::new();
    let mut t = from;
    let mut e_t = elong(t)?;
    let mut was = inside(e_t);
    let mut start = if was { Some((from, true)) } else { None };
    let total = (span_days / step.to_unit(hifitime::Unit::Day)).ceil() as u64;
    progress.start("samples", total);
    while t < to {
        if progress.is_cancelled() {
            return Err(Cr3bpError::Cancelled);
        }
        let mut next = if t + step > to { to } else { t + step };
        let mut e_next = elong(next)?;
        // Shrink the interval until no pair of crossings can hide inside it.
        while next - t > min_split && may_hide(e_t, e_next, next - t) {
            next = t + (next - t) * 0.5;
            e_next = elong(next)?;
        }
        let now = inside(e_next);
        if now != was {
            let edge = refine(t, next, was)?;
            if now {
                start = Some((edge, false));
            } else if let Some((s, open)) = start.take() {
                out.push(window(s, edge, open, false));
            }
        }
        was = now;
        if (next - from).to_seconds() >= (t - from).to_seconds() + step.to_seconds() * 0.999 {
            progress.advance(1);
        }
        t = next;
        e_t = e_next;
    }
    if let Some((s, open)) = start {
        out.push(window(s, to, open, true));
    }
    Ok(out)
}

/// Visibility windows with what they were computed for: `orrery visibility --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VisibilityReport {
    /// The target.
    pub target: Target,
    /// The field of regard.
    pub field_of_regard: FieldOfRegard,
    /// The ephemeris of the Sun and the Earth-Moon barycentre.
    pub ephemeris: String,
    /// The windows, in time order.
    pub windows: Vec<Window>,
}

/// [`windows_with`] as a report.
pub fn visibility_report(
    eph: &dyn Ephemeris,
    target: &Target,
    field: &FieldOfRegard,
    from: Epoch,
    to: Epoch,
    step: Duration,
    progress: &dyn Progress,
) -> Result<VisibilityReport> {
    Ok(VisibilityReport {
        target: *target,
        field_of_regard: *field,
        ephemeris: eph.source_name(),
        windows: windows_with(eph, target, field, from, to, step, progress)?,
    })
}

fn window(start: Epoch, end: Epoch, open_start: bool, open_end: bool) -> Window {
    Window {
        start,
        end,
        days: (end - start).to_unit(hifitime::Unit::Day),
        open_start,
        open_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_targets() {
        let t = Target::parse("05:23:34.5 -69:45:22").unwrap();
        assert!((t.ra_deg - 80.89375).abs() < 1e-9);
        assert!((t.dec_deg + 69.75611).abs() < 1e-4);
        let u = Target::parse("80.89375 -69.756").unwrap();
        assert!((u.ra_deg - 80.89375).abs() < 1e-12);
        assert!(Target::parse("5h23m34.5s -69d45m22s").is_ok());
        for bad in ["", "12", "400 0", "10 95", "ab cd", "1:99:00 0", "10 20 30"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parse_never_panics_on_mangled_input() {
        // Deterministic mutations of valid inputs (a poor man's fuzzer).
        let seeds = [
            "05:23:34.5 -69:45:22",
            "5h23m34.5s -69d45m22s",
            "80.9 -69.7",
        ];
        let alphabet: Vec<char> = ":hdms'\" -+.,0123456789eE\u{00e9}x".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let seed = seeds[(state % 3) as usize];
            let mut chars: Vec<char> = seed.chars().collect();
            let pos = (state >> 8) as usize % (chars.len() + 1);
            let c = alphabet[(state >> 20) as usize % alphabet.len()];
            match (state >> 40) % 3 {
                0 if pos < chars.len() => chars[pos] = c,
                1 => chars.insert(pos, c),
                _ if pos < chars.len() => {
                    chars.remove(pos);
                }
                _ => {}
            }
            let text: String = chars.into_iter().collect();
            if let Ok(t) = Target::parse(&text) {
                assert!((0.0..360.0).contains(&t.ra_deg) && (-90.0..=90.0).contains(&t.dec_deg));
            }
        }
    }
}
