//! The HTML report: one self-contained page (inline SVG and CSS, nothing
//! fetched) built from result documents of every kind. Documents from several
//! hosts merge: each host is its own series. Every string from a document is
//! escaped for the place it lands in. Pure: documents in, markup out.

mod fit;
mod fits;
mod other;
mod probe;
mod probe_open;
mod run;
mod scale;
mod workspan;

use crate::results::{Document, Meta};
use crate::table::html::clean;
use crate::table::{Cell, Column, Table};
use crate::words::page::{ChartsLeftOut, FILE_HEADINGS, Hosts, Quota, TITLE};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// A built report: the page and each chart as its own SVG file.
#[derive(Debug, Clone)]
pub struct Built {
    /// The self-contained page.
    pub html: String,
    /// (file name, SVG) for every chart on the page.
    pub charts: Vec<(String, String)>,
}

/// Most charts one report draws, on the page and as files: a document may
/// hold thousands of runs, and a page of thousands of charts helps no one.
/// Sections stop drawing at this count and say on the page what they left out.
pub const MAX_CHARTS: usize = 60;

pub use crate::table::html::MAX_ROWS;

/// Whether another chart may be drawn.
fn room(charts: &[(String, String)]) -> bool {
    charts.len() < MAX_CHARTS
}

/// One chart on the page and as `{file}-{n}.svg`, drawn only while there is
/// room; else the page says it left out `what`.
fn draw(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    file: &str,
    what: &str,
    svg: impl FnOnce() -> String,
) {
    if room(charts) {
        let svg = svg();
        o.push_str(&svg);
        charts.push((format!("{file}-{}.svg", charts.len()), svg));
    } else {
        left_out(o, 1, what);
    }
}

/// The page's note for `n` charts a section did not draw.
fn left_out(o: &mut String, n: usize, what: &str) {
    if n > 0 {
        let most = MAX_CHARTS;
        let m = html! { p.meta { (clean(&ChartsLeftOut { n, what, most }.to_string())) } };
        o.push_str(&m.into_string());
    }
}

/// A file name made from `s`: lowercase ASCII letters and digits, the rest
/// dashes, at most 60 characters.
fn slug(s: &str) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase());
    s.chars().take(60).map(|c| keep(c).unwrap_or('-')).collect()
}

/// A document with the label its series carry.
struct Labelled<'a, T> {
    label: String,
    meta: &'a Meta,
    doc: &'a T,
}

const STYLE: &str = "body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}svg{display:block;margin:1em 0;max-width:100%;height:auto}table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.holds{color:#007a3d}.differs{color:#b00}.error{color:#b00}.unsure{color:#a66a00}.warning{color:#a66a00}code{background:#f4f4f4;padding:0 3px}.meta{color:#555;font-size:13px}";

/// Every host the documents come from, once each, sorted.
fn hosts(docs: &[(String, Document)]) -> Vec<String> {
    let mut hosts: Vec<String> = docs.iter().map(|(_, d)| d.meta().host_label()).collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

/// The page's title, its hosts and one row per file read.
fn header(docs: &[(String, Document)]) -> Markup {
    let mut t = Table::new("", FILE_HEADINGS.map(Column::people).to_vec());
    for (file, d) in docs {
        let m = d.meta();
        let row = [
            file.clone(),
            format!("{:?}", m.kind).to_lowercase(),
            m.command.join(" "),
            m.started_at.clone(),
            m.conpar_version.clone(),
            m.host_label(),
            m.host.cpu_model.clone(),
            format!("{:?}", m.host.allowed_cpus),
            Quota(m.host.cgroup_cpu_quota).to_string(),
        ];
        t.row(row.map(Cell::label).to_vec());
    }
    html! {
        h1 { (TITLE) }
        p { (clean(&Hosts(&hosts(docs)).to_string())) }
        div.meta { (crate::table::html::table(&t)) }
    }
}

/// One section per calibration: its tables.
fn calibrate_section(o: &mut String, cals: &[Labelled<crate::results::calibrate::CalibrateDoc>]) {
    for d in cals {
        let blocks = super::calibrate::blocks(d.doc, None);
        let m = html! {
            h2 { "Calibration of " (clean(&d.meta.host_label())) }
            (crate::table::html::blocks(&blocks))
        };
        o.push_str(&m.into_string());
    }
}

/// Builds the page from `(file name, document)` pairs.
pub fn build(docs: &[(String, Document)]) -> Built {
    let mut o = String::new();
    let mut charts = Vec::new();
    let several_hosts = hosts(docs).len() > 1;
    // Two files from one host stay apart: the file name joins the label.
    let label = |file: &str, m: &Meta| {
        let same_host = docs
            .iter()
            .filter(|(_, d)| d.meta().host_label() == m.host_label() && d.meta().kind == m.kind)
            .count();
        match (several_hosts, same_host > 1) {
            (_, true) => format!("{}, {file}", m.host_label()),
            (true, false) => m.host_label(),
            (false, false) => String::new(),
        }
    };
    macro_rules! of_kind {
        ($variant:ident) => {
            docs.iter()
                .filter_map(|(f, d)| match d {
                    Document::$variant(x) => Some(Labelled {
                        label: label(f, &x.meta),
                        meta: &x.meta,
                        doc: x,
                    }),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
    }
    run::runs_section(&mut o, &mut charts, &of_kind!(Run));
    other::io_section(&mut o, &mut charts, &of_kind!(Io));
    scale::scale_section(&mut o, &mut charts, &of_kind!(Scale));
    other::tour_section(&mut o, &of_kind!(Tour));
    other::model_section(&mut o, &mut charts, &of_kind!(Model));
    calibrate_section(&mut o, &of_kind!(Calibrate));
    probe::probe_section(&mut o, &mut charts, &of_kind!(Probe));
    fit::fit_section(&mut o, &mut charts, &of_kind!(Fit));
    workspan::workspan_section(&mut o, &mut charts, &of_kind!(Workspan));
    // Every section checks `room`; this holds the files to the bound whatever
    // a section does.
    if charts.len() > MAX_CHARTS {
        left_out(&mut o, charts.len() - MAX_CHARTS, "chart files");
        charts.truncate(MAX_CHARTS);
    }
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (TITLE) }
                style { (PreEscaped(STYLE)) }
            }
            body { (header(docs)) (PreEscaped(o)) }
        }
    };
    Built {
        html: page.into_string() + "\n",
        charts,
    }
}
