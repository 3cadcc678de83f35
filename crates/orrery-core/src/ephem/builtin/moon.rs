//! Geocentric Moon from the main terms of ELP-2000/82.
//!
//! Source: J. Meeus, *Astronomical Algorithms*, 2nd ed. (Willmann-Bell 1998),
//! chapter 47 "Position of the Moon": fundamental arguments (47.1)–(47.5),
//! the additive arguments A₁, A₂, A₃ and the eccentricity factor E (47.6), the
//! periodic terms of Table 47.A (longitude Σl, distance Σr) and Table 47.B
//! (latitude Σb), and the additive terms below them. These are the largest
//! terms of the ELP-2000/82 theory (Chapront-Touzé & Chapront 1983) with the
//! mean arguments of Chapront-Touzé & Chapront (1988). Meeus quotes an accuracy
//! of about 10″ in longitude and 4″ in latitude.
//!
//! The result is the geometric position referred to the **mean ecliptic and
//! equinox of date**. [`precession_to_j2000`] rotates it onto the mean ecliptic
//! and equinox of J2000 with the ecliptic precession angles η, Π, p of Meeus
//! (21.5) (IAU 1976 precession, Lieske et al. 1977).
//!
//! Velocity is the analytic time derivative of the series (the slow change of
//! E and of the precession matrix is neglected: < 10⁻⁵ km/s).

use nalgebra::{Matrix3, Vector3};

/// One row of Table 47.A: multiples of D, M, M′, F; Σl coefficient (10⁻⁶ deg);
/// Σr coefficient (10⁻³ km).
type LrTerm = (i8, i8, i8, i8, i32, i32);
/// One row of Table 47.B: multiples of D, M, M′, F; Σb coefficient (10⁻⁶ deg).
type BTerm = (i8, i8, i8, i8, i32);

/// Meeus Table 47.A: periodic terms for the longitude (Σl) and distance (Σr).
static TABLE_47A: [LrTerm; 60] = [
    (0, 0, 1, 0, 6_288_774, -20_905_355),
    (2, 0, -1, 0, 1_274_027, -3_699_111),
    (2, 0, 0, 0, 658_314, -2_955_968),
    (0, 0, 2, 0, 213_618, -569_925),
    (0, 1, 0, 0, -185_116, 48_888),
    (0, 0, 0, 2, -114_332, -3_149),
    (2, 0, -2, 0, 58_793, 246_158),
    (2, -1, -1, 0, 57_066, -152_138),
    (2, 0, 1, 0, 53_322, -170_733),
    (2, -1, 0, 0, 45_758, -204_586),
    (0, 1, -1, 0, -40_923, -129_620),
    (1, 0, 0, 0, -34_720, 108_743),
    (0, 1, 1, 0, -30_383, 104_755),
    (2, 0, 0, -2, 15_327, 10_321),
    (0, 0, 1, 2, -12_528, 0),
    (0, 0, 1, -2, 10_980, 79_661),
    (4, 0, -1, 0, 10_675, -34_782),
    (0, 0, 3, 0, 10_034, -23_210),
    (4, 0, -2, 0, 8_548, -21_636),
    (2, 1, -1, 0, -7_888, 24_208),
    (2, 1, 0, 0, -6_766, 30_824),
    (1, 0, -1, 0, -5_163, -8_379),
    (1, 1, 0, 0, 4_987, -16_675),
    (2, -1, 1, 0, 4_036, -12_831),
    (2, 0, 2, 0, 3_994, -10_445),
    (4, 0, 0, 0, 3_861, -11_650),
    (2, 0, -3, 0, 3_665, 14_403),
    (0, 1, -2, 0, -2_689, -7_003),
    (2, 0, -1, 2, -2_602, 0),
    (2, -1, -2, 0, 2_390, 10_056),
    (1, 0, 1, 0, -2_348, 6_322),
    (2, -2, 0, 0, 2_236, -9_884),
    (0, 1, 2, 0, -2_120, 5_751),
    (0, 2, 0, 0, -2_069, 0),
    (2, -2, -1, 0, 2_048, -4_950),
    (2, 0, 1, -2, -1_773, 4_130),
    (2, 0, 0, 2, -1_595, 0),
    (4, -1, -1, 0, 1_215, -3_958),
    (0, 0, 2, 2, -1_110, 0),
    (3, 0, -1, 0, -892, 3_258),
    (2, 1, 1, 0, -810, 2_616),
    (4, -1, -2, 0, 759, -1_897),
    (0, 2, -1, 0, -713, -2_117),
    (2, 2, -1, 0, -700, 2_354),
    (2, 1, -2, 0, 691, 0),
    (2, -1, 0, -2, 596, 0),
    (4, 0, 1, 0, 549, -1_423),
    (0, 0, 4, 0, 537, -1_117),
    (4, -1, 0, 0, 520, -1_571),
    (1, 0, -2, 0, -487, -1_739),
    (2, 1, 0, -2, -399, 0),
    (0, 0, 2, -2, -381, -4_421),
    (1, 1, 1, 0, 351, 0),
    (3, 0, -2, 0, -340, 0),
    (4, 0, -3, 0, 330, 0),
    (2, -1, 2, 0, 327, 0),
    (0, 2, 1, 0, -323, 1_165),
    (1, 1, -1, 0, 299, 0),
    (2, 0, 3, 0, 294, 0),
    (2, 0, -1, -2, 0, 8_752),
];

/// Meeus Table 47.B: periodic terms for the latitude (Σb).
static TABLE_47B: [BTerm; 60] = [
    (0, 0, 0, 1, 5_128_122),
    (0, 0, 1, 1, 280_602),
    (0, 0, 1, -1, 277_693),
    (2, 0, 0, -1, 173_237),
    (2, 0, -1, 1, 55_413),
    (2, 0, -1, -1, 46_271),
    (2, 0, 0, 1, 32_573),
    (0, 0, 2, 1, 17_198),
    (2, 0, 1, -1, 9_266),
    (0, 0, 2, -1, 8_822),
    (2, -1, 0, -1, 8_216),
    (2, 0, -2, -1, 4_324),
    (2, 0, 1, 1, 4_200),
    (2, 1, 0, -1, -3_359),
    (2, -1, -1, 1, 2_463),
    (2, -1, 0, 1, 2_211),
    (2, -1, -1, -1, 2_065),
    (0, 1, -1, -1, -1_870),
    (4, 0, -1, -1, 1_828),
    (0, 1, 0, 1, -1_794),
    (0, 0, 0, 3, -1_749),
    (0, 1, -1, 1, -1_565),
    (1, 0, 0, 1, -1_491),
    (0, 1, 1, 1, -1_475),
    (0, 1, 1, -1, -1_410),
    (0, 1, 0, -1, -1_344),
    (1, 0, 0, -1, -1_335),
    (0, 0, 3, 1, 1_107),
    (4, 0, 0, -1, 1_021),
    (4, 0, -1, 1, 833),
    (0, 0, 1, -3, 777),
    (4, 0, -2, 1, 671),
    (2, 0, 0, -3, 607),
    (2, 0, 2, -1, 596),
    (2, -1, 1, -1, 491),
    (2, 0, -2, 1, -451),
    (0, 0, 3, -1, 439),
    (2, 0, 2, 1, 422),
    (2, 0, -3, -1, 421),
    (2, 1, -1, 1, -366),
    (2, 1, 0, 1, -351),
    (4, 0, 0, 1, 331),
    (2, -1, 1, 1, 315),
    (2, -2, 0, -1, 302),
    (0, 0, 1, 3, -283),
    (2, 1, 1, -1, -229),
    (1, 1, 0, -1, 223),
    (1, 1, 0, 1, 223),
    (0, 1, -2, -1, -220),
    (2, 1, -1, -1, -220),
    (1, 0, 1, 1, -185),
    (2, -1, -2, -1, 181),
    (0, 1, 2, 1, -177),
    (4, 0, -2, -1, 176),
    (4, -1, -1, -1, 166),
    (1, 0, 1, -1, -164),
    (4, 0, 1, -1, 132),
    (1, 0, -1, -1, -119),
    (4, -1, 0, -1, 115),
    (2, -2, 0, 1, 107),
];

/// A polynomial in T (degrees, T in Julian centuries) and its derivative.
fn poly(c: &[f64], t: f64) -> (f64, f64) {
    let mut v = 0.0;
    let mut d = 0.0;
    for (k, ck) in c.iter().enumerate().rev() {
        v = v * t + ck;
        if k > 0 {
            d = d * t + ck * k as f64;
        }
    }
    (v, d)
}

/// (cos kx, sin kx) for k = −4..4 at index k + 4.
fn multiples(x: f64) -> [(f64, f64); 9] {
    let (s1, c1) = x.sin_cos();
    let mut out = [(1.0, 0.0); 9];
    for k in 1..=4 {
        let prev = out[3 + k];
        let z = cmul(prev, (c1, s1));
        out[4 + k] = z;
        out[4 - k] = (z.0, -z.1);
    }
    out
}

/// Complex product of (re, im) pairs.
fn cmul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// The Moon's geocentric spherical coordinates on the mean ecliptic and
/// equinox of date, with their rates.
#[derive(Debug, Clone, Copy)]
pub struct MoonOfDate {
    /// Longitude λ, degrees (not reduced to [0, 360)).
    pub longitude_deg: f64,
    /// Latitude β, degrees.
    pub latitude_deg: f64,
    /// Distance Δ between the centres of Earth and Moon, km.
    pub distance_km: f64,
    /// dλ/dT, degrees per Julian century.
    pub longitude_rate: f64,
    /// dβ/dT, degrees per Julian century.
    pub latitude_rate: f64,
    /// dΔ/dT, km per Julian century.
    pub distance_rate: f64,
}

/// Evaluates Meeus chapter 47 at `t` Julian centuries of TT (≈ TDB) from J2000.
pub fn moon_of_date(t: f64) -> MoonOfDate {
    // (47.1)–(47.5): mean longitude L′, elongation D, Sun's anomaly M, Moon's
    // anomaly M′, argument of latitude F (degrees).
    let (lp, lp_d) = poly(
        &[
            218.316_447_7,
            481_267.881_234_21,
            -0.001_578_6,
            1.0 / 538_841.0,
            -1.0 / 65_194_000.0,
        ],
        t,
    );
    let (d, d_d) = poly(
        &[
            297.850_192_1,
            445_267.111_403_4,
            -0.001_881_9,
            1.0 / 545_868.0,
            -1.0 / 113_065_000.0,
        ],
        t,
    );
    let (m, m_d) = poly(
        &[
            357.529_109_2,
            35_999.050_290_9,
            -0.000_153_6,
            1.0 / 24_490_000.0,
        ],
        t,
    );
    let (mp, mp_d) = poly(
        &[
            134.963_396_4,
            477_198.867_505_5,
            0.008_741_4,
            1.0 / 69_699.0,
            -1.0 / 14_712_000.0,
        ],
        t,
    );
    let (f, f_d) = poly(
        &[
            93.272_095_0,
            483_202.017_523_3,
            -0.003_653_9,
            -1.0 / 3_526_000.0,
            1.0 / 863_310_000.0,
        ],
        t,
    );
    // Additive arguments (degrees; rates in degrees per century).
    let (a1, a1_d) = (119.75 + 131.849 * t, 131.849);
    let (a2, a2_d) = (53.09 + 479_264.290 * t, 479_264.290);
    let (a3, a3_d) = (313.45 + 481_266.484 * t, 481_266.484);
    // (47.6): eccentricity of Earth's orbit factor for terms in M.
    let ecc = 1.0 - 0.002_516 * t - 0.000_007_4 * t * t;
    let e_factor = |k: i8| match k.abs() {
        1 => ecc,
        2 => ecc * ecc,
        _ => 1.0,
    };

    let rad = |x: f64| x.rem_euclid(360.0).to_radians();
    let (d, m, mp, f) = (rad(d), rad(m), rad(mp), rad(f));
    let (d_d, m_d, mp_d, f_d) = (
        d_d.to_radians(),
        m_d.to_radians(),
        mp_d.to_radians(),
        f_d.to_radians(),
    );

    // cos/sin of k·D, k·M, k·M′, k·F for k = −4..4, by complex multiplication
    // (one sin_cos per argument instead of one per term).
    let (pd, pm, pmp, pf) = (multiples(d), multiples(m), multiples(mp), multiples(f));
    let term = |kd: i8, km: i8, kmp: i8, kf: i8| {
        let idx = |k: i8| (k + 4) as usize; // |k| ≤ 4 in both tables
        let z = cmul(
            cmul(pd[idx(kd)], pm[idx(km)]),
            cmul(pmp[idx(kmp)], pf[idx(kf)]),
        );
        let arg_d =
            f64::from(kd) * d_d + f64::from(km) * m_d + f64::from(kmp) * mp_d + f64::from(kf) * f_d;
        (z.0, z.1, arg_d)
    };

    // Σl, Σr and their T-derivatives (units of the coefficients per century).
    let (mut sl, mut sr, mut sl_d, mut sr_d) = (0.0, 0.0, 0.0, 0.0);
    for &(kd, km, kmp, kf, cl, cr) in TABLE_47A.iter() {
        let (c, s, arg_d) = term(kd, km, kmp, kf);
        let w = e_factor(km);
        let (cl, cr) = (f64::from(cl) * w, f64::from(cr) * w);
        sl += cl * s;
        sl_d += cl * c * arg_d;
        sr += cr * c;
        sr_d -= cr * s * arg_d;
    }
    let (mut sb, mut sb_d) = (0.0, 0.0);
    for &(kd, km, kmp, kf, cb) in TABLE_47B.iter() {
        let (c, s, arg_d) = term(kd, km, kmp, kf);
        let cb = f64::from(cb) * e_factor(km);
        sb += cb * s;
        sb_d += cb * c * arg_d;
    }
    // Additive terms (Meeus p. 338): Venus (A₁), Jupiter (A₂), flattening of
    // Earth (L′ − F), and in latitude L′, A₃, A₁ ∓ F, L′ ∓ M′. Degrees in,
    // rates in degrees per century.
    let add = |coef: f64, arg_deg: f64, rate_deg: f64, v: &mut f64, v_d: &mut f64| {
        let (s, c) = arg_deg.to_radians().sin_cos();
        *v += coef * s;
        *v_d += coef * c * rate_deg.to_radians();
    };
    let (fd, fd_d) = (f.to_degrees(), f_d.to_degrees());
    let (mpd, mpd_d) = (mp.to_degrees(), mp_d.to_degrees());
    add(3958.0, a1, a1_d, &mut sl, &mut sl_d);
    add(1962.0, lp - fd, lp_d - fd_d, &mut sl, &mut sl_d);
    add(318.0, a2, a2_d, &mut sl, &mut sl_d);
    add(-2235.0, lp, lp_d, &mut sb, &mut sb_d);
    add(382.0, a3, a3_d, &mut sb, &mut sb_d);
    add(175.0, a1 - fd, a1_d - fd_d, &mut sb, &mut sb_d);
    add(175.0, a1 + fd, a1_d + fd_d, &mut sb, &mut sb_d);
    add(127.0, lp - mpd, lp_d - mpd_d, &mut sb, &mut sb_d);
    add(-115.0, lp + mpd, lp_d + mpd_d, &mut sb, &mut sb_d);

    MoonOfDate {
        longitude_deg: lp + sl * 1e-6,
        latitude_deg: sb * 1e-6,
        distance_km: 385_000.56 + sr * 1e-3,
        longitude_rate: lp_d + sl_d * 1e-6,
        latitude_rate: sb_d * 1e-6,
        distance_rate: sr_d * 1e-3,
    }
}

impl MoonOfDate {
    /// Cartesian position (km) and velocity (km per Julian century) on the
    /// ecliptic of date.
    pub fn cartesian(&self) -> (Vector3<f64>, Vector3<f64>) {
        let (sl, cl) = self.longitude_deg.to_radians().sin_cos();
        let (sb, cb) = self.latitude_deg.to_radians().sin_cos();
        let r = self.distance_km;
        let unit = Vector3::new(cb * cl, cb * sl, sb);
        let e_lon = Vector3::new(-sl, cl, 0.0);
        let e_lat = Vector3::new(-sb * cl, -sb * sl, cb);
        let vel = unit * self.distance_rate
            + e_lon * (r * cb * self.longitude_rate.to_radians())
            + e_lat * (r * self.latitude_rate.to_radians());
        (unit * r, vel)
    }
}

/// Rotation taking vectors on the mean ecliptic and equinox of date (`t`
/// Julian centuries from J2000) to the mean ecliptic and equinox of J2000: the IAU
/// 1976 precession of [`crate::frames::ecliptic_of_date_to_j2000`] (Lieske et al.
/// 1977; equal to Meeus's ecliptic angles η, Π, p of eqs. 21.5-21.7 to 0.0001″).
pub fn precession_to_j2000(t: f64) -> Matrix3<f64> {
    crate::frames::ecliptic_of_date_to_j2000(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Meeus Example 47.a: 1992 April 12, 0h TD (JDE 2448724.5).
    #[test]
    fn meeus_example_47a() {
        let t: f64 = (2_448_724.5 - 2_451_545.0) / 36_525.0;
        assert!((t - -0.077_221_081_451).abs() < 1e-12);
        let m = moon_of_date(t);
        // λ = 133.162655°, β = −3.229126°, Δ = 368409.7 km (Meeus p. 343).
        let lon = m.longitude_deg.rem_euclid(360.0);
        assert!((lon - 133.162_655).abs() < 2e-6, "λ = {lon}");
        assert!(
            (m.latitude_deg - -3.229_126).abs() < 2e-6,
            "β = {}",
            m.latitude_deg
        );
        assert!(
            (m.distance_km - 368_409.7).abs() < 0.1,
            "Δ = {}",
            m.distance_km
        );
    }

    #[test]
    fn rates_match_finite_differences() {
        let t = 0.2345;
        let h = 1e-7; // ≈ 5.3 min
        let m = moon_of_date(t);
        let (a, b) = (moon_of_date(t + h), moon_of_date(t - h));
        let fd = |x: f64, y: f64| (x - y) / (2.0 * h);
        assert!((fd(a.longitude_deg, b.longitude_deg) - m.longitude_rate).abs() < 1e-2);
        assert!((fd(a.latitude_deg, b.latitude_deg) - m.latitude_rate).abs() < 1e-2);
        let dr = fd(a.distance_km, b.distance_km);
        assert!(
            (dr - m.distance_rate).abs() < 1e-6 * m.distance_rate.abs().max(1e6),
            "{dr} vs {}",
            m.distance_rate
        );
        // Position/velocity consistency of the Cartesian form.
        let (pa, _) = a.cartesian();
        let (pb, _) = b.cartesian();
        let (_, v) = m.cartesian();
        assert!(((pa - pb) / (2.0 * h) - v).norm() < 1e-6 * v.norm());
    }

    #[test]
    fn precession_matches_meeus_example_21c_scale() {
        // After one century the equinox has moved p ≈ 5029.1″ along the ecliptic:
        // a point at λ = 0, β = 0 of date has J2000 longitude ≈ −p (plus η-tilt effects ≪ 1″).
        let m = precession_to_j2000(1.0);
        let v = m * Vector3::new(1.0, 0.0, 0.0);
        let lon = v.y.atan2(v.x).to_degrees() * 3600.0;
        assert!((lon - -5029.1).abs() < 5.0, "{lon}");
        assert!((m.determinant() - 1.0).abs() < 1e-12);
        // Identity at J2000.
        assert!((precession_to_j2000(0.0) - Matrix3::identity()).norm() < 1e-15);
    }
}
