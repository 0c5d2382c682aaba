//! What each strategy costs beyond its model schedule on a measured host, as
//! functions of P and of the number of tasks n. Pure.
//!
//! Costs on the critical path of one task or core are delays in the host
//! model ([`crate::model::Delays`]); costs spread over every core are added
//! to the wall whole or divided by P. With c(P) a cost measured at several
//! counts ([`at_count`]):
//!
//! - A thread or process that is new in every run pays each kernel's first
//!   use (the memory kernel fills its buffer there): `interleave` once per
//!   kernel, `threads` once per task, Σ / P; each worker process once per
//!   kernel before its first task. Pool threads paid it in warm-up.
//! - `interleave`: one thread spawned and joined; each `io` step's sleep wakes
//!   late (s_sleep each).
//! - `threads`: one spawner creates the n threads one after another while the
//!   P cores run them, so task j is released at j·i(P) (i: the spawner's
//!   interval between threads with P cores busy), and each thread after the
//!   first waits w(P) more before it first runs (placement: it starts beside
//!   its creator and is moved to an idle core later). The spawner's and the
//!   joins' own CPU, n·c_spawn / P, and one switch per preemption, spread over
//!   P, are added; so is the lateness of the longest chain of sleeps.
//! - `rayon`, `tokio`: every core after the first takes work w(P) late (the
//!   pool's parked workers waking, measured on the pool itself); n·dispatch
//!   / P; late timers after `io`.
//! - `processes`: the workers start one after another, so core i takes
//!   work from first(P) + (last(P) − first(P))·i/(P − 1), where first and
//!   last are when a `processes` run's first and last worker began their
//!   first task; a new worker also sets up each kernel before its first
//!   task; each worker then pays the hand-out h per task it runs, ⌈n/P⌉·h;
//!   stopping, stop(P), is added whole. Without counts measured (an older
//!   calibration): every core from P·fork + exec, h = two hand-offs across
//!   cores, stop = 0. A cost that was not measured counts as 0.

use crate::kinds::{CostKind, StrategyKind};
use crate::model::Delays;
use crate::results::calibrate::{AtCount, Overheads, median_or_zero};
use crate::stats::Summary;

/// The workload and schedule facts a strategy's costs depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub cores: usize,
    /// n, the tasks.
    pub tasks: usize,
    /// `io` steps in all.
    pub io_total: u64,
    /// `io` steps in the task with the most.
    pub io_max: u64,
    /// The model's cores (1 for `interleave`).
    pub model_cores: usize,
    /// Slices beyond one per task in the model's schedule: preemptions.
    pub preemptions: u64,
    /// Σ over tasks of their kernel's first-use cost, ns: what new task
    /// threads pay.
    pub task_setup_ns: f64,
    /// Σ over the kernels the workload runs of their first-use cost, ns:
    /// what one new thread running every kernel pays.
    pub kernel_setup_ns: f64,
    /// The same for one new worker process.
    pub worker_setup_ns: f64,
}

/// One strategy's costs on one host: delays (ns) and additions (ns), each named.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrategyCosts {
    /// Delays of tasks and cores, ns after the parallel phase starts.
    pub delays: Vec<(CostKind, Delays)>,
    /// Costs added to the wall, ns.
    pub added: Vec<(CostKind, f64)>,
}

impl StrategyCosts {
    fn add(&mut self, kind: CostKind, ns: f64) {
        if ns > 0.0 && ns.is_finite() {
            self.added.push((kind, ns));
        }
    }
}

/// A cost measured at several counts, read at `p`: linear between measured
/// counts; below the first, the first; beyond the last, the least-squares
/// line through every point goes on from the last point (with a slope of at
/// least 0: no cost here falls as P grows). `None` when nothing was measured.
pub fn at_count(points: &[AtCount], p: usize) -> Option<f64> {
    let mut v: Vec<(f64, f64)> = points
        .iter()
        .filter(|a| a.ns.n > 0)
        .map(|a| (a.count as f64, a.ns.median))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (first, last) = (*v.first()?, *v.last()?);
    let x = p as f64;
    if x <= first.0 {
        return Some(first.1);
    }
    if x >= last.0 {
        return Some(last.1 + slope(&v).max(0.0) * (x - last.0));
    }
    let i = v.iter().position(|q| q.0 >= x)?;
    let (a, b) = (v[i - 1], v[i]);
    Some(a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
}

/// The least-squares slope of `v` (0 with fewer than two distinct x).
fn slope(v: &[(f64, f64)]) -> f64 {
    let n = v.len() as f64;
    let mx = v.iter().map(|p| p.0).sum::<f64>() / n;
    let my = v.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = v.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = v.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx > 0.0 { sxy / sxx } else { 0.0 }
}

/// A cost's median, ns: 0 when it was not measured, so that it adds nothing.
fn ns(s: &Option<Summary>) -> f64 {
    median_or_zero(s.as_ref())
}

impl StrategyKind {
    /// What this strategy costs on a host with overheads `oh`, for `s`.
    pub fn costs(self, s: &Shape, oh: &Overheads) -> StrategyCosts {
        let (p, n) = (s.cores as f64, s.tasks as f64);
        let blocking_io = (s.io_total as f64 / s.model_cores as f64).ceil();
        let mut c = StrategyCosts::default();
        match self {
            StrategyKind::Interleave => {
                c.add(CostKind::ThreadSpawn, ns(&oh.thread_spawn_join));
                c.add(CostKind::KernelSetup, s.kernel_setup_ns);
                c.add(
                    CostKind::Timers,
                    s.io_total as f64 * ns(&oh.sleep_overshoot),
                );
            }
            StrategyKind::Threads => {
                threads(&mut c, s, oh);
                c.add(CostKind::ThreadSpawn, n * ns(&oh.thread_spawn_join) / p);
                c.add(CostKind::KernelSetup, s.task_setup_ns / p);
                // Every thread beyond the first P is switched onto a core at
                // least once, besides the model's preemptions: with thousands
                // of threads that is thousands of switches.
                let switches = s.preemptions as f64 + (n - p).max(0.0);
                c.add(
                    CostKind::Switches,
                    switches * ns(&oh.context_switch_same_core) / p,
                );
                c.add(CostKind::Timers, s.io_max as f64 * ns(&oh.sleep_overshoot));
            }
            StrategyKind::Rayon => {
                wake(&mut c, s, &oh.rayon_wake);
                c.add(CostKind::Dispatch, n * ns(&oh.pool_dispatch) / p);
                c.add(CostKind::Timers, blocking_io * ns(&oh.sleep_overshoot));
            }
            StrategyKind::Tokio => {
                wake(&mut c, s, &oh.tokio_wake);
                c.add(CostKind::Dispatch, n * ns(&oh.tokio_spawn) / p);
                c.add(
                    CostKind::Timers,
                    s.io_max as f64 * ns(&oh.tokio_sleep_overshoot),
                );
            }
            StrategyKind::Processes => {
                processes(&mut c, s, oh);
                c.add(CostKind::Timers, blocking_io * ns(&oh.sleep_overshoot));
            }
            // The mock is the model itself, stretched: it pays nothing else.
            StrategyKind::Mock { .. } => {}
        }
        c
    }
}

/// Every core after the first takes work w(P) late: a parked worker waking.
fn wake(c: &mut StrategyCosts, s: &Shape, measured: &[AtCount]) {
    let w = at_count(measured, s.cores).unwrap_or(0.0);
    if w > 0.0 {
        let core_start = (0..s.cores).map(|i| if i == 0 { 0.0 } else { w }).collect();
        c.delays.push((
            CostKind::Wake,
            Delays {
                release: Vec::new(),
                core_start,
            },
        ));
    }
}

/// Task j released at j·i(P), plus w(P) for every thread after the first.
fn threads(c: &mut StrategyCosts, s: &Shape, oh: &Overheads) {
    let interval = at_count(&oh.thread_spawn_busy, s.cores).unwrap_or(0.0);
    let wait = at_count(&oh.thread_placement, s.cores).unwrap_or(0.0);
    if interval > 0.0 {
        let release = (0..s.tasks).map(|j| j as f64 * interval).collect();
        c.delays.push((
            CostKind::ThreadSpawn,
            Delays {
                release,
                core_start: Vec::new(),
            },
        ));
    }
    if wait > 0.0 {
        let release = (0..s.tasks)
            .map(|j| if j == 0 { 0.0 } else { wait })
            .collect();
        c.delays.push((
            CostKind::Placement,
            Delays {
                release,
                core_start: Vec::new(),
            },
        ));
    }
}

/// Core i from first(P) + (last(P) − first(P))·i/(P − 1); ⌈n/P⌉ hand-outs; stop(P).
fn processes(c: &mut StrategyCosts, s: &Shape, oh: &Overheads) {
    let p = s.cores as f64;
    let last =
        at_count(&oh.workers_start, s.cores).unwrap_or(p * ns(&oh.fork) + ns(&oh.process_exec));
    let first = at_count(&oh.workers_first, s.cores).map_or(last, |f| f.min(last));
    let start: Vec<f64> = (0..s.cores)
        .map(|i| first + (last - first) * i as f64 / (p - 1.0).max(1.0))
        .collect();
    let handout = oh.worker_handout.as_ref().map_or_else(
        || {
            2.0 * oh
                .handoff_cross_core
                .as_ref()
                .map_or(ns(&oh.context_switch_same_core), |h| h.median)
        },
        |h| h.median,
    );
    if last > 0.0 {
        c.delays.push((
            CostKind::WorkerStart,
            Delays {
                release: Vec::new(),
                core_start: start,
            },
        ));
    }
    if s.worker_setup_ns > 0.0 {
        c.delays.push((
            CostKind::KernelSetup,
            Delays {
                release: Vec::new(),
                core_start: vec![s.worker_setup_ns; s.cores],
            },
        ));
    }
    c.add(CostKind::Handout, (s.tasks as f64 / p).ceil() * handout);
    c.add(
        CostKind::WorkerStop,
        at_count(&oh.workers_stop, s.cores).unwrap_or(0.0),
    );
}
