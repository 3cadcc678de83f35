//! The primary's radial / in-track / cross-track frame (RTN, also called RSW or RIC;
//! Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., §3.3.3):
//! R̂ = r/|r|, N̂ = (r × v)/|r × v| (along the orbit normal), T̂ = N̂ × R̂ (in the
//! orbit plane, towards the velocity for a circular orbit). The axes are those of the
//! inertial frame the state is given in (TEME here) and do not rotate with the frame:
//! a relative velocity projected on them is the inertial relative velocity, as CCSDS
//! 508.0-B-1 (CDM) defines `RELATIVE_VELOCITY_R/T/N`.

use nalgebra::Vector3;

/// Unit vectors R̂, T̂, N̂ of the state (r km, v km/s); `None` for a degenerate state
/// (zero radius or rectilinear motion).
pub fn rtn_axes(r: &Vector3<f64>, v: &Vector3<f64>) -> Option<[Vector3<f64>; 3]> {
    let rn = r.norm();
    let h = r.cross(v);
    let hn = h.norm();
    if rn == 0.0 || hn == 0.0 || !rn.is_finite() || !hn.is_finite() {
        return None;
    }
    let rh = r / rn;
    let nh = h / hn;
    let th = nh.cross(&rh);
    Some([rh, th, nh])
}

/// Components of `x` on the RTN axes of the state (r, v): `[radial, in-track, cross-track]`
/// in the units of `x`. NaN components for a degenerate state.
pub fn to_rtn(r: &Vector3<f64>, v: &Vector3<f64>, x: &Vector3<f64>) -> [f64; 3] {
    match rtn_axes(r, v) {
        Some([a, b, c]) => [a.dot(x), b.dot(x), c.dot(x)],
        None => [f64::NAN; 3],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circular_orbit_axes() {
        // Circular equatorial orbit at 7000 km, at x = 7000 moving +y.
        let r = Vector3::new(7000.0, 0.0, 0.0);
        let v = Vector3::new(0.0, 7.546, 0.0);
        let [rh, th, nh] = rtn_axes(&r, &v).unwrap();
        assert!((rh - Vector3::x()).norm() < 1e-15);
        assert!((th - Vector3::y()).norm() < 1e-15);
        assert!((nh - Vector3::z()).norm() < 1e-15);
        // A point 1 km above, 2 km ahead and 3 km north of it.
        let d = to_rtn(&r, &v, &Vector3::new(1.0, 2.0, 3.0));
        assert_eq!(d, [1.0, 2.0, 3.0]);
        assert!(to_rtn(&r, &r, &r).iter().all(|x| x.is_nan()));
    }

    #[test]
    fn rtn_preserves_length() {
        let r = Vector3::new(-4000.0, 5000.0, 2000.0);
        let v = Vector3::new(-5.0, -3.0, 4.0);
        let x = Vector3::new(0.3, -1.2, 2.5);
        let d = to_rtn(&r, &v, &x);
        let n = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        assert!((n - x.norm()).abs() < 1e-14);
    }
}
