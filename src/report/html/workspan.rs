//! The report's section for `workspan` documents: the work-span chart, then
//! the document's blocks through the table model's HTML backend.

use super::super::workspan::{body, shown};
use super::Labelled;
use crate::chart::workspan_chart;
use crate::results::workspan::WorkspanDoc;
use crate::table::html::{blocks, clean};
use maud::html;

pub(super) fn workspan_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    docs: &[Labelled<WorkspanDoc>],
) {
    for d in docs {
        let host = clean(&d.meta.host_label());
        let head =
            html! { h2 { "conpar workspan — " code { (clean(&shown(d.doc))) } " on " (host) } };
        o.push_str(&head.into_string());
        let svg = || workspan_chart(d.doc);
        super::draw(o, charts, "workspan", "work-span chart", svg);
        o.push_str(&blocks(&body(d.doc)).into_string());
    }
}
