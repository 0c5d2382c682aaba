//! The report's sections for I/O, tour and model documents.

use super::{Labelled, MAX_ROWS, left_out, room, slug};
use crate::chart::{PALETTE, gantt, grouped_bars};
use crate::results::io::IoDoc;
use crate::results::model::ModelDoc;
use crate::results::tour::TourDoc;
use crate::table::html as tables;
use crate::table::html::clean;

/// Most slices a model Gantt chart draws; longer schedules get the table only.
const MAX_GANTT_SLICES: usize = 2_000;

fn named(label: &str, what: &str) -> String {
    if label.is_empty() {
        what.to_string()
    } else {
        format!("{what} · {label}")
    }
}

pub(super) fn io_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    ios: &[Labelled<IoDoc>],
) {
    if ios.is_empty() {
        return;
    }
    o.push_str("<h2>Blocking against async I/O</h2>");
    for d in ios {
        let m = maud::html! {
            @if !d.label.is_empty() { h3 { (clean(&d.label)) } }
            (tables::blocks(&crate::report::io::blocks(d.doc)))
        };
        o.push_str(&m.into_string());
    }
    let mut cats: Vec<String> = Vec::new();
    let mut more = 0;
    for d in ios {
        for r in &d.doc.rows {
            let c = format!("{} @ {}", r.client, r.cores);
            if cats.contains(&c) {
                continue;
            }
            if cats.len() < MAX_ROWS {
                cats.push(c);
            } else {
                more += 1;
            }
        }
    }
    if !room(charts) {
        left_out(o, 1, "chart of I/O wall-clock");
        return;
    }
    let value = |d: &IoDoc, cat: &str, pick: &dyn Fn(&crate::results::io::IoRow) -> f64| {
        d.rows
            .iter()
            .find(|r| format!("{} @ {}", r.client, r.cores) == cat)
            .map_or(0.0, pick)
    };
    let mut series: Vec<(String, &str, Vec<f64>)> = Vec::new();
    for (i, d) in ios.iter().enumerate() {
        series.push((
            named(&d.label, "measured"),
            PALETTE[i % PALETTE.len()],
            cats.iter()
                .map(|c| value(d.doc, c, &|r| r.measured.wall_s.median))
                .collect(),
        ));
    }
    series.push((
        "model".to_string(),
        "#999999",
        cats.iter()
            .map(|c| value(ios[0].doc, c, &|r| r.predicted.wall_s))
            .collect(),
    ));
    let series: Vec<(&str, &str, Vec<f64>)> = series
        .iter()
        .map(|(n, c, v)| (n.as_str(), *c, v.clone()))
        .collect();
    let svg = grouped_bars(
        "wall-clock of the same requests, by client (shorter is better)",
        "s",
        &cats,
        &series,
    );
    o.push_str(&svg);
    charts.push(("io-wall.svg".into(), svg));
    if more > 0 {
        let m = maud::html! {
            p.meta { (more) " more client and core pairs not drawn: a chart shows at most " (MAX_ROWS) "." }
        };
        o.push_str(&m.into_string());
    }
}

pub(super) fn tour_section(o: &mut String, tours: &[Labelled<TourDoc>]) {
    for d in tours {
        let m = maud::html! {
            h2 { "The tour on " (clean(&d.meta.host_label())) }
            (crate::table::html::table(&super::super::tour::table(&d.doc.claims)))
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
            h2 { "The model" @if !d.label.is_empty() { " · " (clean(&d.label)) } }
            (tables::blocks(&crate::report::model::blocks(&d.doc.runs)))
        };
        o.push_str(&m.into_string());
        let mut skipped = 0;
        for r in &d.doc.runs {
            let t = &r.timeline.0;
            if t.slices.is_empty() || t.slices.len() > MAX_GANTT_SLICES {
                continue;
            }
            if !room(charts) {
                skipped += 1;
                continue;
            }
            let title = format!(
                "{} on {}: model",
                r.workload,
                crate::words::Count(r.cores, "core")
            );
            let svg = gantt(&title, t, t.wall(), "ticks");
            o.push_str(&svg);
            charts.push((
                format!(
                    "model-{}-{}-{}.svg",
                    slug(&r.workload),
                    r.cores,
                    charts.len()
                ),
                svg,
            ));
        }
        left_out(o, skipped, "Gantt charts of the model");
    }
}
