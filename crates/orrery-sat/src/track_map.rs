//! The ground-track map of `orrery track --plot`: an equirectangular world map
//! (longitude × latitude in degrees) with the bundled coastlines, a 30° grid, the
//! night side shaded from the Sun's position at the plot time, the ground track split
//! at the antimeridian, the current sub-satellite point and an optional observer.

use crate::coastline::Coastlines;
use crate::sun::Subsolar;
use orrery_plot::plotters::coord::Shift;
use orrery_plot::plotters::prelude::*;
use orrery_plot::{font, DrawResult, Figure};
use std::path::Path;

/// Pixel size of the saved map.
pub const MAP_SIZE: (u32, u32) = (1500, 820);

/// A ground-track map.
pub struct TrackMap<'a> {
    /// Chart title.
    pub title: String,
    /// Land polygons.
    pub coastlines: &'a Coastlines,
    /// Sub-satellite points (lon, lat), degrees, in time order; non-finite values
    /// (failed propagation) break the line.
    pub track: &'a [(f64, f64)],
    /// The sub-satellite point at the plot time (lon, lat), degrees, and its label.
    pub current: Option<((f64, f64), String)>,
    /// The observer (lon, lat), degrees, and its label.
    pub observer: Option<((f64, f64), String)>,
    /// The Sun at the plot time; its night side is shaded.
    pub subsolar: Option<Subsolar>,
}

/// Longitude wrapped into [−180°, 180°), degrees.
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Splits a ground track (lon, lat in degrees, time order) into polylines that do not
/// cross the antimeridian: where consecutive points are more than 180° apart in
/// longitude the track left the map on one side; the crossing latitude is
/// interpolated linearly in the unwrapped longitude and each piece ends on the map
/// edge (±180°). Non-finite points end a piece without a join.
pub fn split_antimeridian(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut prev: Option<(f64, f64)> = None;
    for &(lon, lat) in points {
        if !lon.is_finite() || !lat.is_finite() {
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            prev = None;
            continue;
        }
        let p = (wrap_lon(lon), lat);
        if let Some(a) = prev {
            let d = p.0 - a.0;
            if d.abs() > 180.0 {
                // Unwrapped: eastward when d < -180 (e.g. 179° → -179°).
                let (edge, b_lon) = if d < 0.0 {
                    (180.0, p.0 + 360.0)
                } else {
                    (-180.0, p.0 - 360.0)
                };
                let f = (edge - a.0) / (b_lon - a.0);
                let lat_c = a.1 + f * (p.1 - a.1);
                cur.push((edge, lat_c));
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
                cur.push((-edge, lat_c));
            }
        }
        cur.push(p);
        prev = Some(p);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn lon_label(v: f64) -> String {
    let v = v.round();
    if v == 0.0 || v.abs() == 180.0 {
        format!("{}°", v.abs())
    } else if v > 0.0 {
        format!("{v}°E")
    } else {
        format!("{}°W", -v)
    }
}

fn lat_label(v: f64) -> String {
    let v = v.round();
    if v == 0.0 {
        "0°".into()
    } else if v > 0.0 {
        format!("{v}°N")
    } else {
        format!("{}°S", -v)
    }
}

impl Figure for TrackMap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let lons: Vec<f64> = (0..=12).map(|k| -180.0 + 30.0 * k as f64).collect();
        let lats: Vec<f64> = (0..=6).map(|k| -90.0 + 30.0 * k as f64).collect();
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, font(20.0))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(55)
            .build_cartesian_2d(-180.0..180.0, -90.0..90.0)?;
        let sea = RGBColor(214, 230, 245);
        let land = RGBColor(232, 226, 206);
        let coast = RGBColor(120, 110, 90);
        chart.plotting_area().fill(&sea)?;
        for r in &self.coastlines.rings {
            let fill = if r.hole { sea } else { land };
            chart.draw_series(std::iter::once(Polygon::new(
                r.points.clone(),
                fill.filled(),
            )))?;
            chart.draw_series(std::iter::once(PathElement::new(
                r.points.clone(),
                coast.stroke_width(1),
            )))?;
        }
        if let Some(s) = self.subsolar {
            chart.draw_series(std::iter::once(Polygon::new(
                s.night_polygon(360),
                BLACK.mix(0.22).filled(),
            )))?;
        }
        // The 30° grid and its labels by hand: plotters' automatic ticks avoid 30°.
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc("longitude")
            .y_desc("latitude (geodetic, WGS-84)")
            .axis_desc_style(font(14.0))
            .draw()?;
        let grid = BLACK.mix(0.25);
        for &lon in &lons {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(lon, -90.0), (lon, 90.0)],
                grid,
            )))?;
            let (x, y) = chart.backend_coord(&(lon, -90.0));
            root.draw(&Text::new(lon_label(lon), (x - 14, y + 6), font(13.0)))?;
        }
        for &lat in &lats {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(-180.0, lat), (180.0, lat)],
                grid,
            )))?;
            let (x, y) = chart.backend_coord(&(-180.0, lat));
            root.draw(&Text::new(lat_label(lat), (x - 42, y - 7), font(13.0)))?;
        }
        let track_style = RGBColor(200, 30, 30).stroke_width(2);
        for (k, piece) in split_antimeridian(self.track).into_iter().enumerate() {
            let s = chart.draw_series(std::iter::once(PathElement::new(piece, track_style)))?;
            if k == 0 {
                s.label("ground track")
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], track_style));
            }
        }
        if let Some(s) = self.subsolar {
            let p = (wrap_lon(s.lon.to_degrees()), s.lat.to_degrees());
            let sun = RGBColor(250, 190, 0);
            chart
                .draw_series(std::iter::once(Circle::new(p, 8, sun.filled())))?
                .label("subsolar point (night shaded)")
                .legend(move |(x, y)| Circle::new((x + 10, y), 6, sun.filled()));
        }
        if let Some((p, label)) = &self.observer {
            let p = (wrap_lon(p.0), p.1);
            let blue = RGBColor(20, 70, 200);
            chart
                .draw_series(std::iter::once(TriangleMarker::new(p, 8, blue.filled())))?
                .label(format!("observer: {label}"))
                .legend(move |(x, y)| TriangleMarker::new((x + 10, y), 6, blue.filled()));
        }
        if let Some((p, label)) = &self.current {
            let p = (wrap_lon(p.0), p.1);
            let red = RGBColor(200, 30, 30);
            chart.draw_series(std::iter::once(Circle::new(p, 7, red.filled())))?;
            chart
                .draw_series(std::iter::once(Circle::new(p, 11, red.stroke_width(2))))?
                .label(format!("satellite at {label}"))
                .legend(move |(x, y)| Circle::new((x + 10, y), 6, red.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font(font(13.0))
            .draw()?;
        Ok(())
    }
}

/// Draws `map` into `path` (`.svg` or `.png`, by extension) at [`MAP_SIZE`].
pub fn save_track_map(map: &TrackMap<'_>, path: &Path) -> crate::Result<()> {
    Ok(orrery_plot::save(map, path, MAP_SIZE)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_is_split_at_the_antimeridian_on_the_edge() {
        // Eastward across 180° between 170°E and 170°W: crossing midway.
        let p = split_antimeridian(&[(160.0, 0.0), (170.0, 10.0), (-170.0, 30.0), (-160.0, 40.0)]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].last().copied(), Some((180.0, 20.0)));
        assert_eq!(p[1].first().copied(), Some((-180.0, 20.0)));
        assert_eq!(p[0].len() + p[1].len(), 6);
        // Westward from 175°W to 170°E, the latter given as 530° (wrapped first):
        // crossing a third of the way.
        let p = split_antimeridian(&[(-175.0, -10.0), (530.0, -25.0)]);
        assert_eq!(p.len(), 2);
        let (edge, lat) = p[0][1];
        assert!(edge == -180.0 && (lat + 15.0).abs() < 1e-12, "{lat}");
        assert_eq!(p[1][0], (180.0, lat));
        assert_eq!(p[1][1], (170.0, -25.0));
        // No crossing; a NaN breaks the line; single leftover points are kept.
        assert_eq!(split_antimeridian(&[(0.0, 0.0), (10.0, 5.0)]).len(), 1);
        let p = split_antimeridian(&[(0.0, 0.0), (1.0, 0.0), (f64::NAN, 0.0), (2.0, 0.0)]);
        assert_eq!(p.len(), 2);
        assert!(split_antimeridian(&[]).is_empty());
        for piece in split_antimeridian(&[(170.0, 0.0), (-170.0, 1.0), (170.0, 2.0)]) {
            for w in piece.windows(2) {
                assert!((w[1].0 - w[0].0).abs() <= 180.0);
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(lon_label(-120.0), "120°W");
        assert_eq!(lon_label(30.0), "30°E");
        assert_eq!(lat_label(-60.0), "60°S");
        assert_eq!(wrap_lon(190.0), -170.0);
    }

    #[test]
    fn map_is_drawn_to_svg_and_png() {
        let c = Coastlines::bundled().unwrap();
        let track: Vec<(f64, f64)> = (0..200)
            .map(|k| (k as f64 * 4.0 - 200.0, 51.6 * (k as f64 * 0.07).sin()))
            .collect();
        let map = TrackMap {
            title: "test".into(),
            coastlines: &c,
            track: &track,
            current: Some((track[0], "now".into())),
            observer: Some(((2.35, 48.86), "Paris".into())),
            subsolar: Some(Subsolar { lat: 0.3, lon: 1.0 }),
        };
        let dir = std::env::temp_dir().join(format!("orrery-sat-map-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let svg = dir.join("m.svg");
        save_track_map(&map, &svg).unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.len() > 100_000 && text.contains("120°W") && text.contains("Paris"));
        assert!(text.matches("<polygon").count() >= 129, "land + night");
        let png = dir.join("m.png");
        save_track_map(&map, &png).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        assert!(bytes.len() > 20_000 && &bytes[1..4] == b"PNG");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
