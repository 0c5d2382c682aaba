//! What the laws fitted to a sweep found, as typed values with their
//! numbers: why a law was not fitted, why a fit is not the shape of real
//! work, where adding cores stops paying, why projections or intervals were
//! withheld, `scale`'s verdict, and `fit`'s notes. Their words are in
//! `crate::words::scaling`.

use crate::kinds::StrategyKind;
use serde::{Deserialize, Serialize};

/// What a sweep's counts are: cores (`run`) or threads (`scale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Core counts.
    Cores,
    /// Thread counts.
    Threads,
}

/// A fitted law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Law {
    /// Amdahl's serial fraction.
    Amdahl,
    /// The Universal Scalability Law.
    Usl,
}

/// Why a law was not fitted to a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NoFit {
    /// A strategy that takes turns on one thread whatever the core count.
    OneThread {
        /// The strategy.
        strategy: StrategyKind,
    },
    /// Work that mostly waits rather than computes.
    MostlyWaiting {
        /// Ticks of I/O.
        io_ticks: u64,
        /// Ticks of CPU work.
        work_ticks: u64,
    },
    /// No CPU work: speedup is not defined.
    NoCpuWork,
    /// Fewer distinct counts (1 included) than the law needs.
    TooFewCounts {
        /// The law.
        law: Law,
        /// How many it needs.
        need: usize,
        /// How many there were.
        got: usize,
    },
    /// A speedup that is not a positive number (null: not finite).
    BadSpeedup {
        /// The speedup.
        speedup: Option<f64>,
    },
    /// No step of the nonlinear fit left an undefined start.
    NoCurve,
}

/// How a fit is off the shape of real work.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum OffShape {
    /// Amdahl's serial fraction outside [0, 1].
    SerialOutside {
        /// The serial fraction.
        s: f64,
    },
    /// The USL's σ outside [0, 1].
    SigmaOutside {
        /// σ.
        sigma: f64,
    },
    /// The USL's κ below 0.
    KappaNegative {
        /// κ.
        kappa: f64,
    },
}

/// What the measured points point to when a fit is off its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapeCause {
    /// A speedup above its count.
    Superlinear,
    /// Slower with more cores.
    Slower,
    /// A curve that bends upwards.
    BendsUp,
    /// Losses that grow faster than a serial part explains.
    GrowingLosses,
}

/// A sweep whose fit is not Amdahl-shaped, and the likely cause.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NotAmdahl {
    /// Which figure is off.
    pub off: OffShape,
    /// What the points point to.
    pub cause: ShapeCause,
}

/// What ended the search for where cores stop paying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// The fitted curve itself.
    Fit,
    /// What the work allows (T1/T∞ and the model's schedule), below the curve.
    Work,
    /// The USL's peak.
    Peak,
    /// Not recorded: a document upgraded from a layout that kept the count alone.
    NotRecorded,
}

/// Where one more core stops adding half a core of speedup.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StopsPaying {
    /// Beyond `at`, one more adds less than half a core.
    Beyond {
        /// The count.
        at: usize,
        /// What set it.
        by: Bound,
    },
    /// Still paying at every count searched.
    NotWithin {
        /// The widest count searched.
        searched: usize,
    },
    /// Not drawn from a fit that is not Amdahl-shaped.
    NotAmdahlShaped,
    /// Not drawn from two points measured with a noisy tick.
    NoisyTick {
        /// The tick calibration's relative spread.
        spread: f64,
    },
    /// No law to draw it from.
    #[default]
    NoLaw,
    /// Not recorded: a document upgraded from a layout that said it in words.
    NotRecorded,
}

/// Why projections were not made, or not drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Withheld {
    /// The curve put them beyond what P cores can do (0 to P×).
    Impossible,
    /// Two points measured with a tick spread above 5 %.
    NoisyTick {
        /// The tick calibration's relative spread.
        spread: f64,
    },
    /// Their 95 % interval is wider than the projected speedup.
    TooNoisy {
        /// The counts refused.
        counts: Vec<usize>,
        /// Whether every projection was.
        all: bool,
        /// The widest measured count.
        widest: usize,
    },
}

/// Why a fit has no bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NoIntervals {
    /// A count with fewer than two runs: no spread to resample.
    NoSpread {
        /// The count.
        at: usize,
        /// Its runs (0 or 1).
        runs: usize,
    },
    /// Too few resamples could be refitted.
    TooFewRefits {
        /// Refitted.
        refitted: usize,
        /// Drawn.
        resamples: usize,
    },
}

/// `scale`'s verdict on its fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Verdict {
    /// The fit is not Amdahl-shaped.
    NotAmdahl {
        /// How and why.
        shape: NotAmdahl,
    },
    /// The fitted ceiling is below a measured speedup.
    CeilingBelowMeasured {
        /// Amdahl's s.
        s: f64,
        /// 1 / s.
        ceiling: f64,
        /// The best measured speedup.
        best: f64,
        /// Its count.
        at: usize,
    },
    /// A ceiling of 1/s.
    Ceiling {
        /// Amdahl's s.
        s: f64,
        /// Its 95 % interval.
        ci95: Option<(f64, f64)>,
        /// 1 / s.
        ceiling: f64,
        /// Where cores stop paying.
        stops_paying: StopsPaying,
    },
    /// s ≤ 0.001: speedup tracked the count.
    Linear,
    /// No Amdahl fit.
    NoFit {
        /// Why (null: not recorded).
        why: Option<NoFit>,
    },
}

/// What `conpar fit`'s speedups are against.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Baseline {
    /// The measured mean throughput at N = 1.
    MeasuredX1 {
        /// X(1).
        x: f64,
    },
    /// The fitted λ (N = 1 was not measured).
    FittedLambda {
        /// λ.
        lambda: f64,
    },
}

/// How `conpar fit` read its input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReadNote {
    /// A column read but not used.
    ColumnUnused {
        /// Its name as given.
        column: String,
        /// The column used instead.
        used: String,
    },
    /// Probe levels without a positive throughput.
    LevelsLeftOut {
        /// How many.
        levels: usize,
    },
}

/// How `fit` found λ, the throughput of one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitMethod {
    /// σ, κ and λ fitted together (λ free).
    Free,
    /// λ held at the measured X(1) (none: no USL was fitted).
    Normalised {
        /// The λ it was held at.
        lambda: Option<f64>,
    },
}

/// Where a fit's bracketed 95 % intervals come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    /// A bootstrap over `scale`'s runs.
    Runs {
        /// Resamples drawn.
        resamples: usize,
    },
    /// A bootstrap over `run`'s runs, each pair's serial baseline held fixed.
    RunsBaselineFixed {
        /// Resamples drawn.
        resamples: usize,
    },
    /// A bootstrap over `fit`'s measurements.
    Measurements {
        /// Resamples drawn.
        resamples: usize,
    },
}
