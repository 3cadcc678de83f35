//! The built-in ephemeris against published single values.
//!
//! * DE421 at 2020-07-30 00:00 TDB (JD 2459060.5), from jplephem 2.24 as quoted in
//!   `shared/data/ephemeris/README.md` (km, ICRF). Bounds are a little above
//!   the model's typical error (see `docs/builtin-ephemeris.md`).

use orrery_core::ephem::builtin::Builtin;
use orrery_core::{Body, Ephemeris, Epoch};

fn tdb(jd: f64) -> Epoch {
    Epoch::from_jde_tdb(jd)
}

fn dist(a: nalgebra::Vector3<f64>, b: [f64; 3]) -> f64 {
    (a - nalgebra::Vector3::from(b)).norm()
}

#[test]
fn de421_2020_07_30() {
    let eph = Builtin::new();
    let ep = tdb(2_459_060.5);
    let p = |t, c| eph.position_icrf(t, c, ep).unwrap();
    let mars = p(Body::MARS_BARYCENTER, Body::SSB);
    let d = dist(
        mars,
        [
            183_767_020.103_496,
            -81_567_401.728_874,
            -42_405_424.873_233,
        ],
    );
    println!("Mars {d:.0} km");
    assert!(d < 10_000.0, "Mars off by {d} km");
    let emb = p(Body::EMB, Body::SSB);
    let d = dist(emb, [9.062_110_16e7, -1.103_270_67e8, -4.781_508_32e7]);
    println!("EMB {d:.0} km");
    assert!(d < 5_000.0, "EMB off by {d} km");
    let sun = p(Body::SUN, Body::SSB);
    let d = dist(
        sun,
        [-825_661.572_824_25, 927_631.006_154_44, 413_853.616_896_3],
    );
    println!("Sun {d:.0} km");
    assert!(d < 2_000.0, "Sun off by {d} km");
    let moon = p(Body::MOON, Body::EMB);
    let d = dist(
        moon,
        [
            -131_087.105_738_74,
            -322_075.880_301_46,
            -127_660.325_043_67,
        ],
    );
    println!("Moon-EMB {d:.1} km");
    assert!(d < 30.0, "Moon off by {d} km");
    let earth = p(Body::EARTH, Body::EMB);
    let d = dist(
        earth,
        [1_612.376_238_42, 3_961.545_214_09, 1_570.226_709_41],
    );
    println!("Earth-EMB {d:.2} km");
    assert!(d < 0.5, "Earth off by {d} km");
    let me = p(Body::MARS, Body::EARTH);
    let d = dist(
        me,
        [
            93_144_306.154_693_5,
            28_755_703.796_649_25,
            5_408_088.143_707_36,
        ],
    );
    println!("Mars-Earth {d:.0} km");
    assert!(d < 15_000.0, "Mars-Earth off by {d} km");
    // Velocity of Mars: km/day in the README.
    let v = eph
        .state_icrf(Body::MARS_BARYCENTER, Body::SSB, ep)
        .unwrap()
        .velocity;
    let dv = dist(
        v,
        [
            1_018_383.663_267_716 / 86_400.0,
            1_872_785.699_349_195 / 86_400.0,
            831_541.310_932_623 / 86_400.0,
        ],
    );
    println!("Mars velocity {dv:.5} km/s");
    assert!(dv < 0.003, "Mars velocity off by {dv} km/s");
}

/// Meeus, *Astronomical Algorithms* (2nd ed.), Example 33.a: 1992 December 20,
/// 0h TD (JDE 2448976.5), heliocentric ecliptic coordinates of date from the
/// full VSOP87: Venus L = 26.11428°, B = −2.62070°, R = 0.724603 au; Earth
/// L = 88.35704°, B = 0.00014°, R = 0.983824 au. Standish's elements are good
/// to some tens of arcseconds, so the bound is 0.01° (36″) and 2·10⁻⁵ au.
#[test]
fn meeus_example_33a_heliocentric_of_date() {
    use orrery_core::ephem::builtin::moon::precession_to_j2000;
    let eph = Builtin::new();
    let jde = 2_448_976.5;
    let ep = tdb(jde);
    let to_date = precession_to_j2000((jde - 2_451_545.0) / 36_525.0).transpose();
    for (body, l, b, r) in [
        (Body::VENUS, 26.114_28, -2.620_70, 0.724_603),
        (Body::EARTH, 88.357_04, 0.000_14, 0.983_824),
    ] {
        let v = to_date * eph.state_ecliptic(body, Body::SUN, ep).unwrap().position;
        let au = 149_597_870.7;
        let lon = v.y.atan2(v.x).to_degrees().rem_euclid(360.0);
        let lat = (v.z / v.norm()).asin().to_degrees();
        let dist = v.norm() / au;
        println!("{body}: L {lon:.5} B {lat:.5} R {dist:.6}");
        assert!((lon - l).abs() < 0.01, "{body} L = {lon}");
        assert!((lat - b).abs() < 0.01, "{body} B = {lat}");
        assert!((dist - r).abs() < 2e-5, "{body} R = {dist}");
    }
}
