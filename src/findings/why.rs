//! Why a measured row's wall is what it is, as typed values.

use crate::kinds::{CostKind, StrategyKind};
use serde::{Deserialize, Serialize};

/// Why a row's wall is what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Why {
    /// The median wall beat the model's lower bound `max(T1/P, T∞)`.
    FasterThanPossible {
        /// 1 − wall ÷ bound.
        under: f64,
        /// The lower bound, s.
        bound_s: f64,
        /// The reference tick after ÷ before the pair − 1.
        drift: f64,
        /// What the measurements point to.
        cause: Cause,
    },
    /// Where the time went, beside the model.
    Losses {
        /// The strategy.
        strategy: StrategyKind,
        /// Its core count.
        cores: usize,
        /// The workload has no CPU work (no speedup is defined).
        no_cpu_work: bool,
        /// Each share of the loss worth naming.
        shares: Vec<Share>,
        /// measured ÷ predicted − 1, when nothing else explains it.
        beyond_model: Option<f64>,
        /// Each cost the prediction named, s.
        costs: Vec<(CostKind, f64)>,
        /// How far the costs' own noise moves the prediction, s.
        cost_range_s: Option<(f64, f64)>,
    },
}

/// What made a run beat its lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Cause {
    /// The CPU sped up after the tick was measured.
    SpedUp,
    /// The serial baseline ran this much slower than the calibrated tick.
    BaselineSlow {
        /// Baseline tick ÷ calibrated tick − 1.
        slow: f64,
    },
    /// Neither: the run did less than the work, or was timed wrong.
    Unexplained,
}

/// One share of a row's loss, of P × wall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Share {
    /// Idle beyond the model's idle.
    IdleBeyondModel {
        /// Measured.
        idle: f64,
        /// The model's.
        model: f64,
    },
    /// Idle as the model predicts.
    IdleAsModel {
        /// Measured.
        idle: f64,
    },
    /// Start-up before the first task.
    Startup {
        /// Its share.
        share: f64,
    },
    /// Dispatch between tasks.
    Dispatch {
        /// Its share.
        share: f64,
    },
    /// Cores blocked on I/O.
    Blocked {
        /// Measured.
        blocked: f64,
        /// The model's.
        model: f64,
    },
    /// Work ran slower than alone.
    Contention {
        /// Its share.
        share: f64,
        /// The memory kernel (bandwidth) rather than the strategy's cause.
        memory: bool,
    },
}
