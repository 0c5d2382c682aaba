//! The terminal backend: titles (with a colon), aligned columns (text to the left, figures
//! to the right, two spaces between), lines below. Strings from documents
//! go through [`crate::escape::terminal`]; a verdict's cell is marked for
//! [`crate::table::paint`] by its tone, nothing else is.

use super::{Block, Cell, Role, Table};
use crate::escape::terminal;
use crate::table::paint::mark;
use std::fmt::Write;

/// A cell as the terminal shows it, escaped, before any mark.
fn plain(c: &Cell) -> String {
    terminal(&c.value.to_string()).into_owned()
}

/// `s` marked in its cell's tone when the cell is a verdict.
fn painted(s: &str, role: Role) -> String {
    match role {
        Role::Verdict(t) => mark(s, Some(t)),
        _ => s.to_string(),
    }
}

/// One line, marked when it is a verdict, `warning: ` before a warning.
pub fn line(c: &Cell) -> String {
    let prefix = if c.role == Role::Warning {
        "warning: "
    } else {
        ""
    };
    format!("{prefix}{}", painted(&plain(c), c.role))
}

/// The table, its title above it, one line a row.
pub fn table(t: &Table) -> String {
    let mut o = String::new();
    if let Some(title) = &t.title {
        let _ = writeln!(o, "{}:", terminal(title));
    }
    let (shown, below): (Vec<usize>, Vec<usize>) =
        t.shown().into_iter().partition(|&c| !t.columns[c].below);
    let cells: Vec<Vec<String>> = (0..t.rows.len())
        .map(|r| {
            shown
                .iter()
                .map(|&c| t.cell(r, c).map_or(String::new(), plain))
                .collect()
        })
        .collect();
    let heads: Vec<String> = shown
        .iter()
        .map(|&c| terminal(t.columns[c].heading.as_deref().unwrap_or("")).into_owned())
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|r| r[i].chars().count())
            .chain([heads[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..shown.len()).map(width).collect();
    let left: Vec<bool> = shown.iter().map(|&c| t.is_text(c)).collect();
    let pad = |s: &str, i: usize, role: Role| {
        let gap = " ".repeat(widths[i].saturating_sub(s.chars().count()));
        let s = painted(s, role);
        if left[i] { s + &gap } else { gap + &s }
    };
    let head: Vec<String> = (0..shown.len())
        .map(|i| pad(&heads[i], i, Role::Label))
        .collect();
    let _ = writeln!(o, "{}", head.join("  ").trim_end());
    for (r, row) in cells.iter().enumerate() {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let role = t.cell(r, shown[i]).map_or(Role::Note, |c| c.role);
                pad(s, i, role)
            })
            .collect();
        let _ = writeln!(o, "{}", line.join("  ").trim_end());
        if let Some(under) = under(t, r, &below) {
            let labels = (0..shown.len())
                .take_while(|&i| t.cell(r, shown[i]).is_some_and(|c| c.role == Role::Label))
                .count();
            let indent: usize = widths[..labels].iter().map(|w| w + 2).sum();
            let _ = writeln!(o, "{}↳ {under}", " ".repeat(indent));
        }
    }
    o
}

/// The line under row `r` of the `below` columns: `heading value` joined by
/// commas, text after a dash; none when they are all empty.
fn under(t: &Table, r: usize, below: &[usize]) -> Option<String> {
    let (mut figures, mut words) = (Vec::new(), Vec::new());
    for &c in below {
        let Some(cell) = t.cell(r, c).filter(|c| c.value != super::Value::Empty) else {
            continue;
        };
        let s = painted(&plain(cell), cell.role);
        if cell.value.is_text() {
            words.push(s);
        } else {
            let head = t.columns[c].heading.as_deref().unwrap_or("");
            figures.push(format!("{} {s}", terminal(head)).trim_start().to_string());
        }
    }
    let mut o = figures.join(", ");
    for w in words.into_iter().filter(|w| !w.is_empty()) {
        o = if o.is_empty() {
            w
        } else {
            format!("{o} — {w}")
        };
    }
    (!o.is_empty()).then_some(o)
}

/// Every block, a blank line between a table and what follows it.
pub fn blocks(bs: &[Block]) -> String {
    let mut o = String::new();
    for (i, b) in bs.iter().enumerate() {
        match b {
            Block::Table(t) => {
                if i > 0 && !o.ends_with("\n\n") {
                    o.push('\n');
                }
                o.push_str(&table(t));
                if i + 1 < bs.len() {
                    o.push('\n');
                }
            }
            Block::Line(c) => {
                let _ = writeln!(o, "{}", line(c));
            }
            Block::Heading(h) => {
                let _ = writeln!(o, "{}", terminal(h));
            }
        }
    }
    o
}
