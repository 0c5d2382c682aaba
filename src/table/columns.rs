//! A column list of typed rows that serves the table model and a live
//! terminal line per row: each column with its heading (none: CSV only),
//! its CSV key (none: people only), its width in the live line and its
//! cell, a function of the row and of what the row needs beside it. A kind
//! writes its list once with [`cols!`], one line a column; [`table`] makes
//! the [`Table`] every backend renders, [`head_line`] and [`line`] the live
//! lines a command prints as each row is measured.

use super::{Cell, Column, Table, Value};

/// One column of a table of `T`, with `X` what a cell needs beside its row.
pub struct Col<T, X> {
    /// Its heading (None: written to CSV only).
    pub head: Option<&'static str>,
    /// Its CSV key (None: for people only).
    pub key: Option<&'static str>,
    /// Its width in the live terminal table.
    pub width: usize,
    /// Its cell.
    pub cell: fn(&T, &X) -> Value,
}

/// A column list, one line a column: its heading (`-`: CSV only), its CSV
/// key (`-`: people only), its live width and its cell.
macro_rules! cols {
    (@some -) => { None };
    (@some $s:literal) => { Some($s) };
    ($($h:tt $k:tt $w:literal $cell:expr;)*) => {
        [$($crate::table::columns::Col {
            head: $crate::table::columns::cols!(@some $h),
            key: $crate::table::columns::cols!(@some $k),
            width: $w,
            cell: $cell,
        }),*]
    };
}
pub(crate) use cols;

/// The table of `rows` in `cols`, titled `title`, for every backend.
pub fn table<'a, T: 'a, X>(
    title: &str,
    cols: &[Col<T, X>],
    rows: impl IntoIterator<Item = (&'a T, X)>,
) -> Table {
    let columns = cols
        .iter()
        .map(|c| match (c.head, c.key) {
            (Some(h), Some(k)) => Column::new(h, k),
            (Some(h), None) => Column::people(h),
            (None, k) => Column::csv_only(k.unwrap_or("")),
        })
        .collect();
    let mut t = Table::new(title, columns);
    for (r, x) in rows {
        t.row(
            cols.iter()
                .map(|c| Cell::measured((c.cell)(r, &x)))
                .collect(),
        );
    }
    t
}

/// The heads of the columns people read, right-aligned to their widths,
/// one line: the live table's head.
pub fn head_line<T, X>(cols: &[Col<T, X>]) -> String {
    let cells: Vec<String> = cols
        .iter()
        .filter_map(|c| Some(format!("{:>w$}", c.head?, w = c.width)))
        .collect();
    format!("{}\n", cells.join(" "))
}

/// One row's line of the live table, each cell right-aligned to its width
/// and escaped for the terminal.
pub fn line<T, X>(cols: &[Col<T, X>], row: &T, x: &X) -> String {
    let cells: Vec<String> = cols
        .iter()
        .filter(|c| c.head.is_some())
        .map(|c| {
            let v = (c.cell)(row, x).to_string();
            format!("{:>w$}", crate::escape::terminal(&v), w = c.width)
        })
        .collect();
    format!("{}\n", cells.join(" "))
}
