//! Each claim's judgment from its measured figures, against the claim's own
//! statement, with the rules of [`super::judge`]. Pure: the claims measure,
//! these functions decide, so every verdict can be tested on numbers from any
//! host.
//!
//! Tolerances are stated in every reason: a figure "near" a target is within
//! [`TOLERANCE`] below it; "well below 8×" is under 95 % of it; an event loop
//! "does not hold a core hostage" when it finishes at least twice as soon.

use super::judge::{Band, Beyond, Drift, Judgment, below, beyond, drift_cause, near_capped, worst};
use crate::findings::Why;
use crate::judge::excess;
use crate::results::tour::ClaimVerdict::{
    self, CannotTell, DoesNotHold, Holds, NotMeasured, Suspect,
};

/// How far below its target a figure may lie and still be "near" it.
pub const TOLERANCE: f64 = 0.10;

fn pct(x: f64) -> String {
    crate::words::Pct::new(x).to_string()
}

/// A figure the claim puts at `target`, that the work cannot push past `bound`.
pub struct Capped<'a> {
    /// The measured figure.
    pub m: Band,
    /// What the claim says it is.
    pub target: f64,
    /// What no run can pass, with the noise of the tick it is counted in.
    pub bound: Band,
    /// What the bound is, in words.
    pub bound_name: &'a str,
    /// What it means when the claim holds.
    pub holds: &'a str,
    /// Why the figure fell short, when it does (the row's "why").
    pub short: &'a dyn std::fmt::Display,
    /// The tick drift measured around the run.
    pub drift: Drift,
    /// The row's "why" when its wall beat the model's lower bound.
    pub faster: Option<&'a Why>,
}

/// The judgment on a [`Capped`] figure.
pub fn capped(c: &Capped) -> Judgment {
    let margin = Some(c.m.margin());
    let band = c.m.show("×");
    if let Some(why) = c.faster {
        return Judgment::new(Suspect, why.to_string(), margin);
    }
    let floor = c.target * (1.0 - TOLERANCE);
    let v = near_capped(c.m, c.target, TOLERANCE, c.bound);
    let noise = pct(c.m.below() + c.bound.above());
    let reason = match v {
        Suspect => format!(
            "{band} is {} beyond {:.2}×, {}, more than the noise of the figure and of the bound together (±{noise}): faster than possible — {}",
            pct(excess(c.m, c.bound)),
            c.bound.mid,
            c.bound_name,
            drift_cause(c.drift)
        ),
        CannotTell => format!(
            "{band} straddles {floor:.2}×, {} below the claim's {:.2}×: the noise (±{}) is wider than the difference; more repetitions (--repeat) would tell",
            pct(TOLERANCE),
            c.target,
            pct(c.m.margin())
        ),
        Holds if beyond(c.m, c.bound) == Beyond::WithinNoise => format!(
            "{}: {band}, at {:.2}×, {}, within the noise of the figure and of the bound (±{noise})",
            c.holds, c.bound.mid, c.bound_name
        ),
        Holds => format!(
            "{}: {band}, within {} of {:.2}× and not beyond {}",
            c.holds,
            pct(TOLERANCE),
            c.target,
            c.bound_name
        ),
        _ => format!(
            "{band} is more than {} below the claim's {:.2}×: {}",
            pct(TOLERANCE),
            c.target,
            c.short
        ),
    };
    Judgment::new(v, reason, margin)
}

/// interleave-sum: one thread taking turns runs the model's order and
/// finishes at the sum (speedup 1×, which one core cannot pass).
pub fn taking_turns(seen: &str, model: &str, c: &Capped) -> Judgment {
    if seen != model {
        return Judgment::new(
            DoesNotHold,
            format!("the tasks ran in the order {seen}, not the model's {model}"),
            None,
        );
    }
    capped(c)
}

/// parallel-max on `p` cores.
pub fn at_the_max(p: usize, c: &Capped) -> Judgment {
    if p < 2 {
        return Judgment::new(
            NotMeasured,
            format!(
                "this host allows one CPU, so nothing can run at the same instant here; the model gives {:.2}× on 2 cores",
                c.target
            ),
            None,
        );
    }
    capped(c)
}

/// One core count of the Amdahl sweep.
pub struct AmdahlPoint<'a> {
    pub cores: usize,
    /// The measured speedup.
    pub speedup: Band,
    /// Amdahl's S(P): the claim's figure and a bound no run of this work passes.
    pub law: f64,
    /// The relative noise of the tick the bound is counted in.
    pub bound_noise: f64,
    /// The model's schedule of the same work (indivisible tasks).
    pub model: f64,
    /// The tick drift around the pair.
    pub drift: Drift,
    /// The row's "why" when it beat the model's lower bound.
    pub faster: Option<&'a Why>,
}

/// amdahl: every measured speedup near Amdahl's curve, never above it. A
/// one-core point says nothing about a parallel law (S(1) = 1 for every
/// serial fraction), so only points on 2 cores or more decide.
pub fn amdahl_curve(points: &[AmdahlPoint], ceiling: f64) -> Judgment {
    let points: Vec<&AmdahlPoint> = points.iter().filter(|a| a.cores >= 2).collect();
    if points.is_empty() {
        return Judgment::new(
            NotMeasured,
            format!(
                "this host allows one CPU, and at one core Amdahl's law says nothing (S(1) = 1 for any serial fraction); the law gives {:.2}× on 2 cores and a ceiling of {ceiling:.0}×",
                1.0 / (1.0 / ceiling + (1.0 - 1.0 / ceiling) / 2.0)
            ),
            None,
        );
    }
    let judged: Vec<ClaimVerdict> = points
        .iter()
        .map(|a| match a.faster {
            Some(_) => Suspect,
            None => near_capped(
                a.speedup,
                a.law,
                TOLERANCE,
                Band::relative(a.law, a.bound_noise),
            ),
        })
        .collect();
    let v = worst(judged.iter().copied());
    let margin = points
        .iter()
        .map(|a| a.speedup.margin())
        .fold(0.0, f64::max);
    // Of the points that decided, the one furthest from the curve.
    let gap = |a: &&AmdahlPoint| (1.0 - a.speedup.mid / a.law).abs();
    let Some((a, _)) = points
        .iter()
        .zip(&judged)
        .filter(|(_, w)| **w == v)
        .max_by(|x, y| gap(x.0).total_cmp(&gap(y.0)))
    else {
        return Judgment::new(CannotTell, "nothing was measured", None);
    };
    let at = format!(
        "at {} core{} {} against Amdahl's {:.2}×",
        a.cores,
        if a.cores == 1 { "" } else { "s" },
        a.speedup.show("×"),
        a.law
    );
    let reason = match v {
        Suspect => format!(
            "{at}: above the law, which no run of this work can pass — {}",
            a.faster
                .map_or_else(|| drift_cause(a.drift), ToString::to_string)
        ),
        DoesNotHold => format!(
            "{at}: {} below the curve (tolerance {}); the ceiling of {ceiling:.0}× holds, the curve does not — the model's schedule of indivisible tasks gives {:.2}×, the rest is overhead the law leaves out",
            pct(1.0 - a.speedup.mid / a.law),
            pct(TOLERANCE),
            a.model
        ),
        CannotTell => format!(
            "{at}: the noise straddles {} below the curve: cannot tell whether the curve holds there",
            pct(TOLERANCE)
        ),
        _ => {
            let worst_gap = points
                .iter()
                .map(|a| 1.0 - a.speedup.mid / a.law)
                .fold(0.0, f64::max);
            format!(
                "every speedup measured on 2 cores or more lies within {} below Amdahl's curve (at most {} below), and none beyond it by more than the noise; the ceiling is {ceiling:.0}×",
                pct(TOLERANCE),
                pct(worst_gap)
            )
        }
    };
    Judgment::new(v, reason, Some(margin))
}

/// eight-cores: the speedup on 8 cores (measured, or projected from `top`
/// cores) stays well below 8×.
pub struct EightCores<'a> {
    /// The widest core count measured.
    pub top: usize,
    /// Its measured speedup.
    pub measured: Band,
    /// Amdahl's S(top) with the noise of the tick: no run of this work passes it.
    pub law_top: Band,
    /// The speedup on 8 cores, measured or projected.
    pub eight: Band,
    /// Whether `eight` is a projection.
    pub projected: bool,
    /// The tick drift around the widest pair.
    pub drift: Drift,
    /// The row's "why" when it beat the model's lower bound.
    pub faster: Option<&'a Why>,
}

/// "8 cores rarely give 8×": under 95 % of 8×. On a host with fewer than 8
/// CPUs the figure is a projection, and the verdict says it was not measured
/// here, with the projection and what it would mean.
pub fn well_below_eight(e: &EightCores) -> Judgment {
    let margin = Some(e.eight.margin());
    let band = e.eight.show("×");
    match (e.faster, beyond(e.measured, e.law_top)) {
        (Some(why), _) => return Judgment::new(Suspect, why.to_string(), margin),
        (None, Beyond::Yes) => {
            return Judgment::new(
                Suspect,
                format!(
                    "{} on {} cores is above Amdahl's {:.2}×, which this work cannot pass, by more than the noise — {}",
                    e.measured.show("×"),
                    e.top,
                    e.law_top.mid,
                    drift_cause(e.drift)
                ),
                margin,
            );
        }
        _ => {}
    }
    let v = below(e.eight, 0.95 * 8.0);
    if e.projected {
        let would = match v {
            Holds => "well below 8×",
            DoesNotHold => "within 5% of 8×",
            _ => "near 7.6× within its interval",
        };
        return Judgment::new(
            NotMeasured,
            format!(
                "this host allows {} core{}; the projection, {band} on 8 cores, is {would}",
                e.top,
                if e.top == 1 { "" } else { "s" }
            ),
            margin,
        );
    }
    let reason = match v {
        Holds => format!(
            "{band} on 8 cores is {} of the core count, well below 8× (under 95% of it)",
            pct(e.eight.mid / 8.0)
        ),
        DoesNotHold => format!("{band} on 8 cores is within 5% of 8×"),
        _ => format!("{band} on 8 cores reaches 7.6× within the noise: cannot tell"),
    };
    Judgment::new(v, reason, margin)
}

mod overlap;
mod span;

pub use span::{SpanLimits, span_can_bind, span_limits};

pub use overlap::{
    Switching, deadlocked, event_loop_sooner, loops_per_core, lost_updates, many_threads_slower,
};

#[cfg(test)]
mod tests;
