//! Mandel & Agol quadratic model against batman 2.5.3 (fixture made by
//! tools/reference/transit/make_fixtures.py): |Δflux| < 1e-6.

use orrery_transit::model::{Quadratic, TransitParams};

#[test]
fn matches_batman() {
    let mut worst = [0.0f64; 8];
    let mut n = 0;
    for l in include_str!("fixtures/batman.csv").lines().skip(2) {
        let v: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
        let (case, rp, a, inc, u1, u2, t, want) =
            (v[0] as usize, v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        let p = TransitParams {
            t0_days: 0.0,
            period_days: 3.0,
            rp,
            a,
            b: a * inc.to_radians().cos(),
            ld: Quadratic { u1, u2 },
        };
        let got = p.flux(t);
        worst[case] = worst[case].max((got - want).abs());
        n += 1;
    }
    assert!(n > 1500);
    for (c, w) in worst.iter().enumerate() {
        assert!(*w < 1e-6, "case {c}: worst |Δflux| = {w:e}");
    }
}
