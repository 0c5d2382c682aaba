//! `conpar scale` results: the table (every backend, CSV with the
//! projections after the measured rows), the fit and the verdict. Pure
//! functions of the document.

use crate::findings::fits::{Brackets, Unit as Counted};
use crate::results::scale::ScaleDoc;
use crate::table::{Block, Cell, Column, Table, Unit, Value, text};
use crate::words::Count;
use crate::words::scaling::In;

/// How the scanned program is shown: its argv, or `sh -c '…'`.
pub fn shown(d: &ScaleDoc) -> String {
    let joined = d.program.join(" ");
    if d.shell {
        format!("sh -c '{joined}'")
    } else {
        joined
    }
}

/// The columns, CSV's in CSV's order.
fn columns() -> Vec<Column> {
    let mut c = vec![
        Column::new("threads", "threads"),
        Column::spread(
            "wall [min–max]",
            ["wall_median_s", "wall_min_s", "wall_max_s"],
        ),
    ];
    c.extend(
        [
            ("CPU", "cpu_s"),
            ("util", "utilization"),
            ("speedup", "speedup"),
            ("efficiency", "efficiency"),
            ("Karp–Flatt", "karp_flatt"),
        ]
        .map(|(h, k)| Column::new(h, k)),
    );
    c.extend(
        [
            "oversubscribed",
            "measured",
            "speedup_lo",
            "speedup_hi",
            "refused",
        ]
        .map(Column::csv_only),
    );
    c.push(Column::people(""));
    c
}

/// The measured thread counts, one row each.
pub fn rows(d: &ScaleDoc) -> Table {
    let mut t = Table::new("", columns());
    for r in &d.rows {
        let failed = if r.failures > 0 {
            Cell::warning(format!("({} failed)", Count(r.failures, "run")))
        } else {
            Cell::empty()
        };
        let flag = if r.oversubscribed { "!" } else { "" };
        t.row(vec![
            Cell::label_value(Value::count(r.threads).flagged("", flag)),
            Cell::measured(Value::spread(&r.measured.wall_s)),
            Cell::measured(Value::secs(r.measured.cpu_s)),
            Cell::measured(Value::pct(r.measured.utilization, 0)),
            Cell::measured(Value::ratio(r.speedup)),
            Cell::measured(Value::pct(r.efficiency, 0)),
            Cell::measured(Value::Num(r.karp_flatt.unwrap_or(f64::NAN), Unit::Fixed(3))),
            Cell::measured(Value::Bool(r.oversubscribed)),
            Cell::measured(Value::Bool(true)),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            failed,
        ]);
    }
    t
}

/// The lines below the table: the fit, the projections, where the brackets
/// come from, what `!` means, the verdict and withheld projections.
fn below(d: &ScaleDoc) -> Vec<Block> {
    let f = &d.fit;
    let mut b = vec![format!("fit: {}", f.laws())];
    if !d.projected.is_empty() {
        b.push(format!("projected, not measured: {}", d.projections()));
    }
    match (&f.no_intervals, f.resamples) {
        (Some(why), _) => b.push(format!("intervals {}", In(why, Counted::Threads))),
        (None, Some(n)) => b.push(Brackets::Runs { resamples: n }.to_string()),
        (None, None) => {}
    }
    if d.rows.iter().any(|r| r.oversubscribed) {
        b.push("! more threads than allowed CPUs: oversubscribed".into());
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
    let mut b = vec![Block::Line(Cell::label(shown(d))), Block::Table(rows(d))];
    b.extend(below(d));
    let warnings = crate::words::warning_lines(&d.warnings);
    b.extend(warnings.into_iter().map(|w| Block::Line(Cell::warning(w))));
    b
}

/// The terminal's table, fit and verdict (the command prints the warnings
/// on standard error).
pub fn table(d: &ScaleDoc) -> String {
    let head = [Block::Line(Cell::label(shown(d))), Block::Table(rows(d))];
    format!("{}\n{}", text::blocks(&head), text::blocks(&below(d)))
}

/// The CSV: the measured thread counts, then the projections.
pub fn csv(d: &ScaleDoc) -> Result<Vec<u8>, ::csv::Error> {
    let mut t = rows(d);
    for p in &d.projected {
        let i = p.interval.as_ref();
        let end = |v: Option<Value>| Cell::predicted(v.unwrap_or(Value::Empty));
        t.row(vec![
            Cell::label_value(Value::count(p.threads)),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            Cell::predicted(Value::ratio(p.speedup)),
            Cell::predicted(Value::pct(p.speedup / p.threads as f64, 0)),
            Cell::empty(),
            Cell::empty(),
            Cell::predicted(Value::Bool(false)),
            end(i.map(|i| Value::ratio(i.lo))),
            end(i.map(|i| Value::ratio(i.hi))),
            end(i.map(|i| Value::Bool(i.refused))),
        ]);
    }
    crate::table::csv::table(&t)
}
