//! The report's sections for I/O, tour and model documents.

use super::{Labelled, MAX_ROWS, left_out, room, slug};
use crate::chart::{PALETTE, gantt, grouped_bars};
use crate::results::io::{IoDoc, IoRow};
use crate::results::model::ModelDoc;
use crate::results::tour::TourDoc;
use crate::table::html::{blocks, clean, table};
use crate::words::page as w;

/// Most slices a model Gantt chart draws; longer schedules get the table only.
const MAX_GANTT_SLICES: usize = 2_000;

pub(super) fn io_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    ios: &[Labelled<IoDoc>],
) {
    if ios.is_empty() {
        return;
    }
    o.push_str(&maud::html! { h2 { (w::IO) } }.into_string());
    for d in ios {
        let m = maud::html! {
            @if !d.label.is_empty() { h3 { (clean(&d.label)) } }
            (blocks(&crate::report::io::blocks(d.doc)))
        };
        o.push_str(&m.into_string());
    }
    // Each client and core count once, in the order first met.
    let mut pairs = Vec::new();
    for r in ios.iter().flat_map(|d| &d.doc.rows) {
        if !pairs.contains(&(r.client, r.cores)) {
            pairs.push((r.client, r.cores));
        }
    }
    let more = pairs.len().saturating_sub(MAX_ROWS);
    pairs.truncate(MAX_ROWS);
    if !room(charts) {
        left_out(o, 1, w::IO_CHART_LEFT_OUT);
        return;
    }
    let at = |d: &IoDoc, pick: fn(&IoRow) -> f64| -> Vec<f64> {
        let row = |&(c, p)| d.rows.iter().find(|r| (r.client, r.cores) == (c, p));
        pairs.iter().map(|k| row(k).map_or(0.0, pick)).collect()
    };
    let mut names: Vec<String> = ios
        .iter()
        .map(|d| w::labelled("measured", &d.label))
        .collect();
    names.push("model".into());
    let mut series: Vec<(&str, &str, Vec<f64>)> = ios
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                names[i].as_str(),
                PALETTE[i % PALETTE.len()],
                at(d.doc, |r| r.measured.wall_s.median),
            )
        })
        .collect();
    series.push(("model", "#999999", at(ios[0].doc, |r| r.predicted.wall_s)));
    let cats: Vec<String> = pairs.iter().map(|(c, p)| format!("{c} @ {p}")).collect();
    let svg = grouped_bars(w::IO_CHART, "s", &cats, &series);
    o.push_str(&svg);
    charts.push(("io-wall.svg".into(), svg));
    if more > 0 {
        let m = maud::html! { p.meta { (w::io_pairs_left_out(more, MAX_ROWS)) } };
        o.push_str(&m.into_string());
    }
}

pub(super) fn tour_section(o: &mut String, tours: &[Labelled<TourDoc>]) {
    for d in tours {
        let m = maud::html! {
            h2 { (clean(&w::tour(&d.meta.host_label()))) }
            (table(&super::super::tour::table(&d.doc.claims)))
        };
        o.push_str(&m.into_string());
    }
}

pub(super) fn model_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    models: &[Labelled<ModelDoc>],
) {
    for d in models {
        let m = maud::html! {
            h2 { (clean(&w::model(&d.label))) }
            (blocks(&crate::report::model::blocks(&d.doc.runs)))
        };
        o.push_str(&m.into_string());
        let drawn = d.doc.runs.iter().filter(|r| {
            let n = r.timeline.0.slices.len();
            n > 0 && n <= MAX_GANTT_SLICES
        });
        let mut skipped = 0;
        for r in drawn {
            if !room(charts) {
                skipped += 1;
                continue;
            }
            let t = &r.timeline.0;
            let svg = gantt(&w::model_gantt(&r.workload, r.cores), t, t.wall(), "ticks");
            o.push_str(&svg);
            let name = format!(
                "model-{}-{}-{}.svg",
                slug(&r.workload),
                r.cores,
                charts.len()
            );
            charts.push((name, svg));
        }
        left_out(o, skipped, w::MODEL_CHARTS_LEFT_OUT);
    }
}
