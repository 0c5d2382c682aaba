//! Terminal text for model runs: the Gantt chart, the metrics and the laws, and
//! the table of speedup against cores.

use super::gantt;
use crate::model::Analysis;
use crate::results::run::NO_CPU_WORK;
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

/// A table of several core counts for one workload, beside Amdahl's curve.
pub fn sweep(runs: &[Analysis]) -> String {
    let mut o = String::new();
    let Some(first) = runs.first() else { return o };
    // Without CPU work there is no serial time: speedup, utilisation and
    // Amdahl's law are not defined, and are shown as such.
    let no_cpu = first.metrics.serial == 0;
    let undefined = |x: f64| if no_cpu { f64::NAN } else { x };
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
        first.workload,
        first.machine.discipline,
        first.machine.io.name(),
    );
    let _ = writeln!(
        o,
        "{:>6}  {:>10}  {:>8}  {:>7}  {:>8}  {:>8}  Amdahl",
        "cores", "wall", "speedup", "util", "idle", "blocked"
    );
    let peak = runs
        .iter()
        .map(|r| r.metrics.speedup.max(r.amdahl_speedup))
        .fold(1.0, f64::max);
    for r in runs {
        let m = &r.metrics;
        let bar_len = |x: f64| ((x / peak) * 30.0).round().clamp(0.0, 30.0) as usize;
        let (b, a) = (bar_len(m.speedup), bar_len(r.amdahl_speedup));
        let mut bar: Vec<char> = std::iter::repeat_n('█', b).collect();
        bar.resize(30, ' ');
        if a > 0 && a <= 30 {
            bar[a - 1] = if a <= b { '┃' } else { '│' };
        }
        if no_cpu {
            bar.clear();
        }
        let line = format!(
            "{:>6}  {:>10}  {:>8}  {:>7}  {:>8}  {:>8}  {:>7}  {}",
            r.machine.cores,
            m.wall,
            times(undefined(m.speedup), 3),
            if no_cpu {
                "—".to_string()
            } else {
                Pct::new(m.utilization).places(1).to_string()
            },
            m.idle,
            m.blocked,
            times(undefined(r.amdahl_speedup), 3),
            bar.into_iter().collect::<String>()
        );
        let _ = writeln!(o, "{}", line.trim_end());
    }
    if !no_cpu {
        let _ = writeln!(
            o,
            "\nbars: the model's speedup; │ marks Amdahl's speedup at that core count (full width = {}×)",
            num(peak, 2)
        );
    }
    o
}

/// The host-model table beside the tick model's: per core count, the tick
/// wall, the host's wall in ticks and seconds, its speedup and named costs.
pub fn host_model(runs: &[Analysis], hosts: &[crate::results::model::HostRun]) -> String {
    let mut o = String::new();
    let Some(first) = hosts.first() else { return o };
    let _ = writeln!(
        o,
        "\non the host model of {}{}:",
        first.host,
        first
            .strategy
            .map_or(String::new(), |s| format!(", strategy {s}"))
    );
    let _ = writeln!(
        o,
        "{:>6}  {:>11}  {:>11}  {:>10}  {:>8}  costs",
        "cores", "tick model", "host model", "wall", "speedup"
    );
    for (a, h) in runs.iter().zip(hosts) {
        let costs: Vec<String> = h
            .costs
            .iter()
            .map(|c| format!("{} {}", c.kind.words(), crate::words::Secs(c.s)))
            .collect();
        let _ = writeln!(
            o,
            "{:>6}  {:>11}  {:>11}  {:>10}  {:>7}×  {}",
            a.machine.cores,
            a.metrics.wall,
            num(h.wall_ticks, 2),
            crate::words::Secs(h.wall_s).to_string(),
            num(h.speedup, 2),
            crate::escape::terminal(&costs.join(", "))
        );
    }
    o
}

/// One workload in the model: a single run's Gantt and metrics, or several
/// core counts' table; then the calibrated host's runs, when there are any.
pub fn workload(
    runs: &[Analysis],
    hosts: &[crate::results::model::HostRun],
    width: usize,
    description: &str,
) -> String {
    let mut o = if runs.len() == 1 {
        model(&runs[0], width, description)
    } else {
        sweep(runs)
    };
    if !hosts.is_empty() {
        o.push_str(&host_model(runs, hosts));
    }
    o.push('\n');
    o
}
