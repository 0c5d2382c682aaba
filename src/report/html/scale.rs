//! The report's section for `scale` documents: speedup against threads with
//! the measured medians, the Amdahl fit and the projections with their
//! intervals; the fitted laws' table; the warnings about noisy runs.

use super::Labelled;
use super::fits::{
    amdahl, curve, fit_notes, fit_row, fit_table, ideal, line, speedup_series, stops_paying,
};
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
        let cmd = super::super::scale::shown(d.doc);
        let m = maud::html! {
            h2 { "conpar scale — " code { (clean(&cmd)) } " on " (clean(&d.meta.host_label())) }
        };
        o.push_str(&m.into_string());
        let pts: Vec<(usize, f64, f64, f64)> = d
            .doc
            .rows
            .iter()
            .map(|r| {
                let w = &r.measured.wall_s;
                let base = r.speedup * w.median;
                (r.threads, r.speedup, base / w.max, base / w.min)
            })
            .collect();
        let top = pts.iter().map(|p| p.0).max().unwrap_or(1);
        let fit = &d.doc.fit;
        let mut series = vec![speedup_series("measured", PALETTE[0], &pts, Some(fit))];
        if let Some(s) = fit
            .amdahl_serial_fraction
            .filter(|s| (0.0..=1.0).contains(s))
        {
            series.push(line(
                format!("Amdahl fit, s = {s:.3}"),
                "#000",
                curve(top * 2, |p| amdahl(s, p)),
            ));
        }
        series.push(ideal("ideal", top * 2));
        if super::room(charts) {
            let svg = chart(
                "speedup against threads (hollow: projected)",
                "threads",
                "speedup",
                &series,
                XAxis::Log2 {
                    top: (top * 2) as f64,
                },
            );
            o.push_str(&svg);
            charts.push((format!("scale-{}.svg", charts.len()), svg));
        } else {
            super::left_out(o, 1, "chart of speedup against threads");
        }
        let mut table = fit_table();
        fit_row(&mut table, &cmd, fit, Counted::Threads, &mut Vec::new());
        o.push_str(&crate::table::html::table(&table).into_string());
        o.push_str(&fit_notes(&[fit], Counted::Threads));
        o.push_str("<p>Brackets and the hollow points' bars are 95% intervals from a bootstrap over the runs; a projection whose interval is wider than itself is refused and not drawn.</p>");
        o.push_str(&stops_paying());
        let warnings = crate::words::warning_lines(&d.doc.warnings);
        let m = maud::html! {
            (crate::table::html::table(&crate::report::scale::rows(d.doc)))
            @if !warnings.is_empty() {
                ul { @for w in &warnings { li { "warning: " (crate::table::html::clean(w)) } } }
            }
        };
        o.push_str(&m.into_string());
    }
}
