//! Synthetic pure-noise light curves for false-alarm checks (shared by
//! tests/false_alarm.rs and examples/false_alarm.rs).

use orrery_transit::LightCurve;

/// Deterministic generator (SplitMix64) with Box-Muller normals.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A 27-day, 30-minute-cadence light curve (one TESS-sector-like span, with
/// the mid-sector gap) of white noise `sigma_white` plus, when `tau` > 0, red
/// noise: an AR(1) (Ornstein-Uhlenbeck) process of amplitude `sigma_red` and
/// correlation time `tau` days.
pub fn noise_curve(seed: u64, sigma_white: f64, sigma_red: f64, tau: f64) -> LightCurve {
    let mut rng = Rng::new(seed);
    let dt = 30.0 / 1440.0;
    let phi = if tau > 0.0 { (-dt / tau).exp() } else { 0.0 };
    let mut red = 0.0;
    let (mut time, mut flux) = (Vec::new(), Vec::new());
    for i in 0..1296 {
        let t = i as f64 * dt;
        red = phi * red + sigma_red * (1.0 - phi * phi).sqrt() * rng.normal();
        if (13.0..14.0).contains(&t) {
            continue;
        }
        time.push(t);
        flux.push(1.0 + sigma_white * rng.normal() + if tau > 0.0 { red } else { 0.0 });
    }
    let n = time.len();
    LightCurve {
        flux_err: Some(vec![sigma_white; n]),
        time,
        flux,
        bjd_ref: None,
        target: format!("noise-{seed}"),
        mission: "synthetic".into(),
        sources: vec![],
        n_raw: n,
    }
}
