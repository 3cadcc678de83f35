//! Debug probe: transit fit at a given ephemeris.
use orrery_transit::fit::fit_transit;
use orrery_transit::model::Quadratic;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let lc = orrery_transit::load(std::path::Path::new(&a[1]), &Default::default()).unwrap();
    let (t, y, dy) = orrery_transit::search::flatten(&lc, 0.625, 4.0);
    let p: f64 = a[2].parse().unwrap();
    let t0: f64 = a[3].parse().unwrap();
    let f = fit_transit(
        &t,
        &y,
        &dy,
        p,
        t0,
        0.125,
        0.00022,
        Quadratic { u1: 0.4, u2: 0.25 },
        0.00139,
        1,
    );
    println!("{f:#?}");
}
