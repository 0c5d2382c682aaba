//! The CSV backend: one table, a header of its columns' keys, raw numbers
//! (seconds in seconds, fractions as fractions, nothing for a figure that is
//! not defined), text guarded against formulas by
//! [`crate::escape::csv_text`]. The `csv` crate quotes `,`, `"` and line
//! breaks. A spread column writes its median, low and high ends under its
//! three keys.

use super::{Cell, Csv, Table, Value};
use crate::escape::csv_text;
use serde::ser::{Serialize, Serializer};

/// One field, serialised as the `csv` crate writes numbers and text.
enum Field<'a> {
    Num(f64),
    Count(u64),
    Bool(bool),
    Text(std::borrow::Cow<'a, str>),
    None,
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Num(x) => s.serialize_f64(*x),
            Field::Count(n) => s.serialize_u64(*n),
            Field::Bool(b) => s.serialize_bool(*b),
            Field::Text(t) => s.serialize_str(t),
            Field::None => s.serialize_none(),
        }
    }
}

fn num(x: f64) -> Field<'static> {
    if x.is_finite() {
        Field::Num(x)
    } else {
        Field::None
    }
}

/// The fields of `cell` in a column of `width` fields (1 or 3).
fn fields<'a>(cell: Option<&'a Cell>, width: usize) -> Vec<Field<'a>> {
    let mut v = cell.map(|c| &c.value);
    while let Some(Value::Flagged { value, .. }) = v {
        v = Some(value);
    }
    let mut o = match v {
        Some(Value::Spread { median, lo, hi, .. }) => vec![num(*median), num(*lo), num(*hi)],
        Some(Value::Num(x, _)) => vec![num(*x)],
        Some(Value::Count(n)) => vec![Field::Count(*n)],
        Some(Value::Bool(b)) => vec![Field::Bool(*b)],
        Some(Value::Text(t) | Value::Tag { key: t, .. }) => vec![Field::Text(csv_text(t))],
        Some(Value::Absent(_) | Value::Empty | Value::Flagged { .. }) | None => vec![],
    };
    o.resize_with(width, || Field::None);
    o
}

/// The table as CSV bytes.
pub fn table(t: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let mut head: Vec<&str> = Vec::new();
    for c in &t.columns {
        match &c.csv {
            Csv::No => {}
            Csv::One(k) => head.push(k),
            Csv::Three(ks) => head.extend(ks.iter().map(String::as_str)),
        }
    }
    w.write_record(&head)?;
    for r in 0..t.rows.len() {
        let mut row = Vec::with_capacity(head.len());
        for (i, c) in t.columns.iter().enumerate() {
            match &c.csv {
                Csv::No => {}
                Csv::One(_) => row.extend(fields(t.cell(r, i), 1)),
                Csv::Three(_) => row.extend(fields(t.cell(r, i), 3)),
            }
        }
        w.serialize(row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
