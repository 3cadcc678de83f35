use super::*;
use crate::catalog::Catalog;
use orrery_core::progress::Silent;

fn t0() -> Epoch {
    orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC").unwrap()
}

#[test]
fn absurd_requests_are_refused_naming_the_limit() {
    let cat = Catalog::bundled();
    let sats: Vec<&Satellite> = cat.satellites.iter().collect();
    let msg = |r: ScreenRequest| screen(&sats, &r, &Silent).unwrap_err().to_string();
    assert!(msg(ScreenRequest::new(t0(), 40.0 * 86_400.0, 5.0)).contains("limit of 30 days"));
    assert!(msg(ScreenRequest::new(t0(), -1.0, 5.0)).contains("positive"));
    assert!(msg(ScreenRequest::new(t0(), 0.0, 5.0)).contains("span"));
    assert!(msg(ScreenRequest::new(t0(), 3600.0, -5.0)).contains("threshold"));
    assert!(msg(ScreenRequest::new(t0(), 3600.0, 500.0)).contains("limit of 100 km"));
    assert!(msg(ScreenRequest::new(t0(), 3600.0, f64::NAN)).contains("threshold"));
    let mut r = ScreenRequest::new(t0(), 3600.0, 5.0);
    r.step_s = 600.0;
    assert!(msg(r.clone()).contains("step"));
    r.step_s = 30.0;
    r.primaries = Some(vec![99]);
    assert!(msg(r).contains("beyond the 18"));
}

#[test]
fn pieces_cover_the_samples_once() {
    let mut r = ScreenRequest::new(t0(), 86_400.0, 5.0);
    r.step_s = 30.0;
    assert_eq!(r.n_samples(), 2881);
    let p = pieces(&r, 7);
    assert_eq!(p.len(), 7);
    assert_eq!(p[0].first, 0);
    assert_eq!(p[6].end, 2881);
    assert!(p.windows(2).all(|w| w[0].end == w[1].first));
    assert_eq!(pieces(&r, 100_000).len(), 2881);
}

#[test]
fn docked_and_co_orbital_objects_are_grouped() {
    // The ISS's own element sets and the vehicles docked to it in the active catalog.
    let cat = Catalog::bundled_active().unwrap();
    let sats: Vec<&Satellite> = cat
        .satellites
        .iter()
        .filter(|s| {
            let (p, a) = shell::mean_shell(s);
            (6_700.0..6_850.0).contains(&p)
                && a < 6_850.0
                && s.elements.inclination > 51.0
                && s.elements.inclination < 52.0
        })
        .collect();
    assert!(sats.len() > 5, "{}", sats.len());
    let iss = sats.iter().position(|s| s.norad_id() == 25544).unwrap();
    let mut req = ScreenRequest::new(t0(), 6.0 * 3600.0, 5.0);
    req.primaries = Some(vec![iss]);
    let rep = screen(&sats, &req, &Silent).unwrap();
    assert!(!rep.conjunctions.is_empty());
    for row in &rep.conjunctions {
        assert_eq!(row.object1.norad_id, 25544);
        assert_eq!(row.approaches.len(), row.approach_count);
        assert!(row.approaches.iter().all(|a| a.miss_distance_km <= 5.0));
        assert!(row
            .approaches
            .iter()
            .all(|a| a.miss_distance_km >= row.closest.miss_distance_km));
    }
    // At least one docked vehicle stays with the station: many approaches, one row.
    assert!(
        rep.conjunctions.iter().any(|r| r.approach_count >= 4),
        "{:#?}",
        rep.conjunctions
            .iter()
            .map(|r| (
                &r.object2.name,
                r.approach_count,
                r.closest.miss_distance_km
            ))
            .collect::<Vec<_>>()
    );
}
