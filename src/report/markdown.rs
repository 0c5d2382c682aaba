//! Markdown tables people paste into issues and pull requests: a heading
//! naming host and command, then the kind's blocks through the table
//! model's Markdown backend, which escapes every cell. Pure.

use crate::results::Document;
use crate::table::Block;
use crate::table::markdown::cell;

/// The document as Markdown: a heading naming host and command, then its table.
pub fn render(d: &Document) -> String {
    let m = d.meta();
    let command = m.command.join(" ").replace(['`', '\n', '\r'], " ");
    let blocks = match d {
        Document::Run(r) => r
            .workloads
            .iter()
            .flat_map(|w| super::run::blocks(w, ""))
            .collect(),
        Document::Io(io) => super::io::blocks(io),
        Document::Scale(sc) => super::scale::blocks(sc),
        Document::Tour(t) => vec![Block::Table(super::tour::table(&t.claims))],
        Document::Model(md) => super::model::blocks(&md.runs),
        Document::Calibrate(c) => super::calibrate::blocks(c, None),
        Document::Fit(f) => super::fit::blocks(f),
        Document::Probe(p) if p.open.is_some() => super::probe::open::blocks(p),
        Document::Probe(p) => super::probe::blocks(p),
        Document::Workspan(w) => super::workspan::blocks(w),
    };
    format!(
        "**conpar {}** on {} ({}), {}: `{}`\n\n{}",
        cell(&format!("{:?}", m.kind).to_lowercase()),
        cell(&m.host_label()),
        cell(&m.host.cpu_model),
        cell(&m.started_at),
        crate::escape::terminal(&command),
        crate::table::markdown::blocks(&blocks)
    )
}
