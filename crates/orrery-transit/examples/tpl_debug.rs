use orrery_transit::{load, pipeline, LoadOptions, SearchConfig};
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let lc = load(&path, &LoadOptions::default()).unwrap();
    let mut cfg = SearchConfig { period_min_days: 1.0, period_max_days: Some(13.0), ..SearchConfig::default() }; if let Some(b) = std::env::args().nth(2) { cfg.template.bins_per_duration = b.parse().unwrap(); cfg.template.periods = std::env::args().nth(3).unwrap().parse().unwrap(); }
    let flat = pipeline::detrend(&lc, &cfg).unwrap();
    let bls = pipeline::bls_config(pipeline::period_grid(flat.baseline(), &cfg).unwrap(), &cfg).unwrap();
    let pg = pipeline::periodogram(&flat, &bls).unwrap();
    let s = pipeline::template_scores(&flat, &pg, &cfg, &orrery_core::progress::Silent).unwrap();
    for x in &s {
        let f = &pg.fits[x.index];
        println!("P {:.5} boxP {:.5} box_sde {:.2} tsde {:.2} boxpow {:.2} tpow {:.2} boxdur {:.3} t14 {:.3} b {} depth {:.0} boxdepth {:.0}", x.period_days, pg.periods[x.index], x.box_sde, x.sde, f.power, x.power, f.duration*24.0, x.t14_days*24.0, x.impact, x.depth*1e6, f.depth*1e6);
    }
}
