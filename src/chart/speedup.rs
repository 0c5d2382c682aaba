//! The series of a speedup chart that `run` and `scale` share: a law's
//! curve, the S = P line, and measured points with the fit's projections
//! drawn hollow.

use super::Series;
/// Amdahl's speedup, for the curve drawn beside the measured points.
pub use crate::model::amdahl;
use crate::results::scale::{Fit, FitPoint};

/// Most points a law's curve is drawn with.
const CURVE_POINTS: usize = 200;

/// The S = P line: drawn for reference, never stretching the y axis.
pub fn ideal(name: &str, top: usize) -> Series {
    Series {
        fit_y: false,
        ..line(name.into(), "#bbb", curve(top, |p| p))
    }
}

/// `f` sampled at up to [`CURVE_POINTS`] counts from 1 to `top`.
pub fn curve(top: usize, f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let step = top.div_ceil(CURVE_POINTS).max(1);
    let mut xs: Vec<usize> = (1..=top).step_by(step).collect();
    if xs.last() != Some(&top) {
        xs.push(top);
    }
    xs.into_iter().map(|p| (p as f64, f(p as f64))).collect()
}

/// A dashed line without markers: a law or a model.
pub fn line(name: String, color: &str, points: Vec<(f64, f64)>) -> Series {
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

/// Measured points (count, median, min, max: the min–max as error bars)
/// and the fit's projections drawn hollow, with their 95 % interval as
/// error bars; a refused projection is not drawn.
pub fn speedup_series(
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
