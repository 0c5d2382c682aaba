//! `conpar model`'s figures as typed values with their numbers: one
//! schedule's metrics, laws and bounds, and the heading of a sweep over core
//! counts. Their words are in [`crate::words::model`].

/// Amdahl's and Gustafson's figures at a core count, for a workload with
/// CPU work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Laws {
    /// Amdahl's serial fraction s.
    pub serial_fraction: f64,
    /// Amdahl's speedup at the core count.
    pub amdahl: f64,
    /// Amdahl's ceiling, 1/s.
    pub ceiling: f64,
    /// Gustafson's scaled speedup at the core count.
    pub gustafson: f64,
}

/// One schedule's metrics, laws and work/span bounds, in ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// The cores scheduled on.
    pub cores: usize,
    /// Serial time T1.
    pub serial: u64,
    /// Wall-clock.
    pub wall: u64,
    /// Serial ÷ wall.
    pub speedup: f64,
    /// Useful ÷ cores × wall.
    pub utilization: f64,
    /// Useful core-ticks.
    pub useful: u64,
    /// Idle core-ticks.
    pub idle: u64,
    /// Blocked core-ticks.
    pub blocked: u64,
    /// The laws; none without CPU work.
    pub laws: Option<Laws>,
    /// max(T1/P, T∞).
    pub lower_bound: f64,
    /// T1/P + T∞.
    pub upper_bound: f64,
    /// The schedule waits on I/O, so the upper bound need not hold.
    pub io_waits: bool,
}

/// The heading of several core counts of one workload.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The workload's name, escaped for where it is printed.
    pub workload: String,
    /// The discipline's name.
    pub discipline: String,
    /// The I/O mode's name.
    pub io: String,
    /// Amdahl's serial fraction and ceiling; none without CPU work.
    pub amdahl: Option<(f64, f64)>,
}
