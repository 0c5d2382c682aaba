//! `conpar workspan` results in the table model: the work-span profile, then
//! one row per core count (measured beside predicted), then the graph
//! record, the legend and the findings (their sentences are in
//! [`crate::words::workspan`]). One column list serves the terminal,
//! Markdown, CSV and HTML. Pure functions of the document.

use crate::escape::terminal;
use crate::results::workspan::{Subject, WorkspanDoc, WorkspanRow};
use crate::table::{Block, Cell, Column, Table, Unit, Value, text};
use crate::words::workspan::{LEGEND, NO_LIMIT};

/// The program in one line.
pub fn shown(d: &WorkspanDoc) -> String {
    let s = match &d.subject {
        Subject::Shipped {
            program,
            size,
            input,
        } => format!("{program}, size {size}: {input}"),
        Subject::Binary { argv } => argv.join(" "),
    };
    terminal(&s).into_owned()
}

/// Work, span, parallelism and burden: one row.
pub fn profile(d: &WorkspanDoc) -> Table {
    let p = &d.profile;
    let ratio = |a: u64, b: u64| Value::Num(a as f64 / b.max(1) as f64, Unit::Fixed(2));
    let ns = |x: u64| Value::nanos(x as f64);
    let figures = [
        ("work T1", ns(p.work)),
        ("span T∞", ns(p.span)),
        ("parallelism", ratio(p.work, p.span)),
        ("burdened span", ns(p.burdened_span)),
        ("per spawn", ns(p.burden)),
        ("spawns", Value::count(p.spawns)),
        ("burdened parallelism", ratio(p.work, p.burdened_span)),
    ];
    let columns = figures.iter().map(|(h, _)| Column::people(*h)).collect();
    let mut t = Table::new("profile", columns);
    t.row(
        figures
            .into_iter()
            .map(|(_, v)| Cell::measured(v))
            .collect(),
    );
    t
}

/// The rows' one column list: people see ten, CSV writes the keys it always
/// has.
pub fn columns() -> Vec<Column> {
    vec![
        Column::new("cores", "cores"),
        Column::spread(
            "wall [min–max]",
            ["wall_median_s", "wall_min_s", "wall_max_s"],
        ),
        Column::spread(
            "speedup [interval]",
            ["speedup", "speedup_lo", "speedup_hi"],
        ),
        Column::new("min(P,T1/T∞)", "upper"),
        Column::new("Brent", "brent"),
        Column::new("burdened", "burdened"),
        Column::new("schedule", "simulated"),
        Column::new("contention", "contention"),
        Column::new("host model", "host_model"),
        Column::new("error", "error"),
        Column::csv_only("work_ns"),
        Column::csv_only("span_ns"),
        Column::csv_only("burdened_span_ns"),
        Column::csv_only("program"),
    ]
}

fn row(d: &WorkspanDoc, r: &WorkspanRow) -> Vec<Cell> {
    let p = &r.predicted;
    let x = Unit::Times(2);
    let contention = r.contention.as_ref().map(|c| c.median);
    let speedup = Value::Spread {
        median: r.speedup.mid,
        lo: r.speedup.lo,
        hi: r.speedup.hi,
        unit: x,
    };
    vec![
        Cell::label_value(Value::count(r.cores)),
        Cell::measured(Value::spread(&r.wall_s)),
        Cell::measured(speedup),
        Cell::predicted(Value::ratio(p.upper)),
        Cell::predicted(Value::ratio(p.brent)),
        Cell::predicted(Value::ratio(p.burdened)),
        Cell::predicted(Value::or_absent(p.simulated, x, "—")),
        Cell::measured(Value::or_absent(contention, x, "—")),
        Cell::predicted(Value::or_absent(p.host, x, "—")),
        Cell::measured(Value::error(r.error)),
        Cell::measured(Value::count(d.profile.work)),
        Cell::measured(Value::count(d.profile.span)),
        Cell::measured(Value::count(d.profile.burdened_span)),
        Cell::label(d.subject.label()),
    ]
}

/// One row per core count: measured beside predicted (CSV repeats the
/// profile and the program on each).
pub fn rows(d: &WorkspanDoc) -> Table {
    let mut t = Table::new("", columns());
    t.rows = d.rows.iter().map(|r| row(d, r)).collect();
    t
}

/// Everything below the program's line: the profile, the graph record,
/// the table, the legend and the findings.
pub fn body(d: &WorkspanDoc) -> Vec<Block> {
    let mut b = vec![
        Block::Table(profile(d)),
        Block::Line(Cell::note(d.graph.to_string())),
        Block::Table(rows(d)),
        Block::Line(Cell::note(LEGEND)),
    ];
    if d.findings.is_empty() {
        b.push(Block::Line(Cell::note(NO_LIMIT)));
    }
    b.extend(
        d.findings
            .iter()
            .map(|f| Block::Line(Cell::note(format!("- {f}")))),
    );
    b
}

/// The document's blocks: the program, then [`body`].
pub fn blocks(d: &WorkspanDoc) -> Vec<Block> {
    let mut b = vec![Block::Line(Cell::label(shown(d)))];
    b.extend(body(d));
    b
}

/// The terminal form.
pub fn table(d: &WorkspanDoc) -> String {
    text::blocks(&blocks(d))
}

/// One CSV row per core count, the profile repeated on each.
pub fn csv(d: &WorkspanDoc) -> Result<Vec<u8>, ::csv::Error> {
    crate::table::csv::table(&rows(d))
}
