//! The report's section for `fit` documents: the measured throughputs (mean,
//! with the lowest and highest as bars), the fitted USL and its 95 % band
//! drawn as two thin lines; the levels and the fitted parameters beneath.

use super::Labelled;
use super::fits::line;
use crate::chart::{PALETTE, Series, XAxis, chart};
use crate::results::fit::FitDoc;
use crate::table::html::clean;

fn series(d: &FitDoc) -> Vec<Series> {
    let measured = Series {
        name: "measured (mean, min–max)".into(),
        color: PALETTE[0].into(),
        points: d.levels.iter().map(|l| (l.n, l.x)).collect(),
        range: Some(d.levels.iter().map(|l| (l.x_min, l.x_max)).collect()),
        hollow: vec![false; d.levels.len()],
        dashed: false,
        markers: true,
        fit_y: true,
    };
    let mut v = vec![measured];
    let fit: Vec<(f64, f64)> = d.band.iter().map(|b| (b.n, b.x)).collect();
    if !fit.is_empty() {
        v.push(line("USL fit".into(), "#000", fit));
    }
    let lo: Vec<(f64, f64)> = d.band.iter().filter_map(|b| Some((b.n, b.lo?))).collect();
    let hi: Vec<(f64, f64)> = d.band.iter().filter_map(|b| Some((b.n, b.hi?))).collect();
    if !lo.is_empty() && !hi.is_empty() {
        v.push(line("95% band, lower".into(), PALETTE[1], lo));
        v.push(line("95% band, upper".into(), PALETTE[1], hi));
    }
    v
}

pub(super) fn fit_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    docs: &[Labelled<FitDoc>],
) {
    for d in docs {
        let head = maud::html! {
            h2 {
                "conpar fit — " code { (clean(&d.doc.source)) }
                @if !d.label.is_empty() { " (" (clean(&d.label)) ")" }
            }
        };
        o.push_str(&head.into_string());
        if super::room(charts) {
            let svg = chart(
                "throughput against concurrency",
                "N",
                "throughput",
                &series(d.doc),
                XAxis::Linear,
            );
            o.push_str(&svg);
            charts.push((format!("fit-{}.svg", charts.len()), svg));
        } else {
            super::left_out(o, 1, "fit chart");
        }
        let blocks = crate::report::fit::blocks(d.doc);
        o.push_str(&crate::table::html::blocks(&blocks).into_string());
    }
}
