//! `conpar calibrate`'s document: each kernel's tick calibration and
//! contention curve, and the host's overheads, ns per event, some of them at
//! several core or worker counts. Also stored inside `run` documents, so
//! another host's costs can be studied offline (`conpar model --calibration`).

use super::{MAX_CORES, Meta};
use crate::kernel::Calibration;
use crate::measure::CgroupCpu;
use crate::model::{Contention, Curve};
use crate::stats::Summary;
use crate::workload::KernelKind;
use serde::{Deserialize, Deserializer, Serialize};

/// The whole `conpar calibrate --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CalibrateDoc {
    /// The header.
    #[serde(flatten)]
    pub meta: Meta,
    /// The cgroup's CPU quota and throttling.
    pub cgroup: CgroupCpu,
    /// Each kernel calibrated to the tick.
    pub kernels: Vec<Calibration>,
    /// The host's overheads.
    pub overheads_ns: Overheads,
    /// Each kernel's slowdown with several copies running at once.
    #[serde(default)]
    pub contention: Vec<ContentionCurve>,
    /// rayon's fork, steal and join: the burden per spawn that `workspan`
    /// adds on the critical path; `None` when not measured, and in
    /// documents from before it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspan_burden: Option<WorkspanBurden>,
}

/// The burden per spawn as `workspan` measures it (the workspan module
/// says what is timed), ns.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WorkspanBurden {
    /// The burden: the median stolen join less the median baseline.
    pub ns: u64,
    /// The median join in which the spawned half was stolen.
    pub join_ns: u64,
    /// The median of the same two closures run one after the other.
    pub baseline_ns: u64,
    /// Trials in which the spawned half was stolen.
    pub stolen: u64,
    /// Trials timed.
    pub trials: u64,
}

impl WorkspanBurden {
    /// The most a fork, steal and join is taken to cost: one second.
    const MAX_NS: u64 = 1_000_000_000;

    fn check(&self) -> Result<(), String> {
        if self.join_ns > Self::MAX_NS || self.ns > self.join_ns || self.stolen > self.trials {
            return Err(format!(
                "workspan_burden: {} ns of a {} ns join, {} of {} trials stolen, is no host's",
                self.ns, self.join_ns, self.stolen, self.trials
            ));
        }
        Ok(())
    }
}

impl CalibrateDoc {
    /// Bounds every count and checks every curve.
    pub fn check(&self) -> Result<(), String> {
        self.overheads_ns.check()?;
        if let Some(b) = &self.workspan_burden {
            b.check()?;
        }
        check_curves(&self.contention)
    }
}

/// What a kernel's first use costs a new thread or process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KernelSetup {
    /// The kernel.
    pub kernel: KernelKind,
    /// Nanoseconds, over the tries; `None` when not measured.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub ns: Option<Summary>,
}

/// A cost that may not have been measured: absent, null or, in documents
/// from before it was optional, a summary of no samples, reads as `None`.
fn measured<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Summary>, D::Error> {
    Ok(Option::<Summary>::deserialize(d)?.filter(|s| s.n > 0))
}

/// Whether a cost is left out of the document: when it was not measured.
fn absent(s: &Option<Summary>) -> bool {
    s.is_none()
}

/// A cost's median, ns, as predictions take it: 0 when it was not measured.
pub fn median_or_zero(s: Option<&Summary>) -> f64 {
    s.map_or(0.0, |s| s.median)
}

fn setup_in(v: &[KernelSetup], k: KernelKind) -> Option<&Summary> {
    v.iter().find(|s| s.kernel == k)?.ns.as_ref()
}

impl Overheads {
    /// `k`'s first-use cost on a new thread; `None` when not measured.
    pub fn setup(&self, k: KernelKind) -> Option<&Summary> {
        setup_in(&self.kernel_setup, k)
    }

    /// `k`'s first-use cost in a new worker process; `None` when not measured.
    pub fn worker_setup(&self, k: KernelKind) -> Option<&Summary> {
        setup_in(&self.worker_kernel_setup, k)
    }

    /// `k`'s first-use cost on a new thread, ns (0 when not measured).
    pub fn setup_ns(&self, k: KernelKind) -> f64 {
        median_or_zero(self.setup(k))
    }

    /// `k`'s first-use cost in a new worker process, ns (0 when not measured).
    pub fn worker_setup_ns(&self, k: KernelKind) -> f64 {
        median_or_zero(self.worker_setup(k))
    }
}

/// A cost measured at one count of cores, workers or copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtCount {
    /// The count.
    pub count: usize,
    /// Nanoseconds, over the tries.
    pub ns: Summary,
}

/// One point of a contention curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentionPoint {
    /// Copies of the kernel running at once, one per core.
    pub copies: usize,
    /// A copy's time per tick with that many running ÷ its time alone.
    pub slowdown: Summary,
}

/// A kernel's contention curve as measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentionCurve {
    /// The kernel.
    pub kernel: KernelKind,
    /// One point per copy count measured.
    pub points: Vec<ContentionPoint>,
}

impl ContentionCurve {
    /// The medians as the model's curve. A median below 1 (copies faster
    /// together than alone) is noise of the measurement and reads as 1.
    pub fn curve(&self) -> Result<Curve, String> {
        Curve::new(
            self.points
                .iter()
                .map(|p| {
                    let s = p.slowdown.median;
                    (p.copies, if s > 0.0 && s < 1.0 { 1.0 } else { s })
                })
                .collect(),
        )
        .map_err(|e| format!("contention curve of {}: {e}", self.kernel.name()))
    }
}

/// The curves as the model's contention (a curve that is refused is left flat).
pub fn contention(curves: &[ContentionCurve]) -> Contention {
    curves
        .iter()
        .fold(Contention::none(), |c, k| match k.curve() {
            Ok(curve) => c.with(k.kernel, curve),
            Err(_) => c,
        })
}

/// Refuses curves with too many points or slowdowns the model does not take.
pub fn check_curves(curves: &[ContentionCurve]) -> Result<(), String> {
    for c in curves {
        if c.points.len() > MAX_CORES {
            return Err(format!(
                "a contention curve has {} points; at most {MAX_CORES} are accepted",
                c.points.len()
            ));
        }
        c.curve()?;
    }
    Ok(())
}
/// Each overhead as a summary of nanoseconds per event; an overhead that
/// could not be measured is `None` (absent from the document); the default
/// is a host of which nothing was measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Overheads {
    /// `std::thread::spawn` + `join` of an empty thread.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub thread_spawn_join: Option<Summary>,
    /// `fork` + `_exit` + `waitpid`.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub fork: Option<Summary>,
    /// Starting the conpar binary as a worker process until it is ready for work.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub process_exec: Option<Summary>,
    /// One empty job through a rayon pool of 2 threads, per job.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub pool_dispatch: Option<Summary>,
    /// One empty tokio task spawned and awaited on a 2-worker runtime, per task.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub tokio_spawn: Option<Summary>,
    /// A switch between two threads on the same core (pipe ping-pong ÷ 2).
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub context_switch_same_core: Option<Summary>,
    /// A hand-off between threads on two different cores (ping-pong ÷ 2); absent with one CPU.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub handoff_cross_core: Option<Summary>,
    /// How late `thread::sleep(1ms)` returns.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub sleep_overshoot: Option<Summary>,
    /// How late a tokio `sleep(10ms)` completes (its timer has 1 ms granularity).
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub tokio_sleep_overshoot: Option<Summary>,
    /// One spawner's interval between new threads while k cores run threads
    /// (it shares a core with them), per thread, at several k.
    #[serde(default)]
    pub thread_spawn_busy: Vec<AtCount>,
    /// How long a new thread waits before it first runs, with k idle cores
    /// (the kernel starts it beside its creator and moves it later), at several k.
    #[serde(default)]
    pub thread_placement: Vec<AtCount>,
    /// In a `rayon` run of k tasks on k idle cores, the mean start of every
    /// task after the first beyond the first's: parked workers waking.
    #[serde(default)]
    pub rayon_wake: Vec<AtCount>,
    /// The same for `tokio`.
    #[serde(default)]
    pub tokio_wake: Vec<AtCount>,
    /// In a `processes` run on k cores, from its start until the first
    /// worker begins its first task, at several k.
    #[serde(default)]
    pub workers_first: Vec<AtCount>,
    /// The same until the last worker begins its first task.
    #[serde(default)]
    pub workers_start: Vec<AtCount>,
    /// From the last task's end until the run is over (exit, reports,
    /// reaping), at several k.
    #[serde(default)]
    pub workers_stop: Vec<AtCount>,
    /// One task handed to a worker process and its report read back, per task.
    #[serde(default, deserialize_with = "measured", skip_serializing_if = "absent")]
    pub worker_handout: Option<Summary>,
    /// Each kernel's first tick on a new thread beyond a tick's own time.
    #[serde(default)]
    pub kernel_setup: Vec<KernelSetup>,
    /// The same in a new worker process.
    #[serde(default)]
    pub worker_kernel_setup: Vec<KernelSetup>,
    /// Overheads left unmeasured, or measured from fewer tries, and why.
    #[serde(default)]
    pub unmeasured: Vec<String>,
}

impl Overheads {
    /// Each overhead with its name, in table order; `None` where it was not
    /// measured (`handoff_cross_core` needs two allowed CPUs).
    pub fn named(&self) -> [(&'static str, Option<&Summary>); 10] {
        [
            ("thread_spawn_join", self.thread_spawn_join.as_ref()),
            ("fork", self.fork.as_ref()),
            ("process_start", self.process_exec.as_ref()),
            ("pool_dispatch", self.pool_dispatch.as_ref()),
            ("tokio_spawn", self.tokio_spawn.as_ref()),
            (
                "context_switch_same_core",
                self.context_switch_same_core.as_ref(),
            ),
            ("handoff_cross_core", self.handoff_cross_core.as_ref()),
            ("sleep_overshoot", self.sleep_overshoot.as_ref()),
            ("tokio_sleep_overshoot", self.tokio_sleep_overshoot.as_ref()),
            ("worker_handout", self.worker_handout.as_ref()),
        ]
    }

    /// The costs measured at several counts, with their names, in table order.
    pub fn at_counts(&self) -> [(&'static str, &[AtCount]); 7] {
        [
            ("thread_spawn_busy", &self.thread_spawn_busy),
            ("thread_placement", &self.thread_placement),
            ("rayon_wake", &self.rayon_wake),
            ("tokio_wake", &self.tokio_wake),
            ("workers_first", &self.workers_first),
            ("workers_start", &self.workers_start),
            ("workers_stop", &self.workers_stop),
        ]
    }

    /// Bounds every list of counts.
    pub fn check(&self) -> Result<(), String> {
        for (name, v) in self.at_counts() {
            if v.len() > MAX_CORES || v.iter().any(|a| a.count == 0 || a.count > MAX_CORES) {
                return Err(format!(
                    "overheads_ns.{name}: at most {MAX_CORES} points of counts 1 to {MAX_CORES} are accepted"
                ));
            }
            for a in v {
                a.ns.check(&format!("overheads_ns.{name}"), false)?;
                below_a_minute(&format!("overheads_ns.{name}"), &a.ns)?;
            }
        }
        for (name, s) in self.named() {
            if let Some(s) = s {
                s.check(&format!("overheads_ns.{name}"), false)?;
                below_a_minute(&format!("overheads_ns.{name}"), s)?;
            }
        }
        for (name, v) in [
            ("kernel_setup", &self.kernel_setup),
            ("worker_kernel_setup", &self.worker_kernel_setup),
        ] {
            if v.len() > KernelKind::ALL.len() {
                return Err(format!(
                    "overheads_ns.{name}: {} entries; at most one per kernel ({}) is accepted",
                    v.len(),
                    KernelKind::ALL.len()
                ));
            }
            for k in v {
                let Some(s) = &k.ns else { continue };
                let what = format!("overheads_ns.{name}.{}", k.kernel.name());
                s.check(&what, false)?;
                below_a_minute(&what, s)?;
            }
        }
        Ok(())
    }
}

/// A host cost read from a file: one of a minute or more is no host's.
fn below_a_minute(what: &str, s: &Summary) -> Result<(), String> {
    if s.max < 60e9 {
        Ok(())
    } else {
        Err(format!(
            "{what}: {} ns is not a cost of this kind: accepted are costs under a minute",
            s.max
        ))
    }
}
