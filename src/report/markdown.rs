//! Markdown tables people paste into issues and pull requests: a heading
//! naming host and command, then the kind's blocks through the table
//! model's Markdown backend, which escapes every cell. Pure.

use super::table::Block;
use crate::results::Document;
use crate::words::Secs;
use std::fmt::Write;

use super::table::markdown::cell;

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
        Document::Probe(p) => {
            probe(&mut o, p);
            return o;
        }
        Document::Workspan(w) => super::workspan::blocks(w),
    };
    o.push_str(&super::table::markdown::blocks(&blocks));
    o
}

fn probe(o: &mut String, p: &crate::results::probe::ProbeDoc) {
    if let Some(open) = &p.open {
        let t = |x: f64| {
            if x.is_finite() {
                Secs(x).to_string()
            } else {
                "—".into()
            }
        };
        table(
            o,
            &[
                "asked/s",
                "sent/s",
                "dropped",
                "errors",
                "timeouts",
                "p50",
                "p99",
                "p99.9",
                "uncorrected p99",
                "SLO",
            ],
            open.steps.iter().map(|s| {
                vec![
                    format!("{:.1}", s.asked),
                    format!("{:.1}", s.achieved),
                    s.dropped.to_string(),
                    s.errors.to_string(),
                    s.timeouts.to_string(),
                    t(s.corrected.p50),
                    t(s.corrected.p99),
                    t(s.corrected.p999),
                    t(s.uncorrected.p99),
                    super::probe::open::slo_cell(s.slo.as_ref()),
                ]
            }),
        );
        if let Some(f) = &open.find_max {
            let _ = writeln!(o, "\n{}", cell(&f.text));
        }
        return;
    }
    table(
        o,
        &["N", "req/s", "p50", "p99", "errors", "server cores"],
        p.levels.iter().map(|l| {
            vec![
                l.n.to_string(),
                format!("{:.0}", l.throughput),
                Secs(l.latency_s.p50).to_string(),
                Secs(l.latency_s.p99).to_string(),
                (l.errors + l.timeouts).to_string(),
                l.server
                    .as_ref()
                    .map_or("—".into(), |s| format!("{:.2}", s.cores)),
            ]
        }),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_cannot_split_a_row_or_inject_markup() {
        assert_eq!(super::cell("a|b\nc<img>"), "a\\|b c\\<img\\>");
    }
}
