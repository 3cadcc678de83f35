//! SDP4's resonance terms for 24-hour (geosynchronous) and 12-hour (Molniya)
//! orbits (STR#3 § 10; Vallado et al. 2006 `dsinit`, `dspace`): the
//! coefficients at initialisation, and the numerical integrator of the mean
//! motion `nᵢ` and the resonance angle `λᵢ` in fixed steps of ±720 minutes
//! from the epoch.
//!
//! The integrator's state is carried from one instant to the next, lane by
//! lane. Because its steps always start at the epoch and have a fixed size,
//! carrying it gives exactly the values a fresh start would; it is restarted
//! (per lane) when an instant is closer to the epoch than the state or on its
//! other side, as Vallado's `dspace` does.

use super::constants::{Class, Common, GEO};
use super::lanes::{lane_struct, Real};
use super::lunar_solar::Rates;
use super::math::{fmod_2pi, pow_two_thirds, sin_cos};
use std::f64::consts::PI;

/// Earth's rotation rate `θ̇` in the 1980 model, rad/min (Vallado `rptim`, his digits).
#[allow(clippy::excessive_precision)]
pub(crate) const RPTIM: f64 = 4.375_269_088_011_299_66e-3;
/// Integrator step, minutes.
const STEP: f64 = 720.0;
/// `Δt²/2`.
const STEP2: f64 = 259_200.0;
/// Phase constants of the 24-hour terms `λ₃₁, λ₂₂, λ₃₃` (Vallado `fasx2/4/6`).
const FASX2: f64 = 0.13130908;
const FASX4: f64 = 2.8843198;
const FASX6: f64 = 0.37448087;
/// Phase constants of the 12-hour terms `G₂₂ … G₅₄`.
const G22: f64 = 5.7686396;
const G32: f64 = 0.95240898;
const G44: f64 = 1.8014998;
const G52: f64 = 1.0508330;
const G54: f64 = 4.4108898;

lane_struct! {
    /// Resonance constants (zero for non-resonant orbits).
    pub(crate) struct Resonance {
        /// `λ₀`, the resonance angle at epoch (Vallado `xlamo`), rad.
        xlamo,
        /// `λ̇₀ − nᵢ`: the angle's rate less the mean motion (Vallado `xfact`), rad/min.
        xfact,
        /// `θ₀`, Greenwich sidereal time at epoch (Vallado `gsto`), rad.
        gsto,
        /// `ω̇` from J₂ and J₄ alone (Vallado `argpdot`), for the 12-hour angles.
        argp_dot_j2,
        /// 24-hour terms `δ₁, δ₂, δ₃` (Vallado `del1`…`del3`).
        del1, del2, del3,
        /// 12-hour terms `D₂₂₀₁` … `D₅₄₃₃`.
        d2201, d2211, d3210, d3222, d4410, d4422, d5220, d5232, d5421, d5433,
    }
}

/// The resonance class and constants of a deep-space satellite; `*_j2` are
/// the secular rates from the geopotential alone, `ls` those the Sun and the
/// Moon add, `gsto` the sidereal time at epoch.
pub(crate) fn init(
    c: &Common<f64>,
    argp_dot_j2: f64,
    node_dot_j2: f64,
    m_dot_j2: f64,
    ls: &Rates,
    gsto: f64,
) -> (Class, Resonance<f64>) {
    let (n0, e0, a0) = (c.n0, c.e0, c.a0);
    let (sinim, cosim) = (c.sin_i0, c.cos_i0);
    let two_pi = 2.0 * PI;
    let mut r = Resonance {
        gsto,
        argp_dot_j2,
        ..Default::default()
    };
    if n0 > 0.0034906585 && n0 < 0.0052359877 {
        // 24-hour resonance.
        let emsq = e0 * e0;
        let g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq);
        let g310 = 1.0 + 2.0 * emsq;
        let g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq);
        let f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
        let f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim);
        let f330 = 1.875 * (1.0 + cosim).powi(3);
        let del = 3.0 * (n0 / a0).powi(2);
        r.del2 = 2.0 * del * f220 * g200 * 1.7891679e-6;
        r.del3 = 3.0 * del * f330 * g300 * 2.2123015e-7 / a0;
        r.del1 = del * f311 * g310 * 2.1460748e-6 / a0;
        r.xlamo = (c.m0 + c.node0 + c.argp0 - gsto) % two_pi;
        r.xfact =
            m_dot_j2 + (argp_dot_j2 + node_dot_j2) - RPTIM + ls.mean_anomaly + ls.argp + ls.node
                - n0;
        return (Class::OneDay, r);
    }
    if !((8.26e-3..=9.24e-3).contains(&n0) && e0 >= 0.5) {
        return (Class::DeepSpace, r);
    }
    // 12-hour resonance: G coefficients (polynomials in e₀ fitted over three
    // ranges), F inclination functions, then D = 3 n² a⁻ᵏ F G × root.
    let emsq = e0 * e0;
    let eoc = e0 * emsq;
    let g201 = -0.306 - (e0 - 0.64) * 0.440;
    let (g211, g310, g322, g410, g422) = if e0 <= 0.65 {
        (
            3.616 - 13.2470 * e0 + 16.2900 * emsq,
            -19.302 + 117.3900 * e0 - 228.4190 * emsq + 156.5910 * eoc,
            -18.9068 + 109.7927 * e0 - 214.6334 * emsq + 146.5816 * eoc,
            -41.122 + 242.6940 * e0 - 471.0940 * emsq + 313.9530 * eoc,
            -146.407 + 841.8800 * e0 - 1629.014 * emsq + 1083.4350 * eoc,
        )
    } else {
        (
            -72.099 + 331.819 * e0 - 508.738 * emsq + 266.724 * eoc,
            -346.844 + 1582.851 * e0 - 2415.925 * emsq + 1246.113 * eoc,
            -342.585 + 1554.908 * e0 - 2366.899 * emsq + 1215.972 * eoc,
            -1052.797 + 4758.686 * e0 - 7193.992 * emsq + 3651.957 * eoc,
            -3581.690 + 16178.110 * e0 - 24462.770 * emsq + 12422.520 * eoc,
        )
    };
    let g520 = if e0 <= 0.65 {
        -532.114 + 3017.977 * e0 - 5740.032 * emsq + 3708.2760 * eoc
    } else if e0 < 0.715 {
        1464.74 - 4664.75 * e0 + 3763.64 * emsq
    } else {
        -5149.66 + 29936.92 * e0 - 54087.36 * emsq + 31324.56 * eoc
    };
    let (g533, g521, g532) = if e0 < 0.7 {
        (
            -919.22770 + 4988.6100 * e0 - 9064.7700 * emsq + 5542.21 * eoc,
            -822.71072 + 4568.6173 * e0 - 8491.4146 * emsq + 5337.524 * eoc,
            -853.66600 + 4690.2500 * e0 - 8624.7700 * emsq + 5341.4 * eoc,
        )
    } else {
        (
            -37995.780 + 161616.52 * e0 - 229838.20 * emsq + 109377.94 * eoc,
            -51752.104 + 218913.95 * e0 - 309468.16 * emsq + 146349.42 * eoc,
            -40023.880 + 170470.89 * e0 - 242699.48 * emsq + 115605.82 * eoc,
        )
    };
    let cosisq = cosim * cosim;
    let sini2 = sinim * sinim;
    let f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq);
    let f221 = 1.5 * sini2;
    let f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq);
    let f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq);
    let f441 = 35.0 * sini2 * f220;
    let f442 = 39.3750 * sini2 * sini2;
    let f522 = 9.84375
        * sinim
        * (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq)
            + 0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq));
    let f523 = sinim
        * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq)
            + 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq));
    let f542 =
        29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq));
    let f543 =
        29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq));
    let aonv = 1.0 / a0;
    let mut k = 3.0 * n0 * n0 * aonv * aonv;
    let root = k * 1.7891679e-6;
    r.d2201 = root * f220 * g201;
    r.d2211 = root * f221 * g211;
    k *= aonv;
    let root = k * 3.7393792e-7;
    r.d3210 = root * f321 * g310;
    r.d3222 = root * f322 * g322;
    k *= aonv;
    let root = 2.0 * k * 7.3636953e-9;
    r.d4410 = root * f441 * g410;
    r.d4422 = root * f442 * g422;
    k *= aonv;
    let root = k * 1.1428639e-7;
    r.d5220 = root * f522 * g520;
    r.d5232 = root * f523 * g532;
    let root = 2.0 * k * 2.1765803e-9;
    r.d5421 = root * f542 * g521;
    r.d5433 = root * f543 * g533;
    r.xlamo = (c.m0 + c.node0 + c.node0 - gsto - gsto) % two_pi;
    r.xfact = m_dot_j2 + ls.mean_anomaly + 2.0 * (node_dot_j2 + ls.node - RPTIM) - n0;
    (Class::HalfDay, r)
}

/// The integrator's state in each lane: time `tᵢ` (Vallado `atime`), mean
/// motion `nᵢ` (`xni`), angle `λᵢ` (`xli`), and their derivatives at that
/// state (`xndt` = ṅᵢ, `xnddt` = n̈ᵢ, `xldot` = λ̇ᵢ), kept so that instants
/// within one step of the state cost no trigonometry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Integrator<R> {
    atime: R,
    xni: R,
    xli: R,
    xndt: R,
    xnddt: R,
    xldot: R,
}

impl<R: Real> Integrator<R> {
    /// The state at epoch.
    #[inline(always)]
    pub(crate) fn new(c: &Common<R>, r: &Resonance<R>, class: Class) -> Self {
        let mut s = Integrator {
            atime: R::splat(0.0),
            xni: c.n0,
            xli: r.xlamo,
            xndt: R::splat(0.0),
            xnddt: R::splat(0.0),
            xldot: R::splat(0.0),
        };
        s.derivatives(c, r, class);
        s
    }

    /// ṅᵢ, n̈ᵢ, λ̇ᵢ at the current state.
    #[inline(always)]
    fn derivatives(&mut self, c: &Common<R>, r: &Resonance<R>, class: Class) {
        let xli = self.xli;
        self.xldot = self.xni + r.xfact;
        if class == Class::OneDay {
            let (s1, c1) = sin_cos(xli - R::splat(FASX2));
            let (s2, c2) = sin_cos(R::splat(2.0) * (xli - R::splat(FASX4)));
            let (s3, c3) = sin_cos(R::splat(3.0) * (xli - R::splat(FASX6)));
            self.xndt = r.del1 * s1 + r.del2 * s2 + r.del3 * s3;
            self.xnddt = (r.del1 * c1 + R::splat(2.0) * r.del2 * c2 + R::splat(3.0) * r.del3 * c3)
                * self.xldot;
        } else {
            // ωᵢ = ω₀ + ω̇ tᵢ.
            let xomi = c.argp0 + r.argp_dot_j2 * self.atime;
            let x2omi = xomi + xomi;
            let x2li = xli + xli;
            let (s2201, c2201) = sin_cos(x2omi + xli - R::splat(G22));
            let (s2211, c2211) = sin_cos(xli - R::splat(G22));
            let (s3210, c3210) = sin_cos(xomi + xli - R::splat(G32));
            let (s3222, c3222) = sin_cos(-xomi + xli - R::splat(G32));
            let (s4410, c4410) = sin_cos(x2omi + x2li - R::splat(G44));
            let (s4422, c4422) = sin_cos(x2li - R::splat(G44));
            let (s5220, c5220) = sin_cos(xomi + xli - R::splat(G52));
            let (s5232, c5232) = sin_cos(-xomi + xli - R::splat(G52));
            let (s5421, c5421) = sin_cos(xomi + x2li - R::splat(G54));
            let (s5433, c5433) = sin_cos(-xomi + x2li - R::splat(G54));
            self.xndt = r.d2201 * s2201
                + r.d2211 * s2211
                + r.d3210 * s3210
                + r.d3222 * s3222
                + r.d4410 * s4410
                + r.d4422 * s4422
                + r.d5220 * s5220
                + r.d5232 * s5232
                + r.d5421 * s5421
                + r.d5433 * s5433;
            self.xnddt = (r.d2201 * c2201
                + r.d2211 * c2211
                + r.d3210 * c3210
                + r.d3222 * c3222
                + r.d5220 * c5220
                + r.d5232 * c5232
                + R::splat(2.0)
                    * (r.d4410 * c4410 + r.d4422 * c4422 + r.d5421 * c5421 + r.d5433 * c5433))
                * self.xldot;
        }
    }

    /// Advances (or restarts) every lane to `t` minutes after epoch and
    /// returns the resonant mean motion `n` and angle `λ` there (Vallado
    /// `dspace`: `nm`, `xl`). Lanes whose `t` is not finite are left alone.
    #[inline(always)]
    pub(crate) fn advance(
        &mut self,
        c: &Common<R>,
        r: &Resonance<R>,
        class: Class,
        t: R,
    ) -> (R, R) {
        let zero = R::splat(0.0);
        let finite = t.is_finite();
        // Restart where t is on the other side of the epoch or closer to it.
        let restart = finite & ((t * self.atime).lt(zero) | t.abs().lt(self.atime.abs()));
        if R::any(restart) {
            self.atime = R::select(restart, zero, self.atime);
            self.xni = R::select(restart, c.n0, self.xni);
            self.xli = R::select(restart, r.xlamo, self.xli);
            self.derivatives(c, r, class);
        }
        let delt = R::select(t.gt(zero), R::splat(STEP), R::splat(-STEP));
        loop {
            let step = finite & (t - self.atime).abs().ge(R::splat(STEP));
            if !R::any(step) {
                break;
            }
            // λᵢ₊₁ = λᵢ + λ̇ᵢ Δt + ṅᵢ Δt²/2, nᵢ₊₁ = nᵢ + ṅᵢ Δt + n̈ᵢ Δt²/2, tᵢ₊₁ = tᵢ + Δt.
            let xli = self.xli + self.xldot * delt + self.xndt * R::splat(STEP2);
            let xni = self.xni + self.xndt * delt + self.xnddt * R::splat(STEP2);
            self.xli = R::select(step, xli, self.xli);
            self.xni = R::select(step, xni, self.xni);
            self.atime = R::select(step, self.atime + delt, self.atime);
            self.derivatives(c, r, class);
        }
        // Taylor step from tᵢ to t.
        let ft = t - self.atime;
        let half = R::splat(0.5);
        let n = self.xni + self.xndt * ft + self.xnddt * ft * ft * half;
        let xl = self.xli + self.xldot * ft + self.xndt * ft * ft * half;
        (n, xl)
    }
}

/// The resonant semi-major axis `a = (kₑ/n)^(2/3)` (Earth radii) and mean
/// anomaly `M` at `t` (before drag and lunar-solar terms), from the
/// integrator's `n` and `λ`, the node `Ω` and perigee `ω` of the secular
/// update.
#[inline(always)]
pub(crate) fn mean_elements<R: Real>(
    c: &Common<R>,
    r: &Resonance<R>,
    class: Class,
    t: R,
    (n, xl): (R, R),
    (node, argp): (R, R),
) -> (R, R) {
    // θ = θ₀ + θ̇ t (mod 2π).
    let theta = fmod_2pi(r.gsto + t * R::splat(RPTIM));
    let m = if class == Class::OneDay {
        xl - node - argp + theta
    } else {
        xl - R::splat(2.0) * node + R::splat(2.0) * theta
    };
    (pow_two_thirds(R::splat(GEO.ke) / n, c.a0), m)
}
