//! `conpar calibrate` as tables: the host, each kernel's tick, the
//! overheads (those not measured said so), the costs that grow with P and
//! the contention curves. Every backend renders the same [`blocks`]; CSV
//! writes [`csv_table`]. A pure function of the document.

use crate::results::calibrate::CalibrateDoc;
use crate::stats::Summary;
use crate::table::{Block, Cell, Column, Role, Table, Unit, Value, csv};
use crate::words::calibrate as w;

fn spread(s: Option<&Summary>) -> Value {
    s.map_or(Value::Absent(w::UNMEASURED), |s| {
        Value::nanos_spread(s.median, s.min, s.max)
    })
}

fn n(s: Option<&Summary>) -> Cell {
    Cell::measured(Value::count(s.map_or(0, |s| s.n)))
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

/// One row per overhead, named for people and for CSV alike.
fn overhead_rows(d: &CalibrateDoc, t: &mut Table) {
    let few_cpus = d.meta.host.allowed_cpus.len() < 2;
    for (key, s) in d.overheads_ns.named() {
        let value = match s {
            None if key == "handoff_cross_core" && few_cpus => Value::Absent(w::NEEDS_TWO_CPUS),
            _ => spread(s),
        };
        let (words, key) = (w::overhead(key).into(), key.into());
        let label = Cell::new(Value::Tag { words, key }, Role::Label);
        t.row(vec![label, Cell::measured(value), n(s)]);
    }
}

/// The host, its cgroup and the kernels' ticks.
fn kernels(d: &CalibrateDoc, cpu: Option<usize>) -> Vec<Block> {
    let (h, cg) = (&d.meta.host, &d.cgroup);
    let tick_ns = d.kernels.first().map(|c| c.tick_ns as f64);
    let mut t = Table::new(
        w::KernelsTitle { tick_ns, cpu }.to_string(),
        vec![
            Column::new("kernel", "kernel"),
            Column::new("iterations/tick", "iterations_per_tick"),
            Column::spread("tick", ["tick_median_ns", "tick_min_ns", "tick_max_ns"]),
            Column::new("spread", "spread"),
        ],
    );
    for c in &d.kernels {
        let tick = Value::nanos_spread(c.tick_median_ns, c.tick_min_ns, c.tick_max_ns);
        t.row(vec![
            Cell::label(c.kernel.name()),
            Cell::measured(Value::count(c.iters_per_tick)),
            Cell::measured(tick),
            Cell::measured(Value::pct(c.spread(), 1)),
        ]);
    }
    let (q, n, us) = (cg.quota_cpus, cg.nr_throttled, cg.throttled_us);
    let cpus = w::cpus(&h.allowed_cpus, h.logical_cpus, q, n, us);
    vec![
        Block::Line(Cell::note(w::host(&h.hostname, &h.cpu_model, &h.kernel))),
        Block::Line(Cell::note(cpus)),
        Block::Table(t),
    ]
}

/// The overheads, the workspan burden and each kernel's set-up.
fn overheads(d: &CalibrateDoc) -> Table {
    let mut t = Table::new(w::OVERHEADS, overhead_columns());
    overhead_rows(d, &mut t);
    t.row(match &d.workspan_burden {
        Some(b) => vec![
            Cell::label(w::BURDEN),
            Cell::measured(Value::nanos(b.ns as f64)),
            Cell::measured(Value::count(b.trials)),
            Cell::note(w::burden(b.join_ns, b.baseline_ns, b.stolen, b.trials)),
        ],
        None => vec![Cell::label(w::BURDEN), Cell::measured(spread(None))],
    });
    let oh = &d.overheads_ns;
    for k in d.kernels.iter().map(|c| c.kernel) {
        t.row(vec![
            Cell::label(w::setup(k.name())),
            Cell::measured(spread(oh.setup(k))),
            n(oh.setup(k)),
            Cell::note(w::in_worker(oh.worker_setup(k).map(|s| s.median))),
        ]);
    }
    t
}

/// A table of one row per label and one column `k=…` per count, each count
/// once and in order; a row's cell empty at a count it was not measured at.
fn by_count(title: &str, first: &str, rows: Vec<(String, Vec<(usize, Value)>)>) -> Table {
    let mut ks: Vec<usize> = rows
        .iter()
        .flat_map(|(_, p)| p.iter().map(|x| x.0))
        .collect();
    ks.sort_unstable();
    ks.dedup();
    let mut cols = vec![Column::new(first, first)];
    cols.extend(
        ks.iter()
            .map(|k| Column::new(format!("k={k}"), format!("k{k}"))),
    );
    let mut t = Table::new(title, cols);
    for (label, points) in rows {
        let mut row = vec![Cell::label(label)];
        row.extend(ks.iter().map(|k| {
            let at = points.iter().find(|p| p.0 == *k);
            at.map_or(Cell::empty(), |p| Cell::measured(p.1.clone()))
        }));
        t.row(row);
    }
    t
}

/// Every table of the calibration; `cpu`, the CPU the kernels ran on, when known.
pub fn blocks(d: &CalibrateDoc, cpu: Option<usize>) -> Vec<Block> {
    let grows = d
        .overheads_ns
        .at_counts()
        .into_iter()
        .map(|(name, points)| {
            let at = points.iter().map(|a| (a.count, Value::nanos(a.ns.median)));
            (name.to_string(), at.collect())
        });
    let contention = d.contention.iter().map(|c| {
        let at = c.points.iter().map(|p| {
            let s = &p.slowdown;
            let unit = Unit::Fixed(2);
            (
                p.copies,
                Value::Spread {
                    median: s.median,
                    lo: s.min,
                    hi: s.max,
                    unit,
                },
            )
        });
        (c.kernel.name().to_string(), at.collect())
    });
    let mut b = kernels(d, cpu);
    b.push(Block::Table(overheads(d)));
    b.push(Block::Table(by_count(w::GROWS, "cost", grows.collect())));
    b.push(Block::Table(by_count(
        w::CONTENTION,
        "kernel",
        contention.collect(),
    )));
    b
}

/// The CSV table: one row per kernel tick (`tick:KERNEL`) and per overhead, in ns.
pub fn csv_table(d: &CalibrateDoc) -> Table {
    let mut t = Table::new("", overhead_columns());
    for c in &d.kernels {
        let label = Cell::label(format!("tick:{}", c.kernel.name()));
        t.row(vec![
            label,
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
