//! One model run summarised: the schedule's metrics beside the laws for the
//! same workload and core count. Pure.

use super::{Discipline, Machine, ModelError, amdahl, amdahl_ceiling, gustafson, simulate};
use crate::timeline::{Metrics, Timeline};
use crate::workload::Workload;

/// The model's answer for one workload on one machine.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub workload: String,
    /// The machine it was scheduled on.
    pub machine: Machine,
    /// The schedule, in ticks.
    pub timeline: Timeline,
    /// The article's metrics of the schedule.
    pub metrics: Metrics,
    /// Amdahl's serial fraction s of the workload.
    pub serial_fraction: f64,
    /// Amdahl's speedup at this core count.
    pub amdahl_speedup: f64,
    /// Amdahl's ceiling 1/s (infinite when s = 0).
    pub amdahl_ceiling: f64,
    /// Gustafson's scaled speedup at this core count.
    pub gustafson_speedup: f64,
    /// T1: all CPU work.
    pub work: u64,
    /// T∞: the longest chain, I/O waits included.
    pub span: u64,
    /// max(T1/P, T∞): no schedule is shorter.
    pub lower_bound: f64,
    /// T1/P + T∞: no greedy schedule without I/O is longer.
    pub upper_bound: f64,
}

/// Schedules `w` on `m` and sets the result beside the laws.
pub fn analyze(w: &Workload, m: &Machine) -> Result<Analysis, ModelError> {
    let timeline = simulate(w, m)?;
    let metrics = timeline.metrics(w.work());
    let s = w.serial_fraction();
    let p = m.cores as f64;
    let (t1, tinf) = (w.work(), w.span());
    Ok(Analysis {
        workload: w.name.clone(),
        machine: *m,
        metrics,
        serial_fraction: s,
        amdahl_speedup: amdahl(s, p),
        amdahl_ceiling: amdahl_ceiling(s),
        gustafson_speedup: gustafson(s, p),
        work: t1,
        span: tinf,
        lower_bound: (t1 as f64 / p).max(tinf as f64),
        upper_bound: t1 as f64 / p + tinf as f64,
        timeline,
    })
}

impl Analysis {
    /// The round-robin quantum, if any.
    pub fn quantum(&self) -> Option<u64> {
        match self.machine.discipline {
            Discipline::List => None,
            Discipline::RoundRobin { quantum } => Some(quantum),
        }
    }
}
