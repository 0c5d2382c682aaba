//! Each tour claim's figures, typed: one variant per claim, tagged by the
//! claim's name (`{"claim":"parallel-max","cores":2,"speedup":1.98,…}`).
//! Ratios that may be undefined are written `null` and read back as NaN.

use crate::stats::Summary;
use serde::{Deserialize, Serialize};

/// What a claim measured and the model's figures beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "claim", rename_all = "kebab-case")]
pub enum Figures {
    /// One core taking turns.
    InterleaveSum {
        /// The model's wall, ticks.
        model_wall_ticks: u64,
        /// Measured speedup.
        #[serde(with = "super::nan_null")]
        speedup: f64,
        /// The order the tasks ran in.
        order: String,
        /// The measured walls.
        wall_s: Summary,
        /// The reference tick's drift around the pair.
        tick_drift: Option<f64>,
    },
    /// Two cores at the max.
    ParallelMax {
        /// Cores.
        cores: usize,
        /// Measured speedup.
        #[serde(with = "super::nan_null")]
        speedup: f64,
        /// The model's.
        #[serde(with = "super::nan_null")]
        predicted_speedup: f64,
        /// The measured walls.
        wall_s: Summary,
        /// The reference tick's drift around the pair.
        tick_drift: Option<f64>,
    },
    /// Uneven work on P cores.
    UnevenIdle {
        /// Cores.
        cores: usize,
        /// Measured speedup.
        #[serde(with = "super::nan_null")]
        speedup: f64,
        /// Measured utilisation.
        #[serde(with = "super::nan_null")]
        utilization: f64,
        /// The model's speedup.
        #[serde(with = "super::nan_null")]
        predicted_speedup: f64,
        /// The model's utilisation.
        #[serde(with = "super::nan_null")]
        predicted_utilization: f64,
        /// The measured walls.
        wall_s: Summary,
        /// The reference tick's drift around the pair.
        tick_drift: Option<f64>,
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
        /// Which bound on threads applied, in words.
        thread_bound: String,
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
        #[serde(with = "super::nan_null")]
        slowdown: f64,
        /// The model's.
        #[serde(with = "super::nan_null")]
        predicted_slowdown: f64,
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
        #[serde(with = "super::nan_null")]
        ratio: f64,
        /// The model's.
        #[serde(with = "super::nan_null")]
        predicted_ratio: f64,
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
        #[serde(with = "super::nan_null")]
        gain: f64,
        /// The model's.
        #[serde(with = "super::nan_null")]
        predicted_gain: f64,
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
    },
    /// The span limits a fork-join speedup.
    SpanLimits {
        /// Cores.
        cores: usize,
        /// Quicksort's T1/T∞.
        #[serde(with = "super::nan_null")]
        quicksort_parallelism: f64,
        /// Mergesort's.
        #[serde(with = "super::nan_null")]
        mergesort_parallelism: f64,
        /// Quicksort's measured speedup: low, median, high.
        quicksort_speedup: Option<[f64; 3]>,
        /// Mergesort's.
        mergesort_speedup: Option<[f64; 3]>,
    },
    /// Eight cores against 8×.
    EightCores {
        /// The speedup on 8 cores, measured or projected.
        #[serde(with = "super::nan_null")]
        speedup_8: f64,
        /// Its band.
        speedup_8_band: (f64, f64),
        /// The model's.
        #[serde(with = "super::nan_null")]
        model_speedup_8: f64,
    },
}

/// One core count of the Amdahl claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmdahlPoint {
    /// Cores.
    pub cores: usize,
    /// Measured speedup.
    #[serde(with = "super::nan_null")]
    pub speedup: f64,
    /// The measured walls.
    pub wall_s: Summary,
    /// The reference tick's drift around the pair.
    pub tick_drift: Option<f64>,
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
