//! One SGP4/SDP4 evaluation on a vector of lanes (STR#3 §§ 6, 10; Vallado et
//! al. 2006 `sgp4`): secular and drag terms (near Earth), or lunar-solar and
//! resonance terms (deep space); Kepler's equation; short-period terms; the
//! TEME position and velocity; python-sgp4's error code per lane.

use super::constants::{Class, Constants, GEO};
use super::lanes::Real;
use super::lunar_solar::periodics;
use super::math::{atan2, fmod_2pi, rem_euclid_2pi, sin_cos};
use super::resonance::{mean_elements, Integrator};
use std::f64::consts::PI;

/// Error codes of Vallado's SGP4 (python-sgp4's `Satrec.error`), as lane values.
pub(crate) mod code {
    /// The mean eccentricity left [−0.001, 1).
    pub(crate) const MEAN_ECCENTRICITY: f64 = 1.0;
    /// The mean motion became zero or negative.
    pub(crate) const MEAN_MOTION: f64 = 2.0;
    /// The eccentricity with lunar-solar terms left [0, 1].
    pub(crate) const PERTURBED_ECCENTRICITY: f64 = 3.0;
    /// The semi-latus rectum became negative.
    pub(crate) const SEMI_LATUS_RECTUM: f64 = 4.0;
    /// The radius fell below one Earth radius (the state is still given).
    pub(crate) const DECAYED: f64 = 6.0;
}

/// A TEME state per lane, km and km/s, and the error code (0: none).
#[derive(Debug, Clone, Copy)]
pub(crate) struct State<R> {
    pub(crate) r: [R; 3],
    pub(crate) v: [R; 3],
    pub(crate) code: R,
}

/// Mean elements at `t` with the short-period coefficients for them.
struct Mean<R> {
    /// Inclination `I`, node `Ω`, eccentricity `e`, perigee `ω`, mean anomaly `M`.
    incl: R,
    node: R,
    e: R,
    argp: R,
    m: R,
    /// Mean motion `n` (rad/min) and semi-major axis `a` (Earth radii).
    n: R,
    a: R,
    sin_i: R,
    cos_i: R,
    aycof: R,
    xlcof: R,
    con41: R,
    x1mth2: R,
    x7thm1: R,
    code: R,
}

/// Sets `code` to `value` in the lanes of `bad` that have no error yet.
#[inline(always)]
fn flag<R: Real>(code: R, bad: R::Mask, value: f64) -> R {
    R::select(bad & code.eq(R::splat(0.0)), R::splat(value), code)
}

/// Near-Earth secular gravity and drag (STR#3 § 6).
#[inline(always)]
fn near_earth<R: Real>(k: &Constants<R>, t: R) -> Mean<R> {
    let (c, ne) = (&k.common, &k.near);
    let one = R::splat(1.0);
    let t2 = t * t;
    // Ω = Ω₀ + Ω̇ t + (nodecf) t², ω_DF = ω₀ + ω̇ t, M_DF = M₀ + Ṁ t.
    let node = c.node_t2.mul_add(t2, c.node_dot.mul_add(t, c.node0));
    let argp_df = c.argp_dot.mul_add(t, c.argp0);
    let m_df = c.m_dot.mul_add(t, c.m0);
    // δω = B* C₃ cos ω₀ t, δM = −⅔ (q₀−s)⁴ B* ξ⁴/(e₀η) [(1 + η cos M_DF)³ − (1 + η cos M₀)³].
    let cos_mdf = sin_cos(m_df).1;
    let q = ne.eta.mul_add(cos_mdf, one);
    let delta = ne.xmcof.mul_add(q * q * q - ne.delmo, ne.omgcof * t);
    let argp = argp_df - delta;
    let m_p = m_df + delta;
    let t3 = t2 * t;
    let t4 = t3 * t;
    // a = a₀″ (1 − C₁t − D₂t² − D₃t³ − D₄t⁴)².
    let tempa = one - c.c1 * t - ne.d2 * t2 - ne.d3 * t3 - ne.d4 * t4;
    let a = c.a0 * tempa * tempa;
    // e = e₀ − B* C₄ t − B* C₅ (sin M_p − sin M₀).
    let e = c.e0
        - c.bstar_c4
            .mul_add(t, ne.bstar_c5 * (sin_cos(m_p).0 - ne.sin_m0));
    let code = flag(
        R::splat(0.0),
        !(e.ge(R::splat(-0.001)) & e.lt(one)),
        code::MEAN_ECCENTRICITY,
    );
    // IL = M_p + ω + Ω + n₀″ (³/₂C₁t² + (D₂ + 2C₁²)t³ + …): here M alone.
    let m = m_p + c.n0 * (c.t2cof * t2 + ne.t3cof * t3 + t4 * ne.t5cof.mul_add(t, ne.t4cof));
    Mean {
        incl: c.i0,
        node,
        e: e.max(R::splat(1.0e-6)),
        argp,
        m,
        n: R::splat(GEO.ke) / (a * a.sqrt()),
        a,
        sin_i: c.sin_i0,
        cos_i: c.cos_i0,
        aycof: c.aycof,
        xlcof: c.xlcof,
        con41: c.con41,
        x1mth2: c.x1mth2,
        x7thm1: c.x7thm1,
        code,
    }
}

/// Deep-space secular, resonance and lunar-solar terms (STR#3 § 10).
#[inline(always)]
fn deep_space<R: Real>(
    k: &Constants<R>,
    class: Class,
    afspc: bool,
    t: R,
    integrator: &mut Integrator<R>,
) -> Mean<R> {
    let (c, ls) = (&k.common, &k.lunar_solar);
    let zero = R::splat(0.0);
    let one = R::splat(1.0);
    let t2 = t * t;
    let node = c.node_t2.mul_add(t2, c.node_dot.mul_add(t, c.node0));
    let argp_df = c.argp_dot.mul_add(t, c.argp0);
    let m_df = c.m_dot.mul_add(t, c.m0);
    let mut code = zero;
    let (a_res, m_res) = if class == Class::DeepSpace {
        (c.a0, m_df)
    } else {
        let (n, xl) = integrator.advance(c, &k.resonance, class, t);
        code = flag(code, !n.gt(zero), code::MEAN_MOTION);
        mean_elements(c, &k.resonance, class, t, (n, xl), (node, argp_df))
    };
    let [pe, pinc, pl, pgh, ph] = periodics(ls, t);
    let incl = ls.i_dot.mul_add(t, c.i0) + pinc;
    let (sin_i, cos_i) = sin_cos(incl);
    // Periodics applied to Ω and ω directly for I ≥ 0.2 rad …
    let mut node_p = node + ph / sin_i;
    let mut argp_p = argp_df + pgh - cos_i * (ph / sin_i);
    // … and through the node vector (Lyddane's modification) below 0.2 rad.
    let lyddane = incl.lt(R::splat(0.2));
    if R::any(lyddane) {
        let (sin_o, cos_o) = sin_cos(node);
        let alfdp = sin_i * sin_o + (ph * cos_o + pinc * cos_i * sin_o);
        let betdp = sin_i * cos_o + (-ph * sin_o + pinc * cos_i * cos_o);
        let node_l = atan2(alfdp, betdp);
        let node_mod = fmod_2pi(node);
        let node_l = R::select(
            node_l.lt(node_mod - R::splat(PI)),
            node_l + R::splat(2.0 * PI),
            R::select(
                node_l.gt(node_mod + R::splat(PI)),
                node_l - R::splat(2.0 * PI),
                node_l,
            ),
        );
        let node_ref = if afspc {
            rem_euclid_2pi(node)
        } else {
            node_mod
        };
        let argp_l = argp_df + pgh + cos_i * (node_mod - node_l) - pinc * node_ref * sin_i;
        node_p = R::select(lyddane, node_l, node_p);
        argp_p = R::select(lyddane, argp_l, argp_p);
    }
    // e = e₀ + ė t − B* C₄ t, then the periodic δe.
    let e_sec = ls.e_dot.mul_add(t, c.e0) - c.bstar_c4 * t;
    code = flag(
        code,
        !(e_sec.ge(R::splat(-0.001)) & e_sec.lt(one)),
        code::MEAN_ECCENTRICITY,
    );
    let e = e_sec.max(R::splat(1.0e-6)) + pe;
    code = flag(
        code,
        !(e.ge(zero) & e.le(one)),
        code::PERTURBED_ECCENTRICITY,
    );
    let tempa = one - c.c1 * t;
    let a = a_res * tempa * tempa;
    let m = m_res + pl + c.n0 * c.t2cof * t2;
    // Short-period coefficients for the perturbed inclination.
    let j3oj2 = GEO.j3 / GEO.j2;
    let cos2 = cos_i * cos_i;
    let one_plus = one + cos_i;
    let one_plus = R::select(
        one_plus.abs().gt(R::splat(1.5e-12)),
        one_plus,
        R::splat(1.5e-12),
    );
    Mean {
        incl,
        node: node_p,
        e,
        argp: argp_p,
        m,
        n: R::splat(GEO.ke) / (a * a.sqrt()),
        a,
        sin_i,
        cos_i,
        aycof: R::splat(-0.5 * j3oj2) * sin_i,
        xlcof: R::splat(-0.25 * j3oj2) * sin_i * (R::splat(3.0) + R::splat(5.0) * cos_i) / one_plus,
        con41: R::splat(3.0) * cos2 - one,
        x1mth2: one - cos2,
        x7thm1: R::splat(7.0) * cos2 - one,
        code,
    }
}

/// The state at `t` minutes after each lane's epoch. `VEL = false` skips the
/// velocity (left zero). `integrator` carries the resonance state of resonant
/// classes between calls (ignored otherwise); `afspc` selects the AFSPC
/// variant of Lyddane's node.
#[inline(always)]
pub(crate) fn propagate<R: Real, const VEL: bool>(
    k: &Constants<R>,
    class: Class,
    afspc: bool,
    t: R,
    integrator: &mut Integrator<R>,
) -> State<R> {
    let zero = R::splat(0.0);
    let one = R::splat(1.0);
    let mean = if class == Class::NearEarth {
        near_earth(k, t)
    } else {
        deep_space(k, class, afspc, t, integrator)
    };
    let Mean { a, e, argp, .. } = mean;
    let mut code = mean.code;

    // Long-period terms: a_xN = e cos ω, a_yN = e sin ω + a_yNL (STR#3).
    let p = one / (a * (one - e * e));
    let (sin_w, cos_w) = sin_cos(argp);
    let axnl = e * cos_w;
    let aynl = e.mul_add(sin_w, p * mean.aycof);
    // U = L_T − Ω, reduced to (−2π, 2π).
    let u = fmod_2pi(mean.m + argp + p * mean.xlcof * axnl);

    // Kepler's equation for E + ω: Newton steps limited to ±0.95, at most 10,
    // each lane stopping when its step falls below 10⁻¹².
    let mut eo1 = u;
    let (mut sin_e, mut cos_e) = sin_cos(eo1);
    let mut active = R::splat(0.0).eq(R::splat(0.0));
    let mut iterations = 0;
    loop {
        let num = u - aynl * cos_e + axnl * sin_e - eo1;
        let den = one - cos_e * axnl - sin_e * aynl;
        let delta = num / den;
        active = active & !delta.abs().lt(R::splat(1.0e-12));
        iterations += 1;
        if !R::any(active) {
            break;
        }
        eo1 = R::select(active, eo1 + delta.clamp(-0.95, 0.95), eo1);
        if iterations == 10 {
            break;
        }
        (sin_e, cos_e) = sin_cos(eo1);
    }
    if iterations == 10 && R::any(active) {
        (sin_e, cos_e) = sin_cos(eo1);
    }

    // Short-period preliminaries.
    let ecose = axnl * cos_e + aynl * sin_e;
    let esine = axnl * sin_e - aynl * cos_e;
    let el2 = axnl * axnl + aynl * aynl;
    let pl = a * (one - el2);
    code = flag(code, pl.lt(zero), code::SEMI_LATUS_RECTUM);
    let rl = a * (one - ecose);
    let inv_rl = one / rl;
    let betal = (one - el2).sqrt();
    let temp = esine / (one + betal);
    let a_r = a * inv_rl;
    let sin_u = a_r * (sin_e - aynl - axnl * temp);
    let cos_u = a_r * (cos_e - axnl + aynl * temp);
    let su = atan2(sin_u, cos_u);
    let sin2u = (cos_u + cos_u) * sin_u;
    let cos2u = one - R::splat(2.0) * sin_u * sin_u;
    let inv_pl = one / pl;
    let temp1 = R::splat(0.5 * GEO.j2) * inv_pl;
    let temp2 = temp1 * inv_pl;

    // Short-period periodics (STR#3): r_k, u_k, Ω_k, i_k.
    let mrt = rl * (one - R::splat(1.5) * temp2 * betal * mean.con41)
        + R::splat(0.5) * temp1 * mean.x1mth2 * cos2u;
    let uk = su - R::splat(0.25) * temp2 * mean.x7thm1 * sin2u;
    let xnode = mean.node + R::splat(1.5) * temp2 * mean.cos_i * sin2u;
    let xinc = mean.incl + R::splat(1.5) * temp2 * mean.cos_i * mean.sin_i * cos2u;

    // Orientation vectors M, N; U = M sin u_k + N cos u_k, V = M cos u_k − N sin u_k.
    let (sinsu, cossu) = sin_cos(uk);
    let (snod, cnod) = sin_cos(xnode);
    let (sini, cosi) = sin_cos(xinc);
    let xmx = -snod * cosi;
    let xmy = cnod * cosi;
    let ux = xmx.mul_add(sinsu, cnod * cossu);
    let uy = xmy.mul_add(sinsu, snod * cossu);
    let uz = sini * sinsu;
    let ae = R::splat(GEO.ae);
    let mut r = [mrt * ux * ae, mrt * uy * ae, mrt * uz * ae];
    let mut v = [zero; 3];
    if VEL {
        let n_ke = mean.n * R::splat(1.0 / GEO.ke);
        let rdotl = a.sqrt() * esine * inv_rl;
        let rvdotl = pl.sqrt() * inv_rl;
        let mvt = rdotl - n_ke * temp1 * mean.x1mth2 * sin2u;
        let rvdot = rvdotl + n_ke * temp1 * (mean.x1mth2 * cos2u + R::splat(1.5) * mean.con41);
        let vx = xmx.mul_add(cossu, -(cnod * sinsu));
        let vy = xmy.mul_add(cossu, -(snod * sinsu));
        let vz = sini * cossu;
        let vkms = R::splat(GEO.ae * GEO.ke / 60.0);
        v = [
            mvt.mul_add(ux, rvdot * vx) * vkms,
            mvt.mul_add(uy, rvdot * vy) * vkms,
            mvt.mul_add(uz, rvdot * vz) * vkms,
        ];
    }
    // Codes 1-4 give no state (python-sgp4: NaN); decay keeps it.
    let failed = code.gt(zero);
    code = flag(code, mrt.lt(one), code::DECAYED);
    let nan = R::splat(f64::NAN);
    for x in r.iter_mut().chain(v.iter_mut()) {
        *x = R::select(failed, nan, *x);
    }
    State { r, v, code }
}
