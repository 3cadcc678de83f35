//! Dormand-Prince 8(5,3): an explicit Runge-Kutta method of order 8 with
//! embedded 5th- and 3rd-order error estimators and adaptive step size.
//!
//! Coefficients: Hairer, Nørsett & Wanner, *Solving Ordinary Differential
//! Equations I* (2nd ed., Springer 1993), §II.10, as published with their
//! Fortran code DOP853 (Dormand & Prince 1980, "A family of embedded
//! Runge-Kutta formulae", J. Comp. Appl. Math. 6:19-26, and Prince & Dormand
//! 1981). The error norm and step-size control follow the same book (§II.4,
//! eq. 4.11-4.13, with DOP853's combined 5th/3rd-order estimate).
//!
//! The inner loop works on fixed-size arrays `[f64; N]` on the stack: no
//! allocation per step. Event location (zero of a scalar function of the
//! state, e.g. a plane crossing) refines the crossing time by the Illinois
//! variant of regula falsi, each trial point computed by one 8th-order step
//! from the start of the accepted step, to |Δt| < 1e-13.

// The coefficients keep every digit of the published tables.
#![allow(clippy::excessive_precision)]

use crate::error::{Cr3bpError, Result};

const C2: f64 = 0.526001519587677318785587544488e-01;
const C3: f64 = 0.789002279381515978178381316732e-01;
const C4: f64 = 0.118350341907227396726757197510e+00;
const C5: f64 = 0.281649658092772603273242802490e+00;
const C6: f64 = 0.333333333333333333333333333333e+00;
const C7: f64 = 0.25e+00;
const C8: f64 = 0.307692307692307692307692307692e+00;
const C9: f64 = 0.651282051282051282051282051282e+00;
const C10: f64 = 0.6e+00;
const C11: f64 = 0.857142857142857142857142857142e+00;

const B1: f64 = 5.42937341165687622380535766363e-2;
const B6: f64 = 4.45031289275240888144113950566e0;
const B7: f64 = 1.89151789931450038304281599044e0;
const B8: f64 = -5.8012039600105847814672114227e0;
const B9: f64 = 3.1116436695781989440891606237e-1;
const B10: f64 = -1.52160949662516078556178806805e-1;
const B11: f64 = 2.01365400804030348374776537501e-1;
const B12: f64 = 4.47106157277725905176885569043e-2;

const BHH1: f64 = 0.244094488188976377952755905512e+00;
const BHH2: f64 = 0.733846688281611857341361741547e+00;
const BHH3: f64 = 0.220588235294117647058823529412e-01;

const ER1: f64 = 0.1312004499419488073250102996e-01;
const ER6: f64 = -0.1225156446376204440720569753e+01;
const ER7: f64 = -0.4957589496572501915214079952e+00;
const ER8: f64 = 0.1664377182454986536961530415e+01;
const ER9: f64 = -0.3503288487499736816886487290e+00;
const ER10: f64 = 0.3341791187130174790297318841e+00;
const ER11: f64 = 0.8192320648511571246570742613e-01;
const ER12: f64 = -0.2235530786388629525884427845e-01;

const A21: f64 = 5.26001519587677318785587544488e-2;
const A31: f64 = 1.97250569845378994544595329183e-2;
const A32: f64 = 5.91751709536136983633785987549e-2;
const A41: f64 = 2.95875854768068491816892993775e-2;
const A43: f64 = 8.87627564304205475450678981324e-2;
const A51: f64 = 2.41365134159266685502369798665e-1;
const A53: f64 = -8.84549479328286085344864962717e-1;
const A54: f64 = 9.24834003261792003115737966543e-1;
const A61: f64 = 3.7037037037037037037037037037e-2;
const A64: f64 = 1.70828608729473871279604482173e-1;
const A65: f64 = 1.25467687566822425016691814123e-1;
const A71: f64 = 3.7109375e-2;
const A74: f64 = 1.70252211019544039314978060272e-1;
const A75: f64 = 6.02165389804559606850219397283e-2;
const A76: f64 = -1.7578125e-2;
const A81: f64 = 3.70920001185047927108779319836e-2;
const A84: f64 = 1.70383925712239993810214054705e-1;
const A85: f64 = 1.07262030446373284651809199168e-1;
const A86: f64 = -1.53194377486244017527936158236e-2;
const A87: f64 = 8.27378916381402288758473766002e-3;
const A91: f64 = 6.24110958716075717114429577812e-1;
const A94: f64 = -3.36089262944694129406857109825e0;
const A95: f64 = -8.68219346841726006818189891453e-1;
const A96: f64 = 2.75920996994467083049415600797e1;
const A97: f64 = 2.01540675504778934086186788979e1;
const A98: f64 = -4.34898841810699588477366255144e1;
const A101: f64 = 4.77662536438264365890433908527e-1;
const A104: f64 = -2.48811461997166764192642586468e0;
const A105: f64 = -5.90290826836842996371446475743e-1;
const A106: f64 = 2.12300514481811942347288949897e1;
const A107: f64 = 1.52792336328824235832596922938e1;
const A108: f64 = -3.32882109689848629194453265587e1;
const A109: f64 = -2.03312017085086261358222928593e-2;
const A111: f64 = -9.3714243008598732571704021658e-1;
const A114: f64 = 5.18637242884406370830023853209e0;
const A115: f64 = 1.09143734899672957818500254654e0;
const A116: f64 = -8.14978701074692612513997267357e0;
const A117: f64 = -1.85200656599969598641566180701e1;
const A118: f64 = 2.27394870993505042818970056734e1;
const A119: f64 = 2.49360555267965238987089396762e0;
const A1110: f64 = -3.0467644718982195003823669022e0;
const A121: f64 = 2.27331014751653820792359768449e0;
const A124: f64 = -1.05344954667372501984066689879e1;
const A125: f64 = -2.00087205822486249909675718444e0;
const A126: f64 = -1.79589318631187989172765950534e1;
const A127: f64 = 2.79488845294199600508499808837e1;
const A128: f64 = -2.85899827713502369474065508674e0;
const A129: f64 = -8.87285693353062954433549289258e0;
const A1210: f64 = 1.23605671757943030647266201528e1;
const A1211: f64 = 6.43392746015763530355970484046e-1;

/// Tolerances and limits of one integration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// Largest step (non-dimensional time); `f64::INFINITY` for none.
    pub h_max: f64,
    /// Most steps before giving up.
    pub max_steps: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rtol: 1e-12,
            atol: 1e-12,
            h_max: f64::INFINITY,
            max_steps: 200_000,
        }
    }
}

/// What a step callback asks the integrator to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Stop here (the current point is the end).
    Stop,
}

/// Direction of a zero crossing of an event function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From negative to positive.
    Rising,
    /// From positive to negative.
    Falling,
    /// Either way.
    Either,
}

impl Direction {
    fn matches(self, g0: f64, g1: f64) -> bool {
        match self {
            Direction::Rising => g0 < 0.0 && g1 >= 0.0,
            Direction::Falling => g0 > 0.0 && g1 <= 0.0,
            Direction::Either => (g0 < 0.0 && g1 >= 0.0) || (g0 > 0.0 && g1 <= 0.0),
        }
    }
}

/// A scalar event function of the state; crossings after `t_min` are located.
pub struct Event<'a, const N: usize> {
    /// g(t, y): an event is a zero of g.
    pub g: &'a dyn Fn(f64, &[f64; N]) -> f64,
    /// Which crossings count.
    pub direction: Direction,
    /// Crossings at t ≤ t_min (elapsed from the start) are ignored.
    pub t_min: f64,
}

/// Where an integration ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct End<const N: usize> {
    /// Final time.
    pub t: f64,
    /// Final state.
    pub y: [f64; N],
    /// Accepted steps.
    pub steps: usize,
    /// Right-hand side evaluations.
    pub evaluations: usize,
}

/// One DOP853 step of size `h` from (t, y) with `k1 = f(t, y)`: returns the
/// 8th-order solution and the two error estimates (5th- and 3rd-order).
#[inline]
#[allow(clippy::too_many_arguments)]
fn step<const N: usize, F: Fn(f64, &[f64; N], &mut [f64; N])>(
    f: &F,
    t: f64,
    y: &[f64; N],
    k1: &[f64; N],
    h: f64,
    out: &mut [f64; N],
    err5: &mut [f64; N],
    err3: &mut [f64; N],
) {
    let mut k2 = [0.0; N];
    let mut k3 = [0.0; N];
    let mut k4 = [0.0; N];
    let mut k5 = [0.0; N];
    let mut k6 = [0.0; N];
    let mut k7 = [0.0; N];
    let mut k8 = [0.0; N];
    let mut k9 = [0.0; N];
    let mut k10 = [0.0; N];
    let mut k11 = [0.0; N];
    let mut k12 = [0.0; N];
    let mut tmp = [0.0; N];
    for i in 0..N {
        tmp[i] = y[i] + h * A21 * k1[i];
    }
    f(t + C2 * h, &tmp, &mut k2);
    for i in 0..N {
        tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    }
    f(t + C3 * h, &tmp, &mut k3);
    for i in 0..N {
        tmp[i] = y[i] + h * (A41 * k1[i] + A43 * k3[i]);
    }
    f(t + C4 * h, &tmp, &mut k4);
    for i in 0..N {
        tmp[i] = y[i] + h * (A51 * k1[i] + A53 * k3[i] + A54 * k4[i]);
    }
    f(t + C5 * h, &tmp, &mut k5);
    for i in 0..N {
        tmp[i] = y[i] + h * (A61 * k1[i] + A64 * k4[i] + A65 * k5[i]);
    }
    f(t + C6 * h, &tmp, &mut k6);
    for i in 0..N {
        tmp[i] = y[i] + h * (A71 * k1[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
    }
    f(t + C7 * h, &tmp, &mut k7);
    for i in 0..N {
        tmp[i] = y[i] + h * (A81 * k1[i] + A84 * k4[i] + A85 * k5[i] + A86 * k6[i] + A87 * k7[i]);
    }
    f(t + C8 * h, &tmp, &mut k8);
    for i in 0..N {
        tmp[i] = y[i]
            + h * (A91 * k1[i]
                + A94 * k4[i]
                + A95 * k5[i]
                + A96 * k6[i]
                + A97 * k7[i]
                + A98 * k8[i]);
    }
    f(t + C9 * h, &tmp, &mut k9);
    for i in 0..N {
        tmp[i] = y[i]
            + h * (A101 * k1[i]
                + A104 * k4[i]
                + A105 * k5[i]
                + A106 * k6[i]
                + A107 * k7[i]
                + A108 * k8[i]
                + A109 * k9[i]);
    }
    f(t + C10 * h, &tmp, &mut k10);
    for i in 0..N {
        tmp[i] = y[i]
            + h * (A111 * k1[i]
                + A114 * k4[i]
                + A115 * k5[i]
                + A116 * k6[i]
                + A117 * k7[i]
                + A118 * k8[i]
                + A119 * k9[i]
                + A1110 * k10[i]);
    }
    f(t + C11 * h, &tmp, &mut k11);
    for i in 0..N {
        tmp[i] = y[i]
            + h * (A121 * k1[i]
                + A124 * k4[i]
                + A125 * k5[i]
                + A126 * k6[i]
                + A127 * k7[i]
                + A128 * k8[i]
                + A129 * k9[i]
                + A1210 * k10[i]
                + A1211 * k11[i]);
    }
    f(t + h, &tmp, &mut k12);
    for i in 0..N {
        let kb = B1 * k1[i]
            + B6 * k6[i]
            + B7 * k7[i]
            + B8 * k8[i]
            + B9 * k9[i]
            + B10 * k10[i]
            + B11 * k11[i]
            + B12 * k12[i];
        out[i] = y[i] + h * kb;
        err3[i] = kb - BHH1 * k1[i] - BHH2 * k9[i] - BHH3 * k12[i];
        err5[i] = ER1 * k1[i]
            + ER6 * k6[i]
            + ER7 * k7[i]
            + ER8 * k8[i]
            + ER9 * k9[i]
            + ER10 * k10[i]
            + ER11 * k11[i]
            + ER12 * k12[i];
    }
}

/// Integrates `y' = f(t, y)` from `t0` to `t_end` (either direction).
///
/// `on_step(t, y)` is called after every accepted step; returning
/// [`Flow::Stop`] ends the integration there. With an `event`, each crossing
/// is located and `on_event(t, y)` is called at it; returning
/// [`Flow::Stop`] ends the integration at the crossing.
#[allow(clippy::too_many_arguments)]
pub fn integrate<const N: usize, F>(
    f: &F,
    t0: f64,
    y0: &[f64; N],
    t_end: f64,
    opts: &Options,
    event: Option<&Event<'_, N>>,
    on_step: &mut dyn FnMut(f64, &[f64; N]) -> Flow,
    on_event: &mut dyn FnMut(f64, &[f64; N]) -> Flow,
) -> Result<End<N>>
where
    F: Fn(f64, &[f64; N], &mut [f64; N]),
{
    let span = t_end - t0;
    let mut t = t0;
    let mut y = *y0;
    let mut evals = 0usize;
    if span == 0.0 {
        return Ok(End {
            t,
            y,
            steps: 0,
            evaluations: 0,
        });
    }
    if !span.is_finite() || y.iter().any(|v| !v.is_finite()) {
        return Err(Cr3bpError::Integration {
            t,
            reason: "non-finite initial state or time span".into(),
        });
    }
    let dir = span.signum();
    let mut k1 = [0.0; N];
    f(t, &y, &mut k1);
    evals += 1;
    // Initial step: Hairer's hinit (§II.4) simplified: h = 0.01 (|y|/|f|) scaled.
    let mut h = {
        let (mut dnf, mut dny) = (0.0, 0.0);
        for i in 0..N {
            let sk = opts.atol + opts.rtol * y[i].abs();
            dnf += (k1[i] / sk).powi(2);
            dny += (y[i] / sk).powi(2);
        }
        let h0 = if dnf <= 1e-10 || dny <= 1e-10 {
            1e-6
        } else {
            0.01 * (dny / dnf).sqrt()
        };
        h0.min(span.abs()).min(opts.h_max).max(1e-12) * dir
    };
    let mut g_prev = event.map(|e| (e.g)(t, &y));
    let mut steps = 0usize;
    let mut rejected_last = false;
    let (mut y1, mut e5, mut e3) = ([0.0; N], [0.0; N], [0.0; N]);
    loop {
        if steps >= opts.max_steps {
            return Err(Cr3bpError::Integration {
                t,
                reason: format!("more than {} steps", opts.max_steps),
            });
        }
        let remaining = t_end - t;
        let last = (h.abs() >= remaining.abs()) || (remaining.abs() - h.abs()).abs() < 1e-14;
        if last {
            h = remaining;
        }
        if h.abs() < 1e-15 * t.abs().max(1.0) {
            return Err(Cr3bpError::Integration {
                t,
                reason: format!("step size underflow (h = {h:e})"),
            });
        }
        step(f, t, &y, &k1, h, &mut y1, &mut e5, &mut e3);
        evals += 11;
        let (mut err5, mut err3) = (0.0, 0.0);
        for i in 0..N {
            let sk = opts.atol + opts.rtol * y[i].abs().max(y1[i].abs());
            err5 += (e5[i] / sk).powi(2);
            err3 += (e3[i] / sk).powi(2);
        }
        let mut deno = err5 + 0.01 * err3;
        if deno <= 0.0 {
            deno = 1.0;
        }
        let err = h.abs() * err5 * (1.0 / (N as f64 * deno)).sqrt();
        if !err.is_finite() || y1.iter().any(|v| !v.is_finite()) {
            h *= 0.2;
            rejected_last = true;
            steps += 1;
            continue;
        }
        // Step-size factor (Hairer's DOP853: expo 1/8, safety 0.9, limits 1/3..6,
        // with a little Lund stabilisation beta = 0).
        let fac11 = err.powf(0.125);
        if err <= 1.0 {
            let t_new = t + h;
            let mut k_new = [0.0; N];
            f(t_new, &y1, &mut k_new);
            evals += 1;
            // Event location inside [t, t_new].
            if let (Some(ev), Some(g0)) = (event, g_prev) {
                let g1 = (ev.g)(t_new, &y1);
                if (t_new - t0).abs() > ev.t_min && ev.direction.matches(g0, g1) {
                    let (tc, yc) = locate(f, ev, t, &y, &k1, h, g0, g1, &mut evals);
                    if on_event(tc, &yc) == Flow::Stop {
                        return Ok(End {
                            t: tc,
                            y: yc,
                            steps: steps + 1,
                            evaluations: evals,
                        });
                    }
                }
                g_prev = Some(g1);
            }
            t = t_new;
            y = y1;
            k1 = k_new;
            steps += 1;
            if on_step(t, &y) == Flow::Stop || last {
                return Ok(End {
                    t,
                    y,
                    steps,
                    evaluations: evals,
                });
            }
            let mut fac = fac11 / 0.9;
            fac = fac.clamp(1.0 / 6.0, 3.0);
            let mut h_new = h / fac;
            if rejected_last {
                h_new = dir * h_new.abs().min(h.abs());
            }
            rejected_last = false;
            h = dir * h_new.abs().min(opts.h_max);
        } else {
            h /= (fac11 / 0.9).min(3.0);
            rejected_last = true;
            steps += 1;
        }
    }
}

/// Locates the zero of the event function inside the step (t, t+h) by the
/// Illinois method, each trial state from one DOP853 step of the trial size.
#[allow(clippy::too_many_arguments)]
fn locate<const N: usize, F: Fn(f64, &[f64; N], &mut [f64; N])>(
    f: &F,
    ev: &Event<'_, N>,
    t: f64,
    y: &[f64; N],
    k1: &[f64; N],
    h: f64,
    g0: f64,
    g1: f64,
    evals: &mut usize,
) -> (f64, [f64; N]) {
    let (mut a, mut ga) = (0.0_f64, g0);
    let (mut b, mut gb) = (h, g1);
    let mut side = 0i8;
    let (mut yt, mut e5, mut e3) = ([0.0; N], [0.0; N], [0.0; N]);
    let mut best = (h, g1.abs());
    for _ in 0..100 {
        let c = if (gb - ga).abs() > 0.0 {
            b - gb * (b - a) / (gb - ga)
        } else {
            0.5 * (a + b)
        };
        let c = if (c - a) * (c - b) < 0.0 {
            c
        } else {
            0.5 * (a + b)
        };
        step(f, t, y, k1, c, &mut yt, &mut e5, &mut e3);
        *evals += 11;
        let gc = (ev.g)(t + c, &yt);
        if gc.abs() < best.1 {
            best = (c, gc.abs());
        }
        if gc == 0.0 || (b - a).abs() < 1e-13 {
            best = (c, 0.0);
            break;
        }
        if (gc > 0.0) == (gb > 0.0) {
            b = c;
            gb = gc;
            if side == 1 {
                ga *= 0.5;
            }
            side = 1;
        } else {
            a = c;
            ga = gc;
            if side == -1 {
                gb *= 0.5;
            }
            side = -1;
        }
        if (b - a).abs() < 1e-13 {
            best = (c, gc.abs());
            break;
        }
    }
    step(f, t, y, k1, best.0, &mut yt, &mut e5, &mut e3);
    *evals += 11;
    (t + best.0, yt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmonic_oscillator_to_1e_11() {
        let f = |_t: f64, y: &[f64; 2], d: &mut [f64; 2]| {
            d[0] = y[1];
            d[1] = -y[0];
        };
        let end = integrate(
            &f,
            0.0,
            &[1.0, 0.0],
            20.0,
            &Options::default(),
            None,
            &mut |_, _| Flow::Continue,
            &mut |_, _| Flow::Continue,
        )
        .unwrap();
        assert!((end.y[0] - 20f64.cos()).abs() < 1e-11, "{}", end.y[0]);
        assert!((end.y[1] + 20f64.sin()).abs() < 1e-11);
        assert_eq!(end.t, 20.0);
        // Backwards too.
        let back = integrate(
            &f,
            20.0,
            &end.y,
            0.0,
            &Options::default(),
            None,
            &mut |_, _| Flow::Continue,
            &mut |_, _| Flow::Continue,
        )
        .unwrap();
        assert!((back.y[0] - 1.0).abs() < 1e-11);
    }

    #[test]
    fn eighth_order_convergence() {
        // Global error of fixed steps h and h/2 on y' = y: ratio ≈ 2^8.
        let f = |_t: f64, y: &[f64; 1], d: &mut [f64; 1]| d[0] = y[0];
        let run = |n: usize| {
            let h = 1.0 / n as f64;
            let mut y = [1.0];
            let (mut o, mut e5, mut e3) = ([0.0], [0.0], [0.0]);
            for i in 0..n {
                let k1 = [y[0]];
                step(&f, i as f64 * h, &y, &k1, h, &mut o, &mut e5, &mut e3);
                y = o;
            }
            (y[0] - 1f64.exp()).abs()
        };
        let ratio = run(4) / run(8);
        assert!(ratio > 150.0 && ratio < 400.0, "ratio {ratio}");
    }

    #[test]
    fn event_located_to_1e_12() {
        let f = |_t: f64, y: &[f64; 2], d: &mut [f64; 2]| {
            d[0] = y[1];
            d[1] = -y[0];
        };
        let g = |_t: f64, y: &[f64; 2]| y[0];
        let ev = Event {
            g: &g,
            direction: Direction::Either,
            t_min: 0.0,
        };
        let end = integrate(
            &f,
            0.0,
            &[1.0, 0.0],
            10.0,
            &Options::default(),
            Some(&ev),
            &mut |_, _| Flow::Continue,
            &mut |_, _| Flow::Stop,
        )
        .unwrap();
        assert!(
            (end.t - std::f64::consts::FRAC_PI_2).abs() < 1e-12,
            "{}",
            end.t
        );
    }
}
