//! `conpar model`'s document: one entry per (workload, cores) schedule with
//! the article's metrics, the laws and the schedule itself. Written straight
//! to the file as it is serialised, so a schedule of a million slices is never
//! held twice.

use super::{Invalid, Meta, check_cores, inf_null, nan_null};
use crate::findings::model::{Laws, Schedule};
use crate::model::Analysis;
use crate::timeline::{Slice, State, Timeline, Unit};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The whole `conpar model --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelDoc {
    #[serde(flatten)]
    pub meta: Meta,
    /// One entry per (workload, cores), in the order asked for.
    pub runs: Vec<ModelRun>,
}

/// One model schedule and its numbers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelRun {
    pub workload: String,
    pub cores: usize,
    /// `list` or `round-robin`.
    pub discipline: String,
    /// The round-robin quantum, if any.
    pub quantum: Option<u64>,
    /// `blocking` or `async`.
    pub io: String,
    /// All CPU work, ticks.
    pub serial_ticks: u64,
    /// When the last task finished, ticks.
    pub wall_ticks: u64,
    /// serial ÷ wall.
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// useful ÷ (P × wall).
    #[serde(with = "nan_null")]
    pub utilization: f64,
    /// Core-ticks of useful work.
    pub useful_core_ticks: u64,
    /// Core-ticks with nothing to do.
    pub idle_core_ticks: u64,
    /// Core-ticks held by blocking I/O.
    pub blocked_core_ticks: u64,
    /// Amdahl's s.
    pub serial_fraction: f64,
    /// Amdahl's S(P).
    #[serde(with = "nan_null")]
    pub amdahl_speedup: f64,
    /// 1/s (null when infinite).
    #[serde(with = "inf_null")]
    pub amdahl_ceiling: f64,
    /// Gustafson's scaled speedup.
    #[serde(with = "nan_null")]
    pub gustafson_speedup: f64,
    /// T1.
    pub work_ticks: u64,
    /// T∞.
    pub span_ticks: u64,
    /// Work/span bounds on the wall.
    pub bounds: Bounds,
    /// The schedule: `{task, core, start, end, state}` in start order.
    pub timeline: ModelTimeline,
    /// The same on a calibrated host's model (`--calibration`), if asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<HostRun>,
}

/// One schedule on the host model of a calibration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HostRun {
    /// The host the calibration was measured on, "hostname (N CPUs)".
    pub host: String,
    /// The strategy whose costs were added, if one was named.
    pub strategy: Option<crate::kinds::StrategyKind>,
    /// The wall in ticks of the workload's tick (contention and costs in).
    pub wall_ticks: f64,
    /// The wall in seconds.
    pub wall_s: f64,
    /// serial ÷ wall.
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// Each named cost's share of the wall.
    pub costs: Vec<super::run::Cost>,
}

/// `max(T1/P, T∞) ≤ wall ≤ T1/P + T∞`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Bounds {
    /// No schedule is shorter.
    pub lower: f64,
    /// No greedy schedule without I/O is longer.
    pub upper: f64,
}

impl ModelRun {
    /// `x` (a speedup, Amdahl's or Gustafson's figure) where it is defined;
    /// NaN for a workload without CPU work, which has no serial time to
    /// divide (documents written before this said 0 and S(P) = P).
    pub fn defined(&self, x: f64) -> f64 {
        if self.serial_ticks == 0 { f64::NAN } else { x }
    }
}

impl From<Analysis> for ModelRun {
    fn from(a: Analysis) -> ModelRun {
        let m = a.metrics;
        // Without CPU work speedup and the laws are not defined: null.
        let defined = |x: f64| if m.serial == 0 { f64::NAN } else { x };
        ModelRun {
            quantum: a.quantum(),
            workload: a.workload,
            cores: a.machine.cores,
            discipline: a.machine.discipline.name().into(),
            io: a.machine.io.name().into(),
            serial_ticks: m.serial,
            wall_ticks: m.wall,
            speedup: defined(m.speedup),
            utilization: m.utilization,
            useful_core_ticks: m.useful,
            idle_core_ticks: m.idle,
            blocked_core_ticks: m.blocked,
            serial_fraction: a.serial_fraction,
            amdahl_speedup: defined(a.amdahl_speedup),
            amdahl_ceiling: defined(a.amdahl_ceiling),
            gustafson_speedup: defined(a.gustafson_speedup),
            work_ticks: a.work,
            span_ticks: a.span,
            bounds: Bounds {
                lower: a.lower_bound,
                upper: a.upper_bound,
            },
            timeline: ModelTimeline(a.timeline),
            host: None,
        }
    }
}

/// A schedule in ticks, written as a list of `{task, core, start, end, state}`
/// objects with task names.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelTimeline(pub Timeline);

#[derive(Serialize, Deserialize)]
struct SliceObj<T> {
    task: T,
    core: u32,
    start: u64,
    end: u64,
    state: State,
}

impl Serialize for ModelTimeline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.0;
        let mut order: Vec<&Slice> = t.slices.iter().collect();
        order.sort_by_key(|s| (s.start, s.core));
        let mut seq = s.serialize_seq(Some(order.len()))?;
        for sl in order {
            seq.serialize_element(&SliceObj {
                task: t.tasks.get(sl.task as usize).map_or("?", String::as_str),
                core: sl.core,
                start: sl.start,
                end: sl.end,
                state: sl.state,
            })?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for ModelTimeline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let objs = Vec::<SliceObj<String>>::deserialize(d)?;
        let mut tasks: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut slices = Vec::with_capacity(objs.len());
        let mut cores = 0;
        for o in objs {
            let n = tasks.len();
            let task = *index.entry(o.task.clone()).or_insert_with(|| {
                tasks.push(o.task);
                n
            });
            cores = cores.max(o.core as usize + 1);
            slices.push(Slice {
                task: task as u32,
                core: o.core,
                start: o.start,
                end: o.end,
                state: o.state,
                work: if o.state == State::Run {
                    o.end.saturating_sub(o.start)
                } else {
                    0
                },
            });
        }
        let finish = slices.iter().map(|s| s.end).max().unwrap_or(0);
        Ok(ModelTimeline(Timeline {
            unit: Unit::Ticks,
            cores,
            tasks,
            finish,
            slices,
        }))
    }
}

impl ModelDoc {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), Invalid> {
        for r in &self.runs {
            check_cores("runs[].cores", r.cores)?;
            if r.timeline.0.cores > r.cores {
                return Err(Invalid::TimelineCores {
                    used: r.timeline.0.cores,
                    cores: r.cores,
                });
            }
            if r.timeline.0.slices.iter().any(|s| s.end < s.start) {
                return Err(Invalid::Backwards);
            }
        }
        Ok(())
    }
}

impl From<&ModelRun> for Schedule {
    /// A stored schedule's figures, laws and bounds, as its words read them.
    fn from(r: &ModelRun) -> Schedule {
        let io_waits = r.io == crate::model::IoMode::Async.name()
            || r.blocked_core_ticks > 0
            || r.span_ticks > r.work_ticks;
        Schedule {
            cores: r.cores,
            serial: r.serial_ticks,
            wall: r.wall_ticks,
            speedup: r.speedup,
            utilization: r.utilization,
            useful: r.useful_core_ticks,
            idle: r.idle_core_ticks,
            blocked: r.blocked_core_ticks,
            laws: (r.serial_ticks > 0).then_some(Laws {
                serial_fraction: r.serial_fraction,
                amdahl: r.amdahl_speedup,
                ceiling: r.amdahl_ceiling,
                gustafson: r.gustafson_speedup,
            }),
            lower_bound: r.bounds.lower,
            upper_bound: r.bounds.upper,
            io_waits: io_waits && !r.timeline.0.tasks.is_empty() && r.cores > 0,
        }
    }
}
