//! Line charts as PNG, drawn here: axes with ticks and labels, one colour per series, a
//! legend. Enough for the simulator's four plots, with no font or system library needed.

// Pixel arithmetic on a canvas of at most a few thousand pixels: it cannot overflow.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use crate::font::glyph;
use std::{fs::File, io::BufWriter, path::Path};

/// Colours of the series, in order.
const PALETTE: [[u8; 3]; 6] =
	[[31, 119, 180], [214, 39, 40], [44, 160, 44], [255, 127, 14], [148, 103, 189], [23, 190, 207]];

/// An RGB canvas.
pub struct Canvas {
	width: usize,
	height: usize,
	pixels: Vec<u8>,
}

impl Canvas {
	/// A white canvas.
	pub fn new(width: usize, height: usize) -> Self {
		Canvas { width, height, pixels: vec![255; width * height * 3] }
	}

	/// The colour at (x, y), if inside.
	pub fn pixel(&self, x: usize, y: usize) -> Option<[u8; 3]> {
		if x >= self.width || y >= self.height {
			return None;
		}
		let i = (y * self.width + x) * 3;
		let p = self.pixels.get(i..i + 3)?;
		Some([p.first().copied()?, p.get(1).copied()?, p.get(2).copied()?])
	}

	fn set(&mut self, x: i64, y: i64, colour: [u8; 3]) {
		if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
			return;
		}
		let i = (y as usize * self.width + x as usize) * 3;
		if let Some(p) = self.pixels.get_mut(i..i + 3) {
			p.copy_from_slice(&colour);
		}
	}

	/// A line from (x0, y0) to (x1, y1), `thick` pixels wide.
	fn line(&mut self, (x0, y0): (i64, i64), (x1, y1): (i64, i64), colour: [u8; 3], thick: i64) {
		let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
		let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
		let (mut x, mut y, mut err) = (x0, y0, dx + dy);
		loop {
			for ox in 0..thick {
				for oy in 0..thick {
					self.set(x + ox, y + oy, colour);
				}
			}
			if x == x1 && y == y1 {
				break;
			}
			let e2 = 2 * err;
			if e2 >= dy {
				err += dy;
				x += sx;
			}
			if e2 <= dx {
				err += dx;
				y += sy;
			}
		}
	}

	/// Text with its top-left corner at (x, y), `scale` pixels per font pixel.
	fn text(&mut self, x: i64, y: i64, s: &str, colour: [u8; 3], scale: i64) {
		for (i, c) in s.chars().enumerate() {
			let Some(rows) = glyph(c).or_else(|| glyph('_')) else { continue };
			let left = x + i as i64 * 6 * scale;
			for (r, bits) in rows.iter().enumerate() {
				for b in 0..5 {
					if bits & (0x10 >> b) != 0 {
						for ox in 0..scale {
							for oy in 0..scale {
								self.set(left + b * scale + ox, y + r as i64 * scale + oy, colour);
							}
						}
					}
				}
			}
		}
	}

	/// Writes the canvas as an 8-bit RGB PNG.
	pub fn save(&self, path: &Path) -> std::io::Result<()> {
		let file = BufWriter::new(File::create(path)?);
		let mut encoder = png::Encoder::new(file, self.width as u32, self.height as u32);
		encoder.set_color(png::ColorType::Rgb);
		encoder.set_depth(png::BitDepth::Eight);
		let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
		writer.write_image_data(&self.pixels).map_err(std::io::Error::other)?;
		writer.finish().map_err(std::io::Error::other)
	}
}

/// A number in at most 8 characters: 1234567 → 1.23M.
pub fn short(x: f64) -> String {
	let a = x.abs();
	let (v, suffix) = if a >= 1e12 {
		(x / 1e12, "T")
	} else if a >= 1e9 {
		(x / 1e9, "G")
	} else if a >= 1e6 {
		(x / 1e6, "M")
	} else if a >= 1e3 {
		(x / 1e3, "K")
	} else {
		(x, "")
	};
	if v == v.trunc() {
		return format!("{v:.0}{suffix}");
	}
	// Four significant digits: enough to tell apart the ticks of a narrow range.
	let decimals = (3 - v.abs().log10().floor() as i32).clamp(0, 4) as usize;
	format!("{v:.decimals$}{suffix}")
}

/// One line of a chart.
pub struct Series<'a> {
	/// Its legend.
	pub name: &'a str,
	/// (x, y) points in order of x.
	pub points: Vec<(f64, f64)>,
}

/// How the y axis is scaled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum YAxis {
	/// From zero (or the lowest value, if negative) to the highest value.
	FromZero,
	/// Around the values, with a 5% margin: for a quantity that moves little, like the supply.
	Fit,
}

/// Draws `series` into a `width`×`height` chart titled `title`, with `x_label` under the axis.
pub fn chart(
	title: &str,
	x_label: &str,
	series: &[Series<'_>],
	y_axis: YAxis,
	(width, height): (usize, usize),
) -> Canvas {
	let mut canvas = Canvas::new(width, height);
	let (left, right, top, bottom) = (80i64, width as i64 - 20, 40i64, height as i64 - 50);
	let all = series.iter().flat_map(|s| s.points.iter());
	let (mut x_min, mut x_max, mut y_min, mut y_max) =
		(f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
	for &(x, y) in all.filter(|(x, y)| x.is_finite() && y.is_finite()) {
		x_min = x_min.min(x);
		x_max = x_max.max(x);
		y_min = y_min.min(y);
		y_max = y_max.max(y);
	}
	if !x_min.is_finite() {
		(x_min, x_max, y_min, y_max) = (0.0, 1.0, 0.0, 1.0);
	}
	match y_axis {
		YAxis::FromZero => y_min = y_min.min(0.0),
		YAxis::Fit => {
			let margin = ((y_max - y_min) * 0.05).max(y_max.abs() * 1e-9);
			(y_min, y_max) = (y_min - margin, y_max + margin);
		},
	}
	if y_max <= y_min {
		y_max = y_min + 1.0;
	}
	if x_max <= x_min {
		x_max = x_min + 1.0;
	}
	let px = |x: f64| left + ((x - x_min) / (x_max - x_min) * (right - left) as f64).round() as i64;
	let py =
		|y: f64| bottom - ((y - y_min) / (y_max - y_min) * (bottom - top) as f64).round() as i64;

	let grey = [200, 200, 200];
	let black = [0, 0, 0];
	for i in 0..=5 {
		let y = y_min + (y_max - y_min) * i as f64 / 5.0;
		canvas.line((left, py(y)), (right, py(y)), grey, 1);
		let label = short(y);
		canvas.text(left - 8 - label.len() as i64 * 6, py(y) - 3, &label, black, 1);
		let mut x = x_min + (x_max - x_min) * i as f64 / 5.0;
		if x_max - x_min >= 20.0 {
			x = x.round();
		}
		let label = short(x);
		canvas.text(px(x) - label.len() as i64 * 3, bottom + 8, &label, black, 1);
	}
	canvas.line((left, top), (left, bottom), black, 1);
	canvas.line((left, bottom), (right, bottom), black, 1);
	canvas.text(left, 12, title, black, 2);
	canvas.text((left + right) / 2 - x_label.len() as i64 * 3, bottom + 28, x_label, black, 1);

	for (k, s) in series.iter().enumerate() {
		let colour = PALETTE.get(k % PALETTE.len()).copied().unwrap_or(black);
		let mut last: Option<(i64, i64)> = None;
		for &(x, y) in s.points.iter().filter(|(x, y)| x.is_finite() && y.is_finite()) {
			let p = (px(x), py(y));
			if let Some(q) = last {
				canvas.line(q, p, colour, 2);
			}
			last = Some(p);
		}
		// Legend, top right.
		let ly = top + 8 + k as i64 * 14;
		let lx = right - 10 - 6 * s.name.len() as i64 - 20;
		canvas.line((lx, ly + 3), (lx + 14, ly + 3), colour, 2);
		canvas.text(lx + 18, ly, s.name, black, 1);
	}
	canvas
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn short_numbers() {
		assert_eq!(short(0.0), "0");
		assert_eq!(short(1.5), "1.500");
		assert_eq!(short(1_234_567.0), "1.235M");
		assert_eq!(short(250_000.0), "250K");
		assert_eq!(short(-12_510.0), "-12.51K");
		assert_eq!(short(99_186_689.5), "99.19M");
	}

	#[test]
	fn a_line_is_drawn_in_its_colour() {
		let s = [Series { name: "s", points: vec![(0.0, 0.0), (10.0, 10.0)] }];
		let c = chart("t", "epoch", &s, YAxis::FromZero, (400, 300));
		// The diagonal passes through the middle of the plot area.
		let (left, right, top, bottom) = (80, 380, 40, 250);
		let (mx, my) = ((left + right) / 2, (top + bottom) / 2);
		let near = (mx - 3..=mx + 3)
			.flat_map(|x| (my - 3..=my + 3).map(move |y| (x, y)))
			.any(|(x, y)| c.pixel(x, y) == Some(PALETTE[0]));
		assert!(near);
		assert_eq!(c.pixel(399, 299), Some([255, 255, 255]));
	}
}
