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

/// Joins segments that share end points into polylines (each segment's points are
/// matched exactly: marching squares computes a shared edge crossing once per cell
/// side, with the same arithmetic, so neighbours agree bit for bit). A closed contour
/// comes back with its first point repeated at the end.
pub fn polylines(segments: &[Segment]) -> Vec<Vec<(f64, f64)>> {
    use std::collections::HashMap;
    let key = |p: (f64, f64)| (p.0.to_bits(), p.1.to_bits());
    // Each point's segments (at most two on a contour; saddles give separate points).
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::with_capacity(segments.len() * 2);
    for (k, s) in segments.iter().enumerate() {
        at.entry(key(s[0])).or_default().push(k);
        at.entry(key(s[1])).or_default().push(k);
    }
    let mut used = vec![false; segments.len()];
    let mut out = Vec::new();
    let next = |p: (f64, f64), used: &[bool]| -> Option<usize> {
        at.get(&key(p))?.iter().copied().find(|&k| !used[k])
    };
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line = vec![segments[start][0], segments[start][1]];
        // Grow forward from the end, then backward from the start.
        for forward in [true, false] {
            loop {
                let tip = if forward {
                    line[line.len() - 1]
                } else {
                    line[0]
                };
                let Some(k) = next(tip, &used) else { break };
                used[k] = true;
                let s = segments[k];
                let other = if key(s[0]) == key(tip) { s[1] } else { s[0] };
                if forward {
                    line.push(other);
                } else {
                    line.insert(0, other);
                }
            }
        }
        out.push(line);
    }
    out
}

/// Every `stride`-th sample of a grid `z[i * ny + j]` on both axes (the last row and
/// column always kept), with its axes: contours of a grid much finer than the picture
/// they are drawn in look the same from the subsampled grid and cost far less.
pub fn subsample(x: &[f64], y: &[f64], z: &[f64], stride: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let stride = stride.max(1);
    let pick = |n: usize| -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).step_by(stride).collect();
        if n > 0 && v.last() != Some(&(n - 1)) {
            v.push(n - 1);
        }
        v
    };
    let (ix, iy) = (pick(x.len()), pick(y.len()));
    let ny = y.len();
    let zs = ix
        .iter()
        .flat_map(|&i| iy.iter().map(move |&j| z[i * ny + j]))
        .collect();
    (
        ix.iter().map(|&i| x[i]).collect(),
        iy.iter().map(|&j| y[j]).collect(),
        zs,
    )
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
        // Joined, the circle is one closed polyline of all the segments.
        let lines = polylines(&segs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].len(), segs.len() + 1);
        assert_eq!(lines[0].first(), lines[0].last());
        // Subsampled every 2nd point, the contour is still on the circle.
        let (xs, ys, zs) = subsample(&x, &y, &z, 2);
        assert_eq!((xs.len(), ys.len()), (21, 21));
        for s in contour(&xs, &ys, &zs, 1.0) {
            for (px, py) in s {
                assert!(((px * px + py * py).sqrt() - 1.0).abs() < 0.03);
            }
        }
    }
}
