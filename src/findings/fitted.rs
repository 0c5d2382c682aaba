//! The figures of a fitted law as typed values with their numbers, for the
//! lines that state them: `scale`'s fit and projections, `run`'s and the
//! report's tables, and `conpar fit`'s source, parameters and peak. Their
//! words are in `crate::words::fit`.

use super::fits::{Baseline, NoFit, NoIntervals, NotAmdahl, StopsPaying, Unit, Withheld};
use serde::{Deserialize, Serialize};

/// A fitted figure with its 95 % interval, when one was drawn. Its words
/// take the formatter's precision: `{:.3}` gives `0.198 [0.173–0.223]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The figure.
    pub value: f64,
    /// Its 95 % interval.
    pub ci95: Option<(f64, f64)>,
}

/// The fitted USL of a sweep: σ and κ with their intervals, and R². Its
/// words give σ the formatter's precision and κ one place more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UslFigures {
    /// Contention σ.
    pub sigma: Estimate,
    /// Coherency κ.
    pub kappa: Estimate,
    /// R².
    pub r_squared: f64,
}

/// A sweep's fitted laws on one line: Amdahl's s, and the USL or why it
/// was not fitted (none: not recorded).
#[derive(Debug, Clone, PartialEq)]
pub struct Laws {
    /// Amdahl's serial fraction.
    pub amdahl: Option<Estimate>,
    /// The USL.
    pub usl: Result<UslFigures, Option<NoFit>>,
}

/// A projection's 95 % interval, and whether it was refused for being
/// wider than the projected speedup.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The low end.
    pub lo: f64,
    /// The high end.
    pub hi: f64,
    /// Wider than the speedup itself.
    pub refused: bool,
}

/// A speedup projected to a count not measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projected {
    /// The count.
    pub count: usize,
    /// What it counts.
    pub unit: Unit,
    /// The speedup on the fitted curve.
    pub speedup: f64,
    /// Its 95 % interval.
    pub interval: Option<Interval>,
    /// Held at what the work allows (T1/T∞ and the model's schedule).
    pub capped: bool,
}

/// A sweep's projections, in order; `—` when there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct Projections(pub Vec<Projected>);

/// What the laws fitted to one sweep found, with their numbers: the
/// measured speedups, Karp–Flatt, Amdahl and the USL (or why each was not
/// fitted), where more stop paying, the projections and the caveats.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Measured (count, speedup).
    pub measured: Vec<(usize, f64)>,
    /// Karp–Flatt's serial fraction at each measured count above one.
    pub karp_flatt: Vec<(usize, f64)>,
    /// Amdahl's serial fraction and the USL, or why the USL was not fitted.
    pub laws: Laws,
    /// Why Amdahl's law was not fitted.
    pub no_amdahl: Option<NoFit>,
    /// Where one more stops adding half of one.
    pub stops_paying: StopsPaying,
    /// Beyond the measured counts.
    pub projected: Projections,
    /// How the sweep is not Amdahl-shaped.
    pub shape: Option<NotAmdahl>,
    /// Why projections were not made or not drawn.
    pub withheld: Vec<Withheld>,
    /// Why there are no intervals.
    pub no_intervals: Option<NoIntervals>,
}

/// What `conpar fit`'s throughputs were made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// A throughput column.
    Throughput,
    /// A latency column: X = N / R (Little's law).
    Latency,
    /// A time column for a fixed amount of work: X = T(1) / T(N).
    Time,
    /// A `conpar scale` document's wall times, as a time column.
    ScaleDocument,
    /// A `conpar probe` document's throughputs.
    ProbeDocument,
}

/// Which term of the USL holds the curve back most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Binds {
    /// σ > κ: queueing for a shared resource.
    Contention,
    /// κ > σ: the cost of keeping copies agreed.
    Coherency,
    /// σ = κ.
    Neither,
}

/// What `conpar fit` read: the file, its counts and what the throughputs
/// are.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file, as named.
    pub file: String,
    /// Measurements read.
    pub measurements: usize,
    /// Distinct concurrencies.
    pub levels: usize,
    /// What the throughputs were made from.
    pub input: Input,
}

/// What `conpar fit`'s speedups and Karp–Flatt are against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Against(pub Baseline);

/// One line of what `conpar fit` fitted, with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Fitted {
    /// Contention σ.
    Sigma(Estimate),
    /// Coherency κ.
    Kappa(Estimate),
    /// λ, the throughput of one, and whether it was held at X(1).
    Lambda {
        /// λ.
        lambda: Estimate,
        /// Held, not fitted.
        held: bool,
    },
    /// The fit's R².
    RSquared(f64),
    /// Where the curve peaks (none: κ ≤ 0 or not USL-shaped) and which
    /// term binds.
    Peak {
        /// N at the peak, the whole N at or below it, and X there.
        at: Option<(f64, u64, f64)>,
        /// Which term binds.
        binds: Binds,
    },
    /// σ outside [0, 1] or κ below 0.
    NotUslShaped {
        /// σ.
        sigma: f64,
        /// κ.
        kappa: f64,
    },
    /// Amdahl's serial fraction in [0, 1].
    Amdahl(Estimate),
    /// Amdahl's serial fraction outside [0, 1].
    NotAmdahlShaped(f64),
    /// Why Amdahl's law was not fitted.
    NoAmdahl(NoFit),
}
