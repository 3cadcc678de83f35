//! Prints the Gateway 9:2 NRHO and a JWST-like halo with published values.
use orrery_cr3bp::*;
fn main() -> Result<()> {
    let sys = System::earth_moon();
    let o = missions::resonant_nrho(&sys, 9, 2)?;
    let p = o.physical(&sys);
    println!(
        "9:2 NRHO: period {:.4} d (2/9 synodic month 6.5624 d), perilune radius {:.0} km (published ≈ 3 200-3 400 km), apolune {:.0} km (≈ 71 000 km)",
        p.period_days, p.periapsis_km, p.apoapsis_km
    );
    let se = System::sun_earth();
    let (o, ex) = missions::jwst_like(&se, missions::JWST_MAX_DISTANCE_KM)?;
    println!(
        "JWST-like: period {:.1} d (≈ 182 d), distance from L2 {:.0}-{:.0} km (published 250 000-832 000 km), Ay {:.0} km, Az {:.0} km",
        se.to_days(o.period), ex.min_distance_km, ex.max_distance_km, ex.ay_km, ex.az_km
    );
    Ok(())
}
