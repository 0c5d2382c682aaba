//! Small, self-contained SVG charts: lines with error bars, stacked bars,
//! grouped bars and Gantt charts. Pure: data in, markup out; no fonts or
//! scripts are fetched.

use std::fmt::Write;

/// A colour-blind-safe palette (Okabe–Ito).
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

pub use crate::escape::html as esc;

mod bars;
mod gantt;
mod speedup;
pub mod terminal;
pub use bars::{grouped_bars, stacked_bars};
pub use gantt::gantt;
pub use speedup::{amdahl, curve, ideal, line, speedup_series};
mod workspan;
pub use workspan::workspan_chart;

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub color: String,
    /// (x, y) points, in x order.
    pub points: Vec<(f64, f64)>,
    /// Optional (low, high) per point: drawn as error bars.
    pub range: Option<Vec<(f64, f64)>>,
    /// Per point: drawn hollow (a projection, not a measurement).
    pub hollow: Vec<bool>,
    /// Dashed line (a model or a law rather than a measurement).
    pub dashed: bool,
    /// Draw point markers.
    pub markers: bool,
    /// Whether the y axis must reach this series (false for a reference
    /// line such as S = P, which would squeeze the measurements).
    pub fit_y: bool,
}

impl Series {
    /// A solid line of `points` without markers or bars, which the y axis
    /// reaches (set the other fields with `Series { dashed: true, ..new }`).
    pub fn new(name: impl Into<String>, color: &str, points: Vec<(f64, f64)>) -> Series {
        Series {
            name: name.into(),
            color: color.to_string(),
            hollow: vec![false; points.len()],
            points,
            range: None,
            dashed: false,
            markers: false,
            fit_y: true,
        }
    }
}

pub(super) const W: f64 = 640.0;
const H: f64 = 360.0;
const L: f64 = 56.0;
const R: f64 = 24.0;
pub(super) const T: f64 = 34.0;
const B: f64 = 44.0;

/// A round number at or above `v` for an axis's end: always finite and
/// positive (1 for nothing to show), so every coordinate divided by it is.
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= v && (m * mag).is_finite() {
            return m * mag;
        }
    }
    v
}

/// Above this an axis label is written in scientific notation: a float
/// cannot hold the exact value, and a saturated integer would be false.
const EXACT_LABEL: f64 = 1e15;

/// An axis or tooltip number: whole numbers exactly, huge ones as `1.84e19`,
/// and nothing that is not a number (`—`).
pub(super) fn fmt_tick(v: f64) -> String {
    if !v.is_finite() {
        "—".into()
    } else if v.abs() >= EXACT_LABEL {
        format!("{v:.2e}")
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A coordinate or length as written into SVG: finite whatever the data
/// (NaN is 0, the rest is held to ±`LIMIT`), so no attribute reads `inf`.
pub(super) fn fin(v: f64) -> f64 {
    const LIMIT: f64 = 1e6;
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-LIMIT, LIMIT)
    }
}

/// How a line chart's x axis runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum XAxis {
    /// From 0 to a round number above the largest x.
    Linear,
    /// Powers of two from 1 to `top` (core counts); points beyond are left out.
    Log2 {
        /// The largest x shown.
        top: f64,
    },
}

struct Plot {
    axis: XAxis,
    xmax: f64,
    ymax: f64,
}

impl Plot {
    fn px(&self, x: f64) -> f64 {
        let pw = W - L - R;
        match self.axis {
            XAxis::Linear => fin(L + pw * x / self.xmax),
            XAxis::Log2 { top } => fin(L + pw * x.max(1.0).log2() / top.log2().max(1.0)),
        }
    }
    fn py(&self, y: f64) -> f64 {
        let ph = H - T - B;
        let r = y / self.ymax;
        T + ph
            - ph * if r.is_nan() {
                0.0
            } else {
                r.clamp(-0.05, 1.05)
            }
    }
    fn shows(&self, x: f64) -> bool {
        match self.axis {
            XAxis::Linear => true,
            XAxis::Log2 { top } => x <= top * (1.0 + 1e-9),
        }
    }
}

fn frame(o: &mut String, title: &str, x_label: &str, y_label: &str, plot: &Plot, legend: usize) {
    let h = H + 18.0 * legend as f64;
    let _ = write!(
        o,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{h}" fill="#fff"/><text x="{}" y="20" font-size="14" font-weight="bold">{}</text>"##,
        L,
        esc(title)
    );
    let (pw, ph) = (W - L - R, H - T - B);
    for i in 0..=5 {
        let y = T + ph - ph * i as f64 / 5.0;
        let _ = write!(
            o,
            r##"<line x1="{L}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            L + pw,
            L - 6.0,
            y + 4.0,
            fmt_tick(plot.ymax * i as f64 / 5.0),
        );
    }
    let xs: Vec<f64> = match plot.axis {
        XAxis::Linear => (0..=5).map(|i| plot.xmax * i as f64 / 5.0).collect(),
        XAxis::Log2 { top } => (0..=top.log2().ceil() as u32)
            .map(|k| f64::from(1u32 << k.min(30)))
            .filter(|&x| x <= top)
            .collect(),
    };
    for x in xs {
        let _ = write!(
            o,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            plot.px(x),
            T + ph + 16.0,
            fmt_tick(x)
        );
    }
    let _ = write!(
        o,
        r##"<line x1="{L}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333"/><line x1="{L}" y1="{T}" x2="{L}" y2="{:.1}" stroke="#333"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"##,
        T + ph,
        L + pw,
        T + ph,
        T + ph,
        L + pw / 2.0,
        H - 8.0,
        esc(x_label),
        T + ph / 2.0,
        esc(y_label)
    );
}

/// A line chart of `series` with both axes from 0.
pub fn line_chart(title: &str, x_label: &str, y_label: &str, series: &[Series]) -> String {
    chart(title, x_label, y_label, series, XAxis::Linear)
}

/// A line chart on the given x axis; the y axis fits the points shown.
pub fn chart(title: &str, x_label: &str, y_label: &str, series: &[Series], axis: XAxis) -> String {
    let mut plot = Plot {
        axis,
        xmax: 1.0,
        ymax: 1.0,
    };
    plot.xmax = nice_max(
        series
            .iter()
            .flat_map(|s| s.points.iter())
            .map(|p| p.0)
            .filter(|x| x.is_finite())
            .fold(0.0, f64::max),
    );
    let ymax_pts = series
        .iter()
        .filter(|s| s.fit_y)
        .flat_map(|s| {
            // A range belongs to its point: drawn, and fitted, only where
            // the point is on the axis.
            let ranges = s
                .range
                .iter()
                .flat_map(|r| r.iter().zip(&s.points))
                .filter(|(_, p)| plot.shows(p.0))
                .map(|(r, _)| r.1);
            s.points
                .iter()
                .filter(|p| plot.shows(p.0))
                .map(|p| p.1)
                .chain(ranges)
        })
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    plot.ymax = nice_max(ymax_pts);
    let mut o = String::new();
    frame(&mut o, title, x_label, y_label, &plot, series.len());
    for (i, s) in series.iter().enumerate() {
        draw_series(&mut o, &plot, i, s);
    }
    o.push_str("</svg>");
    o
}

fn draw_series(o: &mut String, plot: &Plot, i: usize, s: &Series) {
    let shown: Vec<(usize, (f64, f64))> = s
        .points
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, p)| p.0.is_finite() && p.1.is_finite() && plot.shows(p.0))
        .collect();
    let at = |&(_, (x, y)): &(usize, (f64, f64))| format!("{:.1},{:.1}", plot.px(x), plot.py(y));
    let hollow = |j: usize| s.hollow.get(j).copied().unwrap_or(false);
    // Measured points joined by a solid line; projected ones (hollow) by a
    // dashed one from the last measured point, so a projection never looks
    // measured.
    let first_projected = shown
        .iter()
        .position(|&(j, _)| hollow(j))
        .unwrap_or(shown.len());
    let path: Vec<String> = shown[..first_projected].iter().map(at).collect();
    let projected: Vec<String> = if first_projected < shown.len() {
        shown[first_projected.saturating_sub(1)..]
            .iter()
            .map(at)
            .collect()
    } else {
        Vec::new()
    };
    let dash = if s.dashed {
        r#" stroke-dasharray="6 4""#
    } else {
        ""
    };
    let color = esc(&s.color);
    let _ = write!(
        o,
        r#"<g class="series" data-name="{}"><polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="{}"/>"#,
        esc(&s.name),
        path.join(" ")
    );
    if projected.len() > 1 {
        let _ = write!(
            o,
            r#"<polyline class="projected-line" fill="none" stroke="{color}" stroke-width="2" stroke-dasharray="3 4" points="{}"/>"#,
            projected.join(" ")
        );
    }
    for &(j, (x, y)) in &shown {
        if let Some(&(lo, hi)) = s.range.as_ref().and_then(|r| r.get(j)) {
            let _ = write!(
                o,
                r#"<line class="range" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{color}"/>"#,
                plot.px(x),
                plot.py(lo),
                plot.px(x),
                plot.py(hi)
            );
        }
        if s.markers {
            let hollow = s.hollow.get(j).copied().unwrap_or(false);
            let _ = write!(
                o,
                r#"<circle class="{}" cx="{:.1}" cy="{:.1}" r="4" fill="{}" stroke="{color}" stroke-width="2"><title>{}: {} cores, {}×{}</title></circle>"#,
                if hollow { "projected" } else { "measured" },
                plot.px(x),
                plot.py(y),
                if hollow { "#fff" } else { &color },
                esc(&s.name),
                fmt_tick(x),
                if y.abs() < EXACT_LABEL {
                    format!("{y:.2}")
                } else {
                    fmt_tick(y)
                },
                if hollow { " (projected)" } else { "" }
            );
        }
    }
    // The legend runs under the plot, one entry a line, so no name is clipped.
    let ly = H + 4.0 + 18.0 * i as f64;
    let _ = write!(
        o,
        r#"<line x1="{L}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{color}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}">{}</text></g>"#,
        L + 24.0,
        L + 30.0,
        ly + 4.0,
        esc(&s.name)
    );
}

/// Room for a legend entry: a swatch and its text at about 7 px a character.
#[cfg(test)]
mod tests;
