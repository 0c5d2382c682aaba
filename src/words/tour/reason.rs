//! Each [`Reason`] and [`Undecided`] in words, told with the claim's kind
//! and figures where the sentence names them.

use super::model::Cause;
use super::others;
use super::{Banded, uneven_label};
use crate::findings::tour::{
    ClaimKind, ClaimResult, ClaimVerdict, Figures, Interval, Reason, Undecided,
};
use crate::model::amdahl;
use crate::words::{Count, Pct, Secs};

fn pct(x: f64) -> String {
    Pct::new(x).to_string()
}

/// The claim's reason in words.
pub fn reason(c: &ClaimResult) -> String {
    tell(c, &c.reason)
}

/// What holds means for a capped claim, and the bound's name.
fn capped_words(c: &ClaimResult) -> (&'static str, String) {
    match c.name {
        ClaimKind::InterleaveSum => (
            "one thread took turns in the model's order and finished at the sum",
            "the most one core can do".into(),
        ),
        ClaimKind::ParallelMax => (
            "both tasks ran at once and finished at the max",
            "the longest task's limit T1/T∞".into(),
        ),
        _ => (
            "the last task ran alone while the other cores idled",
            format!("the bound for {} that cannot be split", uneven_label(c)),
        ),
    }
}

fn tell(c: &ClaimResult, r: &Reason) -> String {
    let margin = pct(c.margin.unwrap_or(f64::NAN));
    match r {
        Reason::FasterThanPossible { why } => why.to_string(),
        Reason::BeyondBound { .. } | Reason::Near { .. } | Reason::FarBelow { .. } => {
            capped_reason(c, r)
        }
        Reason::OtherOrder { seen, model } => {
            format!("the tasks ran in the order {seen}, not the model's {model}")
        }
        Reason::AboveLaw { .. } | Reason::OnTheCurve { .. } | Reason::BelowTheCurve { .. } => {
            others::law_reason(r)
        }
        Reason::Compared { figure, .. } => compared(c, *figure, None),
        Reason::ClockWrong { .. }
        | Reason::OneLoopTooFast { .. }
        | Reason::MoreThanCores { .. }
        | Reason::Lost { .. }
        | Reason::SafeLost
        | Reason::NoneLost
        | Reason::Deadlocked
        | Reason::NoDeadlock => others::counted_reason(r),
        Reason::Sorts {
            cores,
            quick,
            merge,
        } => sorts(c, *cores, *quick, *merge),
        Reason::BeyondSpan {
            cores,
            quick,
            parallelism,
        } => format!(
            "quicksort's {} on {} is beyond its parallelism {parallelism:.2} by more than its noise (±{}): faster than its span allows; the span was measured while something slowed the one worker",
            Banded(*quick),
            Count(*cores, "core"),
            pct((quick.mid - quick.lo) / quick.mid)
        ),
        Reason::Undecided(u) => undecided(c, u, &margin),
        Reason::Failed { message } => message.clone(),
        Reason::Unknown => {
            "not recorded: the document was upgraded from a layout whose reasons were sentences"
                .into()
        }
    }
}

/// The two sorts' parallelism, from the figures.
fn parallelism(c: &ClaimResult) -> (f64, f64) {
    match &c.figures {
        Some(Figures::SpanLimits {
            quicksort_parallelism,
            mergesort_parallelism,
            ..
        }) => (*quicksort_parallelism, *mergesort_parallelism),
        _ => (f64::NAN, f64::NAN),
    }
}

fn sorts(c: &ClaimResult, cores: usize, quick: Interval, merge: Interval) -> String {
    let (qp, mp) = parallelism(c);
    if c.claim_verdict == Some(ClaimVerdict::Holds) {
        format!(
            "quicksort stopped at {} on {}, within its parallelism {qp:.1}, while mergesort (parallelism {mp:.0}) reached {}: the span, not the cores, held quicksort back",
            Banded(quick),
            Count(cores, "core"),
            Banded(merge)
        )
    } else {
        format!(
            "mergesort's {} on {} is below quicksort's {}, though its parallelism ({mp:.0}) is far above quicksort's ({qp:.1})",
            Banded(merge),
            Count(cores, "core"),
            Banded(quick)
        )
    }
}

/// A figure compared with the claim's threshold: decided beyond the noise,
/// or (with `margin`) within it.
fn compared(c: &ClaimResult, figure: Interval, margin: Option<&str>) -> String {
    let b = Banded(figure);
    let holds = c.claim_verdict == Some(ClaimVerdict::Holds);
    match (c.name, margin, holds) {
        (ClaimKind::EightCores, None, true) => format!(
            "{b} on 8 cores is {} of the core count, well below 8× (under 95% of it)",
            pct(figure.mid / 8.0)
        ),
        (ClaimKind::EightCores, None, false) => format!("{b} on 8 cores is within 5% of 8×"),
        (ClaimKind::EightCores, Some(_), _) => {
            format!("{b} on 8 cores reaches 7.6× within the noise: cannot tell")
        }
        (ClaimKind::ContextSwitches, m, _) => super::wide::switching(c, figure, m, holds),
        (ClaimKind::BlockingIo, None, true) => {
            format!("the event loop overlapped the waits: {b} sooner, beyond 2× and the noise")
        }
        (ClaimKind::BlockingIo, None, false) => {
            format!("the event loop was only {b} sooner: the waits did not overlap")
        }
        (ClaimKind::BlockingIo, Some(_), _) => {
            format!("{b} sooner straddles 2× within the noise: cannot tell")
        }
        (ClaimKind::AsyncNotParallel, None, true) => {
            let (p, cpu) = loops(c);
            format!(
                "one loop needed all {} of CPU work one request at a time; {p} loops split it: {b} faster, beyond the noise",
                Secs(cpu)
            )
        }
        (ClaimKind::AsyncNotParallel, None, false) => {
            format!("{} loops were not faster than one: {b}", loops(c).0)
        }
        (ClaimKind::AsyncNotParallel, Some(_), _) => format!(
            "{} loops gained {b}, within the noise of no gain: cannot tell",
            loops(c).0
        ),
        (_, Some(m), _) => format!("{b} lies within the noise (±{m}) of the claim's threshold"),
        (_, None, _) => format!("{b}, beyond the noise of the claim's threshold"),
    }
}

/// The loops' count and the CPU work, from the figures.
fn loops(c: &ClaimResult) -> (usize, f64) {
    match &c.figures {
        Some(Figures::AsyncNotParallel {
            cores, cpu_total_s, ..
        }) => (*cores, *cpu_total_s),
        _ => (0, f64::NAN),
    }
}

fn undecided(c: &ClaimResult, u: &Undecided, margin: &str) -> String {
    match u {
        Undecided::WithinNoise { figure, .. } => compared(c, *figure, Some(margin)),
        Undecided::Straddles {
            figure,
            floor,
            target,
            tolerance,
        } => format!(
            "{} straddles {floor:.2}×, {} below the claim's {target:.2}×: the noise (±{margin}) is wider than the difference; more repetitions (--repeat) would tell",
            Banded(*figure),
            pct(*tolerance)
        ),
        Undecided::StraddlesTheCurve {
            cores,
            figure,
            law,
            tolerance,
        } => format!(
            "at {} {} against Amdahl's {law:.2}×: the noise straddles {} below the curve: cannot tell whether the curve holds there",
            Count(*cores, "core"),
            Banded(*figure),
            pct(*tolerance)
        ),
        Undecided::Overlap {
            cores,
            quick,
            merge,
        } => format!(
            "mergesort's {} and quicksort's {} on {} overlap within their noise; more repetitions (--repeat) would tell",
            Banded(*merge),
            Banded(*quick),
            Count(*cores, "core")
        ),
        Undecided::NoLossOnOneCpu => {
            "no update was lost on one CPU: the threads rarely switch inside an increment".into()
        }
        Undecided::TickMoved { off, tolerance } => format!(
            "the tick moved by {} between the measurements of a pair, more than the claim's tolerance of {}, so the figures can be off by more than the claim allows",
            pct(*off),
            pct(*tolerance)
        ),
        Undecided::NotEnoughCpus { needs, has } => too_few(c, *needs, *has),
        Undecided::Projected {
            needs,
            has,
            figure,
            would,
        } => format!(
            "this host allows {}; the projection, {} on {needs} cores, is {}",
            Count(*has, "core"),
            Banded(*figure),
            match would {
                ClaimVerdict::Holds => "well below 8×",
                ClaimVerdict::DoesNotHold => "within 5% of 8×",
                _ => "near 7.6× within its interval",
            }
        ),
        Undecided::HostFull { cpus, judged } => format!(
            "other programs kept {cpus:.1} CPUs busy on average while this was measured, so the figures say as much about them as about the claim ({})",
            tell(c, judged)
        ),
        Undecided::NothingMeasured => "nothing was measured".into(),
    }
}

/// Not measured here: what the claim needs and what this host allows.
fn too_few(c: &ClaimResult, needs: usize, has: usize) -> String {
    let allows = format!("this host allows {}", Count(has, "CPU"));
    match &c.figures {
        Some(Figures::ParallelMax {
            predicted_speedup, ..
        }) => format!(
            "{allows}, so nothing can run at the same instant here; the model gives {predicted_speedup:.2}× on {needs} cores"
        ),
        Some(Figures::Amdahl {
            serial_fraction: s, ..
        }) => format!(
            "{allows}, and at one core Amdahl's law says nothing (S(1) = 1 for any serial fraction); the law gives {:.2}× on 2 cores and a ceiling of {:.0}×",
            amdahl(*s, 2.0),
            1.0 / s
        ),
        Some(Figures::AsyncNotParallel { .. }) => {
            format!("{allows}: one loop per core is one loop, so the claim cannot be measured here")
        }
        Some(Figures::SpanLimits {
            quicksort_parallelism: qp,
            mergesort_parallelism: mp,
            ..
        }) => format!(
            "quicksort's measured parallelism T1/T∞ is {qp:.1}: its span binds only on {needs} cores or more, and {allows}; mergesort's is {mp:.0}"
        ),
        _ => format!("{allows}; the claim needs {needs}"),
    }
}

/// A capped claim's reason: beyond its bound, near its target, or far below it.
fn capped_reason(c: &ClaimResult, r: &Reason) -> String {
    match r {
        Reason::BeyondBound {
            figure,
            bound,
            excess,
            noise,
            drift,
        } => format!(
            "{} is {} beyond {:.2}×, {}, more than the noise of the figure and of the bound together (±{}): faster than possible — {}",
            Banded(*figure),
            pct(*excess),
            bound.mid,
            capped_words(c).1,
            pct(*noise),
            Cause(*drift)
        ),
        Reason::Near {
            figure,
            target,
            tolerance,
            bound,
            noise,
        } => {
            let (holds, bound_name) = capped_words(c);
            match noise {
                Some(n) => format!(
                    "{holds}: {}, at {bound:.2}×, {bound_name}, within the noise of the figure and of the bound (±{})",
                    Banded(*figure),
                    pct(*n)
                ),
                None => format!(
                    "{holds}: {}, within {} of {target:.2}× and not beyond {bound_name}",
                    Banded(*figure),
                    pct(*tolerance)
                ),
            }
        }
        Reason::FarBelow {
            figure,
            target,
            tolerance,
            why,
        } => {
            let said = format!(
                "{} is more than {} below the claim's {target:.2}×",
                Banded(*figure),
                pct(*tolerance)
            );
            match why {
                Some(w) => format!("{said}: {w}"),
                None => said,
            }
        }
        _ => String::new(),
    }
}
