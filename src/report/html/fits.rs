//! What the report's `run` and `scale` sections share: the laws' curves, the
//! speedup series with measured points and hollow projections, and the table
//! of fitted laws with their 95 % bootstrap intervals and refused projections.

use super::super::scale::{bracket, projected, usl_words};
use super::super::svg::Series;
use crate::report::table::{Cell, Column, Table, Value};
use crate::results::scale::{Fit, FitPoint};

/// Most points a law's curve is drawn with.
const CURVE_POINTS: usize = 200;

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
/// projections drawn hollow, with their 95 % interval as error bars; a
/// refused projection is not drawn.
pub(super) fn speedup_series(
    name: &str,
    color: &str,
    pts: &[(usize, f64, f64, f64)],
    fit: Option<&Fit>,
) -> Series {
    let mut points: Vec<(f64, f64)> = pts.iter().map(|p| (p.0 as f64, p.1)).collect();
    let mut range: Vec<(f64, f64)> = pts.iter().map(|p| (p.2, p.3)).collect();
    let mut hollow = vec![false; points.len()];
    let shown = |p: &&FitPoint| !p.measured && !p.interval.is_some_and(|i| i.refused);
    for p in fit.iter().flat_map(|f| &f.points).filter(shown) {
        points.push((p.cores as f64, p.speedup));
        range.push(p.interval.map_or((p.speedup, p.speedup), |i| (i.lo, i.hi)));
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

/// The fitted laws' table, empty.
pub(super) fn fit_table() -> Table {
    Table::new(
        "",
        [
            "series",
            "speedup by cores (measured)",
            "Karp–Flatt e",
            "Amdahl s (fit)",
            "USL σ, κ (fit)",
            "projected, not measured",
            "stops paying",
        ]
        .map(Column::people)
        .to_vec(),
    )
}

/// One row of the fitted laws' table; `unit` names the counts ("cores", "threads").
pub(super) fn fit_row(t: &mut Table, name: &str, fit: &Fit, unit: &str) {
    let measured: Vec<String> = fit
        .points
        .iter()
        .filter(|p| p.measured)
        .map(|p| format!("{}: {}", p.cores, crate::words::times(p.speedup, 2)))
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
    let or_dash = |v: Vec<String>| {
        if v.is_empty() {
            "—".into()
        } else {
            v.join(", ")
        }
    };
    t.row(vec![
        Cell::label(name),
        Cell::measured(Value::Text(measured.join(", "))),
        Cell::measured(Value::Text(or_dash(kf))),
        Cell::predicted(Value::Text(fit.amdahl_serial_fraction.map_or_else(
            || fit.amdahl_note.clone().unwrap_or_else(|| "—".into()),
            |s| format!("{s:.3}{}", bracket(fit.serial_fraction_ci95, 3)),
        ))),
        Cell::predicted(Value::Text(
            usl_words(fit, 3).unwrap_or_else(|| fit.usl_note.clone().unwrap_or_else(|| "—".into())),
        )),
        Cell::predicted(Value::Text(projections(fit, unit))),
        Cell::predicted(Value::Text(fit.stops_paying.map_or_else(
            || {
                fit.shape_note
                    .as_deref()
                    .or(fit.stops_paying_note.as_deref())
                    .unwrap_or("—")
                    .to_string()
            },
            |p| format!("beyond {}", crate::words::Count(p, "core")),
        ))),
    ]);
}

pub(super) const STOPS_PAYING: &str = "<p><em>Stops paying</em>: the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) &lt; 0.5), never later than the USL's peak; not drawn from a fit that is not Amdahl-shaped or from two noisy points.</p>";

/// A fit's projections with their intervals, refusals and notes.
fn projections(fit: &Fit, unit: &str) -> String {
    let each: Vec<String> = fit
        .points
        .iter()
        .filter(|p| !p.measured)
        .map(|p| {
            projected(
                p.cores,
                unit,
                p.speedup,
                p.interval.as_ref(),
                p.limit.is_some(),
            )
        })
        .collect();
    let notes = [&fit.projection_note, &fit.interval_note]
        .into_iter()
        .flatten()
        .map(|n| format!("; {n}"))
        .collect::<String>();
    if each.is_empty() {
        "—".into()
    } else {
        format!("{}{notes}", each.join(", "))
    }
}
