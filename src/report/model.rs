//! `conpar model` as tables: one row per schedule (every backend, CSV
//! included), and the calibrated host's runs beside the tick model's. On the
//! terminal, one schedule is its Gantt chart and figures; several core
//! counts a table without the columns its heading line says, with a bar of
//! the speedup. Pure.

use crate::chart::terminal as chart;
use crate::findings::model::{Schedule, Sweep};
use crate::results::model::ModelRun;
use crate::table::{Block, Cell, Column, Csv, Table, Unit, Value, csv, text};
use crate::words::model as w;

/// The columns the terminal's sweep leaves to its heading line.
const SAID_ABOVE: [&str; 4] = ["workload", "discipline", "quantum", "io"];

/// One row per schedule.
pub fn table(runs: &[ModelRun]) -> Table {
    let mut t = Table::new(
        "",
        vec![
            Column::new("workload", "workload"),
            Column::new("cores", "cores"),
            Column::new("discipline", "discipline"),
            Column::new("quantum", "quantum"),
            Column::new("I/O", "io"),
            Column::csv_only("serial_ticks"),
            Column::new("wall (ticks)", "wall_ticks"),
            Column::new("speedup", "speedup"),
            Column::new("util", "utilization"),
            Column::csv_only("useful_core_ticks"),
            Column::new("idle", "idle_core_ticks"),
            Column::new("blocked", "blocked_core_ticks"),
            Column::new("Amdahl", "amdahl_speedup"),
            Column::csv_only("amdahl_ceiling"),
        ],
    );
    for r in runs {
        let ratio = |x: f64| Value::Num(r.defined(x), Unit::Times(3));
        t.row(vec![
            Cell::label(r.workload.clone()),
            Cell::label_value(Value::count(r.cores)),
            Cell::label(r.discipline.clone()),
            Cell::label_value(r.quantum.map_or(Value::Empty, Value::Count)),
            Cell::label(r.io.clone()),
            Cell::predicted(Value::Count(r.serial_ticks)),
            Cell::predicted(Value::Count(r.wall_ticks)),
            Cell::predicted(ratio(r.speedup)),
            Cell::predicted(Value::pct(r.utilization, 1)),
            Cell::predicted(Value::Count(r.useful_core_ticks)),
            Cell::predicted(Value::Count(r.idle_core_ticks)),
            Cell::predicted(Value::Count(r.blocked_core_ticks)),
            Cell::predicted(ratio(r.amdahl_speedup)),
            Cell::predicted(ratio(r.amdahl_ceiling)),
        ]);
    }
    t
}

/// The calibrated host's runs beside the tick model's; none without them.
pub fn host_table(runs: &[ModelRun]) -> Option<Table> {
    let first = runs.iter().find_map(|r| r.host.as_ref())?;
    let mut t = Table::new(
        w::host_title(&first.host, first.strategy),
        vec![
            Column::new("cores", "cores"),
            Column::new("tick model", "wall_ticks"),
            Column::new("host model", "host_wall_ticks"),
            Column::new("wall", "host_wall_s"),
            Column::new("speedup", "host_speedup"),
            Column::new("costs", "costs"),
        ],
    );
    for r in runs {
        let Some(h) = &r.host else { continue };
        t.row(vec![
            Cell::label_value(Value::count(r.cores)),
            Cell::predicted(Value::Count(r.wall_ticks)),
            Cell::predicted(Value::Num(h.wall_ticks, Unit::Fixed(2))),
            Cell::predicted(Value::secs(h.wall_s)),
            Cell::predicted(Value::ratio(h.speedup)),
            Cell::note(w::costs(h.costs.iter().map(|c| (c.kind, c.s)))),
        ]);
    }
    Some(t)
}

/// Every table of a model document.
pub fn blocks(runs: &[ModelRun]) -> Vec<Block> {
    let mut b = vec![Block::Table(table(runs))];
    b.extend(host_table(runs).map(Block::Table));
    b
}

/// Several core counts of one workload on the terminal: a heading line, the
/// table with its bars and their legend.
fn sweep_text(runs: &[ModelRun]) -> String {
    let Some(first) = runs.first() else {
        return String::new();
    };
    let no_cpu = first.serial_ticks == 0;
    let head = Sweep {
        workload: crate::escape::terminal(&first.workload).into_owned(),
        discipline: first.discipline.clone(),
        io: first.io.clone(),
        amdahl: (!no_cpu).then_some((first.serial_fraction, first.amdahl_ceiling)),
    };
    let mut t = table(runs);
    for c in &mut t.columns {
        if matches!(&c.csv, Csv::One(k) if SAID_ABOVE.contains(&k.as_str())) {
            c.heading = None;
        }
    }
    if no_cpu {
        return format!("{head}\n\n{}", text::table(&t));
    }
    let peak = runs
        .iter()
        .map(|r| r.speedup.max(r.amdahl_speedup))
        .fold(1.0, f64::max);
    t.columns.push(Column::people(""));
    for (row, r) in t.rows.iter_mut().zip(runs) {
        row.push(Cell::note(chart::bar(
            r.speedup,
            r.amdahl_speedup,
            peak,
            30,
        )));
    }
    format!("{head}\n\n{}\n{}\n", text::table(&t), w::bars(peak))
}

/// One schedule on the terminal: title, machine, Gantt chart `width` cells
/// wide, then its figures.
fn one_text(r: &ModelRun, width: usize, description: &str) -> String {
    let mut o = r.workload.clone();
    if !description.is_empty() {
        o = format!("{o} — {description}");
    }
    let q = r.quantum.map_or(String::new(), |q| format!(" q={q}"));
    let machine = w::machine(r.cores, &format!("{}{q}", r.discipline), &r.io);
    o = format!("{o}\n{machine}\n\n{}", chart::render(&r.timeline.0, width));
    format!("{o}\n{}", Schedule::from(r))
}

/// One workload in the model on the terminal: a single run's Gantt and
/// figures, or several core counts' table; then the calibrated host's runs,
/// when there are any.
pub fn workload_text(runs: &[ModelRun], width: usize, description: &str) -> String {
    let mut o = match runs {
        [one] => one_text(one, width, description),
        _ => sweep_text(runs),
    };
    if let Some(h) = host_table(runs) {
        o = o + "\n" + &text::table(&h);
    }
    o + "\n"
}

/// The CSV: one line per schedule.
pub fn csv(runs: &[ModelRun]) -> Result<Vec<u8>, ::csv::Error> {
    csv::table(&table(runs))
}
