//! Horizontal bar charts: stacked (one bar a category, one segment a part)
//! and grouped (one bar a series within each category).

use super::{T, W, esc, fin};
use std::fmt::Write;

fn legend_width(name: &str) -> f64 {
    30.0 + 7.0 * name.chars().count() as f64
}

/// A bar chart's opening, `h` high: its title and a legend of `(name,
/// colour)` from `x` across.
fn head<'a>(
    title: &str,
    h: f64,
    x: f64,
    legend: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> String {
    // From `x` when the legend fits there, else as far left as it needs.
    let total: f64 = legend.clone().map(|(n, _)| legend_width(n)).sum();
    let mut x = if x + total <= W - 10.0 {
        x
    } else {
        (W - 10.0 - total).max(10.0)
    };
    let mut o = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{h}" fill="#fff"/><text x="10" y="20" font-size="14" font-weight="bold">{}</text>"##,
        esc(title)
    );
    for (name, color) in legend {
        let _ = write!(
            o,
            r#"<rect x="{x}" y="28" width="12" height="12" fill="{color}"/><text x="{}" y="38">{}</text>"#,
            x + 16.0,
            esc(name)
        );
        x += legend_width(name);
    }
    o
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
    let mut o = head(title, h, lw, parts.iter().copied());
    for (i, (cat, vals)) in categories.iter().zip(values).enumerate() {
        let y = T + 30.0 + row_h * i as f64;
        // Parts that are not finite or below 0 are drawn as nothing.
        // Each part as a share of the largest first, so no sum overflows.
        let big = vals
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let part = |v: f64| {
            if v.is_finite() && big > 0.0 {
                v.max(0.0) / big
            } else {
                0.0
            }
        };
        let total: f64 = vals.iter().map(|&v| part(v)).sum();
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            lw - 6.0,
            y + 14.0,
            esc(cat)
        );
        let mut x = lw;
        for (v, (name, color)) in vals.iter().zip(parts) {
            let v = part(*v);
            let w = if total > 0.0 {
                fin(pw * (v / total))
            } else {
                0.0
            };
            let _ = write!(
                o,
                r#"<rect class="part" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{color}"><title>{}: {} {}</title></rect>"#,
                row_h - 4.0,
                esc(cat),
                esc(name),
                crate::words::Pct::new(if total > 0.0 { v / total } else { 0.0 }).places(1)
            );
            x += w;
        }
    }
    o.push_str("</svg>");
    o
}

/// A bar's value in words: `digits` decimals, huge values in scientific
/// notation, and `—` for what is not a number.
fn label(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        "—".into()
    } else if v.abs() >= 1e15 {
        format!("{v:.2e}")
    } else {
        format!("{v:.digits$}")
    }
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
    // A bar's length: from 0 to the largest finite value; nothing for a
    // value that is not a number or below 0.
    let length = |v: f64| {
        if v.is_finite() {
            fin(pw * (v / max).clamp(0.0, 1.0))
        } else {
            0.0
        }
    };
    let mut o = head(title, h, lw, series.iter().map(|s| (s.0, s.1)));
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
            let w = length(v);
            let y = y0 + bar * j as f64;
            let _ = write!(
                o,
                r#"<rect class="bar" x="{lw}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{color}"><title>{}: {} {} {unit}</title></rect><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
                bar - 2.0,
                esc(cat),
                esc(name),
                label(v, 4),
                lw + w + 4.0,
                y + bar - 3.0,
                esc(&format!("{} {unit}", label(v, 3)))
            );
        }
    }
    o.push_str("</svg>");
    o
}
