//! The report's section for `run` documents: speedup against cores with the
//! model, Amdahl and the fitted laws; the real timeline beside the model's;
//! where cores × wall went.

use super::fits::{
    amdahl, curve, fit_notes, fit_row, fit_table, ideal, line, speedup_series, stops_paying,
};
use super::{Labelled, MAX_ROWS, left_out, room, slug};
use crate::chart::{PALETTE, Series, XAxis, chart, gantt, stacked_bars};
use crate::findings::fits::Unit as Counted;
use crate::results::run::{Row, RunDoc, WorkloadResult};
use crate::results::scale::Fit;
use crate::table::html::clean;
use crate::table::{Block, Cell, Column, Table, Value};
use crate::words::page;
use std::collections::BTreeMap;

/// Speedup and model error of every (strategy, cores) row, one column pair per host.
fn hosts_side_by_side(o: &mut String, docs: &[(&Labelled<RunDoc>, &WorkloadResult)]) {
    let mut keys: Vec<(String, usize)> = Vec::new();
    for (_, w) in docs {
        for r in &w.rows {
            let k = (r.strategy.to_string(), r.cores);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let mut columns = vec![Column::people("strategy"), Column::people("cores")];
    for (d, _) in docs {
        columns.push(Column::people(format!("{} speedup", d.label)));
        columns.push(Column::people("error"));
    }
    let mut t = Table::new("Hosts side by side", columns);
    for (strategy, cores) in keys {
        let mut row = vec![
            Cell::label(strategy.clone()),
            Cell::label_value(Value::count(cores)),
        ];
        for (_, w) in docs {
            let r = w
                .rows
                .iter()
                .find(|r| r.strategy.to_string() == strategy && r.cores == cores);
            row.push(Cell::measured(r.map_or(Value::Absent("—"), |r| {
                Value::ratio(r.measured.speedup)
            })));
            row.push(Cell::predicted(
                r.map_or(Value::Absent("—"), |r| Value::error(r.error)),
            ));
        }
        t.row(row);
    }
    o.push_str(&crate::table::html::table(&t).into_string());
}

/// A workload's identity in the report: same name, kernel and serial
/// fraction from different hosts merge; anything else stays apart.
fn key(w: &WorkloadResult) -> (String, &'static str, u64) {
    (
        w.workload.clone(),
        w.calibration.kernel.name(),
        w.serial_fraction.to_bits(),
    )
}

pub(super) fn runs_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    runs: &[Labelled<RunDoc>],
) {
    let mut by_workload: BTreeMap<_, Vec<(&Labelled<RunDoc>, &WorkloadResult)>> = BTreeMap::new();
    for d in runs {
        for w in &d.doc.workloads {
            by_workload.entry(key(w)).or_default().push((d, w));
        }
    }
    let names: Vec<&String> = by_workload.keys().map(|k| &k.0).collect();
    for ((workload, kernel, _), docs) in &by_workload {
        let twice = names.iter().filter(|n| **n == workload).count() > 1;
        let title = if twice || *kernel != "spin" {
            format!(
                "{workload} ({kernel} kernel, s = {:.3})",
                docs[0].1.serial_fraction
            )
        } else {
            workload.clone()
        };
        let file = slug(&title);
        workload_section(o, charts, &title, &file, docs);
    }
}

fn workload_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    title: &str,
    file: &str,
    docs: &[(&Labelled<RunDoc>, &WorkloadResult)],
) {
    o.push_str(&maud::html! { h2 { (clean(title)) " — speedup against cores" } }.into_string());
    let mut table = fit_table();
    let (mut series, xmax, colour_of) = measured_series(docs, &mut table);
    let first = docs[0].1;
    model_series(&mut series, first, &colour_of);
    // The axis reaches one doubling past the widest measurement: projections
    // further out would squeeze what was measured into a corner.
    let xm = (xmax * 2).max(2);
    let s = first.serial_fraction;
    // Without CPU work (no measured speedup at all) there is no law to draw.
    let cpu_work = first.rows.iter().any(|r| r.measured.speedup.is_finite());
    if cpu_work && s.is_finite() && (0.0..=1.0).contains(&s) {
        series.push(line(
            format!("Amdahl, s = {s:.2}"),
            "#000",
            curve(xm, |p| amdahl(s, p)),
        ));
    }
    series.push(ideal("ideal (S = P)", xm));
    if room(charts) {
        let svg = chart(
            &format!("{title}: speedup against cores (hollow: projected)"),
            "cores",
            "speedup",
            &series,
            XAxis::Log2 { top: xm as f64 },
        );
        o.push_str(&svg);
        charts.push((format!("speedup-{file}.svg"), svg));
    } else {
        left_out(o, 1, "chart of speedup against cores");
    }
    o.push_str(&maud::html! { p { (page::RUN_CHART) } }.into_string());
    o.push_str(&crate::table::html::table(&table).into_string());
    let fits: Vec<&Fit> = docs
        .iter()
        .flat_map(|(_, w)| w.scaling.iter().map(|f| &f.fit))
        .collect();
    o.push_str(&fit_notes(&fits, Counted::Cores));
    o.push_str(&stops_paying());
    for (d, w) in docs {
        // The workload's own lines, table and footnotes, below the heading.
        let mut blocks = crate::report::run::blocks(w, "");
        blocks.retain(|b| !matches!(b, Block::Heading(_)));
        let m = maud::html! {
            h3 { "Each run" @if !d.label.is_empty() { " · " (clean(&d.label)) } }
            (crate::table::html::blocks(&blocks))
        };
        o.push_str(&m.into_string());
    }
    if docs.len() > 1 {
        hosts_side_by_side(o, docs);
    }
    timelines(o, charts, title, file, &first.rows);
    loss_chart(o, charts, title, file, &first.rows);
}

/// Each document's measured speedups, one series per strategy, with their
/// fits' rows added to `table`: the series, the widest core count and each
/// strategy's colour.
fn measured_series<'a>(
    docs: &[(&Labelled<RunDoc>, &WorkloadResult)],
    table: &mut Table,
) -> (Vec<Series>, usize, BTreeMap<String, &'a str>) {
    let mut series = Vec::new();
    let mut xmax = 1usize;
    let mut colour_of: BTreeMap<String, &str> = BTreeMap::new();
    let mut said = Vec::new();
    for (d, w) in docs {
        let mut by_strategy: BTreeMap<String, Vec<(usize, f64, f64, f64)>> = BTreeMap::new();
        for r in &w.rows {
            let serial = if r.serial_s.is_finite() {
                r.serial_s
            } else {
                w.serial_wall_s
            };
            let ws = &r.measured.wall_s;
            by_strategy
                .entry(r.strategy.to_string())
                .or_default()
                .push((
                    r.cores,
                    r.measured.speedup,
                    serial / ws.max,
                    serial / ws.min,
                ));
            xmax = xmax.max(r.cores);
        }
        for (strategy, pts) in by_strategy {
            let fit = w
                .scaling
                .iter()
                .find(|f| f.strategy.to_string() == strategy)
                .map(|f| &f.fit);
            let name = if d.label.is_empty() {
                strategy.clone()
            } else {
                format!(
                    "{strategy} · {} · tick {}",
                    d.label,
                    crate::units::Nanos(w.tick_ns as f64)
                )
            };
            let colour = PALETTE[series.len() % PALETTE.len()];
            colour_of.entry(strategy.clone()).or_insert(colour);
            series.push(speedup_series(&name, colour, &pts, fit));
            if let Some(f) = fit {
                fit_row(table, &name, f, Counted::Cores, &mut said);
            }
        }
    }
    (series, xmax, colour_of)
}

/// The model's predicted speedups, one dashed line per strategy in its colour.
fn model_series(
    series: &mut Vec<Series>,
    first: &WorkloadResult,
    colour_of: &BTreeMap<String, &str>,
) {
    let mut predicted: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for r in &first.rows {
        predicted
            .entry(r.strategy.to_string())
            .or_default()
            .push((r.cores as f64, r.predicted.speedup));
    }
    for (strategy, pts) in predicted {
        let colour = colour_of.get(&strategy).copied().unwrap_or("#555");
        series.push(line(format!("model ({strategy})"), colour, pts));
    }
}

/// The real timeline beside the model's, from the widest pool row.
fn timelines(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    title: &str,
    file: &str,
    rows: &[Row],
) {
    let pick = rows
        .iter()
        .filter(|r| r.timeline.is_some() && r.model_timeline.is_some())
        .max_by_key(|r| (r.strategy == crate::kinds::StrategyKind::Rayon, r.cores));
    let Some(r) = pick else { return };
    if !room(charts) {
        left_out(o, 2, "Gantt charts of the real and the model's timeline");
        return;
    }
    let (Some(real), Some(model)) = (&r.timeline, &r.model_timeline) else {
        return;
    };
    let (real, model) = (real.timeline(), model.timeline());
    let end = real.wall().max(model.wall());
    let label = format!("{} on {}", r.strategy, crate::words::Count(r.cores, "core"));
    let m = maud::html! { h3 { (clean(&label)) " — the real timeline beside the model's" } };
    o.push_str(&m.into_string());
    for (kind, t) in [("measured", &real), ("model", &model)] {
        let svg = gantt(&format!("{title}, {label}: {kind}"), t, end, "ns");
        o.push_str(&svg);
        charts.push((format!("gantt-{file}-{kind}.svg"), svg));
    }
}

/// Where P × wall went, per row.
fn loss_chart(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    title: &str,
    file: &str,
    rows: &[Row],
) {
    if rows.is_empty() {
        return;
    }
    if !room(charts) {
        left_out(o, 1, "chart of where cores × wall went");
        return;
    }
    let rows = &rows[..rows.len().min(MAX_ROWS)];
    let cats: Vec<String> = rows
        .iter()
        .map(|r| format!("{} @ {}", r.strategy, r.cores))
        .collect();
    let vals: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            let l = &r.measured.loss;
            // A document from before the split has all of its overhead as
            // contention (busy beyond the work), which is what it measured.
            let contention = (l.overhead_s - l.startup_s - l.dispatch_s).max(0.0);
            vec![
                l.useful_s,
                l.idle_s,
                l.blocked_s,
                l.startup_s,
                l.dispatch_s,
                contention,
            ]
        })
        .collect();
    let parts = [
        ("useful", "#009E73"),
        ("idle", "#bbbbbb"),
        ("blocked", "#D55E00"),
        ("start-up", "#CC79A7"),
        ("dispatch", "#56B4E9"),
        ("contention", "#E69F00"),
    ];
    let svg = stacked_bars(
        &format!("{title}: where cores × wall went"),
        &cats,
        &parts,
        &vals,
    );
    o.push_str(&svg);
    charts.push((format!("loss-{file}.svg"), svg));
}
