//! Contour lines of a gridded field by marching squares (Lorensen & Cline 1987,
//! in its 2-D form): each grid cell whose corners straddle the level gets one or
//! two line segments, with the crossing points linearly interpolated on its
//! edges; saddle cells are resolved with the cell-centre average. Cells with a
//! NaN corner are skipped, so invalid porkchop cells leave gaps.

/// A line segment `[(x0, y0), (x1, y1)]`.
pub type Segment = [(f64, f64); 2];

/// Segments of the contour `z = level`. `z[i * y.len() + j]` is the value at
/// `(x[i], y[j])`.
pub fn contour(x: &[f64], y: &[f64], z: &[f64], level: f64) -> Vec<Segment> {
    let (nx, ny) = (x.len(), y.len());
    let mut out = Vec::new();
    if nx < 2 || ny < 2 || z.len() != nx * ny {
        return out;
    }
    let at = |i: usize, j: usize| z[i * ny + j];
    for i in 0..nx - 1 {
        for j in 0..ny - 1 {
            // Corners counter-clockwise: a (i,j), b (i+1,j), c (i+1,j+1), d (i,j+1).
            let p = [
                (x[i], y[j], at(i, j)),
                (x[i + 1], y[j], at(i + 1, j)),
                (x[i + 1], y[j + 1], at(i + 1, j + 1)),
                (x[i], y[j + 1], at(i, j + 1)),
            ];
            if p.iter().any(|c| !c.2.is_finite()) {
                continue;
            }
            let above = p.map(|c| c.2 >= level);
            // Crossing on edge k (corner k to corner k+1), if any.
            let cross = |k: usize| -> Option<(f64, f64)> {
                let (a, b) = (p[k], p[(k + 1) % 4]);
                if above[k] == above[(k + 1) % 4] {
                    return None;
                }
                let t = (level - a.2) / (b.2 - a.2);
                Some((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
            };
            let e: [Option<(f64, f64)>; 4] = [cross(0), cross(1), cross(2), cross(3)];
            let pts: Vec<(usize, (f64, f64))> = e
                .iter()
                .enumerate()
                .filter_map(|(k, c)| c.map(|c| (k, c)))
                .collect();
            match pts.len() {
                2 => out.push([pts[0].1, pts[1].1]),
                4 => {
                    let centre = 0.25 * (p[0].2 + p[1].2 + p[2].2 + p[3].2);
                    if (centre >= level) == above[0] {
                        // a and c connected through the centre: cut corners b and d.
                        out.push([pts[0].1, pts[1].1]);
                        out.push([pts[2].1, pts[3].1]);
                    } else {
                        out.push([pts[3].1, pts[0].1]);
                        out.push([pts[1].1, pts[2].1]);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Contours of r² = x² + y² lie on circles.
    #[test]
    fn circle() {
        let x: Vec<f64> = (0..41).map(|k| -2.0 + 0.1 * k as f64).collect();
        let y = x.clone();
        let z: Vec<f64> = x
            .iter()
            .flat_map(|a| y.iter().map(move |b| a * a + b * b))
            .collect();
        let segs = contour(&x, &y, &z, 1.0);
        assert!(segs.len() > 40);
        for s in &segs {
            for (px, py) in s {
                assert!(((px * px + py * py).sqrt() - 1.0).abs() < 0.01);
            }
        }
        // NaN corners are skipped; bad shapes give nothing.
        let mut zn = z.clone();
        zn[20 * 41 + 30] = f64::NAN;
        assert!(contour(&x, &y, &zn, 1.0).len() <= segs.len());
        assert!(contour(&x, &y[..3], &z, 1.0).is_empty());
    }
}
