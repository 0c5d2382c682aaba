//! Markdown tables people paste into issues and pull requests, one per
//! document kind. Cells are escaped for Markdown: `|` and line breaks cannot
//! split a row, and markup characters are shown, not applied. Pure.

use crate::results::Document;
use crate::words::{Pct, Secs, Spread};
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

fn pct(x: f64) -> String {
    Pct::new(x).places(1).signed().to_string()
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
    use super::fit::{method_words, n_words, parameter_lines, sig};
    let _ = writeln!(o, "{}; {}\n", cell(d.input.words()), cell(&method_words(d)));
    table(
        o,
        &["N", "runs", "X", "fitted", "speedup", "Karp–Flatt"],
        d.levels.iter().map(|l| {
            vec![
                n_words(l.n),
                l.count.to_string(),
                sig(l.x),
                sig(l.fitted),
                format!("{:.2}×", l.speedup),
                l.karp_flatt.map_or("—".into(), |e| format!("{e:.4}")),
            ]
        }),
    );
    let _ = writeln!(o);
    for line in parameter_lines(d) {
        let _ = writeln!(o, "- {}", cell(&line));
    }
}

fn run(o: &mut String, r: &crate::results::run::RunDoc) {
    for w in &r.workloads {
        let _ = writeln!(o, "*{}*\n", cell(&w.workload));
        table(
            o,
            &[
                "strategy",
                "cores",
                "wall (median [min–max])",
                "predicted",
                "error",
                "speedup",
                "why",
            ],
            w.rows.iter().map(|r| {
                let ws = &r.measured.wall_s;
                vec![
                    r.strategy.to_string(),
                    r.cores.to_string(),
                    Spread::of(ws).to_string(),
                    Secs(r.predicted.wall_s).to_string(),
                    pct(r.error),
                    super::text::times(r.measured.speedup, 2),
                    crate::words::Maybe(r.why.as_ref()).to_string(),
                ]
            }),
        );
        o.push('\n');
    }
}

fn io_table(o: &mut String, io: &crate::results::io::IoDoc) {
    table(
        o,
        &[
            "client",
            "cores",
            "wall (median [min–max])",
            "predicted",
            "error",
            "p50 / p99",
            "errors",
        ],
        io.rows.iter().map(|r| {
            let ws = &r.measured.wall_s;
            vec![
                r.client.to_string(),
                r.cores.to_string(),
                Spread::of(ws).to_string(),
                Secs(r.predicted.wall_s).to_string(),
                pct(r.error),
                format!("{} / {}", Secs(r.measured.p50_s), Secs(r.measured.p99_s)),
                r.errors.to_string(),
            ]
        }),
    );
}

fn scale(o: &mut String, s: &crate::results::scale::ScaleDoc) {
    table(
        o,
        &[
            "threads",
            "wall (median [min–max])",
            "speedup",
            "efficiency",
            "Karp–Flatt",
        ],
        s.rows.iter().map(|r| {
            let ws = &r.measured.wall_s;
            vec![
                r.threads.to_string(),
                Spread::of(ws).to_string(),
                super::text::times(r.speedup, 2),
                Pct::new(r.efficiency).to_string(),
                r.karp_flatt.map_or("—".into(), |e| format!("{e:.3}")),
            ]
        }),
    );
    let f = &s.fit;
    let _ = writeln!(o, "\nFit: {}", cell(&super::scale::fit_line(f)));
    let projected: Vec<String> = s
        .projected
        .iter()
        .map(|p| {
            super::scale::projected(p.threads, "threads", p.speedup, p.interval.as_ref(), false)
        })
        .collect();
    if !projected.is_empty() {
        let _ = writeln!(
            o,
            "\nProjected, not measured: {}",
            cell(&projected.join(", "))
        );
    }
    if let Some(w) = super::scale::interval_words(f) {
        let _ = writeln!(o, "\n{}", cell(&w));
    }
    let _ = writeln!(o, "\n{}", cell(&s.verdict));
    for w in crate::words::warning_lines(&s.warnings) {
        let _ = writeln!(o, "\n- warning: {}", cell(&w));
    }
}

fn tour(o: &mut String, t: &crate::results::tour::TourDoc) {
    table(
        o,
        &["claim", "predicted", "measured", "verdict"],
        t.claims.iter().map(|c| {
            vec![
                c.name.clone(),
                c.predicted_short.clone(),
                c.measured_short.clone(),
                c.verdict.word().into(),
            ]
        }),
    );
}

fn model(o: &mut String, md: &crate::results::model::ModelDoc) {
    table(
        o,
        &[
            "workload",
            "cores",
            "wall (ticks)",
            "speedup",
            "utilization",
        ],
        md.runs.iter().map(|r| {
            vec![
                r.workload.clone(),
                r.cores.to_string(),
                r.wall_ticks.to_string(),
                super::text::times(r.defined(r.speedup), 3),
                Pct::new(r.utilization).places(1).to_string(),
            ]
        }),
    );
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
