//! The work-span chart, in Cilkscale's manner: measured speedups with their
//! intervals against cores on a log2 axis, beside the linear bound (P), the
//! span bound (T1/T∞), the burdened bound and the host model's figures.

use super::{PALETTE, Series, XAxis, chart};
use crate::results::workspan::WorkspanDoc;

/// Most points one bound's curve is drawn with.
const CURVE_POINTS: usize = 64;

/// x values from 1 to `top` for a curve: every power of two and `top`,
/// with points between them up to [`CURVE_POINTS`].
fn xs(top: usize) -> Vec<f64> {
    let top = top.max(1) as f64;
    let n = CURVE_POINTS.max(2);
    (0..n)
        .map(|i| top.powf(i as f64 / (n - 1) as f64))
        .collect()
}

fn series(name: &str, color: &str, points: Vec<(f64, f64)>, dashed: bool, fit_y: bool) -> Series {
    Series {
        name: name.into(),
        color: color.into(),
        points,
        range: None,
        hollow: vec![],
        dashed,
        markers: !dashed,
        fit_y,
    }
}

/// The chart of `d`.
pub fn workspan_chart(d: &WorkspanDoc) -> String {
    let top = d.rows.iter().map(|r| r.cores).max().unwrap_or(1).max(2);
    let p = &d.profile;
    let (w, s, b) = (
        p.work as f64,
        p.span.max(1) as f64,
        p.burdened_span.max(1) as f64,
    );
    let grid = xs(top);
    let measured = Series {
        range: Some(
            d.rows
                .iter()
                .map(|r| (r.speedup.lo, r.speedup.hi))
                .collect(),
        ),
        ..series(
            "measured (95 % interval)",
            PALETTE[0],
            d.rows
                .iter()
                .map(|r| (r.cores as f64, r.speedup.mid))
                .collect(),
            false,
            true,
        )
    };
    let host: Vec<(f64, f64)> = d
        .rows
        .iter()
        .filter_map(|r| r.predicted.host.map(|h| (r.cores as f64, h)))
        .collect();
    let mut all = vec![
        measured,
        series(
            "linear: P",
            "#999",
            grid.iter().map(|&x| (x, x)).collect(),
            true,
            false,
        ),
        series(
            &format!("span: T1/T∞ = {:.1}", w / s),
            PALETTE[3],
            grid.iter().map(|&x| (x, w / s)).collect(),
            true,
            w / s <= 4.0 * top as f64,
        ),
        series(
            "burdened: T1/(T1/P + burdened T∞)",
            PALETTE[1],
            grid.iter().map(|&x| (x, w / (w / x + b))).collect(),
            true,
            true,
        ),
    ];
    let simulated: Vec<(f64, f64)> = d
        .rows
        .iter()
        .filter_map(|r| r.predicted.simulated.map(|s| (r.cores as f64, s)))
        .collect();
    if !simulated.is_empty() {
        all.push(series(
            "simulated schedule",
            PALETTE[4],
            simulated,
            false,
            true,
        ));
    }
    if !host.is_empty() {
        all.push(series(
            "host model (schedule slowed by contention)",
            PALETTE[2],
            host,
            false,
            true,
        ));
    }
    chart(
        "speedup against cores: measured, and the bounds of work and span",
        "cores",
        "speedup",
        &all,
        XAxis::Log2 { top: top as f64 },
    )
}
