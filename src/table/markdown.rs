//! The Markdown backend: a title in italics, a pipe table, lines as list
//! items. Every cell is escaped: `|` and line breaks cannot split a row, and
//! markup characters are shown, not applied.

use super::{Block, Role, Table};
use std::fmt::Write;

/// `s` as one Markdown table cell or line of text.
pub fn cell(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let flat = s.replace(['\n', '\r'], " ");
    for c in crate::escape::terminal(&flat).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' => {
                o.push('\\');
                o.push(c);
            }
            c => o.push(c),
        }
    }
    o
}

/// The table as Markdown.
pub fn table(t: &Table) -> String {
    let mut o = String::new();
    if let Some(title) = &t.title {
        let _ = writeln!(o, "*{}*\n", cell(title));
    }
    let shown = t.shown();
    let heads: Vec<String> = shown
        .iter()
        .map(|&c| cell(t.columns[c].heading.as_deref().unwrap_or("")))
        .collect();
    let _ = writeln!(o, "| {} |", heads.join(" | "));
    let _ = writeln!(o, "|{}", "---|".repeat(shown.len()));
    for r in 0..t.rows.len() {
        let cells: Vec<String> = shown
            .iter()
            .map(|&c| {
                t.cell(r, c)
                    .map_or(String::new(), |x| cell(&x.value.to_string()))
            })
            .collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    o
}

/// Every block, separated by blank lines; warnings and notes as list items.
pub fn blocks(bs: &[Block]) -> String {
    let mut o = String::new();
    for b in bs {
        match b {
            Block::Table(t) => o.push_str(&table(t)),
            Block::Line(c) => {
                let text = cell(&c.value.to_string());
                let _ = match c.role {
                    Role::Warning => writeln!(o, "- warning: {text}"),
                    Role::Note => writeln!(o, "- {text}"),
                    _ => writeln!(o, "{text}"),
                };
            }
            Block::Heading(h) => {
                let _ = writeln!(o, "*{}*", cell(h));
            }
        }
        o.push('\n');
    }
    o
}
