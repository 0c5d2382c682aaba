//! Predictions in seconds: the model's schedule for the strategy's discipline,
//! times the calibrated length of a tick, plus the strategy's measured
//! overheads. Pure.
//!
//! Overheads that cost core-time somewhere in the run (spawning, dispatching,
//! switching) are spread over the P cores; waits that lie on the critical path
//! (timer lateness after an `io` step, starting the last worker process) are
//! added whole.

use crate::exec::overhead::Overheads;
use crate::model::Analysis;
use crate::workload::{Step, Workload};
use serde::Serialize;

/// What the model expects of one (strategy, cores) pair.
#[derive(Debug, Clone, Serialize)]
pub struct Predicted {
    /// Model wall in ticks × tick length + overheads.
    pub wall_s: f64,
    /// Predicted serial time ÷ predicted wall; NaN when there is no CPU work.
    pub speedup: f64,
    /// Predicted serial time ÷ (P × predicted wall).
    pub utilization: f64,
    /// The overhead part of `wall_s`.
    pub overhead_s: f64,
    /// The model's discipline.
    pub discipline: String,
    /// The model's round-robin quantum, if any.
    pub quantum: Option<u64>,
    /// The model's I/O mode.
    pub io: String,
    /// The model's cores (1 for `interleave`).
    pub model_cores: usize,
    /// The model's wall in ticks.
    pub wall_ticks: u64,
    /// The model's idle fraction of P × wall.
    pub idle_fraction: f64,
    /// The model's blocked fraction of P × wall.
    pub blocked_fraction: f64,
}

fn io_steps(w: &Workload) -> (u64, u64) {
    let per_task = w
        .tasks
        .iter()
        .map(|t| t.steps.iter().filter(|s| matches!(s, Step::Io(_))).count() as u64);
    let total = per_task.clone().sum();
    (total, per_task.max().unwrap_or(0))
}

/// Predicts `strategy` on `cores` cores from the model's analysis `a` of its
/// matching machine, the measured length of a tick, and the host's overheads.
pub fn predict(
    strategy: &str,
    cores: usize,
    w: &Workload,
    a: &Analysis,
    tick_ns: f64,
    oh: &Overheads,
) -> Predicted {
    let p = cores as f64;
    let n = w.tasks.len() as f64;
    let (io_total, io_max) = io_steps(w);
    let model_p = a.machine.cores as f64;
    let blocking_io = (io_total as f64 / model_p).ceil() * oh.sleep_overshoot.median;
    let preemptions = (a.timeline.slices.len() as f64 - n).max(0.0);
    let overhead_ns = match strategy {
        "interleave" => oh.thread_spawn_join.median + io_total as f64 * oh.sleep_overshoot.median,
        "threads" => {
            n * oh.thread_spawn_join.median / p
                + preemptions * oh.context_switch_same_core.median / p
                + io_max as f64 * oh.sleep_overshoot.median
        }
        "rayon" => n * oh.pool_dispatch.median / p + blocking_io,
        "tokio" => n * oh.tokio_spawn.median / p + io_max as f64 * oh.tokio_sleep_overshoot.median,
        "processes" => {
            let handoff = oh
                .handoff_cross_core
                .map_or(oh.context_switch_same_core.median, |h| h.median);
            p * oh.fork.median + oh.process_exec.median + 2.0 * n * handoff / p + blocking_io
        }
        _ => 0.0,
    };
    let base_ns = a.metrics.wall as f64 * tick_ns;
    let wall_ns = base_ns + overhead_ns;
    let serial_ns = w.work() as f64 * tick_ns;
    let capacity = model_p * a.metrics.wall as f64;
    let frac = |x: u64| {
        if capacity > 0.0 {
            x as f64 / capacity
        } else {
            0.0
        }
    };
    Predicted {
        wall_s: wall_ns / 1e9,
        // No CPU work, no serial time: speedup is not defined (see `NO_CPU_WORK`).
        speedup: if serial_ns > 0.0 {
            serial_ns / wall_ns
        } else {
            f64::NAN
        },
        utilization: serial_ns / (p * wall_ns),
        overhead_s: overhead_ns / 1e9,
        discipline: a.machine.discipline.name().into(),
        quantum: a.quantum(),
        io: a.machine.io.name().into(),
        model_cores: a.machine.cores,
        wall_ticks: a.metrics.wall,
        // The model's idle share, counted against all P cores (interleave uses one).
        idle_fraction: 1.0 - (1.0 - frac(a.metrics.idle)) * model_p / p,
        blocked_fraction: frac(a.metrics.blocked) * model_p / p,
    }
}
