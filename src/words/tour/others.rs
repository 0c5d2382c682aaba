//! The reasons of the claims about Amdahl's law, waiting and sharing, in
//! words.

use super::Banded;
use super::model::Cause;
use crate::findings::tour::Reason;
use crate::words::{Count, Pct, Secs};

fn pct(x: f64) -> String {
    Pct::new(x).to_string()
}

/// A reason about Amdahl's law.
pub(super) fn law_reason(r: &Reason) -> String {
    match r {
        Reason::AboveLaw {
            cores,
            figure,
            law,
            why,
            drift,
        } => format!(
            "{} on {} is above Amdahl's {law:.2}×, which no run of this work can pass, by more than the noise — {}",
            Banded(*figure),
            Count(*cores, "core"),
            why.as_ref()
                .map_or_else(|| Cause(*drift).to_string(), ToString::to_string)
        ),
        Reason::OnTheCurve {
            tolerance,
            worst_gap,
            ceiling,
        } => format!(
            "every speedup measured on 2 cores or more lies within {} below Amdahl's curve (at most {} below), and none beyond it by more than the noise; the ceiling is {ceiling:.0}×",
            pct(*tolerance),
            pct(*worst_gap)
        ),
        Reason::BelowTheCurve {
            cores,
            figure,
            law,
            tolerance,
            ceiling,
            model,
        } => format!(
            "at {} {} against Amdahl's {law:.2}×: {} below the curve (tolerance {}); the ceiling of {ceiling:.0}× holds, the curve does not — the model's schedule of indivisible tasks gives {model:.2}×, the rest is overhead the law leaves out",
            Count(*cores, "core"),
            Banded(*figure),
            pct(1.0 - figure.mid / law),
            pct(*tolerance)
        ),
        _ => String::new(),
    }
}

/// A reason of the I/O and hazard claims.
pub(super) fn counted_reason(r: &Reason) -> String {
    match r {
        Reason::ClockWrong {
            wall_s,
            requests,
            latency_s,
        } => format!(
            "one blocking thread finished in {}, before its {requests} waits of {} could have: its clock or the server is wrong",
            Secs(*wall_s),
            Secs(*latency_s)
        ),
        Reason::OneLoopTooFast { wall_s, cpu_s } => format!(
            "one loop finished in {} with {} of CPU work: one thread cannot; the tick drifted since it was calibrated",
            Secs(*wall_s),
            Secs(*cpu_s)
        ),
        Reason::MoreThanCores { cores, gain } => format!(
            "{cores} loops gained {}, more than {} can",
            Banded(*gain),
            Count(*cores, "core")
        ),
        Reason::Lost { updates } => format!(
            "{updates} read-then-write increments vanished; fetch_add and the mutex lost none"
        ),
        Reason::SafeLost => {
            "a safe increment lost updates: the demonstration itself is wrong".into()
        }
        Reason::NoneLost => {
            "no update was lost: the threads never interleaved inside an increment".into()
        }
        Reason::Deadlocked => {
            "the deadlock was real and bounded; ordering the locks removed it".into()
        }
        Reason::NoDeadlock => "the demonstration did not behave as a deadlock".into(),
        _ => String::new(),
    }
}
