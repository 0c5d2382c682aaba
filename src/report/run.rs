//! `conpar run` results: one table per workload for every backend (CSV
//! included), Gantt pairs and the terminal's scaling lines. Pure functions
//! of the document.

use crate::chart::terminal as gantt;
use crate::escape::terminal;
use crate::findings::fits::Unit as Counted;
use crate::results::run::{LOSS_KEYS, Row, WorkloadResult};
use crate::table::{Block, Cell, Column, Role, Table, Unit, Value, paint, text};
use crate::units::Nanos;
use crate::words::{Pct, Spread, laws, page};
use std::fmt::Write;

/// The workload's heading, with its description when there is one.
fn title(run: &WorkloadResult, description: &str) -> Block {
    Block::Heading(match description {
        "" => run.workload.clone(),
        d => format!("{} — {d}", run.workload),
    })
}

/// The line above the table: its kernel's tick and the serial baseline.
fn kernel_line(run: &WorkloadResult) -> Block {
    let (c, wall) = (&run.calibration, run.serial_wall_s);
    let serial = Spread {
        median: wall,
        lo: run.serial.as_ref().map_or(wall, |s| s.min),
        hi: run.serial.as_ref().map_or(wall, |s| s.max),
    };
    Block::Line(Cell::note(format!(
        "kernel {}: one tick = {} [{}–{}] (spread {}); serial baseline {serial}",
        c.kernel.name(),
        Nanos(c.tick_median_ns),
        Nanos(c.tick_min_ns),
        Nanos(c.tick_max_ns),
        Pct::new(c.spread()).places(1),
    )))
}

/// The table's columns, CSV's in CSV's order; the loss and the why under
/// each row on the terminal.
fn columns() -> Vec<Column> {
    let mut c = vec![
        Column::csv_only("workload"),
        Column::new("strategy", "strategy"),
        Column::new("cores", "cores"),
        Column::csv_only("repeats"),
        Column::spread(
            "measured wall [min–max]",
            ["wall_median_s", "wall_min_s", "wall_max_s"],
        ),
        Column::new("predicted", "predicted_wall_s"),
        Column::new("error", "error"),
        Column::csv_only("error_significant"),
        Column::csv_only("tick_drift"),
        Column::csv_only("faster_than_possible"),
        Column::new("speedup", "speedup"),
        Column::new("model S", "predicted_speedup"),
        Column::new("util", "utilization"),
        Column::new("model U", "predicted_utilization"),
        Column::new("Amdahl", "amdahl_ceiling"),
        Column::new("ctxsw", "context_switches"),
    ];
    c.extend(LOSS_KEYS.map(Column::csv_only));
    c.extend(["useful", "idle", "blocked", "overhead", "why"].map(|h| Column::people(h).under()));
    c
}

/// One row: its figures, the loss's seconds and shares, and why.
fn row(workload: &str, r: &Row) -> Vec<Cell> {
    let m = &r.measured;
    let noise = (r.error_significant == Some(false)).then_some("~");

    let error = Value::error(r.error).flagged(noise.unwrap_or(""), "");
    let error = match paint::error_tone(r.error, r.error_significant) {
        Some(t) => Cell::new(error, Role::Verdict(t)),
        None => Cell::predicted(error),
    };
    let l = &m.loss;
    let mut cells = vec![
        Cell::label(workload),
        Cell::label(r.strategy.to_string()),
        Cell::label_value(
            Value::count(r.cores).flagged("", if r.oversubscribed { "!" } else { "" }),
        ),
        Cell::label_value(Value::count(r.repeats)),
        Cell::measured(Value::spread(&m.wall_s)),
        Cell::predicted(Value::secs(r.predicted.wall_s)),
        error,
        Cell::measured(r.error_significant.map_or(Value::Empty, Value::Bool)),
        Cell::measured(Value::Num(r.tick_drift.unwrap_or(f64::NAN), Unit::Fixed(3))),
        Cell::measured(Value::Bool(r.faster_than_possible)),
        Cell::measured(Value::ratio(m.speedup)),
        Cell::predicted(Value::ratio(r.predicted.speedup)),
        Cell::measured(Value::pct(m.utilization, 0)),
        Cell::predicted(Value::pct(r.predicted.utilization, 0)),
        Cell::predicted(Value::Num(r.amdahl_ceiling, Unit::Times(1))),
        Cell::measured(Value::Count(m.context_switches)),
    ];
    cells.extend(l.seconds().map(|s| Cell::measured(Value::secs(s))));
    cells.extend(l.fractions().map(|f| Cell::measured(Value::pct(f, 0))));
    cells.push(Cell::note(crate::words::Maybe(r.why.as_ref()).to_string()));
    cells
}

/// One workload's table.
pub fn rows(run: &WorkloadResult) -> Table {
    let mut t = Table::new("", columns());
    for r in &run.rows {
        t.row(row(&run.workload, r));
    }
    t
}

/// What the marks mean, and the warnings about noise.
fn footnotes(run: &WorkloadResult) -> Vec<Block> {
    let mut b = Vec::new();
    if run.rows.iter().any(|r| r.oversubscribed) {
        b.push(Block::Line(Cell::note(page::OVERSUBSCRIBED)));
    }
    if run.rows.iter().any(|r| r.error_significant == Some(false)) {
        b.push(Block::Line(Cell::note(page::WITHIN_NOISE)));
    }
    for w in crate::words::warning_lines(&run.warnings) {
        b.push(Block::Line(Cell::warning(w)));
    }
    b
}

/// One workload below its heading: the kernel's line, the table and the
/// footnotes.
pub fn body(run: &WorkloadResult) -> Vec<Block> {
    let mut b = vec![kernel_line(run), Block::Table(rows(run))];
    b.extend(footnotes(run));
    b
}

/// One workload as every backend shows it: its heading and [`body`] (the
/// terminal adds the scaling lines, [`table`]).
pub fn blocks(run: &WorkloadResult, description: &str) -> Vec<Block> {
    let mut b = vec![title(run, description)];
    b.extend(body(run));
    b
}

/// The terminal text of one workload: its lines, the table, the scaling
/// lines and the footnotes.
pub fn table(run: &WorkloadResult, description: &str) -> String {
    let mut head = blocks(run, description);
    // After the heading, the kernel's line and the table: the footnotes.
    let foot = head.split_off(3);
    let mut o = text::blocks(&head);
    o.push_str(&scaling(run));
    if !foot.is_empty() {
        o.push('\n');
        o.push_str(&text::blocks(&foot));
    }
    o
}

/// Every workload's rows as CSV.
pub fn csv(workloads: &[WorkloadResult]) -> Result<Vec<u8>, ::csv::Error> {
    let mut t = Table::new("", columns());
    for w in workloads {
        t.rows.extend(rows(w).rows);
    }
    crate::table::csv::table(&t)
}

/// The real timeline of `r` drawn under the model's, on the same scale.
pub fn gantt_pair(r: &Row, width: usize) -> String {
    let (Some(real), Some(model)) = (&r.timeline, &r.model_timeline) else {
        return String::new();
    };
    let (cell, real, model) = gantt::pair(&real.timeline(), &model.timeline(), width);
    let (m, cores) = (&r.predicted.model, crate::words::Count(r.cores, "core"));
    format!(
        "{} on {cores} — measured (1 cell = {}):\n{real}model ({} {} I/O, same scale):\n{model}",
        r.strategy,
        Nanos(cell as f64),
        m.discipline,
        m.io
    )
}

/// Per strategy with two or more core counts: Karp–Flatt, the fitted laws,
/// where adding cores stops paying, and projections marked as such; a note
/// that several strategies share is said once.
pub fn scaling(run: &WorkloadResult) -> String {
    if run.scaling.is_empty() {
        return String::new();
    }
    let resamples = run.scaling.iter().find_map(|f| f.fit.resamples);
    let mut o = format!("\n{}\n", laws::scaling_head(resamples));
    let (mut said, mut noted) = (Vec::new(), Vec::new());
    for sf in &run.scaling {
        let l = sf.fit.sweep(Counted::Cores);
        let name = sf.strategy.to_string();
        let line = laws::line(&l, Counted::Cores, &mut said);
        let _ = writeln!(o, "  {name:<10} {}", terminal(&line));
        let notes = laws::caveats(&l, Counted::Cores, "! ").into_iter();
        for note in notes.filter_map(|n| laws::first(&mut noted, n)) {
            let _ = writeln!(o, "  {:<10} {}", "", terminal(&note));
        }
    }
    o
}
