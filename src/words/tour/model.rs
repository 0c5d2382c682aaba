//! The model's "why" in words, and the cause a drift points to.

use super::ns;
use crate::findings::tour::{Drift, ModelWhy};
use crate::words::{Count, Maybe, Pct, Secs};
use std::fmt;

/// Why a figure beyond a bound can be, from the drift measured around it.
pub(super) struct Cause(pub Drift);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        let small = |x: Option<f64>| x.is_none_or(|x| x.abs() < 0.02);
        let mut parts = Vec::new();
        if let Some(x) = d.during {
            parts.push(format!(
                "tick drift {} measured around the run",
                Pct::new(x).places(1).signed()
            ));
        }
        if let Some(x) = d.baseline.filter(|x| x.abs() >= 0.02) {
            parts.push(format!(
                "the serial baseline ran {} against the calibrated tick ({})",
                Pct::new(x).signed(),
                if x > 0.0 {
                    "slowed by something else, it makes every speedup look larger"
                } else {
                    "the CPU ran faster then than when calibrated"
                }
            ));
        }
        match (d.during, d.baseline) {
            (None, None) => f.write_str(
                "the tick drifted between the serial baseline and the run (not measured)",
            ),
            _ if small(d.during) && small(d.baseline) => write!(
                f,
                "{} (too small to explain it alone: the serial baseline and the run saw different CPU speeds, or the machine is shared)",
                parts.join("; ")
            ),
            _ => f.write_str(&parts.join("; ")),
        }
    }
}

impl fmt::Display for ModelWhy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelWhy::HostModel {
                predicted_s,
                predicted_speedup,
                strategy,
                cores,
                why,
            } => {
                write!(
                    f,
                    "against the host model's {} ({}) for {strategy} on {}",
                    Secs(*predicted_s),
                    crate::words::Ratio(*predicted_speedup),
                    Count(*cores, "core")
                )?;
                match why {
                    Some(w) => write!(f, "; {w}"),
                    None => Ok(()),
                }
            }
            ModelWhy::Order { model } => write!(f, "the model's order is {model}"),
            ModelWhy::Row { why } => Maybe(why.as_ref()).fmt(f),
            ModelWhy::Threads {
                spawn_ns,
                switch_ns,
                cores,
                why,
            } => write!(
                f,
                "the model charges each thread one start ({}) and one switch ({}) spread over {}; threads: {}",
                ns(*spawn_ns),
                ns(*switch_ns),
                Count(*cores, "core"),
                Maybe(why.as_ref())
            ),
            ModelWhy::IoCosts => f.write_str(
                "from the calibrated cost of one request, of a connection, and of the loop",
            ),
            ModelWhy::LoopCosts => {
                f.write_str("from the calibrated CPU work per request and the loops' fixed costs")
            }
            ModelWhy::Race {
                fetch_add_ns,
                mutex_ns,
            } => write!(
                f,
                "the model says some read-then-write increments are lost and no safe one; fetch_add cost {fetch_add_ns:.1} ns and the mutex {mutex_ns:.1} ns per increment"
            ),
            ModelWhy::Deadlock => f.write_str(
                "the model says opposite orders make no progress and one order finishes",
            ),
            ModelWhy::Brent { cores } => write!(
                f,
                "against Brent's bound for quicksort on {}, from its measured work and span",
                Count(*cores, "core")
            ),
            ModelWhy::Schedule { cores } => write!(
                f,
                "against rayon's work-stealing schedule of quicksort's recorded fork-join graph on {}, simulated",
                Count(*cores, "core")
            ),
        }
    }
}
