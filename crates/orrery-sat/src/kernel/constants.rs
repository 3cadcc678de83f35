//! Initialisation: the per-satellite constants of SGP4/SDP4 from the mean
//! elements, computed once, in scalar `f64` (Hoots & Roehrich 1980,
//! *Spacetrack Report #3* (STR#3), §§ 6 and 10; Vallado et al. 2006,
//! AIAA 2006-6753, `sgp4init`/`initl`). Units inside: Earth radii (`aₑ`),
//! minutes, radians; WGS-72 constants, as the element sets were fitted.
//!
//! Symbols follow STR#3 (`θ = cos i₀`, `β₀`, `ξ`, `η`, `C₁`…`C₅`, `D₂`…`D₄`,
//! `a₀″`, `n₀″`); where STR#3 has no name, Vallado's variable name is used.

use super::lanes::lane_struct;
use super::lunar_solar::{self, LunarSolar};
use super::resonance::{self, Resonance};
use crate::satellite::Mode;
use std::f64::consts::PI;

/// WGS-72, as python-sgp4's default and the `sgp4` crate's `WGS72`.
pub(crate) const GEO: sgp4::Geopotential = sgp4::WGS72;

lane_struct! {
    /// Constants every satellite has.
    pub(crate) struct Common {
        /// Epoch of the elements, TAI seconds past J1900 (hifitime's `to_tai_seconds`).
        epoch_tai_s,
        /// The rest of the epoch below `epoch_tai_s`'s rounding, s
        /// ([`orrery_core::time::tai_seconds_split`]).
        epoch_tai_lo_s,
        /// `i₀`, inclination at epoch, rad.
        i0,
        /// `Ω₀`, right ascension of the ascending node at epoch, rad.
        node0,
        /// `ω₀`, argument of perigee at epoch, rad.
        argp0,
        /// `M₀`, mean anomaly at epoch, rad.
        m0,
        /// `e₀`, eccentricity at epoch.
        e0,
        /// `n₀″`, Brouwer mean motion, rad/min.
        n0,
        /// `a₀″`, Brouwer semi-major axis, Earth radii.
        a0,
        /// `Ω̇`, secular node rate (J₂, J₄; plus Sun and Moon in deep space), rad/min.
        node_dot,
        /// `ω̇`, secular perigee rate, rad/min.
        argp_dot,
        /// `Ṁ`, secular mean-anomaly rate, rad/min.
        m_dot,
        /// `C₁` (STR#3 eq. for C₁, times B*), 1/min.
        c1,
        /// `B* C₄`, 1/min.
        bstar_c4,
        /// Drag term of the node, `−(21/2) n₀″ k₂ θ C₁ / (a₀″² β₀²)` (Vallado `nodecf`), rad/min².
        node_t2,
        /// `³/₂ C₁`, the t² coefficient of the mean longitude (Vallado `t2cof`).
        t2cof,
        /// `−½ J₃/J₂ sin i₀` (Vallado `aycof`).
        aycof,
        /// `−¼ J₃/J₂ sin i₀ (3 + 5θ)/(1 + θ)` (Vallado `xlcof`).
        xlcof,
        /// `3θ² − 1`.
        con41,
        /// `1 − θ²`.
        x1mth2,
        /// `7θ² − 1`.
        x7thm1,
        /// `sin i₀`.
        sin_i0,
        /// `θ = cos i₀`.
        cos_i0,
    }
}

lane_struct! {
    /// Near-Earth drag terms (STR#3 § 6); zero for the simplified model
    /// (perigee below 220 km) and, for `δω`, `δM`, when `e₀ ≤ 10⁻⁴`, which
    /// makes the one formula reduce exactly to Vallado's `isimp` branches.
    pub(crate) struct NearEarth {
        /// `D₂`.
        d2,
        /// `D₃`.
        d3,
        /// `D₄`.
        d4,
        /// `B* C₅`.
        bstar_c5,
        /// `η = a₀″ e₀ ξ`.
        eta,
        /// `sin M₀`.
        sin_m0,
        /// `(1 + η cos M₀)³` (Vallado `delmo`).
        delmo,
        /// `B* C₃ cos ω₀` (Vallado `omgcof`).
        omgcof,
        /// `−⅔ (q₀ − s)⁴ ξ⁴ B* / (e₀ η)` (Vallado `xmcof`).
        xmcof,
        /// `D₂ + 2C₁²`.
        t3cof,
        /// `¼ (3D₃ + C₁ (12D₂ + 10C₁²))`.
        t4cof,
        /// `⅕ (3D₄ + 12C₁D₃ + 6D₂² + 15C₁² (2D₂ + C₁²))`.
        t5cof,
    }
}

/// How SGP4 treats an orbit; satellites of one class share a group of lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Class {
    /// Period below 225 minutes: SGP4.
    NearEarth,
    /// Period of 225 minutes or more, no resonance: SDP4 with lunar-solar terms.
    DeepSpace,
    /// Geosynchronous resonance (period ≈ 1 day): SDP4 with the integrator.
    OneDay,
    /// 12-hour resonance (period ≈ ½ day, e ≥ 0.5, Molniya): SDP4 with the integrator.
    HalfDay,
}

/// All constants of one satellite (`T = f64`) or of four side by side.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Constants<T> {
    pub(crate) common: Common<T>,
    pub(crate) near: NearEarth<T>,
    pub(crate) lunar_solar: LunarSolar<T>,
    pub(crate) resonance: Resonance<T>,
}

impl<T: Copy> Constants<T> {
    /// Every field through `f`.
    #[inline(always)]
    pub(crate) fn map<U>(&self, f: &impl Fn(T) -> U) -> Constants<U> {
        Constants {
            common: self.common.map(f),
            near: self.near.map(f),
            lunar_solar: self.lunar_solar.map(f),
            resonance: self.resonance.map(f),
        }
    }
}

impl Constants<f64> {
    /// Four satellites side by side.
    pub(crate) fn gather(s: [&Self; 4]) -> Constants<[f64; 4]> {
        Constants {
            common: Common::gather(s.map(|c| &c.common)),
            near: NearEarth::gather(s.map(|c| &c.near)),
            lunar_solar: LunarSolar::gather(s.map(|c| &c.lunar_solar)),
            resonance: Resonance::gather(s.map(|c| &c.resonance)),
        }
    }
}

/// Why SGP4 cannot be initialised from an element set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum InitError {
    /// The Kozai mean motion is not positive.
    KozaiMeanMotion(f64),
    /// The Brouwer mean motion derived from it is not positive (or not finite).
    BrouwerMeanMotion(f64),
    /// The eccentricity is outside `[0, 1)`.
    Eccentricity(f64),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::KozaiMeanMotion(n) => {
                write!(f, "the Kozai mean motion ({n} rad/min) is not positive")
            }
            InitError::BrouwerMeanMotion(n) => {
                write!(f, "the Brouwer mean motion ({n} rad/min) is not positive")
            }
            InitError::Eccentricity(e) => write!(f, "the eccentricity ({e}) is outside [0, 1)"),
        }
    }
}

/// Initialises SGP4/SDP4 for one element set; `(epoch_tai_s, epoch_tai_lo_s)`
/// is its epoch as [`orrery_core::time::tai_seconds_split`] gives it.
pub(crate) fn init(
    el: &sgp4::Elements,
    (epoch_tai_s, epoch_tai_lo_s): (f64, f64),
    mode: Mode,
) -> Result<(Class, Constants<f64>), InitError> {
    let (ke, j2, j3, j4) = (GEO.ke, GEO.j2, GEO.j3, GEO.j4);
    let deg = PI / 180.0;
    let i0 = el.inclination * deg;
    let e0 = el.eccentricity;
    let argp0 = el.argument_of_perigee * deg;
    let m0 = el.mean_anomaly * deg;
    // n₀ (Kozai), rev/day → rad/min.
    let n0_kozai = el.mean_motion * (PI / 720.0);
    if n0_kozai.is_nan() || n0_kozai <= 0.0 {
        return Err(InitError::KozaiMeanMotion(n0_kozai));
    }
    if !(0.0..1.0).contains(&e0) {
        return Err(InitError::Eccentricity(e0));
    }
    // θ = cos i₀, β₀² = 1 − e₀².
    let theta = i0.cos();
    let theta2 = theta * theta;
    let beta0_sq = 1.0 - e0 * e0;
    let beta0 = beta0_sq.sqrt();

    // Kozai → Brouwer (STR#3 § 6): a₁ = (kₑ/n₀)^⅔,
    // δ₁ = ¾ J₂ (3θ² − 1) / (β₀³ a₁²), a₀ = a₁ (1 − ⅓δ₁ − δ₁² − 134/81 δ₁³),
    // δ₀ = ¾ J₂ (3θ² − 1) / (β₀³ a₀²), n₀″ = n₀ / (1 + δ₀), a₀″ = (kₑ/n₀″)^⅔.
    let k_delta = 0.75 * j2 * (3.0 * theta2 - 1.0) / beta0_sq.powf(1.5);
    let a1 = (ke / n0_kozai).powf(2.0 / 3.0);
    let delta1 = k_delta / (a1 * a1);
    let a_0 = a1 * (1.0 - delta1 * delta1 - delta1 * (1.0 / 3.0 + 134.0 * delta1 * delta1 / 81.0));
    let delta0 = k_delta / (a_0 * a_0);
    let n0 = n0_kozai / (1.0 + delta0);
    if !(n0 > 0.0 && n0.is_finite()) {
        return Err(InitError::BrouwerMeanMotion(n0));
    }
    let a0 = (ke / n0).powf(2.0 / 3.0);

    // s and (q₀ − s)⁴ (STR#3 § 6), adjusted for low perigees (Vallado `sfour`,
    // `qzms24`): s* = 20 km below 98 km perigee height, perigee − 78 km below 156 km.
    let perigee_radius = a0 * (1.0 - e0);
    let perigee_km = GEO.ae * (perigee_radius - 1.0);
    let s_km = if perigee_km < 98.0 {
        20.0
    } else if perigee_km < 156.0 {
        perigee_km - 78.0
    } else {
        78.0
    };
    let s = s_km / GEO.ae + 1.0;
    let q0_s4 = ((120.0 - s_km) / GEO.ae).powi(4);

    // ξ = 1/(a₀″ − s), η = a₀″ e₀ ξ.
    let xi = 1.0 / (a0 - s);
    let q0_s4_xi4 = q0_s4 * xi.powi(4);
    let eta = a0 * e0 * xi;
    let eta2 = eta * eta;
    let psi2 = (1.0 - eta2).abs();
    // (q₀ − s)⁴ ξ⁴ / |1 − η²|^(7/2) (Vallado `coef1`).
    let coef1 = q0_s4_xi4 / psi2.powf(3.5);
    // C₂ = coef1 n₀″ [a₀″ (1 + 3/2 η² + 4 e₀ η + e₀ η³)
    //      + 3/2 (k₂ ξ / |1 − η²|) (−½ + 3/2 θ²)(8 + 24 η² + 3 η⁴)], C₁ = B* C₂.
    let c2 = coef1
        * n0
        * (a0 * (1.0 + 1.5 * eta2 + e0 * eta * (4.0 + eta2))
            + 0.375 * j2 * xi / psi2 * (3.0 * theta2 - 1.0) * (8.0 + 3.0 * eta2 * (8.0 + eta2)));
    let bstar = el.drag_term;
    let c1 = bstar * c2;

    // Secular rates (STR#3 § 6, with J₄): Ṁ, ω̇, Ω̇.
    let pinvsq = 1.0 / (a0 * beta0_sq).powi(2);
    let temp1 = 1.5 * j2 * pinvsq * n0;
    let temp2 = 0.5 * temp1 * j2 * pinvsq;
    let temp3 = -0.46875 * j4 * pinvsq * pinvsq * n0;
    let theta4 = theta2 * theta2;
    let m_dot = n0
        + 0.5 * temp1 * beta0 * (3.0 * theta2 - 1.0)
        + 0.0625 * temp2 * beta0 * (13.0 - 78.0 * theta2 + 137.0 * theta4);
    let argp_dot = -0.5 * temp1 * (1.0 - 5.0 * theta2)
        + 0.0625 * temp2 * (7.0 - 114.0 * theta2 + 395.0 * theta4)
        + temp3 * (3.0 - 36.0 * theta2 + 49.0 * theta4);
    let xhdot1 = -temp1 * theta;
    let node_dot =
        xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * theta2) + 2.0 * temp3 * (3.0 - 7.0 * theta2)) * theta;

    // C₄ = 2 n₀″ coef1 a₀″ β₀² [η (2 + ½η²) + e₀ (½ + 2η²) − (2 k₂ ξ / (a₀″ |1 − η²|))
    //      (−3 (3θ² − 1)(1 − 2e₀η + η² (3/2 − ½ e₀ η))/… + ¾ (1 − θ²)(2η² − e₀η(1 + η²)) cos 2ω₀)].
    let c4 = 2.0
        * n0
        * coef1
        * a0
        * beta0_sq
        * (eta * (2.0 + 0.5 * eta2) + e0 * (0.5 + 2.0 * eta2)
            - j2 * xi / (a0 * psi2)
                * (-3.0
                    * (3.0 * theta2 - 1.0)
                    * (1.0 - 2.0 * e0 * eta + eta2 * (1.5 - 0.5 * e0 * eta))
                    + 0.75
                        * (1.0 - theta2)
                        * (2.0 * eta2 - e0 * eta * (1.0 + eta2))
                        * (2.0 * argp0).cos()));

    let sin_i0 = i0.sin();
    let j3oj2 = j3 / j2;
    // (1 + θ) is limited away from zero for retrograde equatorial orbits (Vallado).
    let one_plus_theta = if (1.0 + theta).abs() > 1.5e-12 {
        1.0 + theta
    } else {
        1.5e-12
    };
    let mut common = Common {
        epoch_tai_s,
        epoch_tai_lo_s,
        i0,
        node0: el.right_ascension * deg,
        argp0,
        m0,
        e0,
        n0,
        a0,
        node_dot,
        argp_dot,
        m_dot,
        c1,
        bstar_c4: bstar * c4,
        node_t2: 3.5 * beta0_sq * xhdot1 * c1,
        t2cof: 1.5 * c1,
        aycof: -0.5 * j3oj2 * sin_i0,
        xlcof: -0.25 * j3oj2 * sin_i0 * (3.0 + 5.0 * theta) / one_plus_theta,
        con41: 3.0 * theta2 - 1.0,
        x1mth2: 1.0 - theta2,
        x7thm1: 7.0 * theta2 - 1.0,
        sin_i0,
        cos_i0: theta,
    };

    if n0 > 2.0 * PI / 225.0 {
        // Near Earth. Below 220 km perigee the simplified drag model (no D₂…D₄,
        // C₅, δω, δM) applies: those coefficients stay zero.
        let mut near = NearEarth::default();
        if perigee_radius >= 220.0 / GEO.ae + 1.0 {
            let c1sq = c1 * c1;
            let d2 = 4.0 * a0 * xi * c1sq;
            let temp = d2 * xi * c1 / 3.0;
            let d3 = (17.0 * a0 + s) * temp;
            let d4 = 0.5 * temp * a0 * xi * (221.0 * a0 + 31.0 * s) * c1;
            // C₅ = 2 coef1 a₀″ β₀² [1 + 11/4 η (η + e₀) + e₀ η³].
            let c5 =
                2.0 * coef1 * a0 * beta0_sq * (1.0 + 2.75 * (eta2 + eta * e0) + e0 * eta * eta2);
            near = NearEarth {
                d2,
                d3,
                d4,
                bstar_c5: bstar * c5,
                eta,
                sin_m0: m0.sin(),
                delmo: (1.0 + eta * m0.cos()).powi(3),
                omgcof: 0.0,
                xmcof: 0.0,
                t3cof: d2 + 2.0 * c1sq,
                t4cof: 0.25 * (3.0 * d3 + c1 * (12.0 * d2 + 10.0 * c1sq)),
                t5cof: 0.2
                    * (3.0 * d4 + 12.0 * c1 * d3 + 6.0 * d2 * d2 + 15.0 * c1sq * (2.0 * d2 + c1sq)),
            };
            if e0 > 1.0e-4 {
                // C₃ = (q₀ − s)⁴ ξ⁵ A₃,₀ sin i₀ / (k₂ e₀) (STR#3), here with n₀″ and −J₃/J₂.
                let c3 = -2.0 * q0_s4_xi4 * xi * j3oj2 * n0 * sin_i0 / e0;
                near.omgcof = bstar * c3 * argp0.cos();
                near.xmcof = -2.0 / 3.0 * q0_s4_xi4 * bstar / (e0 * eta);
            }
        }
        return Ok((
            Class::NearEarth,
            Constants {
                common,
                near,
                ..Default::default()
            },
        ));
    }

    // Deep space (STR#3 § 10): lunar-solar secular rates and periodic
    // coefficients, then the resonance terms.
    let epoch = epoch_days_since_1950(el);
    let (lunar_solar, rates) = lunar_solar::init(&common, epoch + 18261.5);
    common.node_dot += rates.node;
    common.argp_dot += rates.argp;
    common.m_dot += rates.mean_anomaly;
    let gsto = match mode {
        Mode::Improved => sidereal_time_iau(epoch),
        Mode::Afspc => sidereal_time_afspc(epoch),
    };
    let (class, resonance) = resonance::init(&common, argp_dot, node_dot, m_dot, &rates, gsto);
    Ok((
        class,
        Constants {
            common,
            lunar_solar,
            resonance,
            ..Default::default()
        },
    ))
}

/// The element epoch as Vallado's `sgp4init` receives it: days since 1950
/// January 0.0 UTC, formed as `(jd + jd_fraction) − 2433281.5` in `f64`
/// exactly as python-sgp4 and the C++ reference do (Vallado et al. 2006,
/// `twoline2rv`/`jday`). Rounding the Julian date to `f64` quantises the epoch
/// to ~40 µs; the lunar-solar terms move a deep-space orbit by up to ~0.2 km
/// per second of epoch (case 23333 of the verification set), so a more exact
/// epoch would put it 4 mm from the reference. SGP4 is defined by its
/// reference implementation, so its rounding is reproduced here.
fn epoch_days_since_1950(el: &sgp4::Elements) -> f64 {
    use chrono::{Datelike, Timelike};
    let t = el.datetime;
    let (y, m, d) = (
        f64::from(t.year()),
        f64::from(t.month()),
        f64::from(t.day()),
    );
    // Vallado's `jday`: the Julian date of 0h of the day, then the day fraction.
    let jd = 367.0 * y - (7.0 * (y + ((m + 9.0) / 12.0).floor()) * 0.25).floor()
        + (275.0 * m / 9.0).floor()
        + d
        + 1_721_013.5;
    let seconds = f64::from(t.num_seconds_from_midnight()) + f64::from(t.nanosecond()) * 1e-9;
    (jd + seconds / 86_400.0) - 2_433_281.5
}

/// Greenwich mean sidereal time (rad, [0, 2π)) at `epoch` days since 1950
/// January 0.0, IAU-82 (Vallado `gstime`, Vallado 2013 eq. 3-47).
fn sidereal_time_iau(epoch: f64) -> f64 {
    let tut1 = (epoch + 2_433_281.5 - 2_451_545.0) / 36_525.0;
    let seconds = -6.2e-6 * tut1 * tut1 * tut1
        + 0.093104 * tut1 * tut1
        + (876_600.0 * 3600.0 + 8_640_184.812_866) * tut1
        + 67_310.548_41;
    (seconds * (PI / 180.0) / 240.0).rem_euclid(2.0 * PI)
}

/// Greenwich sidereal time (rad, [0, 2π)) of the AFSPC code (Vallado `initl`,
/// `opsmode = 'a'`), `epoch` days since 1950 January 0.0.
#[allow(clippy::excessive_precision)]
fn sidereal_time_afspc(epoch: f64) -> f64 {
    let ts70 = epoch - 7305.0;
    let ds70 = (ts70 + 1.0e-8).floor();
    let tfrac = ts70 - ds70;
    let c1 = 1.72027916940703639e-2;
    let thgr70 = 1.7321343856509374;
    let fk5r = 5.07551419432269442e-15;
    (thgr70 + c1 * ds70 + (c1 + 2.0 * PI) * tfrac + ts70 * ts70 * fk5r).rem_euclid(2.0 * PI)
}
