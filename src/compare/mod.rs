//! Predictions against measurements: what the model, calibrated in seconds,
//! expects of each strategy; what was measured; the loss breakdown of
//! P × wall into useful, idle, blocked and overhead; and a short "why".
//!
//! `predict` and `explain` are pure; `harness` runs the measurements.

pub mod harness;
mod predict;
pub mod scaling;

pub use predict::{Predicted, predict};

use crate::stats::Summary;
use crate::timeline::Timeline;
use serde::Serialize;

/// P × wall of one run, split four ways (seconds of core-time).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Loss {
    /// The serial baseline: the work itself.
    pub useful_s: f64,
    /// Core-time with no task on it.
    pub idle_s: f64,
    /// Core-time held by tasks waiting on blocking I/O.
    pub blocked_s: f64,
    /// Work that took longer than alone: contention, preemption, start-up inside slices.
    pub overhead_s: f64,
}

impl Loss {
    /// Splits a run's `cores × wall_ns`, given its busy and blocked core-time
    /// and the serial baseline, all in nanoseconds.
    pub fn split(
        cores: usize,
        wall_ns: f64,
        busy_ns: f64,
        blocked_ns: f64,
        serial_ns: f64,
    ) -> Loss {
        let capacity = cores as f64 * wall_ns;
        let useful = serial_ns.min(capacity);
        let overhead = (busy_ns - useful).max(0.0);
        let idle = (capacity - useful - overhead - blocked_ns).max(0.0);
        Loss {
            useful_s: useful / 1e9,
            idle_s: idle / 1e9,
            blocked_s: blocked_ns / 1e9,
            overhead_s: overhead / 1e9,
        }
    }

    /// Each part as a fraction of the whole.
    pub fn fractions(&self) -> [f64; 4] {
        let total = self.useful_s + self.idle_s + self.blocked_s + self.overhead_s;
        if total <= 0.0 {
            return [0.0; 4];
        }
        [
            self.useful_s / total,
            self.idle_s / total,
            self.blocked_s / total,
            self.overhead_s / total,
        ]
    }
}

/// Said instead of a speedup when a workload has no CPU work: speedup is
/// serial CPU time over wall, and with nothing to run in parallel there is no
/// serial time to divide, so any number would be noise.
pub const NO_CPU_WORK: &str = "no CPU work: speedup is not defined";

/// What was measured for one (strategy, cores) pair.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// Wall-clock over the repetitions.
    pub wall_s: Summary,
    /// Serial baseline median ÷ wall median; NaN (null in JSON) when the
    /// workload has no CPU work ([`NO_CPU_WORK`]).
    pub speedup: f64,
    /// Serial baseline ÷ (P × wall), at the medians.
    pub utilization: f64,
    /// Context switches of the median run (voluntary + involuntary).
    pub context_switches: u64,
    /// CPU time the workers used in the median run, summed, in seconds.
    pub worker_cpu_s: f64,
    /// Loss breakdown of the median run.
    pub loss: Loss,
}

/// One row of a `conpar run` table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Strategy name.
    pub strategy: String,
    /// P.
    pub cores: usize,
    /// The CPUs used.
    pub cpus: Vec<usize>,
    /// Whether pool workers were pinned one per core.
    pub pinned: bool,
    /// The serial baseline timed just before this pair, in seconds.
    pub serial_s: f64,
    /// Whether P exceeds the allowed CPUs.
    pub oversubscribed: bool,
    /// Timed repetitions.
    pub repeats: usize,
    /// The measurement.
    pub measured: Measured,
    /// The prediction.
    pub predicted: Predicted,
    /// Measured median wall ÷ predicted wall − 1.
    pub error: f64,
    /// Amdahl's ceiling for the workload (null when infinite, or not defined
    /// because there is no CPU work).
    #[serde(serialize_with = "finite_or_null")]
    pub amdahl_ceiling: f64,
    /// Plain words on where the time went and what the model missed.
    pub why: String,
    /// The median run's timeline (ns), for Gantt charts.
    #[serde(skip)]
    pub timeline: Option<Timeline>,
    /// The model's timeline in nanoseconds, same scale.
    #[serde(skip)]
    pub model_timeline: Option<Timeline>,
}

fn finite_or_null<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        s.serialize_none()
    }
}

/// Says in a sentence or two where the time went and what the model did not
/// explain. `model_idle` and `model_blocked` are the model's fractions of
/// P × wall.
pub fn explain(
    strategy: &str,
    kernel: &str,
    cores: usize,
    loss: &Loss,
    model_idle: f64,
    model_blocked: f64,
    error: f64,
) -> String {
    let [_, idle, blocked, overhead] = loss.fractions();
    let mut parts = Vec::new();
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    match strategy {
        "interleave" if cores > 1 => parts.push(format!(
            "one thread uses 1 of {cores} cores: concurrency, not parallelism"
        )),
        "interleave" => parts.push("one thread taking turns: the sum, not the max".into()),
        "threads" => parts.push("the kernel time-shares the threads".into()),
        "processes" => parts.push("includes starting the worker processes".into()),
        _ => {}
    }
    if idle > model_idle + 0.02 {
        let cause = match strategy {
            "threads" => {
                "new threads start on the spawning core and wait for the kernel to move them"
            }
            "processes" => "worker processes starting up",
            _ => "start-up, dispatch and waiting for work",
        };
        parts.push(format!(
            "idle {} (model {}): {cause}",
            pct(idle),
            pct(model_idle)
        ));
    } else if idle > 0.02 {
        parts.push(format!(
            "idle {} as the model predicts (uneven work or serial phases)",
            pct(idle)
        ));
    }
    if blocked > 0.02 {
        parts.push(format!(
            "blocked {} (model {}): I/O holding cores",
            pct(blocked),
            pct(model_blocked)
        ));
    }
    if overhead > 0.02 {
        let cause = if kernel == "memory" {
            "cores compete for memory bandwidth"
        } else if strategy == "threads" {
            "preemption and migration"
        } else {
            "interference between cores"
        };
        parts.push(format!(
            "work ran {} slower than alone: {cause}",
            pct(overhead)
        ));
    }
    if error.abs() > 0.05 && parts.len() <= 1 {
        parts.push(format!(
            "{:+.0}% against the model beyond the overheads it knows",
            error * 100.0
        ));
    }
    if parts.is_empty() {
        "as the model predicts".into()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_adds_up() {
        let l = Loss::split(2, 1e9, 1.5e9, 0.2e9, 1.4e9);
        let total = l.useful_s + l.idle_s + l.blocked_s + l.overhead_s;
        assert!((total - 2.0).abs() < 1e-9, "{l:?}");
        assert!((l.overhead_s - 0.1).abs() < 1e-9);
        assert!((l.idle_s - 0.3).abs() < 1e-9);
    }

    #[test]
    fn why_follows_the_numbers() {
        let l = Loss::split(2, 1e9, 1.0e9, 0.0, 1.0e9);
        assert!(explain("rayon", "spin", 2, &l, 0.0, 0.0, 0.0).contains("idle 50% (model 0%)"));
        assert_eq!(
            explain(
                "rayon",
                "spin",
                2,
                &Loss::split(2, 1e9, 2e9, 0.0, 2e9),
                0.0,
                0.0,
                0.0
            ),
            "as the model predicts"
        );
        let slow = Loss::split(2, 1e9, 2e9, 0.0, 1.6e9);
        assert!(explain("rayon", "memory", 2, &slow, 0.0, 0.0, 0.2).contains("memory bandwidth"));
    }
}
