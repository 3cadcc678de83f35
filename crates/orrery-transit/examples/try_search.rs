//! Runs the search on files given on the command line and prints JSON.
fn main() {
    for a in std::env::args().skip(1) {
        let t = std::time::Instant::now();
        match orrery_transit::load(std::path::Path::new(&a), &Default::default())
            .and_then(|lc| orrery_transit::search(&lc, &Default::default()))
        {
            Ok(r) => {
                println!(
                    "{} n={} periods={} {:.2}s",
                    r.target,
                    r.n_points,
                    r.n_periods,
                    t.elapsed().as_secs_f64()
                );
                for c in &r.candidates {
                    println!("  P={:.5} t0bjd={:?} dur={:.2}h depth={:.0}ppm snr={:.1} sde={:.1} sig={} ntr={} oe={:.1} sec={:.1}",
                        c.period, c.t0_bjd, c.duration*24.0, c.depth*1e6, c.snr, c.sde, c.significant, c.vetting.n_transits, c.vetting.odd_even_sigma, c.vetting.secondary_snr);
                    if let Some(f) = &c.fit {
                        println!("     fit P={:.6}±{:.6} t0={:.5} rp={:.4} a={:.2} b={:.2} depth={:.0}ppm t14={:.2}h chi2={:.2}", f.params.period, f.period_err, f.params.t0, f.params.rp, f.params.a, f.params.b, f.depth*1e6, f.t14*24.0, f.chi2_red);
                    }
                }
            }
            Err(e) => println!("{a}: {e}"),
        }
    }
}
