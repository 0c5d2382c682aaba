//! `conpar run`'s document: per workload, the calibration, the serial
//! baseline and one row per (strategy, cores) pair with the measurement, the
//! prediction, the loss breakdown and both timelines.

use super::calibrate::Overheads;
use super::invalid::at_most_entries;
use super::scale::Fit;
use super::{Invalid, Meta, check_cores, check_summary, inf_null, nan_null};
use crate::kernel::Calibration;
use crate::kinds::{CostKind, StrategyKind};
use crate::stats::Summary;
use crate::timeline::{Slice, State, Timeline, Unit};
use serde::{Deserialize, Serialize};

pub use crate::words::NO_CPU_WORK;

/// Most slices one stored timeline may hold.
pub const MAX_SLICES: usize = 1_000_000;

/// The whole `conpar run --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunDoc {
    #[serde(flatten)]
    pub meta: Meta,
    /// The host's overheads the predictions used, ns per event.
    pub overheads_ns: Overheads,
    /// One entry per workload, in the order given.
    pub workloads: Vec<WorkloadResult>,
}

/// Everything measured for one workload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkloadResult {
    pub workload: String,
    /// The workload's serial fraction of its CPU work.
    pub serial_fraction: f64,
    /// Tick length asked for, ns.
    pub tick_ns: u64,
    /// Serial baseline median, s.
    pub serial_wall_s: f64,
    /// The serial baseline over its repetitions, s.
    pub serial: Option<Summary>,
    pub calibration: Calibration,
    /// One row per (strategy, cores) that completed.
    pub rows: Vec<Row>,
    /// The pairs that failed (with `--keep-going`), as messages.
    pub failures: Vec<String>,
    /// Per strategy with two or more core counts: the fitted laws.
    #[serde(default)]
    pub scaling: Vec<StrategyFit>,
    /// What makes these figures less certain than they look, in plain words
    /// with what to do about it (a noisy calibration, a first run apart,
    /// outliers, a drifting tick, a run faster than possible).
    #[serde(default)]
    pub warnings: Vec<crate::findings::Warning>,
    /// The contention curve of each kernel the workload runs, measured
    /// before its runs up to the widest core count, that the predictions used.
    #[serde(default)]
    pub contention: Vec<super::calibrate::ContentionCurve>,
}

/// The laws fitted to one strategy's measured speedups.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StrategyFit {
    pub strategy: StrategyKind,
    /// The fit.
    pub fit: Fit,
}

/// P × wall of one run, split four ways (seconds of core-time), with the
/// overhead split again three ways. Documents written before the split read
/// its parts as 0 and their start-up and dispatch as idle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Loss {
    /// The serial baseline: the work itself.
    pub useful_s: f64,
    /// Core-time with no task on it, and nothing being started or handed out.
    pub idle_s: f64,
    /// Core-time held by tasks waiting on blocking I/O.
    pub blocked_s: f64,
    /// Start-up + dispatch + contention.
    pub overhead_s: f64,
    /// Core-time before each core's first task, after any serial phase.
    #[serde(default)]
    pub startup_s: f64,
    /// Gaps shorter than a tick between two tasks on one core.
    #[serde(default)]
    pub dispatch_s: f64,
    /// Busy core-time beyond the work alone: contention, preemption.
    #[serde(default)]
    pub contention_s: f64,
}

impl Loss {
    /// Each part as a fraction of the whole.
    pub fn fractions(&self) -> [f64; 4] {
        let total = self.useful_s + self.idle_s + self.blocked_s + self.overhead_s;
        if total <= 0.0 || !total.is_finite() {
            return [0.0; 4];
        }
        [
            self.useful_s / total,
            self.idle_s / total,
            self.blocked_s / total,
            self.overhead_s / total,
        ]
    }

    /// The parts of the whole that do not overlap, in seconds: useful, idle,
    /// blocked, start-up, dispatch and contention. A document from before
    /// the split has all of its overhead as contention (busy beyond the
    /// work), which is what it measured.
    pub fn parts(&self) -> [f64; 6] {
        let contention = (self.overhead_s - self.startup_s - self.dispatch_s).max(0.0);
        let (startup, dispatch) = (self.startup_s, self.dispatch_s);
        [
            self.useful_s,
            self.idle_s,
            self.blocked_s,
            startup,
            dispatch,
            contention,
        ]
    }

    /// Every part in seconds, in the order of their CSV keys (`LOSS_KEYS`).
    pub fn seconds(&self) -> [f64; 7] {
        [
            self.useful_s,
            self.idle_s,
            self.blocked_s,
            self.overhead_s,
            self.startup_s,
            self.dispatch_s,
            self.contention_s,
        ]
    }
}

/// The CSV keys of [`Loss::seconds`].
pub const LOSS_KEYS: [&str; 7] = [
    "useful_s",
    "idle_s",
    "blocked_s",
    "overhead_s",
    "startup_s",
    "dispatch_s",
    "contention_s",
];

/// What was measured for one (strategy, cores) pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measured {
    /// Wall-clock over the repetitions, s.
    pub wall_s: Summary,
    /// Serial baseline median ÷ wall median.
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// Serial baseline ÷ (P × wall), at the medians.
    #[serde(with = "nan_null")]
    pub utilization: f64,
    /// Context switches of the median run (voluntary + involuntary).
    pub context_switches: u64,
    /// CPU time the workers used in the median run, summed, in seconds.
    pub worker_cpu_s: f64,
    /// Loss breakdown of the median run.
    pub loss: Loss,
}

/// The model's side of a prediction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelSide {
    /// The model's cores (1 for `interleave`).
    pub cores: usize,
    /// The model's discipline.
    pub discipline: String,
    /// The model's round-robin quantum, if any.
    pub quantum: Option<u64>,
    /// The model's I/O mode.
    pub io: String,
    /// The model's wall in ticks.
    pub wall_ticks: u64,
}

/// What the model expects of one (strategy, cores) pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Predicted {
    /// Model wall in ticks × tick length + overheads, s.
    pub wall_s: f64,
    /// Predicted serial time ÷ predicted wall.
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// Predicted serial time ÷ (P × predicted wall).
    #[serde(with = "nan_null")]
    pub utilization: f64,
    /// The overhead part of `wall_s`.
    pub overhead_s: f64,
    /// The schedule it comes from.
    pub model: ModelSide,
    /// The model's idle fraction of P × wall.
    pub idle_fraction: f64,
    /// The model's blocked fraction of P × wall.
    pub blocked_fraction: f64,
    /// Each named cost's share of `overhead_s`, in the order added.
    #[serde(default)]
    pub costs: Vec<Cost>,
    /// The predicted wall with every cost at the low and at the high end of
    /// its own measured interval, s: how far the costs' noise can move it
    /// (absent when the costs' intervals were not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_range_s: Option<(f64, f64)>,
}

/// One named cost of a prediction: how much it adds to the predicted wall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    pub kind: CostKind,
    /// Seconds it adds to the wall.
    pub s: f64,
}

/// One row of a `conpar run` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub strategy: StrategyKind,
    pub cores: usize,
    /// The CPUs used.
    pub cpus: Vec<usize>,
    /// Whether pool workers were pinned one per core.
    pub pinned: bool,
    /// Whether P exceeds the allowed CPUs.
    pub oversubscribed: bool,
    /// Timed repetitions.
    pub repeats: usize,
    /// What ended the timed runs (absent in older documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<crate::repeat::Stopped>,
    /// The serial baseline timed just before this pair, in seconds.
    pub serial_s: f64,
    /// The measurement.
    pub measured: Measured,
    /// The prediction.
    pub predicted: Predicted,
    /// Measured median wall ÷ predicted wall − 1.
    #[serde(with = "nan_null")]
    pub error: f64,
    /// Whether the prediction lies outside the measured wall's noise band
    /// (95 % interval of the median, or min–max with fewer than 6 runs):
    /// only then is `error` more than noise. Null in older documents.
    #[serde(default)]
    pub error_significant: Option<bool>,
    /// How much a reference tick (a short run of the kernel on the harness's
    /// core) changed from just before this pair to just after it: after ÷
    /// before − 1. Null in older documents.
    #[serde(default)]
    pub tick_drift: Option<f64>,
    /// The tick this pair's serial baseline measured ÷ the calibrated tick
    /// − 1: above 0, something slowed the baseline, and every speedup and
    /// bound measured against it is too large. Null in older documents.
    #[serde(default)]
    pub baseline_drift: Option<f64>,
    /// The model's lower bound on the wall, max(T1/P, T∞) ticks, in seconds
    /// at the tick measured for this pair. Null in older documents and
    /// without CPU work.
    #[serde(default)]
    pub lower_bound_s: Option<f64>,
    /// The measured median wall beat `lower_bound_s`: no run can do that, so
    /// the tick it was measured against drifted (or the run is wrong).
    #[serde(default)]
    pub faster_than_possible: bool,
    /// Amdahl's ceiling for the workload (null when infinite).
    #[serde(with = "inf_null")]
    pub amdahl_ceiling: f64,
    /// Where the time went and what the model missed, as a typed finding
    /// (its words are made when printed); absent in documents upgraded from
    /// schema 2, whose sentences could not be turned back into numbers.
    #[serde(default)]
    pub why: Option<crate::findings::Why>,
    /// The median run's timeline (ns), for Gantt charts.
    pub timeline: Option<TimelineDoc>,
    /// The model's timeline in nanoseconds, same scale.
    pub model_timeline: Option<TimelineDoc>,
}

/// A timeline in compact form: task names, cores, and slices as
/// `[task, core, start, end, blocked]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineDoc {
    /// Task names, indexed by a slice's first field.
    pub tasks: Vec<String>,
    pub cores: usize,
    /// When the last task finished.
    pub finish: u64,
    /// `[task, core, start, end, blocked]`.
    pub slices: Vec<(u32, u32, u64, u64, u8)>,
}

impl From<&Timeline> for TimelineDoc {
    fn from(t: &Timeline) -> TimelineDoc {
        TimelineDoc {
            tasks: t.tasks.clone(),
            cores: t.cores,
            finish: t.finish,
            slices: t
                .slices
                .iter()
                .map(|s| {
                    let blocked = u8::from(s.state == State::Blocked);
                    (s.task, s.core, s.start, s.end, blocked)
                })
                .collect(),
        }
    }
}

impl TimelineDoc {
    /// The timeline in nanoseconds.
    pub fn timeline(&self) -> Timeline {
        Timeline {
            unit: Unit::Nanos,
            cores: self.cores,
            tasks: self.tasks.clone(),
            finish: self.finish,
            slices: self
                .slices
                .iter()
                .map(|&(task, core, start, end, blocked)| Slice {
                    task,
                    core,
                    start,
                    end,
                    state: if blocked == 1 {
                        State::Blocked
                    } else {
                        State::Run
                    },
                    work: 0,
                })
                .collect(),
        }
    }

    /// Every slice names a task and a core that exist and runs forwards.
    pub fn check(&self) -> Result<(), Invalid> {
        check_cores("timeline.cores", self.cores)?;
        at_most_entries("timeline.slices", self.slices.len(), MAX_SLICES)?;
        for &(task, core, start, end, _) in &self.slices {
            if task as usize >= self.tasks.len() || core as usize >= self.cores || end < start {
                return Err(Invalid::Slice {
                    task,
                    core,
                    start,
                    end,
                });
            }
        }
        Ok(())
    }
}

impl RunDoc {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), Invalid> {
        self.overheads_ns.check()?;
        for w in &self.workloads {
            for r in &w.rows {
                check_cores("rows[].cores", r.cores)?;
                check_summary("rows[].measured.wall_s", &r.measured.wall_s, true)?;
                check_cores("rows[].predicted.model.cores", r.predicted.model.cores)?;
                for t in r.timeline.iter().chain(&r.model_timeline) {
                    t.check()?;
                }
            }
            for s in &w.scaling {
                s.fit.check()?;
            }
            super::calibrate::check_curves(&w.contention)?;
        }
        Ok(())
    }
}
