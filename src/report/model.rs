//! `conpar model` as tables: one row per schedule (every backend, CSV
//! included), and the calibrated host's runs beside the tick model's. The
//! terminal's table of several core counts drops the columns its heading
//! line already says and adds a bar of the speedup. Pure.

use crate::results::model::ModelRun;
use crate::table::{Block, Cell, Column, Table, Unit, Value, csv, text};
use crate::words::{NO_CPU_WORK, Secs, num, times};
use std::fmt::Write;

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
    let title = format!(
        "on the host model of {}{}",
        first.host,
        first
            .strategy
            .map_or(String::new(), |s| format!(", strategy {s}"))
    );
    let mut t = Table::new(
        title,
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
        let costs: Vec<String> = h
            .costs
            .iter()
            .map(|c| format!("{} {}", c.kind.words(), Secs(c.s)))
            .collect();
        t.row(vec![
            Cell::label_value(Value::count(r.cores)),
            Cell::predicted(Value::Count(r.wall_ticks)),
            Cell::predicted(Value::Num(h.wall_ticks, Unit::Fixed(2))),
            Cell::predicted(Value::secs(h.wall_s)),
            Cell::predicted(Value::ratio(h.speedup)),
            Cell::note(costs.join(", ")),
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

/// The bar of `r`'s speedup, 30 cells for `peak`, `│` at Amdahl's speedup.
fn bar(r: &ModelRun, peak: f64) -> String {
    let len = |x: f64| ((x / peak) * 30.0).round().clamp(0.0, 30.0) as usize;
    let (b, a) = (len(r.speedup), len(r.amdahl_speedup));
    let mut bar: Vec<char> = std::iter::repeat_n('█', b).collect();
    bar.resize(30, ' ');
    if a > 0 && a <= 30 {
        bar[a - 1] = if a <= b { '┃' } else { '│' };
    }
    bar.into_iter().collect()
}

/// Several core counts of one workload on the terminal: a heading line, the
/// table with its bars, then the host model's table.
pub fn sweep_text(runs: &[ModelRun]) -> String {
    let mut o = String::new();
    let Some(first) = runs.first() else { return o };
    let no_cpu = first.serial_ticks == 0;
    let laws = if no_cpu {
        NO_CPU_WORK.to_string()
    } else {
        format!(
            "Amdahl s = {}, ceiling {}",
            num(first.serial_fraction, 3),
            times(first.amdahl_ceiling, 2)
        )
    };
    let _ = writeln!(
        o,
        "{}: {}, {} I/O; {laws}\n",
        crate::escape::terminal(&first.workload),
        first.discipline,
        first.io
    );
    let mut t = table(runs);
    let keep: Vec<bool> = t
        .columns
        .iter()
        .map(|c| !matches!(&c.csv, crate::table::Csv::One(k) if SAID_ABOVE.contains(&k.as_str())))
        .collect();
    t.columns = t
        .columns
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c)
        .collect();
    for row in &mut t.rows {
        *row = std::mem::take(row)
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c)
            .collect();
    }
    let peak = runs
        .iter()
        .map(|r| r.speedup.max(r.amdahl_speedup))
        .fold(1.0, f64::max);
    if !no_cpu {
        t.columns.push(Column::people(""));
        for (row, r) in t.rows.iter_mut().zip(runs) {
            row.push(Cell::note(bar(r, peak)));
        }
    }
    o.push_str(&text::table(&t));
    if !no_cpu {
        let _ = writeln!(
            o,
            "\nbars: the model's speedup; │ marks Amdahl's speedup at that core count (full width = {}×)",
            num(peak, 2)
        );
    }
    if let Some(h) = host_table(runs) {
        o.push('\n');
        o.push_str(&text::table(&h));
    }
    o
}

/// The CSV: one line per schedule.
pub fn csv(runs: &[ModelRun]) -> Result<Vec<u8>, ::csv::Error> {
    csv::table(&table(runs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Discipline, IoMode, Machine, analyze};

    fn runs(cores: &[usize]) -> Vec<ModelRun> {
        let w = crate::workload::builtin("amdahl-10").unwrap().unwrap();
        cores
            .iter()
            .map(|&p| {
                let m = Machine {
                    cores: p,
                    discipline: Discipline::List,
                    io: IoMode::Blocking,
                };
                ModelRun::from(analyze(&w, &m).unwrap())
            })
            .collect()
    }

    #[test]
    fn one_row_per_schedule_and_the_csv_keeps_its_columns() {
        let r = runs(&[1, 2, 4]);
        let t = table(&r);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2][6].value, Value::Count(r[2].wall_ticks));
        let csv = String::from_utf8(csv(&r).unwrap()).unwrap();
        assert_eq!(
            csv.lines().next().unwrap(),
            "workload,cores,discipline,quantum,io,serial_ticks,wall_ticks,speedup,utilization,\
             useful_core_ticks,idle_core_ticks,blocked_core_ticks,amdahl_speedup,amdahl_ceiling"
        );
        assert!(host_table(&r).is_none());
    }

    #[test]
    fn the_sweep_leaves_what_its_heading_says_to_the_heading() {
        let text = sweep_text(&runs(&[1, 2]));
        let head = text.lines().nth(2).unwrap();
        assert!(
            head.starts_with("cores") && !head.contains("workload"),
            "{text}"
        );
        assert!(text.contains('█'));
    }
}
