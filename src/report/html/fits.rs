//! What the report's `run` and `scale` sections share: the table of fitted
//! laws with their 95 % bootstrap intervals and refused projections, the
//! caveats below it and what "stops paying" means. The laws' curves and the
//! speedup series are `crate::chart`'s.

pub(super) use crate::chart::{amdahl, curve, ideal, line, speedup_series};
use crate::findings::fits::Unit as Counted;
use crate::results::scale::Fit;
use crate::table::{Cell, Column, Table, Value};
use crate::words::{laws, page};

/// The fitted laws' table, empty.
pub(super) fn fit_table() -> Table {
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

/// One row of the fitted laws' table, its counts in `unit`; why a law was
/// not fitted, or where cores stop paying was not drawn, is said in full
/// once per table (`said`), "as above" after.
pub(super) fn fit_row(t: &mut Table, name: &str, fit: &Fit, unit: Counted, said: &mut Vec<String>) {
    let c = laws::cells(&fit.laws(), unit, said);
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

/// What the fits found beyond their figures, each said once below the
/// table: the shape, withheld projections and missing intervals.
pub(super) fn fit_notes(fits: &[&Fit], unit: Counted) -> String {
    let mut said: Vec<String> = Vec::new();
    for n in fits.iter().flat_map(|f| laws::caveats(&f.laws(), unit, "")) {
        if !said.contains(&n) {
            said.push(n);
        }
    }
    if said.is_empty() {
        return String::new();
    }
    maud::html! { ul { @for n in &said { li { (n) } } } }.into_string()
}

/// What "stops paying" means.
pub(super) fn stops_paying() -> String {
    maud::html! { p { em { "Stops paying" } ": " (page::STOPS_PAYING) } }.into_string()
}
