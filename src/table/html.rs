//! The HTML backend: each table as markup built by `maud` (which escapes
//! every string it interpolates), a verdict's cell classed by its tone, at
//! most [`MAX_ROWS`] rows a table with the rest counted.

use super::{Block, Cell, Role, Table};
use crate::table::paint::Tone;
use maud::{Markup, html};

/// Most rows of one document a table on the page shows; the rest are counted.
pub const MAX_ROWS: usize = 500;

/// The class a cell's role gives it on the page.
pub fn class(role: Role) -> Option<&'static str> {
    match role {
        Role::Verdict(Tone::Good) => Some("holds"),
        Role::Verdict(Tone::Bad) => Some("differs"),
        Role::Verdict(Tone::Unsure) => Some("unsure"),
        Role::Warning => Some("warning"),
        _ => None,
    }
}

/// `s` with the control characters XML does not allow shown as U+FFFD;
/// `maud` escapes the rest.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn td(c: Option<&Cell>) -> Markup {
    match c {
        Some(c) => html! { td class=[class(c.role)] { (clean(&c.value.to_string())) } },
        None => html! { td {} },
    }
}

/// The page's note for the rows of a table past [`MAX_ROWS`].
pub fn rows_left_out(total: usize) -> Markup {
    html! {
        @if total > MAX_ROWS {
            p.meta { (total - MAX_ROWS) " more rows not shown: a table shows at most " (MAX_ROWS) " (every row is in the document)." }
        }
    }
}

/// The table as markup, its title a heading above it.
pub fn table(t: &Table) -> Markup {
    let shown = t.shown();
    html! {
        @if let Some(title) = &t.title { h3 { (clean(title)) } }
        table {
            tr { @for &c in &shown { th { (clean(t.columns[c].heading.as_deref().unwrap_or(""))) } } }
            @for r in 0..t.rows.len().min(MAX_ROWS) {
                tr { @for &c in &shown { (td(t.cell(r, c))) } }
            }
        }
        (rows_left_out(t.rows.len()))
    }
}

/// A line as a paragraph, classed by its role.
pub fn line(c: &Cell) -> Markup {
    html! {
        p class=[class(c.role)] {
            @if c.role == Role::Warning { "warning: " }
            (clean(&c.value.to_string()))
        }
    }
}

/// Every block.
pub fn blocks(bs: &[Block]) -> Markup {
    html! {
        @for b in bs {
            @match b {
                Block::Table(t) => (table(t)),
                Block::Line(c) => (line(c)),
                Block::Heading(h) => h3 { (clean(h)) },
            }
        }
    }
}
