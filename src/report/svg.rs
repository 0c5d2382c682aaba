//! Small, self-contained SVG charts: lines with error bars, stacked bars,
//! grouped bars and Gantt charts. Pure: data in, markup out; no fonts or
//! scripts are fetched.

use crate::timeline::{State, Timeline};
use std::fmt::Write;

/// A colour-blind-safe palette (Okabe–Ito).
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

pub use crate::escape::html as esc;

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Stroke colour.
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
}

const W: f64 = 640.0;
const H: f64 = 360.0;
const L: f64 = 56.0;
const R: f64 = 180.0;
const T: f64 = 34.0;
const B: f64 = 44.0;

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= v {
            return m * mag;
        }
    }
    10.0 * mag
}

fn fmt_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn frame(o: &mut String, title: &str, x_label: &str, y_label: &str, xmax: f64, ymax: f64) {
    let _ = write!(
        o,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{H}" fill="#fff"/><text x="{}" y="20" font-size="14" font-weight="bold">{}</text>"##,
        L,
        esc(title)
    );
    let (pw, ph) = (W - L - R, H - T - B);
    for i in 0..=5 {
        let y = T + ph - ph * i as f64 / 5.0;
        let x = L + pw * i as f64 / 5.0;
        let _ = write!(
            o,
            r##"<line x1="{L}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            L + pw,
            L - 6.0,
            y + 4.0,
            fmt_tick(ymax * i as f64 / 5.0),
            T + ph + 16.0,
            fmt_tick(xmax * i as f64 / 5.0)
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
    let all = || series.iter().flat_map(|s| s.points.iter());
    let xmax = nice_max(all().map(|p| p.0).fold(0.0, f64::max));
    let ymax_pts = series
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .map(|p| p.1)
                .chain(s.range.iter().flatten().map(|r| r.1))
        })
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let ymax = nice_max(ymax_pts);
    let (pw, ph) = (W - L - R, H - T - B);
    let px = |x: f64| L + pw * x / xmax;
    let py = |y: f64| T + ph - ph * (y / ymax).min(1.05);
    let mut o = String::new();
    frame(&mut o, title, x_label, y_label, xmax, ymax);
    for (i, s) in series.iter().enumerate() {
        let path: Vec<String> = s
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        let dash = if s.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            o,
            r#"<g class="series" data-name="{}"><polyline fill="none" stroke="{}" stroke-width="2"{dash} points="{}"/>"#,
            esc(&s.name),
            s.color,
            path.join(" ")
        );
        if let Some(r) = &s.range {
            for (&(x, _), &(lo, hi)) in s.points.iter().zip(r) {
                let _ = write!(
                    o,
                    r#"<line class="range" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}"/>"#,
                    px(x),
                    py(lo),
                    px(x),
                    py(hi),
                    s.color
                );
            }
        }
        if s.markers {
            for (j, &(x, y)) in s.points.iter().enumerate() {
                let hollow = s.hollow.get(j).copied().unwrap_or(false);
                let _ = write!(
                    o,
                    r#"<circle class="{}" cx="{:.1}" cy="{:.1}" r="4" fill="{}" stroke="{}" stroke-width="2"><title>{}: {} cores, {:.2}×{}</title></circle>"#,
                    if hollow { "projected" } else { "measured" },
                    px(x),
                    py(y),
                    if hollow { "#fff" } else { &s.color },
                    s.color,
                    esc(&s.name),
                    x,
                    y,
                    if hollow { " (projected)" } else { "" }
                );
            }
        }
        let ly = T + 8.0 + 18.0 * i as f64;
        let _ = write!(
            o,
            r#"<line x1="{:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}">{}</text></g>"#,
            W - R + 12.0,
            W - R + 36.0,
            s.color,
            W - R + 42.0,
            ly + 4.0,
            esc(&s.name)
        );
    }
    o.push_str("</svg>");
    o
}

/// Room for a legend entry: a swatch and its text at about 7 px a character.
fn legend_width(name: &str) -> f64 {
    30.0 + 7.0 * name.chars().count() as f64
}

/// Horizontal stacked bars: one per category, one segment per part.
pub fn stacked_bars(
    title: &str,
    categories: &[String],
    parts: &[(&str, &str)],
    values: &[Vec<f64>],
) -> String {
    let row_h = 22.0;
    let h = T + 30.0 + row_h * categories.len() as f64 + 20.0;
    let (lw, pw) = (190.0, W - 190.0 - 20.0);
    let mut o = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{h}" fill="#fff"/><text x="10" y="20" font-size="14" font-weight="bold">{}</text>"##,
        esc(title)
    );
    let mut x = lw;
    for (name, color) in parts {
        let _ = write!(
            o,
            r#"<rect x="{x}" y="28" width="12" height="12" fill="{color}"/><text x="{}" y="38">{}</text>"#,
            x + 16.0,
            esc(name)
        );
        x += legend_width(name);
    }
    for (i, (cat, vals)) in categories.iter().zip(values).enumerate() {
        let y = T + 30.0 + row_h * i as f64;
        let total: f64 = vals.iter().sum();
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            lw - 6.0,
            y + 14.0,
            esc(cat)
        );
        let mut x = lw;
        for (v, (name, color)) in vals.iter().zip(parts) {
            let w = if total > 0.0 { pw * v / total } else { 0.0 };
            let _ = write!(
                o,
                r#"<rect class="part" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{color}"><title>{}: {} {:.1} %</title></rect>"#,
                row_h - 4.0,
                esc(cat),
                esc(name),
                if total > 0.0 { 100.0 * v / total } else { 0.0 }
            );
            x += w;
        }
    }
    o.push_str("</svg>");
    o
}

/// Grouped horizontal bars: per category, one bar per series.
pub fn grouped_bars(
    title: &str,
    unit: &str,
    categories: &[String],
    series: &[(&str, &str, Vec<f64>)],
) -> String {
    let bar = 12.0;
    let group = bar * series.len() as f64 + 8.0;
    let h = T + 30.0 + group * categories.len() as f64 + 24.0;
    let (lw, pw) = (190.0, W - 190.0 - 90.0);
    let max = series
        .iter()
        .flat_map(|s| s.2.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .max(1e-12);
    let mut o = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{h}" fill="#fff"/><text x="10" y="20" font-size="14" font-weight="bold">{}</text>"##,
        esc(title)
    );
    let mut x = lw;
    for (name, color, _) in series {
        let _ = write!(
            o,
            r#"<rect x="{x}" y="28" width="12" height="12" fill="{color}"/><text x="{}" y="38">{}</text>"#,
            x + 16.0,
            esc(name)
        );
        x += legend_width(name);
    }
    for (i, cat) in categories.iter().enumerate() {
        let y0 = T + 30.0 + group * i as f64;
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            lw - 6.0,
            y0 + group / 2.0,
            esc(cat)
        );
        for (j, (name, color, vals)) in series.iter().enumerate() {
            let v = vals.get(i).copied().unwrap_or(0.0);
            let w = pw * v / max;
            let y = y0 + bar * j as f64;
            let _ = write!(
                o,
                r#"<rect class="bar" x="{lw}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{color}"><title>{}: {} {v:.4} {unit}</title></rect><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
                bar - 2.0,
                esc(cat),
                esc(name),
                lw + w + 4.0,
                y + bar - 3.0,
                esc(&format!("{v:.3} {unit}"))
            );
        }
    }
    o.push_str("</svg>");
    o
}

/// A Gantt chart: one row per core, one rectangle per slice, coloured by task;
/// blocked slices are grey. `scale_end` fixes the time axis (to share it).
pub fn gantt(title: &str, t: &Timeline, scale_end: u64, unit_label: &str) -> String {
    let rows = t.cores.min(32);
    let row_h = 20.0;
    let h = T + 10.0 + row_h * rows as f64 + 30.0;
    let (lw, pw) = (60.0, W - 60.0 - 20.0);
    let end = scale_end.max(t.wall()).max(1) as f64;
    let mut o = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{h}" fill="#fff"/><text x="10" y="20" font-size="14" font-weight="bold">{}</text>"##,
        esc(title)
    );
    for c in 0..rows {
        let y = T + row_h * c as f64;
        let _ = write!(
            o,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">core {c}</text><rect x="{lw}" y="{y:.1}" width="{pw}" height="{:.1}" fill="#f4f4f4"/>"##,
            lw - 6.0,
            y + 14.0,
            row_h - 4.0
        );
    }
    for s in t.slices.iter().filter(|s| (s.core as usize) < rows) {
        let x = lw + pw * s.start as f64 / end;
        let w = (pw * (s.end - s.start) as f64 / end).max(0.5);
        let y = T + row_h * s.core as f64;
        let color = if s.state == State::Blocked {
            "#999"
        } else {
            PALETTE[s.task as usize % 6]
        };
        let _ = write!(
            o,
            r##"<rect class="slice" x="{x:.2}" y="{y:.1}" width="{w:.2}" height="{:.1}" fill="{color}" stroke="#fff" stroke-width="0.3"><title>{} {} {}–{}</title></rect>"##,
            row_h - 4.0,
            esc(&t.tasks[s.task as usize]),
            if s.state == State::Blocked {
                "blocked"
            } else {
                "runs"
            },
            s.start,
            s.end
        );
    }
    let y = T + row_h * rows as f64 + 16.0;
    let end_label = if unit_label == "ns" {
        crate::units::Nanos(end).to_string()
    } else {
        format!("{end} {unit_label}")
    };
    let _ = write!(
        o,
        r#"<text x="{lw}" y="{y:.1}">0</text><text x="{:.1}" y="{y:.1}" text-anchor="end">{}</text>"#,
        lw + pw,
        esc(&end_label)
    );
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_their_data() {
        let s = Series {
            name: "rayon <host>".into(),
            color: PALETTE[0].into(),
            points: vec![(1.0, 1.0), (2.0, 1.9), (4.0, 3.1)],
            range: Some(vec![(0.9, 1.1), (1.8, 2.0), (3.0, 3.2)]),
            hollow: vec![false, false, true],
            dashed: false,
            markers: true,
        };
        let svg = line_chart("speedup", "cores", "speedup", &[s]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches(r#"class="projected""#).count(), 1);
        assert_eq!(svg.matches(r#"class="range""#).count(), 3);
        assert!(svg.contains("rayon &lt;host&gt;"));
        let b = stacked_bars(
            "loss",
            &["a".into()],
            &[("useful", "#000"), ("idle", "#999")],
            &[vec![3.0, 1.0]],
        );
        assert!(b.contains("useful 75.0 %"));
    }
}
