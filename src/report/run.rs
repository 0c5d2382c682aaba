//! `conpar run` results as a terminal table, JSON and CSV. Pure functions of
//! the results; the keys of the JSON are a contract.

use super::gantt;
use super::json::finite;
use super::text::num;
use crate::compare::Row;
use crate::compare::harness::WorkloadRun;
use crate::measure::Host;
use crate::units::Nanos;
use serde_json::{Value, json};
use std::fmt::Write;

fn secs(s: f64) -> String {
    Nanos(s * 1e9).to_string()
}

/// The table for one workload.
pub fn table(run: &WorkloadRun, description: &str) -> String {
    let mut o = String::new();
    let c = &run.calibration;
    let _ = writeln!(
        o,
        "{}{}",
        run.workload,
        if description.is_empty() {
            String::new()
        } else {
            format!(" — {description}")
        }
    );
    let _ = writeln!(
        o,
        "kernel {}: one tick = {} [{}–{}] (spread {:.1}%); serial baseline {} [{}–{}]\n",
        c.kernel.name(),
        Nanos(c.tick_median_ns),
        Nanos(c.tick_min_ns),
        Nanos(c.tick_max_ns),
        c.spread() * 100.0,
        secs(run.serial_wall_s.median),
        secs(run.serial_wall_s.min),
        secs(run.serial_wall_s.max)
    );
    let _ = writeln!(
        o,
        "{:<10} {:>5}  {:>26}  {:>9}  {:>6}  {:>15}  {:>7}  {:>13}  {:>6}",
        "strategy",
        "cores",
        "measured wall [min–max]",
        "predicted",
        "error",
        "speedup m/p",
        "Amdahl",
        "util m/p",
        "ctxsw"
    );
    for r in &run.rows {
        let m = &r.measured;
        let wall = format!(
            "{} [{}–{}]",
            secs(m.wall_s.median),
            secs(m.wall_s.min),
            secs(m.wall_s.max)
        );
        let _ = writeln!(
            o,
            "{:<10} {:>5}  {:>26}  {:>9}  {:>+5.1}%  {:>15}  {:>6}×  {:>13}  {:>6}",
            r.strategy,
            format!("{}{}", r.cores, if r.oversubscribed { "!" } else { "" }),
            wall,
            secs(r.predicted.wall_s),
            r.error * 100.0,
            format!("{}× / {}×", num(m.speedup, 2), num(r.predicted.speedup, 2)),
            num(r.amdahl_ceiling, 1),
            format!(
                "{:.0}% / {:.0}%",
                m.utilization * 100.0,
                r.predicted.utilization * 100.0
            ),
            m.context_switches
        );
        let l = m.loss.fractions();
        let _ = writeln!(
            o,
            "{:<10} {:>5}  ↳ useful {:.0}%, idle {:.0}%, blocked {:.0}%, overhead {:.0}% — {}",
            "",
            "",
            l[0] * 100.0,
            l[1] * 100.0,
            l[2] * 100.0,
            l[3] * 100.0,
            r.why
        );
    }
    o.push_str(&scaling(run));
    if run.rows.iter().any(|r| r.oversubscribed) {
        let _ = writeln!(
            o,
            "\n! more cores than this process may use: oversubscribed"
        );
    }
    o
}

/// The real timeline of `r` drawn under the model's, on the same scale.
pub fn gantt_pair(r: &Row, width: usize) -> String {
    let (Some(real), Some(model)) = (&r.timeline, &r.model_timeline) else {
        return String::new();
    };
    let wall = real.wall().max(model.wall()).max(1);
    let cell = wall.div_ceil(width.max(10) as u64);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} on {} — measured (1 cell = {}):",
        r.strategy,
        super::text::cores(r.cores),
        Nanos(cell as f64)
    );
    o.push_str(&gantt::render_cells(
        real,
        cell,
        wall.div_ceil(cell) as usize,
    ));
    let _ = writeln!(
        o,
        "model ({} {} I/O, same scale):",
        r.predicted.discipline, r.predicted.io
    );
    o.push_str(&gantt::render_cells(
        model,
        cell,
        wall.div_ceil(cell) as usize,
    ));
    o
}

/// A timeline as compact JSON: task names, cores, and slices as
/// `[task, core, start_ns, end_ns, blocked]`.
pub fn timeline_json(t: &crate::timeline::Timeline) -> Value {
    json!({
        "tasks": t.tasks,
        "cores": t.cores,
        "finish": t.finish,
        "slices": t.slices.iter().map(|s| json!([s.task, s.core, s.start, s.end, u8::from(s.state == crate::timeline::State::Blocked)])).collect::<Vec<_>>(),
    })
}

/// One row in the JSON contract.
pub fn row_json(r: &Row) -> Value {
    let m = &r.measured;
    json!({
        "strategy": r.strategy,
        "cores": r.cores,
        "cpus": r.cpus,
        "pinned": r.pinned,
        "oversubscribed": r.oversubscribed,
        "repeats": r.repeats,
        "serial_s": r.serial_s,
        "measured": {
            "wall_s": { "median": m.wall_s.median, "min": m.wall_s.min, "max": m.wall_s.max },
            "speedup": finite(m.speedup),
            "utilization": finite(m.utilization),
            "context_switches": m.context_switches,
            "worker_cpu_s": m.worker_cpu_s,
            "loss": m.loss,
        },
        "predicted": {
            "wall_s": r.predicted.wall_s,
            "speedup": finite(r.predicted.speedup),
            "utilization": finite(r.predicted.utilization),
            "overhead_s": r.predicted.overhead_s,
            "model": {
                "cores": r.predicted.model_cores,
                "discipline": r.predicted.discipline,
                "quantum": r.predicted.quantum,
                "io": r.predicted.io,
                "wall_ticks": r.predicted.wall_ticks,
            },
        },
        "error": finite(r.error),
        "amdahl_ceiling": finite(r.amdahl_ceiling),
        "why": r.why,
        "timeline": r.timeline.as_ref().map(timeline_json),
        "model_timeline": r.model_timeline.as_ref().map(timeline_json),
    })
}

/// The whole result file for one workload: `host`, `workload`, `tick_ns`,
/// `serial_wall_s`, `rows`, plus the calibration and overheads it used.
pub fn json(
    host: &Host,
    run: &WorkloadRun,
    serial_fraction: f64,
    overheads: &impl serde::Serialize,
) -> Value {
    json!({
        "host": host,
        "workload": run.workload,
        "serial_fraction": serial_fraction,
        "tick_ns": run.tick_ns,
        "serial_wall_s": run.serial_wall_s.median,
        "serial": run.serial_wall_s,
        "calibration": run.calibration,
        "overheads_ns": overheads,
        "rows": run.rows.iter().map(row_json).collect::<Vec<_>>(),
        "failures": run.failures,
    })
}

/// CSV with a header: one line per row.
pub fn csv(runs: &[&WorkloadRun]) -> String {
    let mut o = String::from(
        "workload,strategy,cores,repeats,wall_median_s,wall_min_s,wall_max_s,predicted_wall_s,error,speedup,predicted_speedup,utilization,predicted_utilization,amdahl_ceiling,context_switches,useful_s,idle_s,blocked_s,overhead_s\n",
    );
    for run in runs {
        for r in &run.rows {
            let m = &r.measured;
            let _ = writeln!(
                o,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                run.workload,
                r.strategy,
                r.cores,
                r.repeats,
                m.wall_s.median,
                m.wall_s.min,
                m.wall_s.max,
                r.predicted.wall_s,
                r.error,
                m.speedup,
                r.predicted.speedup,
                m.utilization,
                r.predicted.utilization,
                if r.amdahl_ceiling.is_finite() {
                    r.amdahl_ceiling.to_string()
                } else {
                    String::new()
                },
                m.context_switches,
                m.loss.useful_s,
                m.loss.idle_s,
                m.loss.blocked_s,
                m.loss.overhead_s
            );
        }
    }
    o
}

/// Per strategy with two or more core counts: Karp–Flatt, the fitted laws,
/// where adding cores stops paying, and projections marked as such.
pub fn scaling(run: &WorkloadRun) -> String {
    let mut o = String::new();
    let mut strategies: Vec<&str> = run.rows.iter().map(|r| r.strategy.as_str()).collect();
    strategies.dedup();
    for s in strategies {
        let pts: Vec<(usize, f64)> = run
            .rows
            .iter()
            .filter(|r| r.strategy == s)
            .map(|r| (r.cores, r.measured.speedup))
            .collect();
        if pts.len() < 2 {
            continue;
        }
        let top = pts.iter().map(|p| p.0).max().unwrap_or(1);
        let a = crate::compare::scaling::analyze(&pts, &[top * 2, top * 4]);
        if o.is_empty() {
            o.push_str("\nscaling (from the measured speedups):\n");
        }
        let kf: Vec<String> = a
            .points
            .iter()
            .filter(|p| p.measured)
            .filter_map(|p| p.karp_flatt.map(|e| format!("e({})={e:.3}", p.cores)))
            .collect();
        let proj: Vec<String> = a
            .points
            .iter()
            .filter(|p| !p.measured)
            .map(|p| format!("{}: {:.2}×", p.cores, p.speedup))
            .collect();
        let _ = writeln!(
            o,
            "  {s:<10} Karp–Flatt {}; Amdahl s = {}; USL {}; stops paying {}; projected (not measured) {}",
            if kf.is_empty() {
                "—".into()
            } else {
                kf.join(" ")
            },
            a.amdahl_serial_fraction
                .as_ref()
                .map_or("—".into(), |v| format!("{v:.3}")),
            a.usl.as_ref().map_or_else(
                |_| format!("needs 3+ core counts (has {})", pts.len()),
                |u| format!(
                    "σ = {:.3}, κ = {:.4}, R² {:.3}",
                    u.sigma, u.kappa, u.r_squared
                )
            ),
            a.stops_paying
                .map_or("—".into(), |p| format!("beyond {p} cores")),
            if proj.is_empty() {
                "—".into()
            } else {
                proj.join(", ")
            }
        );
    }
    o
}
