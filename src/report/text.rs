//! Terminal text for model runs: the Gantt chart, the metrics and the laws;
//! the tables of several core counts are `super::model`'s.

use crate::chart::terminal as gantt;
use crate::model::Analysis;
use crate::results::model::ModelRun;
use crate::words::{Count, Pct};
use std::fmt::Write;

pub use crate::words::{num, times};

/// The full text of one model run, chart `width` cells wide.
pub fn model(a: &Analysis, width: usize, description: &str) -> String {
    let m = &a.metrics;
    let mut o = String::new();
    let title = if description.is_empty() {
        a.workload.clone()
    } else {
        format!("{} — {description}", a.workload)
    };
    let _ = writeln!(o, "{title}");
    let _ = writeln!(
        o,
        "model: {}, {}, {} I/O\n",
        Count(a.machine.cores, "core"),
        a.machine.discipline,
        a.machine.io.name()
    );
    o.push_str(&gantt::render(&a.timeline, width));
    let p = a.machine.cores as f64;
    let _ = writeln!(o);
    let _ = writeln!(o, "serial time (T1)  {} ticks", m.serial);
    let _ = writeln!(o, "wall-clock        {} ticks", m.wall);
    if m.serial == 0 {
        // Only I/O: nothing to divide, and no law to apply.
        let _ = writeln!(
            o,
            "speedup           — (no CPU work: the tasks only wait, so serial ÷ wall is not defined)"
        );
    } else {
        let _ = writeln!(
            o,
            "speedup           {}× (serial ÷ wall)",
            num(m.speedup, 3)
        );
    }
    let _ = writeln!(
        o,
        "utilization       {} (useful ÷ cores × wall)",
        Pct::new(m.utilization).places(1)
    );
    let _ = writeln!(
        o,
        "core-ticks        {} useful, {} idle, {} blocked (of {} × {} = {})",
        m.useful,
        m.idle,
        m.blocked,
        a.machine.cores,
        m.wall,
        a.machine.cores as u64 * m.wall
    );
    laws(&mut o, a);
    let greedy_note = if a.timeline.tasks.is_empty() || p < 1.0 {
        ""
    } else if a.machine.io == crate::model::IoMode::Async
        || a.metrics.blocked > 0
        || a.span > a.work
    {
        " (I/O waits: the upper bound holds only for schedules without I/O)"
    } else {
        ""
    };
    let _ = writeln!(
        o,
        "work/span         max(T1/P, T∞) = {} ≤ wall {} ≤ T1/P + T∞ = {}{greedy_note}",
        num(a.lower_bound, 2),
        m.wall,
        num(a.upper_bound, 2)
    );
    o
}

/// Amdahl's and Gustafson's figures, for a workload with CPU work.
fn laws(o: &mut String, a: &Analysis) {
    if a.metrics.serial > 0 {
        let _ = writeln!(
            o,
            "Amdahl            s = {}: {}× at {}, ceiling {}×",
            num(a.serial_fraction, 3),
            num(a.amdahl_speedup, 3),
            Count(a.machine.cores, "core"),
            num(a.amdahl_ceiling, 3)
        );
        let _ = writeln!(
            o,
            "Gustafson         {}× scaled speedup at {}",
            num(a.gustafson_speedup, 3),
            Count(a.machine.cores, "core")
        );
    }
}

/// One workload in the model: a single run's Gantt and metrics, or several
/// core counts' table; then the calibrated host's runs, when there are any.
pub fn workload(
    runs: &[Analysis],
    hosts: &[crate::results::model::HostRun],
    width: usize,
    description: &str,
) -> String {
    let mut hs = hosts.iter();
    let docs: Vec<ModelRun> = runs
        .iter()
        .map(|a| ModelRun {
            host: hs.next().cloned(),
            ..ModelRun::from(a.clone())
        })
        .collect();
    let mut o = if runs.len() == 1 {
        let mut o = model(&runs[0], width, description);
        if let Some(h) = super::model::host_table(&docs) {
            o.push('\n');
            o.push_str(&crate::table::text::table(&h));
        }
        o
    } else {
        super::model::sweep_text(&docs)
    };
    o.push('\n');
    o
}
