//! The words for every [`Warning`]: each sentence exists here once, and
//! nowhere else in the source.

use super::{Count, Pct, Secs};
use crate::findings::{Remedy, Subject, Warning};
use crate::units::Nanos;
use std::fmt;

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Subject::SerialBaseline => f.write_str("the serial baseline"),
            Subject::Pair { strategy, cores } => {
                write!(f, "{strategy} on {}", Count(cores, "core"))
            }
            Subject::Threads { threads } => Count(threads, "thread").fmt(f),
        }
    }
}

impl Remedy {
    /// "more repetitions (-r N)".
    fn more_runs(&self) -> String {
        format!("more repetitions (-r {})", self.runs)
    }

    /// What to try against a noisy or drifting tick.
    fn steadier(&self) -> String {
        if self.tick {
            format!(
                "{}, a longer tick (--tick 20ms) or a quieter machine",
                self.more_runs()
            )
        } else {
            format!("{} or a quieter machine", self.more_runs())
        }
    }
}

/// What an interval is, in words.
fn interval_name(ci95: bool) -> &'static str {
    if ci95 {
        "95% interval of the median"
    } else {
        "min–max"
    }
}

/// "longer" or "less", "slower" or "faster": the direction of `x`.
fn direction(x: f64, up: &'static str, down: &'static str) -> &'static str {
    if x > 0.0 { up } else { down }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, tail) = self.parts();
        write!(f, "{head}{tail}")
    }
}

/// The warnings as lines to print: warnings of one kind that say the same
/// thing of several subjects are one line, each subject's figures first and
/// the explanation and remedy once.
pub fn lines(warnings: &[Warning]) -> Vec<String> {
    let mut groups: Vec<(std::mem::Discriminant<Warning>, String, Vec<String>)> = Vec::new();
    for w in warnings {
        let (head, tail) = w.parts();
        let kind = std::mem::discriminant(w);
        match groups.iter_mut().find(|g| g.0 == kind && g.1 == tail) {
            Some(g) => g.2.push(head),
            None => groups.push((kind, tail, vec![head])),
        }
    }
    groups
        .into_iter()
        .map(|(kind, tail, heads)| {
            let faster = kind
                == std::mem::discriminant(&Warning::FasterThanPossible {
                    what: Subject::SerialBaseline,
                });
            format!("{}{tail}", heads.join(if faster { " and " } else { "; " }))
        })
        .collect()
}

impl Warning {
    /// The warning's figures, about its subject, and the explanation and
    /// remedy that follow them (the same for every subject).
    fn parts(&self) -> (String, String) {
        match self {
            Warning::NoisyCalibration { .. } => (calibration(self), String::new()),
            Warning::FirstRunApart {
                what,
                apart,
                remedy,
            } => (
                format!(
                    "{what}: the first timed run took {} {} than the others",
                    Pct::new(apart.abs()),
                    direction(*apart, "longer", "less")
                ),
                format!(
                    " (caches or the CPU's clock were still settling); try {} so that one run weighs less, or more untimed runs first (--warmup 3)",
                    remedy.more_runs()
                ),
            ),
            Warning::Outliers {
                what,
                outliers,
                runs,
                remedy,
            } => (
                format!(
                    "{what}: {outliers} of {} {} far from the others",
                    Count(*runs, "run"),
                    super::plural(*outliers, "lies")
                ),
                format!(
                    " (an outlier: probably another program ran at the same time); the median is barely moved by it, but a quieter machine or {} makes sure",
                    remedy.more_runs()
                ),
            ),
            Warning::BudgetSpent {
                what,
                runs,
                ci95,
                width,
            } => (
                format!(
                    "{what}: the time budget ran out after {}, with its {} still {} of the median wide",
                    Count(*runs, "run"),
                    interval_name(*ci95),
                    Pct::new(*width).places(1)
                ),
                "; raise --budget or --max-runs for a tighter figure, or take this one as it is"
                    .into(),
            ),
            Warning::TickDrift {
                what,
                drift,
                remedy,
            } => (
                format!(
                    "{what}: a reference tick took {} {} after the runs than before them",
                    Pct::new(drift.abs()),
                    direction(*drift, "longer", "less")
                ),
                format!(
                    " (the CPU's speed or its load changed under them), so its speedup and the model's tick can be off by about as much; try {}",
                    remedy.steadier()
                ),
            ),
            Warning::BaselineDrift {
                what,
                drift,
                remedy,
            } => (
                format!(
                    "{what}: the serial baseline timed just before it ran {} {} than the calibrated tick",
                    Pct::new(drift.abs()),
                    direction(*drift, "slower", "faster"),
                ),
                format!(
                    " ({}), so its speedup can be off by about as much; try {}",
                    direction(
                        *drift,
                        "something else slowed it, which makes every speedup look larger",
                        "the CPU ran faster then than when calibrated"
                    ),
                    remedy.steadier()
                ),
            ),
            Warning::FasterThanPossible { what } => (
                what.to_string(),
                " finished faster than the work allows, which makes those figures suspect (the why says more)"
                    .into(),
            ),
            Warning::NoisyRuns { .. } => noisy_runs(self),
            Warning::CountLeftOut { threads } => (
                format!("every run with {} failed", Count(*threads, "thread")),
                "; that count is left out (--keep-going)".into(),
            ),
            Warning::MeasuredAgain {
                claim,
                first,
                again,
            } => (
                format!(
                    "{claim}: its first {first} runs could not tell, so it was measured again with {again}; the verdict is theirs"
                ),
                String::new(),
            ),
            Warning::BusyHost { claim, cpus } => (
                format!(
                    "{claim}: other programs kept {cpus:.1} CPUs busy on average while this was measured; run the tour on a quiet machine to judge the claim"
                ),
                String::new(),
            ),
        }
    }
}

/// A noisy tick calibration, with its outliers counted apart.
fn calibration(w: &Warning) -> String {
    let Warning::NoisyCalibration {
        spread,
        lo_ns,
        hi_ns,
        quartiles,
        tick_ns,
        outliers,
        max_ns,
        remedy,
    } = w
    else {
        return String::new();
    };
    let range = if *quartiles {
        format!(
            "between their quartiles, {} to {}",
            Nanos(*lo_ns),
            Nanos(*hi_ns)
        )
    } else {
        format!("from {} to {}", Nanos(*lo_ns), Nanos(*hi_ns))
    };
    let beyond = if *outliers > 0 {
        let k = *outliers as usize;
        format!(
            "; {} lay beyond that, up to {} (preempted), and {} not counted in the spread",
            Count(k, "trial"),
            Nanos(*max_ns),
            super::plural(k, "is")
        )
    } else {
        String::new()
    };
    format!(
        "the tick calibration's trials spread by {} ({range}, for a {} tick){beyond}: another program is using this CPU or its clock speed is changing; the predictions use the tick the serial baseline measured just before each pair, so this says how noisy the host is, not how far they are off; try {}",
        Pct::new(*spread),
        Nanos(*tick_ns),
        remedy.steadier()
    )
}

/// A thread count whose runs spread wider than the noise limit.
fn noisy_runs(w: &Warning) -> (String, String) {
    let Warning::NoisyRuns {
        what,
        lo_s,
        hi_s,
        median_s,
        ci95,
        runs,
    } = w
    else {
        return (String::new(), String::new());
    };
    let spread = if *median_s > 0.0 {
        (hi_s - lo_s) / median_s
    } else {
        0.0
    };
    (
        format!(
            "{what}: the runs are noisy: their {} ({} to {}) spans {} of the median {}",
            interval_name(*ci95),
            Secs(*lo_s),
            Secs(*hi_s),
            Pct::new(spread),
            Secs(*median_s),
        ),
        format!(
            ", so the speedups, the fit and its projections are that uncertain (see their intervals); try more repetitions (-r {}) or a quieter machine",
            (2 * runs).max(10)
        ),
    )
}

#[cfg(test)]
#[path = "warnings_tests.rs"]
mod tests;
