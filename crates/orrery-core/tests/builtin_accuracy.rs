//! Error of the built-in analytic ephemeris against JPL DE421, 1900–2050.
//!
//! The fixture `tests/fixtures/builtin_de421.csv` holds DE421 states every
//! 41 days (written by `tools/reference/ephem/make_builtin_accuracy_fixtures.py`
//! with jplephem 2.24). For each body the test measures the maximum and RMS
//! position error (km), the angular error as seen from the Sun (heliocentric
//! direction) and from Earth (geocentric direction), and asserts the bounds
//! documented in `docs/builtin-ephemeris.md` (a little above the measured
//! values). Run with `--nocapture` to print the table.

use nalgebra::Vector3;
use orrery_core::ephem::builtin::{Builtin, PlanetTable};
use orrery_core::{Body, Ephemeris, Epoch};

const FIXTURE: &str = include_str!("fixtures/builtin_de421.csv");
const ARCSEC: f64 = 180.0 * 3600.0 / std::f64::consts::PI;

struct Row {
    jd: f64,
    /// SSB-relative positions of Sun, 1..9 barycenters (index = NAIF id, 0 = Sun), then EMB (3) is index 3.
    ssb: [Vector3<f64>; 10],
    earth: Vector3<f64>,
    moon_geo: Vector3<f64>,
    v_mars: Vector3<f64>,
    v_emb: Vector3<f64>,
    v_moon: Vector3<f64>,
}

fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for line in FIXTURE.lines().skip(2) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        assert_eq!(v.len(), 46, "bad fixture row {line}");
        let at = |k: usize| Vector3::new(v[k], v[k + 1], v[k + 2]);
        let mut ssb = [Vector3::zeros(); 10];
        for (i, s) in ssb.iter_mut().enumerate() {
            *s = at(1 + 3 * i);
        }
        out.push(Row {
            jd: v[0],
            ssb,
            earth: at(31),
            moon_geo: at(34),
            v_mars: at(37),
            v_emb: at(40),
            v_moon: at(43),
        });
    }
    out
}

#[derive(Default)]
struct Stat {
    n: usize,
    max_km: f64,
    sum2_km: f64,
    max_helio_as: f64,
    sum2_helio_as: f64,
    max_geo_as: f64,
    sum2_geo_as: f64,
}

impl Stat {
    fn add(&mut self, km: f64, helio_as: f64, geo_as: f64) {
        self.n += 1;
        self.max_km = self.max_km.max(km);
        self.sum2_km += km * km;
        self.max_helio_as = self.max_helio_as.max(helio_as);
        self.sum2_helio_as += helio_as * helio_as;
        self.max_geo_as = self.max_geo_as.max(geo_as);
        self.sum2_geo_as += geo_as * geo_as;
    }
    fn rms(&self, s: f64) -> f64 {
        (s / self.n as f64).sqrt()
    }
}

fn angle(a: Vector3<f64>, b: Vector3<f64>) -> f64 {
    a.cross(&b).norm().atan2(a.dot(&b)) * ARCSEC
}

/// Names, and measured statistics per body, for one model variant.
fn measure(eph: &Builtin) -> Vec<(&'static str, Stat)> {
    let names = [
        "Sun",
        "Mercury bary.",
        "Venus bary.",
        "EMB",
        "Mars bary.",
        "Jupiter bary.",
        "Saturn bary.",
        "Uranus bary.",
        "Neptune bary.",
        "Pluto bary.",
    ];
    let mut stats: Vec<(&'static str, Stat)> =
        names.iter().map(|n| (*n, Stat::default())).collect();
    stats.push(("Earth", Stat::default()));
    stats.push(("Moon (geocentric)", Stat::default()));
    stats.push(("Moon", Stat::default()));
    for r in rows() {
        let ep = Epoch::from_jde_tdb(r.jd);
        let p = |t: Body| eph.position_icrf(t, Body::SSB, ep).unwrap();
        let sun_m = p(Body::SUN);
        let earth_m = p(Body::EARTH);
        for id in 0..10 {
            let body = if id == 0 { Body::SUN } else { Body(id) };
            let m = if id == 0 { sun_m } else { p(body) };
            let d = r.ssb[id as usize];
            let km = (m - d).norm();
            let helio = if id == 0 {
                0.0
            } else {
                angle(m - sun_m, d - r.ssb[0])
            };
            // The EMB seen from Earth's centre is no direction worth measuring.
            let geo = if id == 3 {
                0.0
            } else {
                angle(m - earth_m, d - r.earth)
            };
            stats[id as usize].1.add(km, helio, geo);
        }
        let km = (earth_m - r.earth).norm();
        stats[10]
            .1
            .add(km, angle(earth_m - sun_m, r.earth - r.ssb[0]), 0.0);
        let moon = eph.position_icrf(Body::MOON, Body::EARTH, ep).unwrap();
        stats[11]
            .1
            .add((moon - r.moon_geo).norm(), 0.0, angle(moon, r.moon_geo));
        let moon_ssb = p(Body::MOON);
        let d = r.earth + r.moon_geo;
        stats[12].1.add(
            (moon_ssb - d).norm(),
            angle(moon_ssb - sun_m, d - r.ssb[0]),
            0.0,
        );
    }
    stats
}

fn print(title: &str, stats: &[(&'static str, Stat)]) {
    println!("\n{title}\n| body | max km | RMS km | max ″ from Sun | RMS ″ from Sun | max ″ from Earth | RMS ″ from Earth |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, s) in stats {
        // Zero marks an angle not measured (the Sun from the Sun, Earth from Earth, ...).
        let a = |x: f64| {
            if x == 0.0 {
                "–".to_string()
            } else {
                format!("{x:.1}")
            }
        };
        println!(
            "| {name} | {:.0} | {:.0} | {} | {} | {} | {} |",
            s.max_km,
            s.rms(s.sum2_km),
            a(s.max_helio_as),
            a(s.rms(s.sum2_helio_as)),
            a(s.max_geo_as),
            a(s.rms(s.sum2_geo_as))
        );
    }
}

/// Asserts (max km, RMS km) per body in the order of `measure`.
fn check(stats: &[(&'static str, Stat)], bounds: &[(f64, f64); 13]) {
    for ((name, s), (max, rms)) in stats.iter().zip(bounds) {
        assert_eq!(s.n, 1346);
        let r = s.rms(s.sum2_km);
        assert!(
            s.max_km <= *max,
            "{name}: max error {:.0} km > {max} km",
            s.max_km
        );
        assert!(r <= *rms, "{name}: RMS error {r:.0} km > {rms} km");
    }
}

#[test]
fn default_model_against_de421_1900_2050() {
    let stats = measure(&Builtin::new());
    print("Default model (Table 1) vs DE421, 1900-2050", &stats);
    check(&stats, &BOUNDS_TABLE_1);
}

#[test]
fn table_2_against_de421_1900_2050() {
    let stats = measure(&Builtin::with_table(PlanetTable::Table2));
    print("Table 2a/2b vs DE421, 1900-2050", &stats);
    check(&stats, &BOUNDS_TABLE_2);
}

#[test]
fn velocities_against_de421() {
    let eph = Builtin::new();
    let (mut mars, mut emb, mut moon) = (0.0_f64, 0.0_f64, 0.0_f64);
    for r in rows() {
        let ep = Epoch::from_jde_tdb(r.jd);
        let v = |t, c| eph.state_icrf(t, c, ep).unwrap().velocity;
        mars = mars.max((v(Body::MARS_BARYCENTER, Body::SSB) - r.v_mars).norm());
        emb = emb.max((v(Body::EMB, Body::SSB) - r.v_emb).norm());
        moon = moon.max((v(Body::MOON, Body::EARTH) - r.v_moon).norm());
    }
    println!(
        "max velocity error km/s: Mars bary {mars:.5}, EMB {emb:.5}, Moon geocentric {moon:.6}"
    );
    assert!(mars < VEL_BOUNDS[0], "Mars velocity error {mars} km/s");
    assert!(emb < VEL_BOUNDS[1], "EMB velocity error {emb} km/s");
    assert!(moon < VEL_BOUNDS[2], "Moon velocity error {moon} km/s");
}

// Bounds (max km, RMS km) in the order of `measure`: Sun, barycenters 1..9 (3 = EMB),
// Earth, Moon (geocentric), Moon (SSB); about 10 % above the measured values.
const BOUNDS_TABLE_1: [(f64, f64); 13] = [
    (2_650.0, 1_100.0),
    (8_700.0, 2_600.0),
    (16_600.0, 7_200.0),
    (18_100.0, 7_550.0),
    (110_000.0, 39_300.0),
    (2_050_000.0, 930_000.0),
    (5_480_000.0, 3_070_000.0),
    (1_800_000.0, 500_000.0),
    (336_000.0, 212_000.0),
    (441_000.0, 219_000.0),
    (18_100.0, 7_550.0),
    (26.0, 7.0),
    (18_100.0, 7_550.0),
];
const BOUNDS_TABLE_2: [(f64, f64); 13] = [
    (2_900.0, 1_140.0),
    (7_300.0, 2_690.0),
    (20_000.0, 9_700.0),
    (30_400.0, 11_400.0),
    (197_500.0, 78_400.0),
    (2_610_000.0, 1_032_000.0),
    (9_600_000.0, 4_510_000.0),
    (9_300_000.0, 6_370_000.0),
    (7_140_000.0, 4_500_000.0),
    (5_150_000.0, 4_390_000.0),
    (30_400.0, 11_400.0),
    (26.0, 7.0),
    (30_400.0, 11_400.0),
];
// Max velocity error, km/s: Mars barycenter and EMB wrt SSB, Moon wrt Earth.
const VEL_BOUNDS: [f64; 3] = [0.0095, 0.0025, 0.00015];
