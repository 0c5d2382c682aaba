//! The table of the laws fitted to a sweep, one row a series, that `run`
//! and `scale` share: the measured speedups, Karp–Flatt, Amdahl, the USL
//! with their 95 % intervals, the projections and where more stop paying.

use super::{Cell, Column, Table, Value};
use crate::findings::fits::Unit;
use crate::findings::fitted::Sweep;
use crate::words::laws;

/// The fitted laws' table, empty.
pub fn table() -> Table {
    let heads = [
        "series",
        "speedup by cores (measured)",
        "Karp–Flatt e",
        "Amdahl s (fit)",
        "USL σ, κ (fit)",
        "projected, not measured",
        "stops paying",
    ];
    Table::new("", heads.map(Column::people).to_vec())
}

/// One row, its counts in `unit`; why a law was not fitted, or where more
/// stop paying was not drawn, is said in full once per table (`said`), "as
/// above" after.
pub fn row(t: &mut Table, name: &str, l: &Sweep, unit: Unit, said: &mut Vec<String>) {
    let c = laws::cells(l, unit, said);
    let text = |s: String| Value::Text(s);
    t.row(vec![
        Cell::label(name),
        Cell::measured(text(c.measured)),
        Cell::measured(text(c.karp_flatt)),
        Cell::predicted(text(c.amdahl)),
        Cell::predicted(text(c.usl)),
        Cell::predicted(text(c.projected)),
        Cell::predicted(text(c.stops_paying)),
    ]);
}
