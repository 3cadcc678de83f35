//! SDP4's lunar and solar perturbations (STR#3 § 10, subroutine DEEP; Vallado
//! et al. 2006 `dscom`, `dsinit`, `dpper`): secular rates and the
//! coefficients of the long-period periodic terms at initialisation, and
//! those periodic terms at each instant.
//!
//! The Sun's and the Moon's orbits are those of the 1980 model: fixed
//! elements for the Sun, the Moon's node regressing with the epoch (days
//! since 1900 January 0.5).

use super::constants::Common;
use super::lanes::{lane_struct, Real};
use super::math::sin_cos;
use std::f64::consts::PI;

/// The Sun's mean motion `nₛ`, rad/min.
const ZNS: f64 = 1.19459e-5;
/// The Sun's eccentricity `eₛ`.
const ZES: f64 = 0.01675;
/// The Moon's mean motion `nₗ`, rad/min.
const ZNL: f64 = 1.5835218e-4;
/// The Moon's eccentricity `eₗ`.
const ZEL: f64 = 0.05490;
/// Solar and lunar perturbation coefficients `Cₛ`, `Cₗ`, rad/min.
const C1SS: f64 = 2.9864797e-6;
const C1L: f64 = 4.7968065e-7;
/// sin and cos of the ecliptic's inclination to the equator (`Iₛ`).
const ZSINIS: f64 = 0.39785416;
const ZCOSIS: f64 = 0.91744867;
/// sin and cos of the Sun's argument of perigee (`ωₛ`).
const ZSINGS: f64 = -0.98088458;
const ZCOSGS: f64 = 0.1945905;

lane_struct! {
    /// Long-period coefficients of one perturbing body (Vallado's `se2`…`sh3`
    /// for the Sun, `ee2`…`xh3` for the Moon).
    pub(crate) struct ThirdBody {
        /// The body's mean anomaly at epoch `Mₓ₀` (Vallado `zmos`, `zmol`), rad.
        m0,
        /// Eccentricity terms (`se2`, `se3`).
        e2, e3,
        /// Inclination terms (`si2`, `si3`).
        i2, i3,
        /// Mean-longitude terms (`sl2`, `sl3`, `sl4`).
        l2, l3, l4,
        /// Perigee terms (`sgh2`, `sgh3`, `sgh4`).
        gh2, gh3, gh4,
        /// Node terms (`sh2`, `sh3`).
        h2, h3,
    }
}

/// Both bodies and the secular rates of e and i they cause.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct LunarSolar<T> {
    pub(crate) sun: ThirdBody<T>,
    pub(crate) moon: ThirdBody<T>,
    /// `ė`, 1/min (Vallado `dedt`).
    pub(crate) e_dot: T,
    /// `İ`, rad/min (Vallado `didt`).
    pub(crate) i_dot: T,
}

impl<T: Copy> LunarSolar<T> {
    #[inline(always)]
    pub(crate) fn map<U>(&self, f: &impl Fn(T) -> U) -> LunarSolar<U> {
        LunarSolar {
            sun: self.sun.map(f),
            moon: self.moon.map(f),
            e_dot: f(self.e_dot),
            i_dot: f(self.i_dot),
        }
    }
}

impl LunarSolar<f64> {
    pub(crate) fn gather(s: [&Self; 4]) -> LunarSolar<[f64; 4]> {
        LunarSolar {
            sun: ThirdBody::gather(s.map(|c| &c.sun)),
            moon: ThirdBody::gather(s.map(|c| &c.moon)),
            e_dot: s.map(|c| c.e_dot),
            i_dot: s.map(|c| c.i_dot),
        }
    }
}

/// Secular rates added by the Sun and the Moon, rad/min.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Rates {
    /// `Ω̇ₛ + Ω̇ₗ`.
    pub(crate) node: f64,
    /// `ω̇ₛ + ω̇ₗ`.
    pub(crate) argp: f64,
    /// `Ṁₛ + Ṁₗ`.
    pub(crate) mean_anomaly: f64,
}

/// Orientation of a perturbing body's orbit relative to the satellite's
/// node: `sin`/`cos` of its inclination `Iₓ`, of its argument of perigee
/// `ωₓ`, and of the satellite's node measured from the body's, `Ω₀ − Ωₓ`.
struct Geometry {
    sin_i: f64,
    cos_i: f64,
    sin_g: f64,
    cos_g: f64,
    sin_h: f64,
    cos_h: f64,
}

/// Coefficients and rates of one body (the loop body of Vallado's `dscom`
/// and the rate part of `dsinit`), for a satellite with epoch inclination
/// `i0`, eccentricity `e0`, perigee `ω₀`, Brouwer mean motion `n0`.
fn body(
    c: &Common<f64>,
    g: &Geometry,
    cc: f64,
    zn: f64,
    ze: f64,
    m0: f64,
) -> (ThirdBody<f64>, f64, f64, Rates) {
    let (sinim, cosim) = (c.i0.sin(), c.i0.cos());
    let (sinomm, cosomm) = (c.argp0.sin(), c.argp0.cos());
    let emsq = c.e0 * c.e0;
    let betasq = 1.0 - emsq;
    let rtemsq = betasq.sqrt();
    // Direction cosines of the body's perigee and orbit normal in the
    // satellite's orbit frame.
    let a1 = g.cos_g * g.cos_h + g.sin_g * g.cos_i * g.sin_h;
    let a3 = -g.sin_g * g.cos_h + g.cos_g * g.cos_i * g.sin_h;
    let a7 = -g.cos_g * g.sin_h + g.sin_g * g.cos_i * g.cos_h;
    let a8 = g.sin_g * g.sin_i;
    let a9 = g.sin_g * g.sin_h + g.cos_g * g.cos_i * g.cos_h;
    let a10 = g.cos_g * g.sin_i;
    let a2 = cosim * a7 + sinim * a8;
    let a4 = cosim * a9 + sinim * a10;
    let a5 = -sinim * a7 + cosim * a8;
    let a6 = -sinim * a9 + cosim * a10;
    let x1 = a1 * cosomm + a2 * sinomm;
    let x2 = a3 * cosomm + a4 * sinomm;
    let x3 = -a1 * sinomm + a2 * cosomm;
    let x4 = -a3 * sinomm + a4 * cosomm;
    let x5 = a5 * sinomm;
    let x6 = a6 * sinomm;
    let x7 = a5 * cosomm;
    let x8 = a6 * cosomm;
    let z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3;
    let z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4;
    let z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4;
    let z1 = 2.0 * (3.0 * (a1 * a1 + a2 * a2) + z31 * emsq) + betasq * z31;
    let z2 = 2.0 * (6.0 * (a1 * a3 + a2 * a4) + z32 * emsq) + betasq * z32;
    let z3 = 2.0 * (3.0 * (a3 * a3 + a4 * a4) + z33 * emsq) + betasq * z33;
    let z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5);
    let z12 = -6.0 * (a1 * a6 + a3 * a5)
        + emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5));
    let z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6);
    let z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7);
    let z22 =
        6.0 * (a4 * a5 + a2 * a6) + emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8));
    let z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8);
    let s3 = cc / c.n0;
    let s2 = -0.5 * s3 / rtemsq;
    let s4 = s3 * rtemsq;
    let s1 = -15.0 * c.e0 * s4;
    let s5 = x1 * x3 + x2 * x4;
    let s6 = x2 * x3 + x1 * x4;
    let s7 = x2 * x4 - x1 * x3;
    let coefficients = ThirdBody {
        m0,
        e2: 2.0 * s1 * s6,
        e3: 2.0 * s1 * s7,
        i2: 2.0 * s2 * z12,
        i3: 2.0 * s2 * (z13 - z11),
        l2: -2.0 * s3 * z2,
        l3: -2.0 * s3 * (z3 - z1),
        l4: -2.0 * s3 * (-21.0 - 9.0 * emsq) * ze,
        gh2: 2.0 * s4 * z32,
        gh3: 2.0 * s4 * (z33 - z31),
        gh4: -18.0 * s4 * ze,
        h2: -2.0 * s2 * z22,
        h3: -2.0 * s2 * (z23 - z21),
    };
    // Node rate: none within 3° of the equator (either direction).
    let node = if c.i0 < 5.2359877e-2 || c.i0 > PI - 5.2359877e-2 {
        0.0
    } else {
        -zn * s2 * (z21 + z23) / sinim
    };
    let rates = Rates {
        node,
        argp: s4 * zn * (z31 + z33 - 6.0) - cosim * node,
        mean_anomaly: -zn * s3 * (z1 + z3 - 14.0 - 6.0 * emsq),
    };
    let e_dot = s1 * zn * s5;
    let i_dot = s2 * zn * (z11 + z13);
    (coefficients, e_dot, i_dot, rates)
}

/// Coefficients and secular rates for a satellite whose epoch is `day` days
/// since 1900 January 0.5 (Vallado `dscom`'s `day`: epoch + 18261.5).
pub(crate) fn init(c: &Common<f64>, day: f64) -> (LunarSolar<f64>, Rates) {
    let two_pi = 2.0 * PI;
    let (sin_node, cos_node) = (c.node0.sin(), c.node0.cos());
    let sun = Geometry {
        sin_i: ZSINIS,
        cos_i: ZCOSIS,
        sin_g: ZSINGS,
        cos_g: ZCOSGS,
        sin_h: sin_node,
        cos_h: cos_node,
    };
    let zmos = (6.2565837 + 0.017201977 * day) % two_pi;
    let (sun, se, si, sr) = body(c, &sun, C1SS, ZNS, ZES, zmos);

    // The Moon: node Ωₗₑ on the ecliptic, then its inclination, node and
    // perigee referred to the equator.
    let xnodce = (4.5236020 - 9.2422029e-4 * day) % two_pi;
    let (stem, ctem) = (xnodce.sin(), xnodce.cos());
    let zcosil = 0.91375164 - 0.03568096 * ctem;
    let zsinil = (1.0 - zcosil * zcosil).sqrt();
    let zsinhl = 0.089683511 * stem / zsinil;
    let zcoshl = (1.0 - zsinhl * zsinhl).sqrt();
    let gam = 5.8351514 + 0.0019443680 * day;
    let zx = (ZSINIS * stem / zsinil).atan2(zcoshl * ctem + ZCOSIS * zsinhl * stem);
    let zx = gam + zx - xnodce;
    let moon = Geometry {
        sin_i: zsinil,
        cos_i: zcosil,
        sin_g: zx.sin(),
        cos_g: zx.cos(),
        sin_h: sin_node * zcoshl - cos_node * zsinhl,
        cos_h: zcoshl * cos_node + zsinhl * sin_node,
    };
    let zmol = (4.7199672 + 0.22997150 * day - gam) % two_pi;
    let (moon, le, li, lr) = body(c, &moon, C1L, ZNL, ZEL, zmol);
    (
        LunarSolar {
            sun,
            moon,
            e_dot: se + le,
            i_dot: si + li,
        },
        Rates {
            node: sr.node + lr.node,
            argp: sr.argp + lr.argp,
            mean_anomaly: sr.mean_anomaly + lr.mean_anomaly,
        },
    )
}

/// The long-period periodic terms at `t` minutes after epoch (Vallado `dpper`):
/// `(δe, δI, δL, δω·, δΩ·)` = `(pe, pinc, pl, pgh, ph)`.
#[inline(always)]
pub(crate) fn periodics<R: Real>(ls: &LunarSolar<R>, t: R) -> [R; 5] {
    let s = body_periodics(&ls.sun, ZNS, ZES, t);
    let l = body_periodics(&ls.moon, ZNL, ZEL, t);
    [
        s[0] + l[0],
        s[1] + l[1],
        s[2] + l[2],
        s[3] + l[3],
        s[4] + l[4],
    ]
}

/// One body's share of [`periodics`], mean motion `zn`, eccentricity `ze`.
#[inline(always)]
fn body_periodics<R: Real>(b: &ThirdBody<R>, zn: f64, ze: f64, t: R) -> [R; 5] {
    // Mₓ = Mₓ₀ + nₓ t; fₓ = Mₓ + 2 eₓ sin Mₓ.
    let zm = b.m0 + R::splat(zn) * t;
    let zf = zm + R::splat(2.0 * ze) * sin_cos(zm).0;
    let (sinzf, coszf) = sin_cos(zf);
    let f2 = R::splat(0.5) * sinzf * sinzf - R::splat(0.25);
    let f3 = R::splat(-0.5) * sinzf * coszf;
    [
        b.e2 * f2 + b.e3 * f3,
        b.i2 * f2 + b.i3 * f3,
        b.l2 * f2 + b.l3 * f3 + b.l4 * sinzf,
        b.gh2 * f2 + b.gh3 * f3 + b.gh4 * sinzf,
        b.h2 * f2 + b.h3 * f3,
    ]
}
