//! The report's section for `fit` documents: the measured throughputs (mean,
//! with the lowest and highest as bars), the fitted USL and its 95 % band
//! drawn as two thin lines; the levels and the fitted parameters beneath.

use super::Labelled;
use super::fits::line;
use crate::chart::{PALETTE, Series, XAxis, chart};
use crate::results::fit::FitDoc;
use crate::table::html::clean;

const TITLE: &str = "throughput against concurrency";

fn series(d: &FitDoc) -> Vec<Series> {
    let points = d.levels.iter().map(|l| (l.n, l.x)).collect();
    let measured = Series {
        range: Some(d.levels.iter().map(|l| (l.x_min, l.x_max)).collect()),
        hollow: vec![false; d.levels.len()],
        dashed: false,
        markers: true,
        ..line("measured (mean, min–max)".into(), PALETTE[0], points)
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
        let svg = || chart(TITLE, "N", "throughput", &series(d.doc), XAxis::Linear);
        super::draw(o, charts, "fit", "fit chart", svg);
        let blocks = crate::report::fit::blocks(d.doc);
        o.push_str(&crate::table::html::blocks(&blocks).into_string());
    }
}
