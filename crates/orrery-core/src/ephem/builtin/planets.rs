//! Heliocentric planets from JPL's approximate Keplerian elements.
//!
//! Source: E. M. Standish (JPL Solar System Dynamics), *Keplerian Elements for
//! Approximate Positions of the Major Planets* (`approx_pos.pdf`, with the tables
//! `p_elem_t1.txt` and `p_elem_t2.txt`).
//!
//! * Table 1: elements and rates fitted to DE405 over 1800 AD – 2050 AD;
//! * Tables 2a/2b: elements and rates fitted over 3000 BC – 3000 AD, with the
//!   extra terms b, c, s, f in the mean anomaly of Jupiter … Pluto.
//!
//! The elements are heliocentric, on the mean ecliptic and equinox of J2000.
//! The "EM Bary" row is the Earth–Moon barycenter; the other rows stand for the
//! planets, which in practice are fitted to the planetary system barycenters.
//!
//! The recipe (Standish, section "Computing the positions"):
//! 1. each element is `x = x₀ + ẋ·T`, `T` = Julian centuries of TDB from J2000;
//! 2. ω = ϖ − Ω and M = L − ϖ + b·T² + c·cos(fT) + s·sin(fT);
//! 3. solve Kepler's equation M = E − e·sin E;
//! 4. x′ = a(cos E − e), y′ = a√(1−e²)·sin E in the orbital plane;
//! 5. rotate by ω, I, Ω onto the ecliptic of J2000.
//!
//! Velocity is the time derivative of steps 2–4 with the slowly changing
//! elements a, e, I, ω, Ω held fixed (their rates are ≤ 10⁻⁵ of the mean motion).

use nalgebra::{Matrix3, Vector3};
use std::f64::consts::TAU;

pub use crate::bodies::AU_KM;

/// Seconds in a Julian century.
pub const SECONDS_PER_CENTURY: f64 = 36_525.0 * 86_400.0;

/// One row of Standish's tables: value at J2000 and rate per Julian century.
///
/// Units as published: a in au (au/cy), e (1/cy), I, L, ϖ (long. peri.), Ω
/// (long. node) in degrees (deg/cy).
#[derive(Debug, Clone, Copy)]
pub struct Elements {
    /// [a, e, I, L, ϖ, Ω] at J2000.
    pub at_j2000: [f64; 6],
    /// Their rates per Julian century.
    pub rate: [f64; 6],
    /// Extra mean-anomaly terms [b (deg/cy²), c (deg), s (deg), f (deg/cy)] (Table 2b).
    pub bcsf: [f64; 4],
}

const NO_BCSF: [f64; 4] = [0.0; 4];

/// Table 1 (1800 AD – 2050 AD), rows Mercury, Venus, EM Bary, Mars, Jupiter,
/// Saturn, Uranus, Neptune, Pluto.
pub const TABLE_1: [Elements; 9] = [
    Elements {
        at_j2000: [
            0.387_099_27,
            0.205_635_93,
            7.004_979_02,
            252.250_323_50,
            77.457_796_28,
            48.330_765_93,
        ],
        rate: [
            0.000_000_37,
            0.000_019_06,
            -0.005_947_49,
            149_472.674_111_75,
            0.160_476_89,
            -0.125_340_81,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            0.723_335_66,
            0.006_776_72,
            3.394_676_05,
            181.979_099_50,
            131.602_467_18,
            76.679_842_55,
        ],
        rate: [
            0.000_003_90,
            -0.000_041_07,
            -0.000_788_90,
            58_517.815_387_29,
            0.002_683_29,
            -0.277_694_18,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            1.000_002_61,
            0.016_711_23,
            -0.000_015_31,
            100.464_571_66,
            102.937_681_93,
            0.0,
        ],
        rate: [
            0.000_005_62,
            -0.000_043_92,
            -0.012_946_68,
            35_999.372_449_81,
            0.323_273_64,
            0.0,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            1.523_710_34,
            0.093_394_10,
            1.849_691_42,
            -4.553_432_05,
            -23.943_629_59,
            49.559_538_91,
        ],
        rate: [
            0.000_018_47,
            0.000_078_82,
            -0.008_131_31,
            19_140.302_684_99,
            0.444_410_88,
            -0.292_573_43,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            5.202_887_00,
            0.048_386_24,
            1.304_396_95,
            34.396_440_51,
            14.728_479_83,
            100.473_909_09,
        ],
        rate: [
            -0.000_116_07,
            -0.000_132_53,
            -0.001_837_14,
            3_034.746_127_75,
            0.212_526_68,
            0.204_691_06,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            9.536_675_94,
            0.053_861_79,
            2.485_991_87,
            49.954_244_23,
            92.598_878_31,
            113.662_424_48,
        ],
        rate: [
            -0.001_250_60,
            -0.000_509_91,
            0.001_936_09,
            1_222.493_622_01,
            -0.418_972_16,
            -0.288_677_94,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            19.189_164_64,
            0.047_257_44,
            0.772_637_83,
            313.238_104_51,
            170.954_276_30,
            74.016_925_03,
        ],
        rate: [
            -0.001_961_76,
            -0.000_043_97,
            -0.002_429_39,
            428.482_027_85,
            0.408_052_81,
            0.042_405_89,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            30.069_922_76,
            0.008_590_48,
            1.770_043_47,
            -55.120_029_69,
            44.964_762_27,
            131.784_225_74,
        ],
        rate: [
            0.000_262_91,
            0.000_051_05,
            0.000_353_72,
            218.459_453_25,
            -0.322_414_64,
            -0.005_086_64,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            39.482_116_75,
            0.248_827_30,
            17.140_012_06,
            238.929_038_33,
            224.068_916_29,
            110.303_936_84,
        ],
        rate: [
            -0.000_315_96,
            0.000_051_70,
            0.000_048_18,
            145.207_805_15,
            -0.040_629_42,
            -0.011_834_82,
        ],
        bcsf: NO_BCSF,
    },
];

/// Tables 2a and 2b (3000 BC – 3000 AD), same row order as [`TABLE_1`].
pub const TABLE_2: [Elements; 9] = [
    Elements {
        at_j2000: [
            0.387_098_43,
            0.205_636_61,
            7.005_594_32,
            252.251_667_24,
            77.457_718_95,
            48.339_618_19,
        ],
        rate: [
            0.0,
            0.000_021_23,
            -0.005_901_58,
            149_472.674_866_23,
            0.159_400_13,
            -0.122_141_82,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            0.723_321_02,
            0.006_763_99,
            3.397_775_45,
            181.979_708_50,
            131.767_557_13,
            76.672_614_96,
        ],
        rate: [
            -0.000_000_26,
            -0.000_051_07,
            0.000_434_94,
            58_517.815_602_60,
            0.056_796_48,
            -0.272_741_74,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            1.000_000_18,
            0.016_731_63,
            -0.000_543_46,
            100.466_915_72,
            102.930_058_85,
            -5.112_603_89,
        ],
        rate: [
            -0.000_000_03,
            -0.000_036_61,
            -0.013_371_78,
            35_999.373_063_29,
            0.317_952_60,
            -0.241_238_56,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            1.523_712_43,
            0.093_365_11,
            1.851_818_69,
            -4.568_131_64,
            -23.917_447_84,
            49.713_209_84,
        ],
        rate: [
            0.000_000_97,
            0.000_091_49,
            -0.007_247_57,
            19_140.299_342_43,
            0.452_236_25,
            -0.268_524_31,
        ],
        bcsf: NO_BCSF,
    },
    Elements {
        at_j2000: [
            5.202_480_19,
            0.048_535_90,
            1.298_614_16,
            34.334_791_52,
            14.274_952_44,
            100.292_826_54,
        ],
        rate: [
            -0.000_028_64,
            0.000_180_26,
            -0.003_226_99,
            3_034.903_717_57,
            0.181_991_96,
            0.130_246_19,
        ],
        bcsf: [-0.000_124_52, 0.060_640_60, -0.356_354_38, 38.351_250_00],
    },
    Elements {
        at_j2000: [
            9.541_498_83,
            0.055_508_25,
            2.494_241_02,
            50.075_713_29,
            92.861_360_63,
            113.639_987_02,
        ],
        rate: [
            -0.000_030_65,
            -0.000_320_44,
            0.004_519_69,
            1_222.114_947_24,
            0.541_794_78,
            -0.250_150_02,
        ],
        bcsf: [0.000_258_99, -0.134_344_69, 0.873_201_47, 38.351_250_00],
    },
    Elements {
        at_j2000: [
            19.187_979_48,
            0.046_857_40,
            0.772_981_27,
            314.202_766_25,
            172.434_044_41,
            73.962_502_15,
        ],
        rate: [
            -0.000_204_55,
            -0.000_015_50,
            -0.001_801_55,
            428.495_125_95,
            0.092_669_85,
            0.057_396_99,
        ],
        bcsf: [0.000_583_31, -0.977_318_48, 0.176_892_45, 7.670_250_00],
    },
    Elements {
        at_j2000: [
            30.069_527_52,
            0.008_954_39,
            1.770_055_20,
            304.222_892_87,
            46.681_587_24,
            131.786_358_53,
        ],
        rate: [
            0.000_064_47,
            0.000_008_18,
            0.000_224_00,
            218.465_153_14,
            0.010_099_38,
            -0.006_063_02,
        ],
        bcsf: [-0.000_413_48, 0.683_463_18, -0.101_625_47, 7.670_250_00],
    },
    Elements {
        at_j2000: [
            39.486_860_35,
            0.248_852_38,
            17.141_042_60,
            238.965_350_11,
            224.097_025_98,
            110.301_679_86,
        ],
        rate: [
            0.004_497_51,
            0.000_060_16,
            0.000_005_01,
            145.180_429_03,
            -0.009_688_27,
            -0.008_099_81,
        ],
        bcsf: [-0.012_627_24, 0.0, 0.0, 0.0],
    },
];

/// Solves Kepler's equation `M = E − e·sin E` for E (radians), 0 ≤ e < 1.
///
/// Newton's method from the start `E₀ = M + e·sin M` (Standish, step 3; for
/// e ≤ 0.25, as here, it converges in ≤ 5 steps to 1e-15). `M` is first
/// reduced to [−π, π]. At most 50 steps, so it always returns.
pub fn solve_kepler(mean_anomaly: f64, e: f64) -> f64 {
    let m = (mean_anomaly + std::f64::consts::PI).rem_euclid(TAU) - std::f64::consts::PI;
    // For high e a start at π avoids Newton overshoot near perihelion (Danby 1987).
    let mut ecc = if e > 0.8 {
        m.signum() * std::f64::consts::PI
    } else {
        m + e * m.sin()
    };
    for _ in 0..50 {
        let (s, c) = ecc.sin_cos();
        let f = ecc - e * s - m;
        let step = f / (1.0 - e * c);
        ecc -= step;
        if step.abs() < 1e-15 {
            break;
        }
    }
    ecc
}

/// Heliocentric state of one row of elements at `t` Julian centuries of TDB
/// from J2000, on the **mean ecliptic and equinox of J2000**: position in km,
/// velocity in km/s.
pub fn heliocentric_ecliptic(el: &Elements, t: f64) -> (Vector3<f64>, Vector3<f64>) {
    let v = |k: usize| el.at_j2000[k] + el.rate[k] * t;
    let a = v(0) * AU_KM;
    let e = v(1);
    let inc = v(2).to_radians();
    let l = v(3);
    let peri = v(4);
    let node = v(5);
    let [b, c, s, f] = el.bcsf;
    // Step 2: ω = ϖ − Ω; M = L − ϖ + bT² + c cos(fT) + s sin(fT)   (degrees).
    let omega = (peri - node).to_radians();
    let ft = (f * t).to_radians();
    let (sin_ft, cos_ft) = ft.sin_cos();
    let m = (l - peri + b * t * t + c * cos_ft + s * sin_ft).to_radians();
    // dM/dT in rad per century: L̇ − ϖ̇ + 2bT + f(−c sin fT + s cos fT)·(π/180).
    let m_dot_cy = (el.rate[3] - el.rate[4] + 2.0 * b * t).to_radians()
        + f.to_radians() * (-c * sin_ft + s * cos_ft).to_radians();
    // Rates of the other elements, per second.
    let per_s = 1.0 / SECONDS_PER_CENTURY;
    let m_dot = m_dot_cy * per_s;
    let a_dot = el.rate[0] * AU_KM * per_s;
    let e_dot = el.rate[1] * per_s;
    let inc_dot = el.rate[2].to_radians() * per_s;
    let node_dot = el.rate[5].to_radians() * per_s;
    let omega_dot = (el.rate[4] - el.rate[5]).to_radians() * per_s;
    // Step 3.
    let ecc = solve_kepler(m, e);
    let (sin_e, cos_e) = ecc.sin_cos();
    let root = (1.0 - e * e).sqrt();
    // Step 4: orbital-plane position and its time derivative. From
    // M = E − e sin E: Ė = (Ṁ + ė sin E) / (1 − e cos E).
    let xp = a * (cos_e - e);
    let yp = a * root * sin_e;
    let ecc_dot = (m_dot + e_dot * sin_e) / (1.0 - e * cos_e);
    let vxp = a_dot * (cos_e - e) - a * (sin_e * ecc_dot + e_dot);
    let vyp = a_dot * root * sin_e - a * e * e_dot / root * sin_e + a * root * cos_e * ecc_dot;
    // Step 5: r = R3(−Ω) R1(−I) R3(−ω) r′. Its derivative adds the rotation of the
    // orbit: (Ω̇ ẑ + İ n̂ + ω̇ ĥ) × r, with n̂ the node line and ĥ the orbit pole.
    let node = node.to_radians();
    let rot = orbit_to_ecliptic(omega, inc, node);
    let pos = rot * Vector3::new(xp, yp, 0.0);
    let (sn, cn) = node.sin_cos();
    let spin = Vector3::z() * node_dot
        + Vector3::new(cn, sn, 0.0) * inc_dot
        + rot.column(2).into_owned() * omega_dot;
    let vel = rot * Vector3::new(vxp, vyp, 0.0) + spin.cross(&pos);
    (pos, vel)
}

/// Rotation from the orbital plane (x toward perihelion) to the ecliptic:
/// the matrix of Standish's step 5, completed with its third column, the orbit pole.
fn orbit_to_ecliptic(omega: f64, inc: f64, node: f64) -> Matrix3<f64> {
    let (sw, cw) = omega.sin_cos();
    let (si, ci) = inc.sin_cos();
    let (sn, cn) = node.sin_cos();
    Matrix3::new(
        cw * cn - sw * sn * ci,
        -sw * cn - cw * sn * ci,
        sn * si,
        cw * sn + sw * cn * ci,
        -sw * sn + cw * cn * ci,
        -cn * si,
        sw * si,
        cw * si,
        ci,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kepler_solves_the_equation() {
        for &e in &[0.0, 0.01, 0.2, 0.25, 0.6, 0.9, 0.99] {
            for k in -40..=40 {
                let m = f64::from(k) * 0.173;
                let ecc = solve_kepler(m, e);
                let back = ecc - e * ecc.sin();
                let mr = (m + std::f64::consts::PI).rem_euclid(TAU) - std::f64::consts::PI;
                assert!((back - mr).abs() < 1e-12, "e={e} M={m}: {back} vs {mr}");
            }
        }
    }

    /// Meeus, *Astronomical Algorithms* (2nd ed.), Example 30.a:
    /// e = 0.100, M = 5° gives E = 5.554589°.
    #[test]
    fn kepler_meeus_example_30a() {
        let ecc = solve_kepler(5f64.to_radians(), 0.1).to_degrees();
        assert!((ecc - 5.554_589).abs() < 1e-6, "{ecc}");
    }

    #[test]
    fn velocity_is_derivative_of_position() {
        // Central difference over ±60 s against the analytic velocity.
        for table in [&TABLE_1, &TABLE_2] {
            for el in table.iter() {
                let t = 0.2057;
                let h = 60.0 / SECONDS_PER_CENTURY;
                let (_, v) = heliocentric_ecliptic(el, t);
                let (p1, _) = heliocentric_ecliptic(el, t + h);
                let (p0, _) = heliocentric_ecliptic(el, t - h);
                let fd = (p1 - p0) / 120.0;
                assert!(
                    (fd - v).norm() < 1e-8 * v.norm(),
                    "{} vs {}",
                    fd.transpose(),
                    v.transpose()
                );
            }
        }
    }
}
