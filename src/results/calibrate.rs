//! `conpar calibrate`'s document: each kernel's tick calibration and the
//! host's overheads, ns per event. Also stored inside `run` documents, so
//! another host's costs can be studied offline.

use super::Meta;
use crate::kernel::Calibration;
use crate::measure::CgroupCpu;
use crate::stats::Summary;
use serde::{Deserialize, Serialize};

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
}

/// Each overhead as a summary of nanoseconds per event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Overheads {
    /// `std::thread::spawn` + `join` of an empty thread.
    pub thread_spawn_join: Summary,
    /// `fork` + `_exit` + `waitpid`.
    pub fork: Summary,
    /// Starting the conpar binary as a worker process until it is ready for work.
    pub process_exec: Summary,
    /// One empty job through a rayon pool of 2 threads, per job.
    pub pool_dispatch: Summary,
    /// One empty tokio task spawned and awaited on a 2-worker runtime, per task.
    pub tokio_spawn: Summary,
    /// A switch between two threads on the same core (pipe ping-pong ÷ 2).
    pub context_switch_same_core: Summary,
    /// A hand-off between threads on two different cores (ping-pong ÷ 2); absent with one CPU.
    pub handoff_cross_core: Option<Summary>,
    /// How late `thread::sleep(1ms)` returns.
    pub sleep_overshoot: Summary,
    /// How late a tokio `sleep(10ms)` completes (its timer has 1 ms granularity).
    pub tokio_sleep_overshoot: Summary,
    /// Overheads left unmeasured, or measured from fewer tries, and why.
    #[serde(default)]
    pub unmeasured: Vec<String>,
}

impl Overheads {
    /// Each overhead with its name, in table order (`handoff_cross_core`
    /// only where measured).
    pub fn named(&self) -> Vec<(&'static str, &Summary)> {
        let mut v = vec![
            ("thread_spawn_join", &self.thread_spawn_join),
            ("fork", &self.fork),
            ("process_start", &self.process_exec),
            ("pool_dispatch", &self.pool_dispatch),
            ("tokio_spawn", &self.tokio_spawn),
            ("context_switch_same_core", &self.context_switch_same_core),
        ];
        if let Some(h) = &self.handoff_cross_core {
            v.push(("handoff_cross_core", h));
        }
        v.push(("sleep_overshoot", &self.sleep_overshoot));
        v.push(("tokio_sleep_overshoot", &self.tokio_sleep_overshoot));
        v
    }
}
