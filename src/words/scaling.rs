//! The words for the fitted laws' findings ([`crate::findings::fits`]): each
//! sentence once in the source. Where a sentence names counts, it is given
//! their [`Unit`] (`In(&finding, Unit::Cores)`); `{:#}` adds the reason to a
//! law's refusal of too few counts.

use super::{Count, NO_CPU_WORK, Pct, plural, sig};
use crate::findings::fits::{
    Baseline, Bound, Law, NoFit, NoIntervals, NotAmdahl, OffShape, ReadNote, ShapeCause,
    StopsPaying, Unit, Verdict, Withheld,
};
use std::fmt;

impl Unit {
    /// The noun of one count: `core`, `thread`.
    pub fn noun(self) -> &'static str {
        match self {
            Unit::Cores => "core",
            Unit::Threads => "thread",
        }
    }
}

/// A finding whose words name counts, with the unit they are in.
#[derive(Debug, Clone, Copy)]
pub struct In<'a, T>(pub &'a T, pub Unit);

impl fmt::Display for Law {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Law::Amdahl => "Amdahl",
            Law::Usl => "USL",
        })
    }
}

impl fmt::Display for NoFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoFit::OneThread { strategy } => write!(
                f,
                "one thread by design: {strategy} takes turns on one core whatever the core count, so no parallel law applies"
            ),
            NoFit::MostlyWaiting {
                io_ticks,
                work_ticks,
            } => write!(
                f,
                "waiting, not computing: {io_ticks} ticks of I/O against {work_ticks} of CPU work, so a law of CPU work shared out over cores does not describe it"
            ),
            NoFit::NoCpuWork => f.write_str(NO_CPU_WORK),
            NoFit::TooFewCounts { law, need, got } => {
                write!(
                    f,
                    "the {law} fit needs at least {need} distinct counts including 1, got {got}"
                )?;
                if f.alternate() {
                    write!(
                        f,
                        ": {}",
                        match law {
                            Law::Amdahl => "one count above 1 shows how speedup falls short of P",
                            Law::Usl =>
                                "σ and κ are two unknowns and P = 1 only anchors S(1) = 1, so two counts above 1 are the least that can tell contention from coherency",
                        }
                    )?;
                }
                Ok(())
            }
            NoFit::BadSpeedup { speedup: Some(s) } => {
                write!(f, "speedup {s} is not a positive number")
            }
            NoFit::BadSpeedup { speedup: None } => f.write_str("a speedup is not a finite number"),
            NoFit::NoCurve => f.write_str("no USL curve could be fitted to these points"),
        }
    }
}

impl fmt::Display for OffShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OffShape::SerialOutside { s } => write!(f, "Amdahl s = {s:.3}, outside [0, 1]"),
            OffShape::SigmaOutside { sigma } => write!(f, "USL σ = {sigma:.4}, outside [0, 1]"),
            OffShape::KappaNegative { kappa } => write!(f, "USL κ = {kappa:.5}, below 0"),
        }
    }
}

impl fmt::Display for ShapeCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShapeCause::Superlinear => {
                "a speedup above its core count: superlinear caching (more cache with more cores) or a slow one-core baseline"
            }
            ShapeCause::Slower => {
                "slower with more cores: oversubscription (more threads than cores) or contention"
            }
            ShapeCause::BendsUp => {
                "a curve that bends upwards: noise in the measurements, or caching that grows with the cores"
            }
            ShapeCause::GrowingLosses => {
                "losses that grow faster than a serial part explains: oversubscription or noise"
            }
        })
    }
}

impl fmt::Display for NotAmdahl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not Amdahl-shaped ({}): likely {}", self.off, self.cause)
    }
}

/// The one wording of where adding cores stops paying, as it follows the
/// words "stops paying": `beyond 2 cores`, `not drawn from …`, `—`.
impl fmt::Display for In<'_, StopsPaying> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.1.noun();
        match *self.0 {
            StopsPaying::Beyond { at, by } => {
                write!(f, "beyond {}", Count(at, noun))?;
                match by {
                    Bound::Fit | Bound::NotRecorded => Ok(()),
                    Bound::Work => {
                        f.write_str(" (what the work allows: T1/T∞ and the model's schedule)")
                    }
                    Bound::Peak => f.write_str(" (the USL's peak)"),
                }
            }
            StopsPaying::NotWithin { searched } => {
                write!(f, "not within {}", Count(searched, noun))
            }
            StopsPaying::NotAmdahlShaped => {
                f.write_str("not drawn from a fit that is not Amdahl-shaped")
            }
            StopsPaying::NoisyTick { spread } => write!(
                f,
                "not drawn from two points with a tick spread of {}",
                Pct::new(spread)
            ),
            StopsPaying::NoLaw => f.write_str("—"),
            StopsPaying::NotRecorded => f.write_str("not recorded"),
        }
    }
}

impl fmt::Display for In<'_, Withheld> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.1.noun();
        match self.0 {
            Withheld::Impossible => {
                f.write_str("no projection is made beyond what P cores can do (0 to P×)")
            }
            Withheld::NoisyTick { spread } => write!(
                f,
                "no projection is drawn from two points with a tick spread of {}",
                Pct::new(*spread)
            ),
            Withheld::TooNoisy {
                all: true, widest, ..
            } => write!(
                f,
                "too noisy to project beyond {}: the 95% interval of each projection is wider than the speedup itself",
                Count(*widest, noun)
            ),
            Withheld::TooNoisy { counts, .. } => {
                let list: Vec<String> = counts.iter().map(usize::to_string).collect();
                write!(
                    f,
                    "too noisy to project to {} {}: the 95% interval there is wider than the speedup itself",
                    list.join(" or "),
                    plural(counts.last().copied().unwrap_or(2), noun)
                )
            }
        }
    }
}

impl fmt::Display for In<'_, NoIntervals> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            NoIntervals::NoSpread { at, runs } => write!(
                f,
                "unknown: {} at {}, so there is no spread to resample",
                if runs == 0 { "no run" } else { "one run" },
                Count(at, self.1.noun())
            ),
            NoIntervals::TooFewRefits {
                refitted,
                resamples,
            } => write!(
                f,
                "only {refitted} of {resamples} resamples could be refitted (too few distinct N drawn); no USL intervals are given"
            ),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = Unit::Threads;
        match self {
            Verdict::NotAmdahl { shape } => shape.fmt(f),
            Verdict::CeilingBelowMeasured {
                s,
                ceiling,
                best,
                at,
            } => write!(
                f,
                "Amdahl s ≈ {s:.3} puts the ceiling at {ceiling:.2}×, below the {best:.2}× measured at {}: the fitted curve does not describe these runs (noisy runs, or too few counts); take the measured speedups, not the fit",
                Count(*at, unit.noun())
            ),
            Verdict::Ceiling {
                s,
                ci95,
                ceiling,
                stops_paying,
            } => {
                write!(f, "Amdahl s ≈ {s:.3}")?;
                if let Some((lo, hi)) = ci95 {
                    write!(f, " (95% interval {lo:.3}–{hi:.3})")?;
                }
                write!(
                    f,
                    ": at most {ceiling:.1}× on any number of {}s",
                    unit.noun()
                )?;
                match stops_paying {
                    StopsPaying::Beyond { .. } | StopsPaying::NotWithin { .. } => {
                        write!(f, "; stops paying {}", In(stops_paying, unit))
                    }
                    _ => Ok(()),
                }
            }
            Verdict::Linear => {
                f.write_str("no measurable serial fraction: speedup tracked the thread count")
            }
            Verdict::NoFit { why: Some(why) } => write!(f, "no fit: {why:#}"),
            Verdict::NoFit { why: None } => f.write_str("no fit"),
        }
    }
}

impl fmt::Display for Baseline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Baseline::MeasuredX1 { x } => write!(f, "the measured X(1) = {}", sig(x)),
            Baseline::FittedLambda { lambda } => {
                write!(f, "the fitted λ = {} (N = 1 was not measured)", sig(lambda))
            }
        }
    }
}

/// How `scale` shows the program it scanned: its argv, or `sh -c '…'`.
pub fn command(program: &[String], shell: bool) -> String {
    let joined = program.join(" ");
    if shell {
        format!("sh -c '{joined}'")
    } else {
        joined
    }
}

/// `conpar fit`'s USL off its shape: the figures outside their range.
#[derive(Debug, Clone, Copy)]
pub struct NotUslShaped {
    /// σ.
    pub sigma: f64,
    /// κ.
    pub kappa: f64,
}

impl fmt::Display for NotUslShaped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut why = Vec::new();
        if !(0.0..=1.0).contains(&self.sigma) {
            why.push(format!("σ = {:.4} is outside [0, 1]", self.sigma));
        }
        if self.kappa < 0.0 {
            why.push(format!("κ = {:.3e} is negative", self.kappa));
        }
        write!(
            f,
            "not USL-shaped: {} (throughput that grows faster than N, or noise larger than the bend); no peak is drawn from it",
            why.join(" and ")
        )
    }
}

/// `conpar fit`'s Amdahl serial fraction outside [0, 1].
#[derive(Debug, Clone, Copy)]
pub struct NotAmdahlShaped(pub f64);

impl fmt::Display for NotAmdahlShaped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not Amdahl-shaped: the serial fraction {:.4} is outside [0, 1] (speedup beyond N, or falling)",
            self.0
        )
    }
}

impl fmt::Display for ReadNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadNote::ColumnUnused { column, used } => write!(
                f,
                "column `{column}` was read but not used: {used} comes first"
            ),
            ReadNote::LevelsLeftOut { levels } => write!(
                f,
                "{} without a positive throughput {} left out",
                Count(*levels, "level"),
                plural(*levels, "was")
            ),
        }
    }
}

#[cfg(test)]
#[path = "scaling_tests.rs"]
mod tests;

/// The labels of `scale`'s lines below its table, and what `!` means there.
pub mod scale_lines {
    /// Before the fitted laws.
    pub const FIT: &str = "fit: ";
    /// Before the projections.
    pub const PROJECTED: &str = "projected, not measured: ";
    /// Before why the fits have no intervals.
    pub const INTERVALS: &str = "intervals ";
    /// What `!` marks.
    pub const OVERSUBSCRIBED: &str = "! more threads than allowed CPUs: oversubscribed";

    /// A count's failed runs, beside its row.
    pub fn failed(runs: usize) -> String {
        format!("({} failed)", super::super::Count(runs, "run"))
    }
}
