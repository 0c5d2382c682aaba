//! The words for every [`Why`]: each sentence once in the source.

use super::{Pct, Secs};
use crate::findings::{Cause, Share, Why};
use std::fmt;

/// Said instead of a speedup when a workload has no CPU work: speedup is
/// serial CPU time over wall, and with nothing to run in parallel there is no
/// serial time to divide, so any number would be noise.
pub const NO_CPU_WORK: &str = "no CPU work: speedup is not defined";

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::FasterThanPossible {
                under,
                bound_s,
                drift,
                cause,
            } => write!(
                f,
                "faster than possible: {} under the lower bound max(T1/P, T∞) = {}; tick drift {} during the pair; {cause}",
                Pct::new(*under).places(1),
                Secs(*bound_s),
                Pct::new(*drift).places(1).signed()
            ),
            Why::Losses { .. } => f.write_str(&losses(self)),
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::SpedUp => f.write_str("the CPU sped up after the tick was measured"),
            Cause::BaselineSlow { slow } => write!(
                f,
                "the serial baseline timed for this pair ran {} slower than the calibrated tick: something slowed it (another program on its core), so the bound is too long",
                Pct::new(*slow)
            ),
            Cause::Unexplained => f.write_str(
                "too small to explain it: the run did less than the workload's work, or was timed wrong",
            ),
        }
    }
}

/// The words of [`Why::Losses`]: what the strategy does, the shares, what
/// the model missed, the costs it named and their noise.
fn losses(w: &Why) -> String {
    let Why::Losses {
        strategy,
        cores,
        no_cpu_work,
        shares,
        beyond_model,
        costs,
        cost_range_s,
    } = w
    else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    if *no_cpu_work {
        parts.push(NO_CPU_WORK.into());
    }
    parts.extend(strategy.what_it_does(*cores));
    parts.extend(shares.iter().map(|s| share(s, *strategy)));
    if let Some(e) = beyond_model {
        parts.push(format!(
            "{} against the model beyond the costs it knows",
            Pct::new(*e).signed()
        ));
    }
    let named: Vec<String> = costs
        .iter()
        .map(|&(kind, s)| {
            // A later start can reorder the tasks into a shorter schedule
            // (Graham's anomalies): the cost is then negative, and says why.
            let reorder = if s < 0.0 {
                " (the later start reorders the tasks into a shorter schedule)"
            } else {
                ""
            };
            format!("{} {}{reorder}", kind.words(), Secs(s))
        })
        .collect();
    if !named.is_empty() {
        parts.push(format!("predicted {}", named.join(", ")));
    }
    if let Some((a, b)) = cost_range_s {
        parts.push(format!(
            "the measured costs' own noise moves this prediction between {} and {}",
            Secs(*a),
            Secs(*b)
        ));
    }
    if parts.is_empty() || (parts.len() == 1 && *no_cpu_work) {
        parts.push("as the model predicts".into());
    }
    parts.join("; ")
}

/// One share of the loss in words, with its cause.
fn share(s: &Share, strategy: crate::kinds::StrategyKind) -> String {
    match *s {
        Share::IdleBeyondModel { idle, model } => format!(
            "idle {} (model {}): {}",
            Pct::new(idle),
            Pct::new(model),
            strategy.why_idle()
        ),
        Share::IdleAsModel { idle } => format!(
            "idle {} as the model predicts (uneven work or serial phases)",
            Pct::new(idle)
        ),
        Share::Startup { share } => {
            format!("start-up before the first task {}", Pct::new(share))
        }
        Share::Dispatch { share } => format!("dispatch between tasks {}", Pct::new(share)),
        Share::Blocked { blocked, model } => format!(
            "blocked {} (model {}): I/O holding cores",
            Pct::new(blocked),
            Pct::new(model)
        ),
        Share::Contention { share, memory } => format!(
            "work ran {} slower than alone: {}",
            Pct::new(share),
            if memory {
                "cores compete for memory bandwidth"
            } else {
                strategy.why_slower()
            }
        ),
    }
}
