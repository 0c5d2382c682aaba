//! Why a claim was judged as it was, and what the model was compared on:
//! typed values with their numbers. Serialised tagged by `kind` (a
//! [`Reason`]) and `undecided` (an [`Undecided`] inside one).

use super::ClaimVerdict;
use crate::findings::Why;
use crate::kinds::StrategyKind;
use serde::{Deserialize, Serialize};

/// A measured figure with its noise band: low, median, high (undefined ends
/// are written `null` and read back as NaN).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// The low end.
    #[serde(with = "crate::findings::nan_null")]
    pub lo: f64,
    /// The median.
    #[serde(with = "crate::findings::nan_null")]
    pub mid: f64,
    /// The high end.
    #[serde(with = "crate::findings::nan_null")]
    pub hi: f64,
}

impl From<crate::judge::Band> for Interval {
    fn from(b: crate::judge::Band) -> Interval {
        Interval {
            lo: b.lo,
            mid: b.mid,
            hi: b.hi,
        }
    }
}

/// What was measured around a run about the tick's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    /// The reference tick after ÷ before the run − 1.
    pub during: Option<f64>,
    /// The baseline's tick ÷ the calibrated tick − 1.
    pub baseline: Option<f64>,
}

/// Why a claim's verdict is what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// Suspect: a run beat the model's lower bound; the row's why.
    FasterThanPossible {
        /// The row's why ([`Why::FasterThanPossible`]).
        why: Why,
    },
    /// Suspect: the figure lies beyond a bound no run passes by more than
    /// the noise of both.
    BeyondBound {
        /// The figure.
        figure: Interval,
        /// The bound, with the noise of the tick it is counted in.
        bound: Interval,
        /// How far beyond, relative.
        excess: f64,
        /// The noise of the figure and the bound together, relative.
        noise: f64,
        /// The drift measured around the run.
        drift: Drift,
    },
    /// Suspect: a speedup above Amdahl's law for this work.
    AboveLaw {
        /// Cores.
        cores: usize,
        /// The measured speedup.
        figure: Interval,
        /// The law's speedup there.
        law: f64,
        /// The row's why, when it beat the model's bound.
        why: Option<Why>,
        /// The drift measured around the run.
        drift: Drift,
    },
    /// Holds: the figure is within `tolerance` below `target`, not beyond
    /// `bound`; `noise` when it lies on the bound within the noise.
    Near {
        /// The figure.
        figure: Interval,
        /// The claim's figure.
        target: f64,
        /// How far below it still counts.
        tolerance: f64,
        /// The bound.
        bound: f64,
        /// The noise of the figure and of the bound, when at the bound.
        noise: Option<f64>,
    },
    /// Does not hold: the figure lies more than `tolerance` below `target`.
    FarBelow {
        /// The figure.
        figure: Interval,
        /// The claim's figure.
        target: f64,
        /// The tolerance.
        tolerance: f64,
        /// The row's why.
        why: Option<Why>,
    },
    /// Does not hold: the tasks ran in another order than the model's.
    OtherOrder {
        /// The tasks' names in the order they ran.
        seen: String,
        /// The model's order.
        model: String,
    },
    /// Holds: every speedup on 2 cores or more near Amdahl's curve.
    OnTheCurve {
        /// The tolerance below the curve.
        tolerance: f64,
        /// The furthest below it, relative.
        worst_gap: f64,
        /// The law's ceiling.
        ceiling: f64,
    },
    /// Does not hold: a speedup further below Amdahl's curve than the
    /// tolerance.
    BelowTheCurve {
        /// Cores.
        cores: usize,
        /// The measured speedup.
        figure: Interval,
        /// The law's speedup there.
        law: f64,
        /// The tolerance.
        tolerance: f64,
        /// The law's ceiling.
        ceiling: f64,
        /// The model's schedule of the indivisible tasks there.
        model: f64,
    },
    /// Holds or does not hold (the verdict says which): a figure against the
    /// claim's threshold, beyond the noise.
    Compared {
        /// The figure.
        figure: Interval,
        /// The threshold.
        threshold: f64,
    },
    /// Suspect: one blocking thread finished before its waits could have.
    ClockWrong {
        /// Its wall, s.
        wall_s: f64,
        /// The requests.
        requests: usize,
        /// Each one's wait, s.
        latency_s: f64,
    },
    /// Suspect: one loop finished sooner than its CPU work allows.
    OneLoopTooFast {
        /// Its wall, s.
        wall_s: f64,
        /// The CPU work, s.
        cpu_s: f64,
    },
    /// Suspect: P loops gained more than P cores can.
    MoreThanCores {
        /// Cores.
        cores: usize,
        /// The gain.
        gain: Interval,
    },
    /// Holds: read-then-write lost updates, the safe increments none.
    Lost {
        /// Updates lost.
        updates: u64,
    },
    /// Suspect: a safe increment lost updates.
    SafeLost,
    /// Does not hold: no update was lost.
    NoneLost,
    /// Holds: opposite orders deadlocked (bounded), one order finished.
    Deadlocked,
    /// Does not hold: the demonstration did not behave as a deadlock.
    NoDeadlock,
    /// Holds or does not hold (the verdict says which): the two sorts'
    /// speedups apart beyond their noise.
    Sorts {
        /// Cores.
        cores: usize,
        /// Quicksort's speedup.
        quick: Interval,
        /// Mergesort's.
        merge: Interval,
    },
    /// Suspect: quicksort beyond its own parallelism.
    BeyondSpan {
        /// Cores.
        cores: usize,
        /// Quicksort's speedup.
        quick: Interval,
        /// Its T1/T∞.
        parallelism: f64,
    },
    /// Cannot tell, not measured here, or made suspect by the host: why
    /// the claim could not be judged.
    Undecided(Undecided),
    /// The claim could not run: the error's message, as it came.
    Failed {
        /// The message.
        message: String,
    },
    /// Not recorded: a document upgraded from a layout whose reasons were
    /// sentences.
    Unknown,
}

/// Why a claim could not be judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "undecided", rename_all = "kebab-case")]
pub enum Undecided {
    /// The figure's noise straddles the threshold that would decide.
    WithinNoise {
        /// The figure.
        figure: Interval,
        /// The threshold.
        threshold: f64,
    },
    /// The figure's noise straddles the tolerance's floor below the target.
    Straddles {
        /// The figure.
        figure: Interval,
        /// The floor.
        floor: f64,
        /// The claim's figure.
        target: f64,
        /// The tolerance.
        tolerance: f64,
    },
    /// A speedup's noise straddles the tolerance below Amdahl's curve.
    StraddlesTheCurve {
        /// Cores.
        cores: usize,
        /// The measured speedup.
        figure: Interval,
        /// The law's speedup there.
        law: f64,
        /// The tolerance.
        tolerance: f64,
    },
    /// The two sorts' speedups overlap within their noise.
    Overlap {
        /// Cores.
        cores: usize,
        /// Quicksort's speedup.
        quick: Interval,
        /// Mergesort's.
        merge: Interval,
    },
    /// No update was lost on one CPU, where threads rarely switch inside an
    /// increment.
    NoLossOnOneCpu,
    /// The tick moved between the measurements of a pair by more than the
    /// claim's tolerance.
    TickMoved {
        /// How far, relative.
        off: f64,
        /// The claim's tolerance.
        tolerance: f64,
    },
    /// Not measured here: the claim needs more CPUs than this process may use.
    NotEnoughCpus {
        /// CPUs the claim needs.
        needs: usize,
        /// CPUs this process may use.
        has: usize,
    },
    /// Not measured here: the figure on `needs` cores is a projection from
    /// `has`, which would give `would`.
    Projected {
        /// Cores the claim is about.
        needs: usize,
        /// Cores measured.
        has: usize,
        /// The projected figure.
        figure: Interval,
        /// What the projection would say.
        would: ClaimVerdict,
    },
    /// Other programs kept `cpus` CPUs busy on average while the claim was
    /// measured: the figures say as much about them as about the claim.
    HostFull {
        /// CPUs kept busy by others.
        cpus: f64,
        /// What the figures would have said.
        judged: Box<Reason>,
    },
    /// Nothing was measured.
    NothingMeasured,
}

/// What the model's figure was compared on, or why it is off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ModelWhy {
    /// The host model's wall for a measured row (the tick model with this
    /// host's costs and contention), and the row's why.
    HostModel {
        /// The predicted wall, s.
        predicted_s: f64,
        /// The predicted speedup.
        #[serde(with = "crate::findings::nan_null")]
        predicted_speedup: f64,
        /// The strategy.
        strategy: StrategyKind,
        /// Its cores.
        cores: usize,
        /// The row's why (none when faster than possible: the verdict says it).
        why: Option<Why>,
    },
    /// The model's order of the tasks.
    Order {
        /// The tasks' names in the model's order.
        model: String,
    },
    /// The widest row's why.
    Row {
        /// It.
        why: Option<Why>,
    },
    /// Each thread charged one start and one switch, spread over the cores.
    Threads {
        /// A thread's start, ns.
        spawn_ns: f64,
        /// A switch, ns.
        switch_ns: f64,
        /// Cores.
        cores: usize,
        /// The threads' row's why.
        why: Option<Why>,
    },
    /// From the calibrated cost of one request, of a connection, and of the loop.
    IoCosts,
    /// From the calibrated CPU work per request and the loops' fixed costs.
    LoopCosts,
    /// Some read-then-write increments lost and no safe one.
    Race {
        /// fetch_add's cost per increment, ns.
        fetch_add_ns: f64,
        /// The mutex's.
        mutex_ns: f64,
    },
    /// Opposite orders make no progress and one order finishes.
    Deadlock,
    /// Brent's bound for quicksort, (T1 − T∞)/P + T∞ (T1/P + T∞ in
    /// documents written before the fork-join graph was recorded).
    Brent {
        /// Cores.
        cores: usize,
    },
    /// Quicksort's recorded fork-join graph scheduled as rayon does, by
    /// simulation.
    Schedule {
        /// Cores.
        cores: usize,
    },
}

/// Which bound on threads the tour applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadBound {
    /// The limit that decided, if one was tighter than the tour's target.
    pub bounded_by: Option<ThreadLimit>,
    /// Every limit read, with the threads it allows.
    pub limits: Vec<(ThreadLimit, u64)>,
}

/// A limit on how many threads may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThreadLimit {
    /// Half of `RLIMIT_NPROC`.
    Nproc,
    /// Half of the kernel's `threads-max`.
    ThreadsMax,
    /// A quarter of `MemAvailable`, at a fixed charge per thread.
    Memory,
}
