//! `conpar calibrate` as tables: the host, each kernel's tick, the
//! overheads (those not measured said so), the costs that grow with P and
//! the contention curves. Every backend renders the same [`blocks`]; CSV
//! writes [`csv_table`]. A pure function of the document.

use crate::results::calibrate::{AtCount, CalibrateDoc, ContentionCurve};
use crate::stats::Summary;
use crate::table::{Block, Cell, Column, Table, Unit, Value, csv, text};
use crate::units::Nanos;

/// What was not measured reads so.
const UNMEASURED: &str = "not measured";

fn spread(s: Option<&Summary>) -> Value {
    s.map_or(Value::Absent(UNMEASURED), |s| {
        Value::nanos_spread(s.median, s.min, s.max)
    })
}

fn n(s: Option<&Summary>) -> Value {
    Value::count(s.map_or(0, |s| s.n))
}

/// The overheads' columns: what, median [min–max] in ns, n, a remark.
fn overhead_columns() -> Vec<Column> {
    vec![
        Column::new("what", "what"),
        Column::spread("median [min–max]", ["median_ns", "min_ns", "max_ns"]),
        Column::new("n", "n"),
        Column::people(""),
    ]
}

/// People's words for each overhead `Overheads::named` names.
fn words(key: &str) -> &str {
    match key {
        "thread_spawn_join" => "thread spawn + join",
        "fork" => "fork + exit + wait",
        "process_start" => "start a worker process until ready",
        "pool_dispatch" => "rayon job dispatch (2 threads), per job",
        "tokio_spawn" => "tokio task spawn + await, per task",
        "context_switch_same_core" => "context switch, same core",
        "handoff_cross_core" => "hand-off across cores",
        "sleep_overshoot" => "thread::sleep(1ms) lateness",
        "tokio_sleep_overshoot" => "tokio sleep(10ms) lateness",
        "worker_handout" => "a task handed to a worker and back",
        k => k,
    }
}

/// One row per overhead, named for people and for CSV alike.
fn overhead_rows(d: &CalibrateDoc, t: &mut Table) {
    let few_cpus = d.meta.host.allowed_cpus.len() < 2;
    for (key, s) in d.overheads_ns.named() {
        let value = match s {
            None if key == "handoff_cross_core" && few_cpus => {
                Value::Absent("needs two allowed CPUs")
            }
            _ => spread(s),
        };
        t.row(vec![
            Cell::new(
                Value::Tag {
                    words: words(key).into(),
                    key: key.into(),
                },
                crate::table::Role::Label,
            ),
            Cell::measured(value),
            Cell::measured(n(s)),
        ]);
    }
}

/// The host, its cgroup and the kernels' ticks.
fn kernels(d: &CalibrateDoc, cpu: Option<usize>) -> Vec<Block> {
    let (h, cg) = (&d.meta.host, &d.cgroup);
    let quota = cg
        .quota_cpus
        .map_or("none".to_string(), |q| format!("{q:.2} CPUs"));
    let tick = d.kernels.first().map(|c| c.tick_ns);
    let title = match (tick, cpu) {
        (Some(t), Some(c)) => format!(
            "kernels, one tick of {} on CPU {c} (median [min–max] over the trials)",
            Nanos(t as f64)
        ),
        (Some(t), None) => format!(
            "kernels, one tick of {} (median [min–max] over the trials)",
            Nanos(t as f64)
        ),
        _ => "kernels (median [min–max] over the trials)".into(),
    };
    let mut t = Table::new(
        title,
        vec![
            Column::new("kernel", "kernel"),
            Column::new("iterations/tick", "iterations_per_tick"),
            Column::spread("tick", ["tick_median_ns", "tick_min_ns", "tick_max_ns"]),
            Column::new("spread", "spread"),
        ],
    );
    for c in &d.kernels {
        t.row(vec![
            Cell::label(c.kernel.name()),
            Cell::measured(Value::count(c.iters_per_tick)),
            Cell::measured(Value::nanos_spread(
                c.tick_median_ns,
                c.tick_min_ns,
                c.tick_max_ns,
            )),
            Cell::measured(Value::pct(c.spread(), 1)),
        ]);
    }
    vec![
        Block::Line(Cell::note(format!(
            "host {}: {} — kernel {}",
            h.hostname, h.cpu_model, h.kernel
        ))),
        Block::Line(Cell::note(format!(
            "allowed CPUs {:?} of {}; cgroup CPU quota {quota}; throttled {} periods ({} µs)",
            h.allowed_cpus, h.logical_cpus, cg.nr_throttled, cg.throttled_us
        ))),
        Block::Table(t),
    ]
}

/// The overheads, the workspan burden and each kernel's set-up.
fn overheads(d: &CalibrateDoc) -> Table {
    let mut t = Table::new("overheads (median [min–max])", overhead_columns());
    overhead_rows(d, &mut t);
    let what = "workspan burden: rayon fork, steal, join";
    t.row(match &d.workspan_burden {
        Some(b) => vec![
            Cell::label(what),
            Cell::measured(Value::nanos(b.ns as f64)),
            Cell::measured(Value::count(b.trials)),
            Cell::note(format!(
                "join {} less {} alone; stolen in {} of {} trials",
                Nanos(b.join_ns as f64),
                Nanos(b.baseline_ns as f64),
                b.stolen,
                b.trials
            )),
        ],
        None => vec![Cell::label(what), Cell::measured(Value::Absent(UNMEASURED))],
    });
    let oh = &d.overheads_ns;
    for k in d.kernels.iter().map(|c| c.kernel) {
        let worker = oh.worker_setup(k);
        t.row(vec![
            Cell::label(format!("{} kernel set-up, new thread", k.name())),
            Cell::measured(spread(oh.setup(k))),
            Cell::measured(n(oh.setup(k))),
            Cell::note(format!(
                "in a new worker {}",
                worker.map_or(UNMEASURED.to_string(), |s| Nanos(s.median).to_string())
            )),
        ]);
    }
    t
}

/// The counts of `points` as columns `k=…`, in order, each once.
fn count_columns<'a>(
    first: &str,
    counts: impl Iterator<Item = &'a usize>,
) -> (Vec<usize>, Vec<Column>) {
    let mut ks: Vec<usize> = counts.copied().collect();
    ks.sort_unstable();
    ks.dedup();
    let mut cols = vec![Column::new(first, first)];
    cols.extend(
        ks.iter()
            .map(|k| Column::new(format!("k={k}"), format!("k{k}"))),
    );
    (ks, cols)
}

/// The costs measured at several counts: the median at each count.
fn grows(costs: &[(&str, &[AtCount])]) -> Table {
    let all = costs.iter().flat_map(|(_, p)| p.iter().map(|a| &a.count));
    let (ks, cols) = count_columns("cost", all);
    let mut t = Table::new("costs that grow with P (median at each count k)", cols);
    for (name, points) in costs {
        let mut row = vec![Cell::label(*name)];
        row.extend(ks.iter().map(|k| {
            points
                .iter()
                .find(|a| a.count == *k)
                .map_or(Cell::empty(), |a| Cell::measured(Value::nanos(a.ns.median)))
        }));
        t.row(row);
    }
    t
}

/// Each kernel's slowdown with k copies on k cores.
fn contention(curves: &[ContentionCurve]) -> Table {
    let all = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| &p.copies));
    let (ks, cols) = count_columns("kernel", all);
    let mut t = Table::new(
        "contention: one copy's slowdown with k copies on k cores (median [min–max])",
        cols,
    );
    for c in curves {
        let mut row = vec![Cell::label(c.kernel.name())];
        row.extend(ks.iter().map(|k| {
            c.points
                .iter()
                .find(|p| p.copies == *k)
                .map_or(Cell::empty(), |p| {
                    let s = &p.slowdown;
                    Cell::measured(Value::Spread {
                        median: s.median,
                        lo: s.min,
                        hi: s.max,
                        unit: Unit::Fixed(2),
                    })
                })
        }));
        t.row(row);
    }
    t
}

/// Every table of the calibration; `cpu`, the CPU the kernels ran on, when known.
pub fn blocks(d: &CalibrateDoc, cpu: Option<usize>) -> Vec<Block> {
    let mut b = kernels(d, cpu);
    b.push(Block::Table(overheads(d)));
    b.push(Block::Table(grows(&d.overheads_ns.at_counts())));
    b.push(Block::Table(contention(&d.contention)));
    b
}

/// The calibration as terminal text; the kernels ran on `cpu`.
pub fn text(d: &CalibrateDoc, cpu: usize) -> String {
    text::blocks(&blocks(d, Some(cpu)))
}

/// The CSV table: one row per kernel tick (`tick:KERNEL`) and per overhead, in ns.
pub fn csv_table(d: &CalibrateDoc) -> Table {
    let mut t = Table::new("", overhead_columns());
    for c in &d.kernels {
        t.row(vec![
            Cell::label(format!("tick:{}", c.kernel.name())),
            Cell::measured(Value::nanos_spread(
                c.tick_median_ns,
                c.tick_min_ns,
                c.tick_max_ns,
            )),
        ]);
    }
    overhead_rows(d, &mut t);
    t
}

/// The calibration as CSV.
pub fn csv(d: &CalibrateDoc) -> Result<Vec<u8>, ::csv::Error> {
    csv::table(&csv_table(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{Document, parse};

    fn doc() -> CalibrateDoc {
        let json = include_str!("../../docs/measurements/xeon-16cpu/calibrate.json");
        match parse("calibrate.json", json.as_bytes()) {
            Ok(Document::Calibrate(d)) => d,
            other => panic!("not a calibration: {other:?}"),
        }
    }

    fn tables(b: &[Block]) -> Vec<&Table> {
        b.iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_figure_has_its_cell_and_the_unmeasured_say_so() {
        let mut d = doc();
        d.overheads_ns.fork = None;
        d.workspan_burden = None;
        let b = blocks(&d, Some(3));
        let t = tables(&b);
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].rows.len(), d.kernels.len());
        // Ten overheads, the burden, one set-up row per kernel.
        assert_eq!(t[1].rows.len(), 10 + 1 + d.kernels.len());
        assert_eq!(t[1].rows[1][1].value, Value::Absent(UNMEASURED));
        assert_eq!(t[1].rows[10][1].value, Value::Absent(UNMEASURED));
        let s = d.overheads_ns.thread_spawn_join.as_ref().unwrap();
        assert_eq!(
            t[1].rows[0][1].value,
            Value::nanos_spread(s.median, s.min, s.max)
        );
        assert_eq!(t[2].rows.len(), 7);
        assert_eq!(t[3].rows.len(), d.contention.len());
        assert!(text(&d, 3).contains("on CPU 3"));
    }

    #[test]
    fn the_csv_keeps_its_columns_and_a_row_per_tick_and_overhead() {
        let mut d = doc();
        d.overheads_ns.fork = None;
        let csv = String::from_utf8(csv(&d).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "what,median_ns,min_ns,max_ns,n");
        assert_eq!(lines.len(), 1 + d.kernels.len() + 10);
        let c = &d.kernels[0];
        assert_eq!(
            lines[1],
            format!(
                "tick:{},{:?},{:?},{:?},",
                c.kernel.name(),
                c.tick_median_ns,
                c.tick_min_ns,
                c.tick_max_ns
            )
        );
        assert_eq!(lines[1 + d.kernels.len() + 1], "fork,,,,0");
    }
}
