//! The report's section for `workspan` documents: the work-span chart, the
//! table of measured beside predicted, the findings in words.

use super::super::svg::{esc, workspan_chart};
use super::super::workspan::{HEAD, finding_words, graph_words, profile_line, shown};
use super::Labelled;
use crate::results::workspan::WorkspanDoc;
use std::fmt::Write;

pub(super) fn workspan_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    docs: &[Labelled<WorkspanDoc>],
) {
    for d in docs {
        let _ = write!(
            o,
            "<h2>conpar workspan — <code>{}</code> on {}</h2><p>{}</p><p>{}</p>",
            esc(&shown(d.doc)),
            esc(&d.meta.host_label()),
            esc(&profile_line(d.doc)),
            esc(&graph_words(d.doc.graph))
        );
        if super::room(charts) {
            let svg = workspan_chart(d.doc);
            o.push_str(&svg);
            charts.push((format!("workspan-{}.svg", charts.len()), svg));
        } else {
            super::left_out(o, 1, "work-span chart");
        }
        o.push_str("<table><tr>");
        for h in HEAD {
            let _ = write!(o, "<th>{}</th>", esc(h));
        }
        o.push_str("</tr>");
        let rows = super::super::workspan::rows(d.doc);
        for r in rows.iter().take(super::MAX_ROWS) {
            o.push_str("<tr>");
            for c in r {
                let _ = write!(o, "<td>{}</td>", esc(c));
            }
            o.push_str("</tr>");
        }
        o.push_str("</table>");
        super::rows_left_out(o, rows.len());
        if d.doc.findings.is_empty() {
            o.push_str("<p>Every measured speedup lies within the noise between its prediction and min(P, T1/T∞); no limit to name.</p>");
        } else {
            o.push_str("<ul>");
            for f in &d.doc.findings {
                let _ = write!(o, "<li>{}</li>", esc(&finding_words(f)));
            }
            o.push_str("</ul>");
        }
    }
}
