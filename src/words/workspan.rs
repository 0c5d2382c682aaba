//! `conpar workspan`'s findings and graph record in words: each sentence
//! written once here, as the `Display` of its typed value in
//! [`crate::results::workspan`].

use crate::findings::workspan::{Basis, Finding, GraphRecord};
use crate::units::Nanos;
use std::fmt;

fn ns(x: f64) -> Nanos {
    Nanos(x)
}

/// What a prediction rests on, as the subject of "predicts".
fn basis_words(b: Basis) -> &'static str {
    match b {
        Basis::Schedule => "the simulated schedule of the recorded fork-join graph",
        Basis::Brent => "Brent's bound",
    }
}

/// The table's legend: what the columns past the bounds mean.
pub const LEGEND: &str = "schedule: the recorded graph on P simulated rayon workers, each steal paying the burden; host model: the same with every strand slowed by the contention; error column: measured ÷ host model − 1 (÷ schedule where contention was not measured, ÷ Brent where neither is); contention: each one-worker copy's slowdown with P copies at once.";

/// Said when there are no findings.
pub const NO_LIMIT: &str = "every measured speedup lies within the noise between its prediction and min(P, T1/T∞); no limit to name.";

/// What became of the fork-join graph, and what the predictions rest on.
impl fmt::Display for GraphRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GraphRecord::Recorded { nodes } => write!(
                f,
                "fork-join graph recorded whole ({nodes} nodes): the host model simulates rayon's schedule on it at each P"
            ),
            GraphRecord::TooLarge { limit } => write!(
                f,
                "fork-join graph past {limit} nodes, so its recording stopped: the host model uses Brent's bound instead of a simulated schedule"
            ),
            GraphRecord::NotRecorded => f.write_str(
                "no fork-join graph recorded (a binary's regions report work and span only): the host model uses Brent's bound",
            ),
        }
    }
}

/// The sentence for one finding.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Finding::MemoryBandwidth {
                cores,
                slowdown,
                measured,
                predicted,
                basis,
            } => write!(
                f,
                "memory bandwidth: at {cores} cores each one-worker copy of the program ran {slowdown:.2}× slower than alone; with the work slowed so, {} predicts {predicted:.2}× and {measured:.2}× was measured: the cores share the memory bus (or, on a virtual machine whose CPUs the host shares, the CPUs themselves: then compute-bound code slows too)",
                basis_words(basis)
            ),
            Finding::SerialOutside { wall_s, work_s } => write!(
                f,
                "a serial part outside the measured regions: one worker took {} in all but {} of it was work inside them; that part does not speed up",
                ns(wall_s * 1e9),
                ns(work_s * 1e9)
            ),
            Finding::LittleParallelism {
                cores,
                parallelism,
                measured,
            } => write!(
                f,
                "too little parallelism: T1/T∞ is {parallelism:.2}, below {cores} cores, so no schedule can give more than {parallelism:.2}× ({measured:.2}× measured); more cores do not help, a shorter span does"
            ),
            Finding::Burden {
                cores,
                burdened_parallelism,
                burden_ns,
                spawns,
            } => write!(
                f,
                "the burden of spawning: at {} per spawn ({spawns} spawns), the burdened parallelism is {burdened_parallelism:.2}, below {cores} cores; coarser leaves (a larger grain or cutoff) leave more for the cores",
                ns(burden_ns as f64)
            ),
            Finding::AboveBound {
                cores,
                measured,
                bound,
            } => write!(
                f,
                "faster than the bounds allow: {measured:.2}× on {cores} cores, beyond min(P, T1/T∞) = {bound:.2}× by more than the noise; no schedule does that on cores of unchanged speed, so the cores ran faster with {cores} at work than with one (caches, clock, memory placement), or the one-worker measurement overstated the span"
            ),
            Finding::BusyHost { cpus } => write!(
                f,
                "other programs kept {cpus:.1} CPUs busy on average while this was measured: the timings, the contention and the span say as much about them as about the program (no bandwidth limit or unexplained loss is claimed); measure on a quiet machine"
            ),
            Finding::ContentionNotSeen {
                cores,
                slowdown,
                measured,
                predicted,
            } => write!(
                f,
                "at {cores} cores {measured:.2}× was measured, above the host model's {predicted:.2}× beyond the noise: the one-worker copies ran {slowdown:.2}× slower together, but the program's own threads were not slowed as much in the timed runs (this host's memory speed changed between them, or the threads share caches the copies do not)"
            ),
            Finding::Unexplained {
                cores,
                measured,
                predicted,
                basis,
            } => write!(
                f,
                "at {cores} cores {measured:.2}× was measured, below the {predicted:.2}× that {} predicts, beyond the noise, and neither the span, the burden, the memory bus nor a serial part outside explains it (another program busy on this host?)",
                basis_words(basis)
            ),
        }
    }
}
