//! Each claim's judgment from its measured figures, against the claim's own
//! statement, with the rules of [`super::judge`]. Pure: the claims measure,
//! these functions decide, so every verdict can be tested on numbers from any
//! host.
//!
//! Tolerances are stated in every reason: a figure "near" a target is within
//! [`TOLERANCE`] below it; "well below 8×" is under 95 % of it; an event loop
//! "does not hold a core hostage" when it finishes at least twice as soon.

use super::judge::{Band, Beyond, Drift, Judgment, below, beyond, near_capped, worst};
use crate::findings::Why;
use crate::findings::tour::{Interval, Reason, Undecided};
use crate::judge::{allowance, excess};
use crate::results::tour::ClaimVerdict::{
    self, CannotTell, DoesNotHold, Holds, NotMeasured, Suspect,
};

/// How far below its target a figure may lie and still be "near" it.
pub const TOLERANCE: f64 = 0.10;

/// A figure the claim puts at `target`, that the work cannot push past `bound`.
pub struct Capped<'a> {
    /// The measured figure.
    pub m: Band,
    /// What the claim says it is.
    pub target: f64,
    /// What no run can pass, with the noise of the tick it is counted in.
    pub bound: Band,
    /// Why the figure fell short, when it does (the row's "why").
    pub short: Option<&'a Why>,
    /// The tick drift measured around the run.
    pub drift: Drift,
    /// The row's "why" when its wall beat the model's lower bound.
    pub faster: Option<&'a Why>,
}

fn faster_than_possible(why: &Why) -> Reason {
    Reason::FasterThanPossible { why: why.clone() }
}

/// The judgment on a [`Capped`] figure.
pub fn capped(c: &Capped) -> Judgment {
    let margin = Some(c.m.margin());
    if let Some(why) = c.faster {
        return Judgment::new(Suspect, faster_than_possible(why), margin);
    }
    let figure = Interval::from(c.m);
    let v = near_capped(c.m, c.target, TOLERANCE, c.bound);
    let noise = allowance(c.m, c.bound);
    let reason = match v {
        Suspect => Reason::BeyondBound {
            figure,
            bound: c.bound.into(),
            excess: excess(c.m, c.bound),
            noise,
            drift: c.drift,
        },
        CannotTell => Reason::Undecided(Undecided::Straddles {
            figure,
            floor: c.target * (1.0 - TOLERANCE),
            target: c.target,
            tolerance: TOLERANCE,
        }),
        Holds => Reason::Near {
            figure,
            target: c.target,
            tolerance: TOLERANCE,
            bound: c.bound.mid,
            noise: (beyond(c.m, c.bound) == Beyond::WithinNoise).then_some(noise),
        },
        _ => Reason::FarBelow {
            figure,
            target: c.target,
            tolerance: TOLERANCE,
            why: c.short.cloned(),
        },
    };
    Judgment::new(v, reason, margin)
}

/// interleave-sum: one thread taking turns runs the model's order and
/// finishes at the sum (speedup 1×, which one core cannot pass).
pub fn taking_turns(seen: &str, model: &str, c: &Capped) -> Judgment {
    if seen != model {
        return Judgment::new(
            DoesNotHold,
            Reason::OtherOrder {
                seen: seen.into(),
                model: model.into(),
            },
            None,
        );
    }
    capped(c)
}

/// Not measured here: the claim needs `needs` CPUs, the host allows `has`.
fn too_few(needs: usize, has: usize) -> Judgment {
    Judgment::new(
        NotMeasured,
        Reason::Undecided(Undecided::NotEnoughCpus { needs, has }),
        None,
    )
}

/// parallel-max on `p` cores.
pub fn at_the_max(p: usize, c: &Capped) -> Judgment {
    if p < 2 {
        return too_few(2, p);
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
        return too_few(2, 1);
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
        return Judgment::new(
            CannotTell,
            Reason::Undecided(Undecided::NothingMeasured),
            None,
        );
    };
    let (cores, figure, law) = (a.cores, Interval::from(a.speedup), a.law);
    let reason = match v {
        Suspect => Reason::AboveLaw {
            cores,
            figure,
            law,
            why: a.faster.cloned(),
            drift: a.drift,
        },
        DoesNotHold => Reason::BelowTheCurve {
            cores,
            figure,
            law,
            tolerance: TOLERANCE,
            ceiling,
            model: a.model,
        },
        CannotTell => Reason::Undecided(Undecided::StraddlesTheCurve {
            cores,
            figure,
            law,
            tolerance: TOLERANCE,
        }),
        _ => Reason::OnTheCurve {
            tolerance: TOLERANCE,
            worst_gap: points
                .iter()
                .map(|a| 1.0 - a.speedup.mid / a.law)
                .fold(0.0, f64::max),
            ceiling,
        },
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

/// Well below 8×: under 95 % of it.
pub const WELL_BELOW_EIGHT: f64 = 0.95 * 8.0;

/// "8 cores rarely give 8×": under 95 % of 8×. On a host with fewer than 8
/// CPUs the figure is a projection, and the verdict says it was not measured
/// here, with the projection and what it would mean.
pub fn well_below_eight(e: &EightCores) -> Judgment {
    let margin = Some(e.eight.margin());
    match (e.faster, beyond(e.measured, e.law_top)) {
        (Some(why), _) => return Judgment::new(Suspect, faster_than_possible(why), margin),
        (None, Beyond::Yes) => {
            let reason = Reason::AboveLaw {
                cores: e.top,
                figure: e.measured.into(),
                law: e.law_top.mid,
                why: None,
                drift: e.drift,
            };
            return Judgment::new(Suspect, reason, margin);
        }
        _ => {}
    }
    let v = below(e.eight, WELL_BELOW_EIGHT);
    let figure = Interval::from(e.eight);
    if e.projected {
        let reason = Undecided::Projected {
            needs: 8,
            has: e.top,
            figure,
            would: v,
        };
        return Judgment::new(NotMeasured, Reason::Undecided(reason), margin);
    }
    let reason = match v {
        CannotTell => Reason::Undecided(Undecided::WithinNoise {
            figure,
            threshold: WELL_BELOW_EIGHT,
        }),
        _ => Reason::Compared {
            figure,
            threshold: WELL_BELOW_EIGHT,
        },
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
