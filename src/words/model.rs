//! `conpar model`'s words: one schedule's figures, a sweep's heading and
//! the legend of its bars, each written once.

use super::{Count, NO_CPU_WORK, Pct, Secs, num, times};
use crate::findings::model::{Schedule, Sweep};
use crate::kinds::{CostKind, StrategyKind};
use std::fmt;

/// The line under a schedule's title: cores, discipline and I/O mode.
pub fn machine(cores: usize, discipline: &dyn fmt::Display, io: &str) -> String {
    format!("model: {}, {discipline}, {io} I/O", Count(cores, "core"))
}

/// The legend under a sweep's bars, full width being `peak`×.
pub fn bars(peak: f64) -> String {
    format!(
        "bars: the model's speedup; │ marks Amdahl's speedup at that core count (full width = {}×)",
        num(peak, 2)
    )
}

impl fmt::Display for Sweep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}, {} I/O; ",
            self.workload, self.discipline, self.io
        )?;
        match self.amdahl {
            None => f.write_str(NO_CPU_WORK),
            Some((s, ceiling)) => {
                write!(f, "Amdahl s = {}, ceiling {}", num(s, 3), times(ceiling, 2))
            }
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cores = Count(self.cores, "core");
        writeln!(f, "serial time (T1)  {} ticks", self.serial)?;
        writeln!(f, "wall-clock        {} ticks", self.wall)?;
        if self.serial == 0 {
            // Only I/O: nothing to divide, and no law to apply.
            writeln!(
                f,
                "speedup           — (no CPU work: the tasks only wait, so serial ÷ wall is not defined)"
            )?;
        } else {
            writeln!(
                f,
                "speedup           {}× (serial ÷ wall)",
                num(self.speedup, 3)
            )?;
        }
        writeln!(
            f,
            "utilization       {} (useful ÷ cores × wall)",
            Pct::new(self.utilization).places(1)
        )?;
        writeln!(
            f,
            "core-ticks        {} useful, {} idle, {} blocked (of {} × {} = {})",
            self.useful,
            self.idle,
            self.blocked,
            self.cores,
            self.wall,
            self.cores as u64 * self.wall
        )?;
        if let Some(l) = self.laws {
            writeln!(
                f,
                "Amdahl            s = {}: {}× at {cores}, ceiling {}×",
                num(l.serial_fraction, 3),
                num(l.amdahl, 3),
                num(l.ceiling, 3)
            )?;
            writeln!(
                f,
                "Gustafson         {}× scaled speedup at {cores}",
                num(l.gustafson, 3)
            )?;
        }
        let note = if self.io_waits {
            " (I/O waits: the upper bound holds only for schedules without I/O)"
        } else {
            ""
        };
        writeln!(
            f,
            "work/span         max(T1/P, T∞) = {} ≤ wall {} ≤ T1/P + T∞ = {}{note}",
            num(self.lower_bound, 2),
            self.wall,
            num(self.upper_bound, 2)
        )
    }
}

/// The title of the host model's table: the host and the strategy predicted,
/// when one was.
pub fn host_title(host: &str, strategy: Option<StrategyKind>) -> String {
    match strategy {
        Some(s) => format!("on the host model of {host}, strategy {s}"),
        None => format!("on the host model of {host}"),
    }
}

/// The costs a run on the host model paid, each named with its seconds.
pub fn costs(costs: impl Iterator<Item = (CostKind, f64)>) -> String {
    let named: Vec<String> = costs
        .map(|(k, s)| format!("{} {}", k.words(), Secs(s)))
        .collect();
    named.join(", ")
}
