//! The report's section for `run` documents: speedup against cores with the
//! model, Amdahl and the fitted laws; each run as every backend shows it;
//! the real timeline beside the model's; where cores × wall went.

use super::fits::{
    amdahl, curve, fit_notes, fit_row, fit_table, ideal, line, speedup_series, stops_paying,
};
use super::{Labelled, MAX_ROWS, left_out, room, slug};
use crate::chart::{PALETTE, Series, XAxis, chart, gantt, stacked_bars};
use crate::findings::fits::Unit as Counted;
use crate::results::run::{Row, RunDoc, WorkloadResult};
use crate::table::html::{blocks, clean, table};
use crate::table::{Cell, Column, Table, Value};
use crate::words::page;
use std::collections::BTreeMap;

/// One workload's documents, each with its label.
type Docs<'a> = [(&'a Labelled<'a, RunDoc>, &'a WorkloadResult)];

/// Speedup and model error of every (strategy, cores) row, one column pair per host.
fn hosts_side_by_side(docs: &Docs) -> Table {
    let mut keys: Vec<(String, usize)> = Vec::new();
    for r in docs.iter().flat_map(|(_, w)| &w.rows) {
        let k = (r.strategy.to_string(), r.cores);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut columns = vec![Column::people("strategy"), Column::people("cores")];
    for (d, _) in docs {
        columns.push(Column::people(format!("{} speedup", d.label)));
        columns.push(Column::people("error"));
    }
    let mut t = Table::new(page::run::HOSTS, columns);
    for (strategy, cores) in keys {
        let mut row = vec![
            Cell::label(&strategy),
            Cell::label_value(Value::count(cores)),
        ];
        for (_, w) in docs {
            let r =
                (w.rows.iter()).find(|r| r.strategy.to_string() == strategy && r.cores == cores);
            let or_dash = |f: fn(&Row) -> Value| r.map_or(Value::Absent("—"), f);
            let speedup = or_dash(|r| Value::ratio(r.measured.speedup));
            row.extend([
                Cell::measured(speedup),
                Cell::predicted(or_dash(|r| Value::error(r.error))),
            ]);
        }
        t.row(row);
    }
    t
}

/// Every workload, its documents from several hosts merged: same name,
/// kernel and serial fraction merge; anything else stays apart.
pub(super) fn runs_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    runs: &[Labelled<RunDoc>],
) {
    let mut by_workload: BTreeMap<_, Vec<(&Labelled<RunDoc>, &WorkloadResult)>> = BTreeMap::new();
    for d in runs {
        for w in &d.doc.workloads {
            let key = (
                &w.workload,
                w.calibration.kernel.name(),
                w.serial_fraction.to_bits(),
            );
            by_workload.entry(key).or_default().push((d, w));
        }
    }
    let names: Vec<&String> = by_workload.keys().map(|k| k.0).collect();
    for ((workload, kernel, _), docs) in &by_workload {
        let twice = names.iter().filter(|n| *n == workload).count() > 1;
        let title = if twice || *kernel != "spin" {
            let s = docs[0].1.serial_fraction;
            format!("{workload} ({kernel} kernel, s = {s:.3})")
        } else {
            workload.to_string()
        };
        workload_section(o, charts, &title, &slug(&title), docs);
    }
}

fn workload_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    title: &str,
    file: &str,
    docs: &Docs,
) {
    o.push_str(&maud::html! { h2 { (clean(title)) (page::run::SPEEDUP) } }.into_string());
    let mut fits = fit_table();
    let (series, xm) = speedup_chart(docs, &mut fits);
    if room(charts) {
        let t = format!("{title}{}", page::run::SPEEDUP_CHART);
        let axis = XAxis::Log2 { top: xm as f64 };
        let svg = chart(&t, "cores", "speedup", &series, axis);
        o.push_str(&svg);
        charts.push((format!("speedup-{file}.svg"), svg));
    } else {
        left_out(o, 1, page::run::SPEEDUP_LEFT_OUT);
    }
    let each = docs
        .iter()
        .flat_map(|(_, w)| w.scaling.iter().map(|f| &f.fit));
    let m = maud::html! {
        p { (page::RUN_CHART) }
        (table(&fits))
        (maud::PreEscaped(fit_notes(&each.collect::<Vec<_>>(), Counted::Cores)))
        (maud::PreEscaped(stops_paying()))
        @for (d, w) in docs {
            h3 { (page::run::EACH_RUN) @if !d.label.is_empty() { " · " (clean(&d.label)) } }
            // The workload's own lines, table and footnotes, below the heading.
            (blocks(&crate::report::run::body(w)))
        }
        @if docs.len() > 1 { (table(&hosts_side_by_side(docs))) }
    };
    o.push_str(&m.into_string());
    row_charts(o, charts, title, file, &docs[0].1.rows);
}

/// The speedup chart's series: each document's measured speedups, one
/// series per strategy (their fits' rows added to `fits`), the model's
/// dashed in the same colour, Amdahl and S = P; and the axis's end.
fn speedup_chart(docs: &Docs, fits: &mut Table) -> (Vec<Series>, usize) {
    let mut series = Vec::new();
    let mut colour_of: BTreeMap<String, &str> = BTreeMap::new();
    let (mut said, mut widest) = (Vec::new(), 1);
    for (d, w) in docs {
        let mut by: BTreeMap<String, Vec<(usize, f64, f64, f64)>> = BTreeMap::new();
        for r in &w.rows {
            let s = [r.serial_s, w.serial_wall_s]
                .into_iter()
                .find(|s| s.is_finite());
            let (s, ws) = (s.unwrap_or(f64::NAN), &r.measured.wall_s);
            let pt = (r.cores, r.measured.speedup, s / ws.max, s / ws.min);
            by.entry(r.strategy.to_string()).or_default().push(pt);
            widest = widest.max(r.cores);
        }
        for (strategy, pts) in by {
            let fit = (w.scaling.iter()).find(|f| f.strategy.to_string() == strategy);
            let tick = crate::units::Nanos(w.tick_ns as f64);
            let name = match d.label.as_str() {
                "" => strategy.clone(),
                label => format!("{strategy} · {label} · tick {tick}"),
            };
            let colour = PALETTE[series.len() % PALETTE.len()];
            colour_of.entry(strategy).or_insert(colour);
            series.push(speedup_series(&name, colour, &pts, fit.map(|f| &f.fit)));
            if let Some(f) = fit {
                fit_row(fits, &name, &f.fit, Counted::Cores, &mut said);
            }
        }
    }
    let first = docs[0].1;
    let mut by: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for r in &first.rows {
        let pt = (r.cores as f64, r.predicted.speedup);
        by.entry(r.strategy.to_string()).or_default().push(pt);
    }
    for (strategy, pts) in by {
        let colour = colour_of.get(&strategy).copied().unwrap_or("#555");
        series.push(line(format!("model ({strategy})"), colour, pts));
    }
    // The axis reaches one doubling past the widest measurement: projections
    // further out would squeeze what was measured into a corner.
    let xm = widest * 2;
    let s = first.serial_fraction;
    // Without CPU work (no measured speedup at all) there is no law to draw.
    let cpu_work = first.rows.iter().any(|r| r.measured.speedup.is_finite());
    if cpu_work && (0.0..=1.0).contains(&s) {
        let amdahl = curve(xm, |p| amdahl(s, p));
        series.push(line(format!("Amdahl, s = {s:.2}"), "#000", amdahl));
    }
    series.push(ideal("ideal (S = P)", xm));
    (series, xm)
}

/// The real timeline beside the model's, from the widest pool row, and
/// where P × wall went, per row.
fn row_charts(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    title: &str,
    file: &str,
    rows: &[Row],
) {
    let pick = (rows.iter())
        .filter_map(|r| Some((r, r.timeline.as_ref()?, r.model_timeline.as_ref()?)))
        .max_by_key(|(r, ..)| (r.strategy == crate::kinds::StrategyKind::Rayon, r.cores));
    if let Some((r, real, model)) = pick.filter(|_| room(charts)) {
        let (real, model) = (real.timeline(), model.timeline());
        let end = real.wall().max(model.wall());
        let label = format!("{} on {}", r.strategy, crate::words::Count(r.cores, "core"));
        let m = maud::html! { h3 { (clean(&label)) (page::run::TIMELINES) } };
        o.push_str(&m.into_string());
        for (kind, t) in [("measured", &real), ("model", &model)] {
            let svg = gantt(&format!("{title}, {label}: {kind}"), t, end, "ns");
            o.push_str(&svg);
            charts.push((format!("gantt-{file}-{kind}.svg"), svg));
        }
    } else if pick.is_some() {
        left_out(o, 2, page::run::TIMELINES_LEFT_OUT);
    }
    if rows.is_empty() {
        return;
    }
    if !room(charts) {
        return left_out(o, 1, page::run::LOSS_LEFT_OUT);
    }
    let rows = &rows[..rows.len().min(MAX_ROWS)];
    let cats: Vec<String> = rows
        .iter()
        .map(|r| format!("{} @ {}", r.strategy, r.cores))
        .collect();
    let vals: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| r.measured.loss.parts().to_vec())
        .collect();
    let parts = [
        ("useful", "#009E73"),
        ("idle", "#bbbbbb"),
        ("blocked", "#D55E00"),
        ("start-up", "#CC79A7"),
        ("dispatch", "#56B4E9"),
        ("contention", "#E69F00"),
    ];
    let title = format!("{title}{}", page::run::LOSS_CHART);
    let svg = stacked_bars(&title, &cats, &parts, &vals);
    o.push_str(&svg);
    charts.push((format!("loss-{file}.svg"), svg));
}
