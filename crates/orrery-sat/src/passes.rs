//! Passes of a satellite over an observer: rise, culmination and set, with the
//! visibility of each pass (satellite sunlit while the observer's sky is dark).
//!
//! Search (see `docs/passes.md`): the elevation e(t) and its exact rate ė(t) (from the
//! SGP4 velocity and the Earth's rotation) are sampled with a step tied to the orbit's
//! local angular rate (25 % of r/v: ~225 s in LEO, ~175 s at a Molniya perigee, at most
//! 300 s). Every sign change of ė brackets a maximum; maxima that could reach the
//! threshold are refined by the Illinois method on ė (culmination), then every crossing
//! of the threshold between consecutive key points (samples and refined maxima) is
//! refined by bracketed Newton steps to 1 ms (rise, set). A pass is a maximal interval above the
//! threshold, so a high eccentric orbit that wobbles while up is one pass, not several.

use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use crate::sun::{illumination, sun_elevation, sun_teme};
use hifitime::{Duration, Epoch};
use nalgebra::Vector3;
use orrery_core::earth::{gmst82, jd_ut1, Observer, OMEGA_EARTH};
use orrery_core::progress::{Progress, Silent};
use orrery_core::Ephemeris;
use serde::Serialize;

/// Search settings, in the units a person types (degrees, seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassOptions {
    /// Elevation that counts as "up", degrees (0 = geometric horizon).
    pub min_elevation_deg: f64,
    /// The sky is dark when the Sun's centre is below this elevation, degrees (civil
    /// twilight: −6°, the default; nautical −12°, astronomical −18°).
    pub twilight_deg: f64,
    /// Step for the visibility scan inside a pass, s.
    pub visibility_step_s: f64,
}

impl Default for PassOptions {
    fn default() -> Self {
        PassOptions {
            min_elevation_deg: 0.0,
            twilight_deg: -6.0,
            visibility_step_s: 5.0,
        }
    }
}

/// One instant of a pass with where the satellite is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Event {
    /// When (UTC in outputs).
    #[serde(rename = "time_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub time: Epoch,
    /// Azimuth, degrees from north through east.
    pub azimuth_deg: f64,
    /// Elevation above the horizon, degrees (geometric, no refraction).
    pub elevation_deg: f64,
    /// Slant range, km.
    pub range_km: f64,
}

/// Whether and when a pass can be seen with the naked eye.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Visibility {
    /// Some part of the pass is visible (satellite at least partly sunlit, observer's Sun below twilight).
    pub visible: bool,
    /// First visible instant (to the scan step).
    #[serde(rename = "start_utc", serialize_with = "orrery_core::records::utc_opt")]
    #[schemars(with = "Option<String>")]
    pub start: Option<Epoch>,
    /// Last visible instant (to the scan step).
    #[serde(rename = "end_utc", serialize_with = "orrery_core::records::utc_opt")]
    #[schemars(with = "Option<String>")]
    pub end: Option<Epoch>,
    /// Satellite sunlit (not in the umbra) at culmination.
    pub sunlit_at_culmination: bool,
    /// Sun elevation for the observer at culmination, degrees.
    pub sun_elevation_at_culmination_deg: f64,
}

/// A pass: the satellite above the threshold from `rise` to `set`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Pass {
    /// Rise (None when already up at the start of the span).
    pub rise: Option<Event>,
    /// Highest point within the span.
    pub culmination: Event,
    /// Set (None when still up at the end of the span).
    pub set: Option<Event>,
    /// Visibility, when a Sun ephemeris was given.
    pub visibility: Option<Visibility>,
}

/// Elevation geometry of one satellite for one observer, over a span starting at `t0`.
struct Geometry<'a> {
    sat: &'a Satellite,
    obs: &'a Observer,
    t0: Epoch,
    minutes0: f64,
    jd0: f64,
}

struct Sample {
    s: f64,
    el: f64,
    rate: f64,
    /// |r| / |v| of the satellite, s (time to sweep one radian).
    r_over_v: f64,
}

impl Geometry<'_> {
    /// Elevation (rad), its rate (rad/s) and r/v at `s` seconds after t0.
    fn eval(&self, s: f64) -> Result<Sample> {
        let st = self.sat.propagate_minutes(self.minutes0 + s / 60.0)?;
        let th = gmst82(self.jd0 + s / 86_400.0);
        let (sn, cs) = th.sin_cos();
        let rot = |v: &Vector3<f64>| Vector3::new(cs * v.x - sn * v.y, sn * v.x + cs * v.y, v.z);
        let o = rot(&self.obs.ecef);
        let u = rot(&self.obs.up());
        let w = Vector3::new(0.0, 0.0, OMEGA_EARTH);
        let rho = st.position - o;
        let rho_dot = st.velocity - w.cross(&o);
        let u_dot = w.cross(&u);
        let d = rho.norm();
        let sin_el = (rho.dot(&u) / d).clamp(-1.0, 1.0);
        let dsin =
            (rho_dot.dot(&u) + rho.dot(&u_dot)) / d - rho.dot(&u) * rho.dot(&rho_dot) / (d * d * d);
        let el = sin_el.asin();
        let rate = dsin / el.cos().max(1e-9);
        Ok(Sample {
            s,
            el,
            rate,
            r_over_v: st.position.norm() / st.velocity.norm().max(1e-6),
        })
    }

    fn epoch(&self, s: f64) -> Epoch {
        self.t0 + Duration::from_seconds(s)
    }

    fn event(&self, s: f64) -> Result<Event> {
        let t = self.epoch(s);
        let st = self.sat.propagate(t)?;
        let itrf = orrery_core::earth::teme_to_itrf(&st, t, Default::default());
        let look = self.obs.look(&itrf);
        Ok(Event {
            time: t,
            azimuth_deg: look.azimuth.to_degrees(),
            elevation_deg: look.elevation.to_degrees(),
            range_km: look.range,
        })
    }
}

const TOL_S: f64 = 1e-3;

/// Every pass of `sat` over `obs` between `start` and `end`, in time order.
/// With `sun`, each pass gets its [`Visibility`].
pub fn find_passes(
    sat: &Satellite,
    obs: &Observer,
    start: Epoch,
    end: Epoch,
    opts: &PassOptions,
    sun: Option<&dyn Ephemeris>,
) -> Result<Vec<Pass>> {
    let span = (end - start).to_seconds();
    if span.is_nan() || span <= 0.0 {
        return Err(SatError::InvalidArgument {
            what: "pass search span".into(),
            reason: "the end must be after the start".into(),
        });
    }
    let g = Geometry {
        sat,
        obs,
        t0: start,
        minutes0: sat.minutes_since_epoch(start),
        jd0: jd_ut1(start),
    };
    let h0 = opts.min_elevation_deg.to_radians();

    // 1. Adaptive samples; refine maxima that could reach the threshold.
    let mut keys: Vec<(f64, f64)> = Vec::new(); // (s, el)
    let mut maxima: Vec<(f64, f64)> = Vec::new();
    let mut a = g.eval(0.0)?;
    keys.push((a.s, a.el));
    while a.s < span {
        let h = (0.25 * a.r_over_v).clamp(5.0, 300.0);
        let b = g.eval((a.s + h).min(span))?;
        if a.rate > 0.0 && b.rate <= 0.0 {
            let bound = a.el.max(b.el) + a.rate.abs().max(b.rate.abs()) * (b.s - a.s);
            if bound > h0 {
                let m = refine_max(&g, a.s, b.s)?;
                keys.push((m.s, m.el));
                maxima.push((m.s, m.el));
            }
        }
        keys.push((b.s, b.el));
        a = b;
    }

    // 2. Threshold crossings between consecutive key points.
    let mut passes = Vec::new();
    let mut rise: Option<f64> = if keys.first().is_some_and(|k| k.1 > h0) {
        Some(f64::NAN)
    } else {
        None
    };
    for w in keys.windows(2) {
        let ((sa, ea), (sb, eb)) = (w[0], w[1]);
        if (ea > h0) == (eb > h0) {
            continue;
        }
        let c = refine_crossing(&g, sa, sb, h0, ea < eb)?;
        if eb > h0 {
            rise = Some(c);
        } else if let Some(r) = rise.take() {
            passes.push(assemble(&g, r, Some(c), &maxima, span)?);
        }
    }
    if let Some(r) = rise {
        passes.push(assemble(&g, r, None, &maxima, span)?);
    }
    if let Some(ephem) = sun {
        for p in &mut passes {
            p.visibility = Some(visibility(&g, p, opts, ephem)?);
        }
    }
    Ok(passes)
}

/// Builds a pass from rise `r` (NaN = already up at 0) and set `c` (None = still up).
fn assemble(
    g: &Geometry,
    r: f64,
    c: Option<f64>,
    maxima: &[(f64, f64)],
    span: f64,
) -> Result<Pass> {
    let lo = if r.is_nan() { 0.0 } else { r };
    let hi = c.unwrap_or(span);
    let best = maxima
        .iter()
        .filter(|(s, _)| *s >= lo && *s <= hi)
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|m| m.0);
    let top = match best {
        Some(s) => s,
        None => {
            // No interior maximum: the highest point is an end of the span.
            let (a, b) = (g.eval(lo)?, g.eval(hi)?);
            if a.el >= b.el {
                lo
            } else {
                hi
            }
        }
    };
    Ok(Pass {
        rise: if r.is_nan() { None } else { Some(g.event(r)?) },
        culmination: g.event(top)?,
        set: match c {
            Some(c) => Some(g.event(c)?),
            None => None,
        },
        visibility: None,
    })
}

/// Maximum of the elevation in [a, b] where ė(a) > 0 ≥ ė(b): Illinois (modified
/// regula falsi) on ė, bracket kept, to 1 ms.
fn refine_max(g: &Geometry, a: f64, b: f64) -> Result<Sample> {
    let (fa, fb) = (g.eval(a)?.rate, g.eval(b)?.rate);
    let s = illinois(|s| Ok(g.eval(s)?.rate), a, b, fa, fb)?;
    g.eval(s)
}

/// Root of `f` in [a, b] with f(a) and f(b) of opposite signs (f(a) > 0 ≥ f(b) or the
/// reverse): Illinois method, stopping when the bracket or the step is below 1 ms.
fn illinois(
    f: impl Fn(f64) -> Result<f64>,
    mut a: f64,
    mut b: f64,
    mut fa: f64,
    mut fb: f64,
) -> Result<f64> {
    let mut side = 0i8;
    let mut x = 0.5 * (a + b);
    for _ in 0..100 {
        if b - a < TOL_S {
            break;
        }
        let denom = fb - fa;
        let next = if denom != 0.0 {
            (a * fb - b * fa) / denom
        } else {
            0.5 * (a + b)
        };
        let next = if next > a && next < b {
            next
        } else {
            0.5 * (a + b)
        };
        let step = (next - x).abs();
        x = next;
        let fx = f(x)?;
        if (fx > 0.0) == (fa > 0.0) {
            a = x;
            fa = fx;
            if side == -1 {
                fb *= 0.5;
            }
            side = -1;
        } else {
            b = x;
            fb = fx;
            if side == 1 {
                fa *= 0.5;
            }
            side = 1;
        }
        if step < 0.5 * TOL_S {
            break;
        }
    }
    Ok(x)
}

/// Crossing of the threshold in [a, b]: Newton steps on e(t) − h0 with the analytic ė,
/// safeguarded by the bracket (bisection when a step leaves it), to 1 ms.
fn refine_crossing(g: &Geometry, mut a: f64, mut b: f64, h0: f64, up: bool) -> Result<f64> {
    // Orient so that f(a) < 0 < f(b) in terms of "above the threshold".
    let sign = if up { 1.0 } else { -1.0 };
    let mut x = 0.5 * (a + b);
    for _ in 0..100 {
        let e = g.eval(x)?;
        let f = sign * (e.el - h0);
        if f > 0.0 {
            b = x;
        } else {
            a = x;
        }
        let df = sign * e.rate;
        let newton = if df > 0.0 { x - f / df } else { f64::NAN };
        let next = if newton > a && newton < b {
            newton
        } else {
            0.5 * (a + b)
        };
        let step = (next - x).abs();
        x = next;
        if step < 0.5 * TOL_S || b - a < TOL_S {
            break;
        }
    }
    Ok(x)
}

fn visibility(
    g: &Geometry,
    p: &Pass,
    opts: &PassOptions,
    ephem: &dyn Ephemeris,
) -> Result<Visibility> {
    let lo = p.rise.map_or(0.0, |e| (e.time - g.t0).to_seconds());
    let hi = p.set.map_or_else(
        || (p.culmination.time - g.t0).to_seconds().max(lo),
        |e| (e.time - g.t0).to_seconds(),
    );
    let (sun_a, sun_b) = (sun_teme(ephem, g.epoch(lo))?, sun_teme(ephem, g.epoch(hi))?);
    let check = |s: f64| -> Result<(bool, bool, f64)> {
        let t = g.epoch(s);
        let f = if hi > lo { (s - lo) / (hi - lo) } else { 0.0 };
        let sun = sun_a + (sun_b - sun_a) * f;
        let st = g.sat.propagate(t)?;
        let lit = illumination(&st.position, &sun) > 0.0;
        let sel = sun_elevation(g.obs, &sun, t);
        Ok((lit && sel < opts.twilight_deg.to_radians(), lit, sel))
    };
    let n = (((hi - lo) / opts.visibility_step_s).ceil() as usize).clamp(1, 100_000);
    let (mut start, mut end) = (None, None);
    for k in 0..=n {
        let s = lo + (hi - lo) * k as f64 / n as f64;
        if check(s)?.0 {
            let t = g.epoch(s);
            start.get_or_insert(t);
            end = Some(t);
        }
    }
    let (_, lit, sel) = check((p.culmination.time - g.t0).to_seconds())?;
    Ok(Visibility {
        visible: start.is_some(),
        start,
        end,
        sunlit_at_culmination: lit,
        sun_elevation_at_culmination_deg: sel.to_degrees(),
    })
}

/// Passes of many satellites in parallel; each satellite's failure is its own.
pub fn find_passes_batch(
    sats: &[&Satellite],
    obs: &Observer,
    start: Epoch,
    end: Epoch,
    opts: &PassOptions,
    sun: Option<&dyn Ephemeris>,
) -> Vec<Result<Vec<Pass>>> {
    use rayon::prelude::*;
    sats.par_iter()
        .map(|s| find_passes(s, obs, start, end, opts, sun))
        .collect()
}

/// The passes of a selection of satellites over one observer, merged in time order.
#[derive(Debug)]
pub struct PassList<'a> {
    /// Each pass with its satellite, in order of rise (culmination when already up).
    pub passes: Vec<(&'a Satellite, Pass)>,
    /// Satellites that could not be propagated over the span, with why.
    pub failures: Vec<SatError>,
}

/// Every pass of `sats` over `obs` that is up at some time from `start` to `end`,
/// reported whole: a pass already up at `start` keeps its rise before it and a pass
/// still up at `end` its set and true culmination after it (each satellite is searched
/// over the span widened by one orbital period, at most a day, on each side; only an
/// object up for all of that, such as a geostationary one, has no rise or set). With
/// visibility when `sun` is given, merged and sorted by rise time (in parallel over
/// satellites); with `visible_only`, only the passes with a naked-eye visible part.
///
/// ```
/// use orrery_core::{cities::find_city, earth::Observer, ephem::Source, time::parse_epoch, Unit};
/// use orrery_sat::passes::{predict_passes, PassOptions};
/// use orrery_sat::Catalog;
///
/// let cat = Catalog::bundled();
/// let paris = Observer::new(find_city("Paris").unwrap().geodetic());
/// let start = parse_epoch("2026-05-08T00:00:00 UTC")?;
/// let sun = Source::builtin();
/// let list = predict_passes(&[cat.one("ISS")?], &paris, start, start + Unit::Day * 1,
///                           &PassOptions::default(), Some(&sun), false);
/// assert!(list.failures.is_empty());
/// assert!(list.passes.len() >= 4); // the ISS passes over Paris 4 to 6 times a day
/// let (_, first) = &list.passes[0];
/// assert!(first.culmination.elevation_deg > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn predict_passes<'a>(
    sats: &[&'a Satellite],
    obs: &Observer,
    start: Epoch,
    end: Epoch,
    opts: &PassOptions,
    sun: Option<&dyn Ephemeris>,
    visible_only: bool,
) -> PassList<'a> {
    predict_passes_with(sats, obs, start, end, opts, sun, visible_only, &Silent)
}

/// [`predict_passes`], reporting one unit of progress per satellite; when `progress`
/// asks to stop, the satellites not yet searched are left out (listed in
/// [`PassList::failures`] as [`SatError::Cancelled`]).
#[allow(clippy::too_many_arguments)]
pub fn predict_passes_with<'a>(
    sats: &[&'a Satellite],
    obs: &Observer,
    start: Epoch,
    end: Epoch,
    opts: &PassOptions,
    sun: Option<&dyn Ephemeris>,
    visible_only: bool,
    progress: &dyn Progress,
) -> PassList<'a> {
    use rayon::prelude::*;
    progress.start("satellites", sats.len() as u64);
    let results: Vec<Result<Vec<Pass>>> = sats
        .par_iter()
        .map(|s| {
            if progress.is_cancelled() {
                return Err(SatError::Cancelled);
            }
            let _done = Advance(progress);
            let margin = Duration::from_seconds((s.period_minutes() * 60.0).clamp(600.0, 86_400.0));
            let ps = find_passes(s, obs, start - margin, end + margin, opts, sun)?;
            Ok(ps
                .into_iter()
                .filter(|p| {
                    p.rise.is_none_or(|r| r.time < end) && p.set.is_none_or(|e| e.time > start)
                })
                .collect())
        })
        .collect();
    let mut passes = Vec::new();
    let mut failures = Vec::new();
    for (s, r) in sats.iter().zip(results) {
        match r {
            Ok(ps) => passes.extend(ps.into_iter().map(|p| (*s, p))),
            Err(e) => failures.push(e),
        }
    }
    if visible_only {
        passes.retain(|(_, p)| p.visibility.is_some_and(|v| v.visible));
    }
    passes.sort_by_key(|(_, p)| p.start());
    PassList { passes, failures }
}

impl Pass {
    /// When the pass starts in the span: its rise, or its culmination when it was
    /// already up at the start of the span.
    pub fn start(&self) -> Epoch {
        self.rise.map_or(self.culmination.time, |e| e.time)
    }

    /// Rise to set, s (`None` when the span cuts the pass).
    pub fn duration_s(&self) -> Option<f64> {
        match (self.rise, self.set) {
            (Some(r), Some(s)) => Some((s.time - r.time).to_seconds()),
            _ => None,
        }
    }
}

/// Reports one unit of progress when dropped (whichever way the closure returns).
struct Advance<'a>(&'a dyn Progress);

impl Drop for Advance<'_> {
    fn drop(&mut self) {
        self.0.advance(1);
    }
}

/// A pass's events in a local time zone (RFC 3339 with the UTC offset).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LocalTimes {
    /// The zone's IANA name, or `UTC±h`.
    pub time_zone: String,
    /// Rise, local.
    pub rise: Option<String>,
    /// Culmination, local.
    pub culmination: String,
    /// Set, local.
    pub set: Option<String>,
}

impl LocalTimes {
    /// The pass's events read in `zone`.
    pub fn new(p: &Pass, zone: &orrery_core::localtime::LocalZone) -> Self {
        Self {
            time_zone: zone.label().to_string(),
            rise: p.rise.map(|e| zone.rfc3339(e.time)),
            culmination: zone.rfc3339(p.culmination.time),
            set: p.set.map(|e| zone.rfc3339(e.time)),
        }
    }
}

/// One pass as `orrery passes --format json` writes it (and `--format csv`, flattened).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PassRow {
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Name from the catalog.
    pub name: String,
    /// The pass.
    #[serde(flatten)]
    pub pass: Pass,
    /// Rise to set, s (`null` when the span cuts the pass).
    pub duration_s: Option<f64>,
    /// The events in the observer's local time.
    pub local: LocalTimes,
}

impl PassRow {
    /// The row of `pass` of `sat`, with local times in `zone`.
    pub fn new(sat: &Satellite, pass: &Pass, zone: &orrery_core::localtime::LocalZone) -> Self {
        PassRow {
            norad_id: sat.norad_id(),
            name: sat.name(),
            pass: *pass,
            duration_s: pass.duration_s(),
            local: LocalTimes::new(pass, zone),
        }
    }
}
