//! One table model for every document, and small backends over it.
//!
//! A document kind turns its document into [`Block`]s: tables of typed
//! [`Cell`]s and the lines that go with them. Each cell is a typed
//! [`Value`] (text, a duration, a ratio, a percentage, a count, a spread
//! `median [lo–hi]`, nothing) with a [`Role`] (label, measured, predicted,
//! verdict with its [`Tone`], warning, note). A [`Column`] carries the
//! heading people read and the key (or keys) CSV writes, so one column list
//! serves every backend.
//!
//! How a kind builds its tables:
//!
//! ```
//! use conpar::table::{Block, Cell, Column, Table, Value};
//! let mut t = Table::new(
//!     "overheads",
//!     vec![Column::new("what", "what"), Column::spread("median [min–max]", ["median_ns", "min_ns", "max_ns"])],
//! );
//! t.row(vec![Cell::label("fork"), Cell::measured(Value::nanos_spread(900.0, 800.0, 1200.0))]);
//! let blocks = vec![Block::Table(t)];
//! let text = conpar::table::text::blocks(&blocks);
//! assert!(text.contains("fork"));
//! ```
//!
//! How each backend is called: [`text::blocks`] (aligned columns for the
//! terminal, verdicts marked for [`paint`] by their tone),
//! [`markdown::blocks`] (cells escaped for Markdown), [`csv::table`] (one
//! table, raw numbers, text guarded against formulas; a spread column
//! writes its median, low and high ends under their own keys) and
//! [`html::blocks`] (markup built by `maud`, every string escaped, at most
//! [`html::MAX_ROWS`] rows a table). Columns without a heading
//! ([`Column::csv_only`]) are written to CSV only; columns without a key
//! ([`Column::people`]) to the other three only.
//!
//! Pure: documents in, text out.

pub mod columns;
pub mod csv;
pub mod html;
pub mod laws;
pub mod markdown;
pub mod paint;
pub mod text;
mod value;
pub mod wrap;

pub use paint::Tone;
pub use value::{Unit, Value};

/// What a cell is, which decides how it is coloured and marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Names the row: a workload, a strategy, a count.
    Label,
    /// A measured figure.
    Measured,
    /// A predicted figure.
    Predicted,
    /// A judgment, coloured by its tone.
    Verdict(Tone),
    /// A warning.
    Warning,
    /// A remark or anything else.
    Note,
}

/// One typed value with its role.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: Value,
    /// Its role.
    pub role: Role,
}

impl Cell {
    /// A cell of `value` in `role`.
    pub fn new(value: Value, role: Role) -> Self {
        Cell { value, role }
    }
    /// A label of text.
    pub fn label(s: impl Into<String>) -> Self {
        Cell::new(Value::Text(s.into()), Role::Label)
    }
    /// A label of any value (a count, a setting).
    pub fn label_value(value: Value) -> Self {
        Cell::new(value, Role::Label)
    }
    /// A measured value.
    pub fn measured(value: Value) -> Self {
        Cell::new(value, Role::Measured)
    }
    /// A predicted value.
    pub fn predicted(value: Value) -> Self {
        Cell::new(value, Role::Predicted)
    }
    /// A note of text.
    pub fn note(s: impl Into<String>) -> Self {
        Cell::new(Value::Text(s.into()), Role::Note)
    }
    /// A warning of text.
    pub fn warning(s: impl Into<String>) -> Self {
        Cell::new(Value::Text(s.into()), Role::Warning)
    }
    /// A verdict of text, coloured in `tone` (none: a verdict left plain).
    pub fn verdict(s: impl Into<String>, tone: Option<Tone>) -> Self {
        match tone {
            Some(t) => Cell::new(Value::Text(s.into()), Role::Verdict(t)),
            None => Cell::note(s),
        }
    }
    /// An empty cell.
    pub fn empty() -> Self {
        Cell::new(Value::Empty, Role::Note)
    }
}

/// Where a column goes in CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Csv {
    /// Not written.
    No,
    /// One field under this key.
    One(String),
    /// A spread's median, low and high ends under these keys.
    Three([String; 3]),
}

/// A column: its heading for people (none: CSV only) and its CSV key(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The heading the terminal, Markdown and HTML show; `None` for a
    /// column written to CSV only.
    pub heading: Option<String>,
    /// The key or keys CSV writes it under.
    pub csv: Csv,
    /// On the terminal, shown on a line of its own under the row (`↳ …`)
    /// with the other such columns, not in the row.
    pub below: bool,
}

impl Column {
    /// A column every backend shows, under `heading`, and CSV under `key`.
    pub fn new(heading: impl Into<String>, key: impl Into<String>) -> Self {
        Column {
            heading: Some(heading.into()),
            csv: Csv::One(key.into()),
            below: false,
        }
    }
    /// A column of spreads, under three CSV keys (median, low, high).
    pub fn spread(heading: impl Into<String>, keys: [&str; 3]) -> Self {
        Column {
            heading: Some(heading.into()),
            csv: Csv::Three(keys.map(String::from)),
            below: false,
        }
    }
    /// A column people read and CSV leaves out.
    pub fn people(heading: impl Into<String>) -> Self {
        Column {
            heading: Some(heading.into()),
            csv: Csv::No,
            below: false,
        }
    }
    /// A column written to CSV only.
    pub fn csv_only(key: impl Into<String>) -> Self {
        Column {
            heading: None,
            csv: Csv::One(key.into()),
            below: false,
        }
    }
    /// This column shown under its row on the terminal (see [`Column::below`]).
    pub fn under(self) -> Self {
        Column {
            below: true,
            ..self
        }
    }
}

/// A table: an optional title, its columns and its rows of cells (one per
/// column, in order; a short row is padded with empty cells).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A line above the table (none for an untitled table).
    pub title: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table titled `title` (empty: no title).
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Self {
        let title = title.into();
        Table {
            title: (!title.is_empty()).then_some(title),
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The cell of `row` in column `col`, empty past a short row's end.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    /// The indices of the columns people read.
    pub fn shown(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].heading.is_some())
            .collect()
    }

    /// Whether column `col` holds text only (aligned left), not figures.
    pub fn is_text(&self, col: usize) -> bool {
        self.rows.iter().all(|r| {
            r.get(col).is_none_or(|c| {
                matches!(
                    c.value,
                    Value::Text(_) | Value::Tag { .. } | Value::Empty | Value::Absent(_)
                )
            })
        })
    }
}

/// A part of a document as people see it: a table or a line of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A table.
    Table(Table),
    /// A line (a heading, a sentence, a warning) with its role.
    Line(Cell),
    /// A heading.
    Heading(String),
}

/// The first table of `blocks`, for CSV.
pub fn first_table(blocks: &[Block]) -> Option<&Table> {
    blocks.iter().find_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
