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

use crate::earth::{gmst82, jd_ut1, Observer, OMEGA_EARTH};
use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use crate::sun::{illumination, sun_elevation, sun_teme};
use hifitime::{Duration, Epoch};
use nalgebra::Vector3;
use orrery_core::Ephemeris;
use serde::Serialize;

/// Search settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassOptions {
    /// Elevation that counts as "up", rad (0 = geometric horizon).
    pub min_elevation: f64,
    /// The sky is dark when the Sun's centre is below this elevation, rad (civil twilight: −6°).
    pub twilight: f64,
    /// Step for the visibility scan inside a pass, s.
    pub visibility_step: f64,
}

impl Default for PassOptions {
    fn default() -> Self {
        PassOptions {
            min_elevation: 0.0,
            twilight: (-6.0f64).to_radians(),
            visibility_step: 5.0,
        }
    }
}

/// One instant of a pass with where the satellite is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Event {
    /// When (UTC).
    #[serde(serialize_with = "ser_epoch")]
    pub time: Epoch,
    /// Azimuth, rad from north through east.
    pub azimuth: f64,
    /// Elevation, rad.
    pub elevation: f64,
    /// Slant range, km.
    pub range: f64,
}

fn ser_epoch<S: serde::Serializer>(t: &Epoch, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&orrery_core::time::format_utc_ms(*t))
}

/// Whether and when a pass can be seen with the naked eye.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Visibility {
    /// Some part of the pass is visible (satellite at least partly sunlit, observer's Sun below twilight).
    pub visible: bool,
    /// First visible instant (to the scan step).
    #[serde(serialize_with = "ser_opt_epoch")]
    pub start: Option<Epoch>,
    /// Last visible instant (to the scan step).
    #[serde(serialize_with = "ser_opt_epoch")]
    pub end: Option<Epoch>,
    /// Satellite sunlit (not in the umbra) at culmination.
    pub sunlit_at_culmination: bool,
    /// Sun elevation for the observer at culmination, rad.
    pub sun_elevation_at_culmination: f64,
}

fn ser_opt_epoch<S: serde::Serializer>(
    t: &Option<Epoch>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser_epoch(t, s),
        None => s.serialize_none(),
    }
}

/// A pass: the satellite above the threshold from `rise` to `set`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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
        let itrf = crate::earth::teme_to_itrf(&st, t, Default::default());
        let look = self.obs.look(&itrf);
        Ok(Event {
            time: t,
            azimuth: look.azimuth,
            elevation: look.elevation,
            range: look.range,
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
    let h0 = opts.min_elevation;

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
        Ok((lit && sel < opts.twilight, lit, sel))
    };
    let n = (((hi - lo) / opts.visibility_step).ceil() as usize).clamp(1, 100_000);
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
        sun_elevation_at_culmination: sel,
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
