//! Predictions in seconds: the model's schedule for the strategy's discipline,
//! times the calibrated length of a tick, plus the strategy's measured
//! overheads. Pure.
//!
//! Overheads that cost core-time somewhere in the run (spawning, dispatching,
//! switching) are spread over the P cores; waits that lie on the critical path
//! (timer lateness after an `io` step, starting the last worker process) are
//! added whole.

use crate::kinds::StrategyKind;
use crate::model::Analysis;
use crate::results::calibrate::Overheads;
use crate::results::run::{ModelSide, Predicted};
use crate::workload::{Step, Workload};

fn io_steps(w: &Workload) -> (u64, u64) {
    let per_task = w
        .tasks
        .iter()
        .map(|t| t.steps.iter().filter(|s| matches!(s, Step::Io(_))).count() as u64);
    let total = per_task.clone().sum();
    (total, per_task.max().unwrap_or(0))
}

/// What a run costs beyond its model schedule, as the strategy sees it.
struct Costs {
    /// P.
    cores: f64,
    /// Tasks.
    tasks: f64,
    /// `io` steps in all, and in the task with the most.
    io_total: f64,
    io_max: f64,
    /// The model's cores.
    model_cores: f64,
    /// Slices beyond one per task: preemptions in the model's schedule.
    preemptions: f64,
}

impl StrategyKind {
    /// The overhead this strategy adds to the model's wall, ns, from the
    /// host's measured costs.
    fn overhead_ns(self, c: &Costs, oh: &Overheads) -> f64 {
        let (p, n) = (c.cores, c.tasks);
        let blocking_io = (c.io_total / c.model_cores).ceil() * oh.sleep_overshoot.median;
        match self {
            StrategyKind::Interleave => {
                oh.thread_spawn_join.median + c.io_total * oh.sleep_overshoot.median
            }
            StrategyKind::Threads => {
                // Every thread beyond the first P is switched onto a core at
                // least once, besides the model's preemptions: with
                // thousands of threads that is thousands of switches.
                let switches = c.preemptions + (n - p).max(0.0);
                n * oh.thread_spawn_join.median / p
                    + switches * oh.context_switch_same_core.median / p
                    + c.io_max * oh.sleep_overshoot.median
            }
            StrategyKind::Rayon => n * oh.pool_dispatch.median / p + blocking_io,
            StrategyKind::Tokio => {
                n * oh.tokio_spawn.median / p + c.io_max * oh.tokio_sleep_overshoot.median
            }
            StrategyKind::Processes => {
                let handoff = oh
                    .handoff_cross_core
                    .as_ref()
                    .map_or(oh.context_switch_same_core.median, |h| h.median);
                p * oh.fork.median + oh.process_exec.median + 2.0 * n * handoff / p + blocking_io
            }
            // The mock is the model itself, stretched: it pays nothing else.
            StrategyKind::Mock { .. } => 0.0,
        }
    }
}

/// Predicts `strategy` on `cores` cores from the model's analysis `a` of its
/// matching machine, the measured length of a tick, and the host's overheads.
pub fn predict(
    strategy: StrategyKind,
    cores: usize,
    w: &Workload,
    a: &Analysis,
    tick_ns: f64,
    oh: &Overheads,
) -> Predicted {
    let p = cores as f64;
    let (io_total, io_max) = io_steps(w);
    let model_p = a.machine.cores as f64;
    let costs = Costs {
        cores: p,
        tasks: w.tasks.len() as f64,
        io_total: io_total as f64,
        io_max: io_max as f64,
        model_cores: model_p,
        preemptions: (a.timeline.slices.len() as f64 - w.tasks.len() as f64).max(0.0),
    };
    let overhead_ns = strategy.overhead_ns(&costs, oh);
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
        model: ModelSide {
            cores: a.machine.cores,
            discipline: a.machine.discipline.name().into(),
            quantum: a.quantum(),
            io: a.machine.io.name().into(),
            wall_ticks: a.metrics.wall,
        },
        // The model's idle share, counted against all P cores (interleave uses one).
        idle_fraction: 1.0 - (1.0 - frac(a.metrics.idle)) * model_p / p,
        blocked_fraction: frac(a.metrics.blocked) * model_p / p,
    }
}
