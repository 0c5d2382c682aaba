//! `conpar scale` results: the table (every backend, CSV with the
//! projections after the measured rows), the fit and the verdict. Pure
//! functions of the document.

use crate::findings::fits::{Brackets, Unit as Counted};
use crate::results::scale::{ScaleDoc, SpeedupInterval};
use crate::table::{Block, Cell, Column, Table, Unit, Value, text};
use crate::words::scaling::{In, command, scale_lines as lines};

/// The columns, CSV's in CSV's order.
fn columns() -> Vec<Column> {
    let wall = ["wall_median_s", "wall_min_s", "wall_max_s"];
    let mut c = vec![
        Column::new("threads", "threads"),
        Column::spread("wall [min–max]", wall),
    ];
    let shown = [
        ("CPU", "cpu_s"),
        ("util", "utilization"),
        ("speedup", "speedup"),
    ];
    let shown = shown
        .into_iter()
        .chain([("efficiency", "efficiency"), ("Karp–Flatt", "karp_flatt")]);
    c.extend(shown.map(|(heading, key)| Column::new(heading, key)));
    let csv = "oversubscribed measured speedup_lo speedup_hi refused";
    c.extend(csv.split(' ').map(Column::csv_only));
    c.push(Column::people(""));
    c
}

/// The measured thread counts, one row each.
pub fn rows(d: &ScaleDoc) -> Table {
    let mut t = Table::new("", columns());
    for r in &d.rows {
        let flag = if r.oversubscribed { "!" } else { "" };
        let mut row = vec![Cell::label_value(Value::count(r.threads).flagged("", flag))];
        row.extend(
            [
                Value::spread(&r.measured.wall_s),
                Value::secs(r.measured.cpu_s),
                Value::pct(r.measured.utilization, 0),
                Value::ratio(r.speedup),
                Value::pct(r.efficiency, 0),
                Value::Num(r.karp_flatt.unwrap_or(f64::NAN), Unit::Fixed(3)),
                Value::Bool(r.oversubscribed),
                Value::Bool(true),
            ]
            .map(Cell::measured),
        );
        row.extend([Cell::empty(), Cell::empty(), Cell::empty()]);
        row.push(match r.failures {
            0 => Cell::empty(),
            n => Cell::warning(lines::failed(n)),
        });
        t.row(row);
    }
    t
}

/// The lines below the table: the fit, the projections, where the brackets
/// come from, what `!` means, the verdict and withheld projections.
fn below(d: &ScaleDoc) -> Vec<Block> {
    let f = &d.fit;
    let mut b = vec![format!("{}{}", lines::FIT, f.laws())];
    if !d.projected.is_empty() {
        b.push(format!("{}{}", lines::PROJECTED, d.projections()));
    }
    match (&f.no_intervals, f.resamples) {
        (Some(why), _) => b.push(format!("{}{}", lines::INTERVALS, In(why, Counted::Threads))),
        (None, Some(n)) => b.push(Brackets::Runs { resamples: n }.to_string()),
        (None, None) => {}
    }
    if d.rows.iter().any(|r| r.oversubscribed) {
        b.push(lines::OVERSUBSCRIBED.into());
    }
    b.push(d.verdict.to_string());
    b.extend(
        f.withheld
            .iter()
            .map(|w| In(w, Counted::Threads).to_string()),
    );
    b.into_iter().map(|l| Block::Line(Cell::note(l))).collect()
}

/// The program, the table, the lines below it and the warnings.
pub fn blocks(d: &ScaleDoc) -> Vec<Block> {
    let mut b = vec![
        Block::Line(Cell::label(command(&d.program, d.shell))),
        Block::Table(rows(d)),
    ];
    b.extend(below(d));
    let warnings = crate::words::warning_lines(&d.warnings);
    b.extend(warnings.into_iter().map(|w| Block::Line(Cell::warning(w))));
    b
}

/// The terminal's table, fit and verdict (the command prints the warnings
/// on standard error).
pub fn table(d: &ScaleDoc) -> String {
    let head = [
        Block::Line(Cell::label(command(&d.program, d.shell))),
        Block::Table(rows(d)),
    ];
    format!("{}\n{}", text::blocks(&head), text::blocks(&below(d)))
}

/// The CSV: the measured thread counts, then the projections.
pub fn csv(d: &ScaleDoc) -> Result<Vec<u8>, ::csv::Error> {
    let mut t = rows(d);
    for p in &d.projected {
        let end = |f: fn(&SpeedupInterval) -> Value| {
            Cell::predicted(p.interval.as_ref().map_or(Value::Empty, f))
        };
        let mut row = vec![Cell::label_value(Value::count(p.threads))];
        row.extend([Cell::empty(), Cell::empty(), Cell::empty()]);
        row.push(Cell::predicted(Value::ratio(p.speedup)));
        row.push(Cell::predicted(Value::pct(p.speedup / p.threads as f64, 0)));
        row.extend([Cell::empty(), Cell::empty()]);
        row.push(Cell::predicted(Value::Bool(false)));
        row.push(end(|i| Value::ratio(i.lo)));
        row.push(end(|i| Value::ratio(i.hi)));
        row.push(end(|i| Value::Bool(i.refused)));
        t.row(row);
    }
    crate::table::csv::table(&t)
}
