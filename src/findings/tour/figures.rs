//! Each tour claim's figures, typed: one variant per claim, tagged by the
//! claim's name (`{"claim":"parallel-max","cores":2,"speedup":1.98,…}`).
//! Every float of a claim's figures that may be undefined is written `null`
//! and read back as NaN, and one absent reads as unknown (NaN): said once,
//! for every `f64` field, through `serde_with::apply`. Figures added in
//! schema 4 read as unknown (NaN, null or empty) from a document upgraded
//! from schema 3, which did not record them.

use super::{Interval, ThreadBound};
use crate::kinds::StrategyKind;
use crate::stats::Summary;
use serde::{Deserialize, Serialize};

/// What a claim measured and the model's figures beside it.
#[serde_with::apply(f64 => #[serde(with = "crate::findings::nan_null", default = "crate::findings::nan_null::unknown")])]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "claim", rename_all = "kebab-case")]
pub enum Figures {
    /// One core taking turns.
    InterleaveSum {
        /// The model's wall, ticks.
        model_wall_ticks: u64,
        /// Measured speedup.
        speedup: f64,
        /// The order the tasks ran in.
        order: String,
        /// The measured walls.
        wall_s: Summary,
        /// The reference tick's drift around the pair.
        tick_drift: Option<f64>,
        /// The model's order of the tasks.
        #[serde(default)]
        model_order: String,
        /// The model's speedup.
        model_speedup: f64,
        /// The serial baseline's wall, s.
        serial_s: f64,
        /// The strategy that took turns.
        #[serde(default)]
        strategy: Option<StrategyKind>,
    },
    /// Two cores at the max.
    ParallelMax {
        /// Cores.
        cores: usize,
        /// Measured speedup.
        speedup: f64,
        /// The model's.
        predicted_speedup: f64,
        /// The measured walls.
        wall_s: Summary,
        /// The reference tick's drift around the pair.
        tick_drift: Option<f64>,
        /// The model's wall on 2 cores, ticks.
        #[serde(default)]
        model_wall_ticks: Option<u64>,
        /// The serial baseline's wall, s.
        serial_s: f64,
        /// The pool's strategy.
        #[serde(default)]
        strategy: Option<StrategyKind>,
    },
    /// Uneven work on P cores.
    UnevenIdle {
        /// Cores.
        cores: usize,
        /// Measured speedup.
        speedup: f64,
        /// Measured utilisation.
        utilization: f64,
        /// The model's speedup.
        predicted_speedup: f64,
        /// The model's utilisation.
        predicted_utilization: f64,
        /// The measured walls.
        wall_s: Summary,
        /// The reference tick's drift around the pair.
        tick_drift: Option<f64>,
        /// The model's wall for the article's 5 tasks on 4 cores, ticks.
        #[serde(default)]
        article_wall_ticks: Option<u64>,
        /// The model's speedup for them.
        article_speedup: f64,
        /// The model's utilisation for them.
        article_utilization: f64,
        /// The pool's strategy.
        #[serde(default)]
        strategy: Option<StrategyKind>,
    },
    /// Amdahl's law at each core count.
    Amdahl {
        /// The workload's serial fraction.
        serial_fraction: f64,
        /// Each measured core count.
        measured: Vec<AmdahlPoint>,
    },
    /// Threads against a pool.
    ContextSwitches {
        /// Threads started.
        threads: usize,
        /// Which bound on threads applied (null: not recorded).
        #[serde(default)]
        thread_bound: Option<ThreadBound>,
        /// Cores, the pool's threads.
        #[serde(default)]
        cores: Option<usize>,
        /// A switch on one core, ns.
        switch_same_core_ns: f64,
        /// A thread's spawn and join, ns.
        thread_spawn_ns: f64,
        /// Context switches of the threads' run.
        threads_switches: u64,
        /// And of the pool's.
        pool_switches: u64,
        /// The threads' walls.
        threads_wall_s: Summary,
        /// The pool's walls.
        pool_wall_s: Summary,
        /// Threads' wall ÷ the pool's − 1.
        slowdown: f64,
        /// The model's.
        predicted_slowdown: f64,
        /// The threads' predicted wall, s.
        threads_predicted_s: f64,
        /// The pool's predicted wall, s.
        pool_predicted_s: f64,
    },
    /// Blocking clients against an event loop.
    BlockingIo {
        /// Requests.
        requests: usize,
        /// The blocking client's walls.
        blocking_s: Summary,
        /// The event loop's.
        event_loop_s: Summary,
        /// Blocking ÷ event loop.
        ratio: f64,
        /// The model's.
        predicted_ratio: f64,
        /// Each request's wait, s.
        latency_s: f64,
        /// The model's blocking wall, s.
        predicted_blocking_s: f64,
        /// The model's event-loop wall, s.
        predicted_event_loop_s: f64,
    },
    /// One event loop against one per core.
    AsyncNotParallel {
        /// Cores.
        cores: usize,
        /// One loop's walls.
        one_loop_s: Summary,
        /// A loop per core's.
        per_core_s: Summary,
        /// One ÷ per core.
        gain: f64,
        /// The model's.
        predicted_gain: f64,
        /// Requests.
        #[serde(default)]
        requests: Option<usize>,
        /// Each request's CPU work, s.
        cpu_s: f64,
        /// Each request's wait, s.
        latency_s: f64,
        /// All requests' CPU work as calibrated, s.
        cpu_total_s: f64,
        /// The model's wall for one loop, s.
        predicted_one_s: f64,
        /// The model's wall for a loop per core, s.
        predicted_per_core_s: f64,
    },
    /// Counting with and without a race.
    Race {
        /// Read, then write.
        read_then_write: Counted,
        /// An atomic add.
        fetch_add: Counted,
        /// Under a mutex.
        mutex: Counted,
    },
    /// Two locks in opposite and in one order.
    Deadlock {
        /// Opposite orders.
        opposite: Locked,
        /// One order.
        ordered: Locked,
        /// How long a thread waited for its second lock before it gave up, ns.
        #[serde(default)]
        wait_ns: Option<u64>,
    },
    /// The span limits a fork-join speedup.
    SpanLimits {
        /// Cores.
        cores: usize,
        /// Quicksort's T1/T∞.
        quicksort_parallelism: f64,
        /// Mergesort's.
        mergesort_parallelism: f64,
        /// Quicksort's measured speedup: low, median, high.
        quicksort_speedup: Option<[f64; 3]>,
        /// Mergesort's.
        mergesort_speedup: Option<[f64; 3]>,
    },
    /// Eight cores against 8×.
    EightCores {
        /// The speedup on 8 cores, measured or projected.
        speedup_8: f64,
        /// Its band.
        speedup_8_band: (f64, f64),
        /// The model's.
        model_speedup_8: f64,
        /// The workload's serial fraction.
        serial_fraction: f64,
        /// The widest core count measured.
        #[serde(default)]
        top_cores: Option<usize>,
        /// Its measured speedup.
        #[serde(default)]
        top_speedup: Option<Interval>,
        /// Karp–Flatt's serial fraction from it, when 8 cores is projected.
        #[serde(default)]
        karp_flatt: Option<f64>,
        /// The model's schedule of the work on 8 cores, when it held the
        /// projection down.
        #[serde(default)]
        held_at: Option<f64>,
    },
}

/// One core count of the Amdahl claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmdahlPoint {
    /// Cores.
    pub cores: usize,
    /// Measured speedup.
    #[serde(with = "crate::findings::nan_null")]
    pub speedup: f64,
    /// The measured walls.
    pub wall_s: Summary,
    /// The reference tick's drift around the pair.
    pub tick_drift: Option<f64>,
    /// The speedup's band (null: not recorded).
    #[serde(default)]
    pub band: Option<Interval>,
}

/// A counting run of the race claim.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Counted {
    /// Increments attempted.
    pub attempted: u64,
    /// Counted.
    pub counted: u64,
    /// Lost.
    pub lost: u64,
    /// Time per increment, ns.
    pub ns_per_increment: f64,
}

/// A run of the two locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locked {
    /// Whether both threads finished.
    pub finished: bool,
    /// Threads that gave up waiting.
    pub gave_up: usize,
    /// Its wall, ns.
    pub wall_ns: u64,
}
