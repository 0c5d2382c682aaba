//! Speedup charts' series and the fit tables, shared by the `run` and
//! `scale` sections: measured points with their range and projections,
//! Amdahl's curve, the S = P line, one table row per fitted series.

use super::super::svg::{Series, esc};
use crate::results::scale::Fit;
use std::fmt::Write;

/// Most points a law's curve is drawn with.
const CURVE_POINTS: usize = 200;

/// Amdahl's speedup with serial fraction `s` on `p` cores.
pub(super) fn amdahl(s: f64, p: f64) -> f64 {
    1.0 / (s + (1.0 - s) / p)
}

/// The S = P line: drawn for reference, never stretching the y axis.
pub(super) fn ideal(name: &str, top: usize) -> Series {
    Series {
        fit_y: false,
        ..line(name.into(), "#bbb", curve(top, |p| p))
    }
}

/// `f` sampled at up to [`CURVE_POINTS`] core counts from 1 to `top`.
pub(super) fn curve(top: usize, f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let step = top.div_ceil(CURVE_POINTS).max(1);
    let mut xs: Vec<usize> = (1..=top).step_by(step).collect();
    if xs.last() != Some(&top) {
        xs.push(top);
    }
    xs.into_iter().map(|p| (p as f64, f(p as f64))).collect()
}

/// A dashed line without markers: a law's curve or a model's prediction.
pub(super) fn line(name: String, color: &str, points: Vec<(f64, f64)>) -> Series {
    Series {
        name,
        color: color.into(),
        points,
        range: None,
        hollow: vec![],
        dashed: true,
        markers: false,
        fit_y: true,
    }
}

/// Measured points (median, with the min–max as error bars) and the fit's
/// projections drawn hollow.
pub(super) fn speedup_series(
    name: &str,
    color: &str,
    pts: &[(usize, f64, f64, f64)],
    fit: Option<&Fit>,
) -> Series {
    let mut points: Vec<(f64, f64)> = pts.iter().map(|p| (p.0 as f64, p.1)).collect();
    let mut range: Vec<(f64, f64)> = pts.iter().map(|p| (p.2, p.3)).collect();
    let mut hollow = vec![false; points.len()];
    for p in fit.iter().flat_map(|f| &f.points).filter(|p| !p.measured) {
        points.push((p.cores as f64, p.speedup));
        range.push((p.speedup, p.speedup));
        hollow.push(true);
    }
    Series {
        name: name.into(),
        color: color.into(),
        points,
        range: Some(range),
        hollow,
        dashed: false,
        markers: true,
        fit_y: true,
    }
}

/// One series' row of the fit table.
pub(super) fn fit_row(o: &mut String, name: &str, fit: &Fit) {
    let measured: Vec<String> = fit
        .points
        .iter()
        .filter(|p| p.measured)
        .map(|p| format!("{}: {:.2}×", p.cores, p.speedup))
        .collect();
    let kf: Vec<String> = fit
        .points
        .iter()
        .filter_map(|p| {
            p.karp_flatt
                .filter(|_| p.measured)
                .map(|e| format!("{}: {e:.3}", p.cores))
        })
        .collect();
    let _ = write!(
        o,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(name),
        measured.join(", "),
        if kf.is_empty() {
            "—".into()
        } else {
            kf.join(", ")
        },
        fit.amdahl_serial_fraction.map_or_else(
            || esc(fit.amdahl_note.as_deref().unwrap_or("—")),
            |s| format!("{s:.3}")
        ),
        fit.usl().map_or_else(
            || esc(fit.usl_note.as_deref().unwrap_or("—")),
            |u| format!(
                "σ = {:.3}, κ = {:.4} (R² {:.3})",
                u.sigma, u.kappa, u.r_squared
            )
        ),
        fit.stops_paying.map_or_else(
            || esc(fit
                .shape_note
                .as_deref()
                .or(fit.stops_paying_note.as_deref())
                .unwrap_or("—")),
            |p| format!("beyond {p} core{}", if p == 1 { "" } else { "s" })
        )
    );
}

/// What "stops paying" means, under every fit table.
pub(super) const STOPS_PAYING: &str = "<p><em>Stops paying</em>: the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) &lt; 0.5), never later than the USL's peak; not drawn from a fit that is not Amdahl-shaped or from two noisy points.</p>";

/// The head of a fit table.
pub(super) const FIT_HEAD: &str = "<table><tr><th>series</th><th>speedup by cores (measured)</th><th>Karp–Flatt e</th><th>Amdahl s (fit)</th><th>USL σ, κ (fit)</th><th>stops paying</th></tr>";
