//! Markdown tables people paste into issues and pull requests, one per
//! document kind. Cells are escaped for Markdown: `|` and line breaks cannot
//! split a row, and markup characters are shown, not applied. Pure.

use crate::results::Document;
use std::fmt::Write;

fn cell(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let flat = s.replace(['\n', '\r'], " ");
    for c in crate::escape::terminal(&flat).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn table(o: &mut String, head: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    let _ = writeln!(o, "| {} |", head.join(" | "));
    let _ = writeln!(o, "|{}", "---|".repeat(head.len()));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
}

/// The document as Markdown: a heading naming host and command, then its table.
pub fn render(d: &Document) -> String {
    let m = d.meta();
    let mut o = format!(
        "**conpar {}** on {} ({}), {}: `{}`\n\n",
        cell(&format!("{:?}", m.kind).to_lowercase()),
        cell(&m.host_label()),
        cell(&m.host.cpu_model),
        cell(&m.started_at),
        crate::escape::terminal(&m.command.join(" ").replace(['`', '\n', '\r'], " "))
    );
    match d {
        Document::Run(r) => run(&mut o, r),
        Document::Io(io) => io_table(&mut o, io),
        Document::Scale(sc) => scale(&mut o, sc),
        Document::Tour(t) => tour(&mut o, t),
        Document::Model(md) => model(&mut o, md),
        Document::Calibrate(c) => calibrate(&mut o, c),
        Document::Probe(p) => probe(&mut o, p),
        Document::Fit(f) => fit(&mut o, f),
        Document::Workspan(w) => workspan(&mut o, w),
    }
    o
}

fn fit(o: &mut String, d: &crate::results::fit::FitDoc) {
    o.push_str(&super::table::markdown::blocks(&super::fit::blocks(d)));
}

fn run(o: &mut String, r: &crate::results::run::RunDoc) {
    for w in &r.workloads {
        o.push_str(&super::table::markdown::blocks(&super::run::blocks(w, "")));
    }
}

fn io_table(o: &mut String, io: &crate::results::io::IoDoc) {
    o.push_str(&super::table::markdown::blocks(&super::io::blocks(io)));
}

fn scale(o: &mut String, s: &crate::results::scale::ScaleDoc) {
    o.push_str(&super::table::markdown::blocks(&super::scale::blocks(s)));
}

fn tour(o: &mut String, t: &crate::results::tour::TourDoc) {
    o.push_str(&super::table::markdown::table(&super::tour::table(
        &t.claims,
    )));
}

fn model(o: &mut String, md: &crate::results::model::ModelDoc) {
    o.push_str(&super::table::markdown::blocks(&super::model::blocks(
        &md.runs,
    )));
}

fn calibrate(o: &mut String, c: &crate::results::calibrate::CalibrateDoc) {
    o.push_str(&super::table::markdown::blocks(&super::calibrate::blocks(
        c, None,
    )));
}

fn probe(o: &mut String, p: &crate::results::probe::ProbeDoc) {
    let blocks = match &p.open {
        Some(_) => super::probe::open::blocks(p),
        None => super::probe::blocks(p),
    };
    o.push_str(&super::table::markdown::blocks(&blocks));
}

fn workspan(o: &mut String, d: &crate::results::workspan::WorkspanDoc) {
    let (top, head, rows, findings) = super::workspan::markdown(d);
    let _ = writeln!(o, "{}\n", cell(&top));
    table(o, &head, rows);
    for f in findings {
        let _ = writeln!(o, "\n- {}", cell(&f));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_cannot_split_a_row_or_inject_markup() {
        assert_eq!(super::cell("a|b\nc<img>"), "a\\|b c\\<img\\>");
    }
}
