//! The day/night terminator of the ground-track map against Skyfield (fixture from
//! `tools/reference/sat/skyfield_subsolar.py`): subsolar latitude/longitude and the
//! Sun's elevation at 49 sites, 8 instants in 2020-2021, with the DE421 excerpt and
//! with the built-in analytic Sun.

use orrery_core::ephem::builtin::Builtin;
use orrery_core::ephem::spk::SpkFile;
use orrery_core::time::parse_epoch;
use orrery_core::Ephemeris;
use orrery_sat::sun::subsolar_point;
use serde_json::Value;

fn wrap_deg(d: f64) -> f64 {
    (d + 540.0).rem_euclid(360.0) - 180.0
}

/// Worst (subsolar latitude, subsolar longitude, elevation) errors in degrees.
fn worst(ephem: &dyn Ephemeris) -> (f64, f64, f64) {
    let doc: Value = serde_json::from_str(include_str!("fixtures/skyfield_subsolar.json")).unwrap();
    let (mut dlat, mut dlon, mut del) = (0.0f64, 0.0f64, 0.0f64);
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 8);
    for c in cases {
        let t = parse_epoch(&format!("{} UTC", c["utc"].as_str().unwrap())).unwrap();
        let s = subsolar_point(ephem, t).unwrap();
        let lat = c["subsolar_lat_deg"].as_f64().unwrap();
        let lon = c["subsolar_lon_deg"].as_f64().unwrap();
        dlat = dlat.max((s.lat.to_degrees() - lat).abs());
        dlon = dlon.max(wrap_deg(s.lon.to_degrees() - lon).abs());
        let grid = c["elevation_deg"].as_array().unwrap();
        assert_eq!(grid.len(), 49);
        for e in grid {
            let (la, lo, h) = (
                e[0].as_f64().unwrap(),
                e[1].as_f64().unwrap(),
                e[2].as_f64().unwrap(),
            );
            let ours = s
                .elevation_at(la.to_radians(), lo.to_radians())
                .to_degrees();
            del = del.max((ours - h).abs());
        }
    }
    (dlat, dlon, del)
}

#[test]
fn subsolar_point_and_solar_elevation_match_skyfield_with_de421() {
    let de421 = SpkFile::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../orrery-core/tests/fixtures/de421-2020-2021.bsp"
    ))
    .unwrap();
    let (dlat, dlon, del) = worst(&de421);
    eprintln!("DE421: subsolar lat {dlat:.5}°, lon {dlon:.5}°, elevation {del:.5}°");
    // Same Sun; what is left is our frame (mean equator of date + GMST 1982, no
    // nutation: ≤ 17″ in longitude, ≤ 9″ in latitude), UT1 ≈ UTC (≤ 0.9 s = 14″) and
    // the 8.8″ solar parallax in the elevation: 0.01° (36″) bounds them.
    assert!(
        dlat < 0.01 && dlon < 0.01 && del < 0.01,
        "{dlat} {dlon} {del}"
    );
}

#[test]
fn subsolar_point_and_solar_elevation_match_skyfield_with_builtin_sun() {
    let (dlat, dlon, del) = worst(&Builtin::new());
    eprintln!("built-in: subsolar lat {dlat:.5}°, lon {dlon:.5}°, elevation {del:.5}°");
    // The built-in Sun adds its own few-thousandths of a degree; a map pixel is ~0.25°.
    assert!(
        dlat < 0.015 && dlon < 0.015 && del < 0.015,
        "{dlat} {dlon} {del}"
    );
}
