//! What the report's `run` and `scale` sections share: the table of fitted
//! laws (`crate::table::laws`), the caveats below it and what "stops
//! paying" means; the laws' curves and the speedup series are
//! `crate::chart`'s.

pub(super) use crate::chart::{amdahl, curve, ideal, line, speedup_series};
use crate::findings::fits::Unit as Counted;
use crate::results::scale::Fit;
use crate::table::Table;
pub(super) use crate::table::laws::table as fit_table;
use crate::words::{laws, page};

/// One row of the fitted laws' table (`crate::table::laws::row`).
pub(super) fn fit_row(t: &mut Table, name: &str, fit: &Fit, unit: Counted, said: &mut Vec<String>) {
    crate::table::laws::row(t, name, &fit.sweep(unit), unit, said);
}

/// What the fits found beyond their figures, each said once below the
/// table: the shape, withheld projections and missing intervals.
pub(super) fn fit_notes(fits: &[&Fit], unit: Counted) -> String {
    let (mut said, each) = (Vec::new(), fits.iter().map(|f| f.sweep(unit)));
    let notes = each.flat_map(|f| laws::caveats(&f, unit, ""));
    let notes: Vec<String> = notes.filter_map(|n| laws::first(&mut said, n)).collect();
    if notes.is_empty() {
        return String::new();
    }
    maud::html! { ul { @for n in &notes { li { (n) } } } }.into_string()
}

/// What "stops paying" means.
pub(super) fn stops_paying() -> String {
    maud::html! { p { em { "Stops paying" } ": " (page::STOPS_PAYING) } }.into_string()
}
