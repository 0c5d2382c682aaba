//! The report's section for `scale` documents: speedup against threads with
//! the measured medians, the Amdahl fit and the projections with their
//! intervals; the table, fit, verdict and warnings its other backends show;
//! the fitted laws' table.

use super::Labelled;
use super::fits::{amdahl, curve, fit_row, fit_table, ideal, line, speedup_series, stops_paying};
use crate::chart::{PALETTE, XAxis, chart};
use crate::findings::fits::Unit as Counted;
use crate::results::scale::ScaleDoc;
use crate::table::html::clean;

pub(super) fn scale_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    scales: &[Labelled<ScaleDoc>],
) {
    for d in scales {
        let cmd = crate::words::scaling::command(&d.doc.program, d.doc.shell);
        let host = d.meta.host_label();
        let m =
            maud::html! { h2 { "conpar scale — " code { (clean(&cmd)) } " on " (clean(&host)) } };
        o.push_str(&m.into_string());
        let svg = || speedup_chart(d.doc);
        super::draw(o, charts, "scale", "chart of speedup against threads", svg);
        let blocks = super::super::scale::blocks(d.doc);
        o.push_str(&crate::table::html::blocks(&blocks[1..]).into_string());
        let mut table = fit_table();
        let (fit, unit) = (&d.doc.fit, Counted::Threads);
        fit_row(&mut table, &cmd, fit, unit, &mut Vec::new());
        let m = maud::html! {
            (crate::table::html::table(&table))
            p { (crate::words::fit::HOLLOW_POINTS) }
            (maud::PreEscaped(stops_paying()))
        };
        o.push_str(&m.into_string());
    }
}

/// Speedup against threads: the medians with their min–max, the hollow
/// projections, the Amdahl fit and the ideal line.
fn speedup_chart(d: &ScaleDoc) -> String {
    let pts: Vec<(usize, f64, f64, f64)> = d
        .rows
        .iter()
        .map(|r| {
            let w = &r.measured.wall_s;
            let base = r.speedup * w.median;
            (r.threads, r.speedup, base / w.max, base / w.min)
        })
        .collect();
    let top = pts.iter().map(|p| p.0).max().unwrap_or(1) * 2;
    let mut series = vec![speedup_series("measured", PALETTE[0], &pts, Some(&d.fit))];
    let s = d.fit.amdahl_serial_fraction;
    if let Some(s) = s.filter(|s| (0.0..=1.0).contains(s)) {
        let name = format!("Amdahl fit, s = {s:.3}");
        series.push(line(name, "#000", curve(top, |p| amdahl(s, p))));
    }
    series.push(ideal("ideal", top));
    let title = "speedup against threads (hollow: projected)";
    let x = XAxis::Log2 { top: top as f64 };
    chart(title, "threads", "speedup", &series, x)
}
