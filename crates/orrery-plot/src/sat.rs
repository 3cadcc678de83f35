//! The ground-track map of `orrery track --plot`: an equirectangular world map
//! (longitude × latitude in degrees) with the bundled coastlines, a 30° grid, the
//! night side shaded from the Sun's position at the plot time, the ground track split
//! at the antimeridian, the current sub-satellite point and an optional observer.

use crate::{font, DrawResult, Figure, PlotError};
use orrery_sat::coastline::Coastlines;
use orrery_sat::sun::Subsolar;
use orrery_sat::track::{split_antimeridian, wrap_lon};
use plotters::coord::Shift;
use plotters::prelude::*;
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
pub fn save_track_map(map: &TrackMap<'_>, path: &Path) -> Result<(), PlotError> {
    crate::save(map, path, MAP_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(lon_label(-120.0), "120°W");
        assert_eq!(lon_label(30.0), "30°E");
        assert_eq!(lat_label(-60.0), "60°S");
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
