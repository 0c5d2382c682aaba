//! How a claim is judged against its own statement, with the noise measured
//! in the same run. Pure: numbers in, verdicts out.
//!
//! A measured figure is a [`Band`]: its median and its noise band. Against a
//! physical bound (a speedup the work cannot pass) the one rule of
//! [`crate::judge`] applies: a figure past the bound by more than its own
//! noise and the bound's together is **suspect**; one past it by less is
//! consistent with it. Then:
//!
//! - a claim that a figure is near a target (within a stated tolerance,
//!   never above its bound) **holds** when the band lies at or above the
//!   tolerance's floor or reaches the target, **does not hold** when the
//!   whole band lies below the floor, and otherwise **cannot tell**;
//! - a claim that a figure exceeds a threshold (slower, faster) holds when
//!   the whole band lies above it, does not hold when the whole band lies at
//!   or below it, and otherwise cannot tell;
//! - a claim this host cannot measure (it needs more CPUs than it allows) is
//!   **not measured here**, with the model's projection beside it.
//!
//! The model's accuracy is judged apart: within [`MODEL_TOLERANCE`] of the
//! median, or anywhere inside the band, is "within"; else it "misses".

use crate::results::run::Row;
use crate::results::tour::{ClaimVerdict, ModelVerdict, ModelWhy, Reason};

pub use crate::findings::tour::Drift;

/// How far the model's figure may be from the measured median and still be
/// "within" (when it is also outside the noise band).
pub const MODEL_TOLERANCE: f64 = 0.10;

pub use crate::judge::{Band, Beyond, beyond};

/// The outcome of judging one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgment {
    pub verdict: ClaimVerdict,
    /// Why, with the numbers.
    pub reason: Reason,
    /// The relative noise margin it was judged with.
    pub margin: Option<f64>,
}

impl Judgment {
    /// A judgment with `verdict`, `reason` and `margin`.
    pub fn new(verdict: ClaimVerdict, reason: Reason, margin: Option<f64>) -> Judgment {
        Judgment {
            verdict,
            reason,
            margin,
        }
    }
}

/// The verdict on "the figure is near `target`, at most `tol` below it", for
/// a figure that cannot pass `bound` (measured, so known only to its own
/// band): suspect only beyond the bound by more than the noise of both
/// ([`beyond`]); holds when the band lies at or above the tolerance's floor
/// or reaches the target; does not hold when it lies wholly below the floor.
pub fn near_capped(m: Band, target: f64, tol: f64, bound: Band) -> ClaimVerdict {
    let floor = target * (1.0 - tol);
    match beyond(m, bound) {
        Beyond::Yes => ClaimVerdict::Suspect,
        _ if m.lo >= floor || m.hi >= target => ClaimVerdict::Holds,
        _ if m.hi < floor => ClaimVerdict::DoesNotHold,
        _ => ClaimVerdict::CannotTell,
    }
}

/// The verdict on "the figure is above `threshold`".
pub fn above(m: Band, threshold: f64) -> ClaimVerdict {
    if m.lo > threshold {
        ClaimVerdict::Holds
    } else if m.hi <= threshold {
        ClaimVerdict::DoesNotHold
    } else {
        ClaimVerdict::CannotTell
    }
}

/// The verdict on "the figure is below `threshold`".
pub fn below(m: Band, threshold: f64) -> ClaimVerdict {
    if m.hi < threshold {
        ClaimVerdict::Holds
    } else if m.lo >= threshold {
        ClaimVerdict::DoesNotHold
    } else {
        ClaimVerdict::CannotTell
    }
}

/// The model's figure `predicted` against the measured `m`: within
/// [`MODEL_TOLERANCE`] or the noise band, or how far off, with `why`.
pub fn model_accuracy(m: Band, predicted: f64, why: ModelWhy) -> ModelVerdict {
    let error = m.mid / predicted - 1.0;
    let inside = m.lo <= predicted && predicted <= m.hi;
    ModelVerdict {
        within: Some(inside || error.abs() <= MODEL_TOLERANCE),
        error: error.is_finite().then_some(error),
        tolerance: MODEL_TOLERANCE,
        why: Some(why),
    }
}

/// A qualitative model figure (an order, a yes/no) that `matched` or not.
pub fn model_matches(matched: bool, why: ModelWhy) -> ModelVerdict {
    ModelVerdict {
        within: Some(matched),
        error: None,
        tolerance: 0.0,
        why: Some(why),
    }
}

/// The worst of several verdicts: suspect, then does not hold, then cannot
/// tell, then holds.
pub fn worst(vs: impl IntoIterator<Item = ClaimVerdict>) -> ClaimVerdict {
    let rank = |v: ClaimVerdict| match v {
        ClaimVerdict::Holds => 0,
        ClaimVerdict::NotMeasured => 1,
        ClaimVerdict::CannotTell => 1,
        ClaimVerdict::DoesNotHold => 2,
        ClaimVerdict::Suspect => 3,
        ClaimVerdict::Error => 4,
    };
    vs.into_iter()
        .max_by_key(|&v| rank(v))
        .unwrap_or(ClaimVerdict::CannotTell)
}

/// The drift recorded in a row.
pub fn drift_of(r: &Row) -> Drift {
    Drift {
        during: r.tick_drift,
        baseline: r.baseline_drift,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: f64, mid: f64, hi: f64) -> Band {
        Band { lo, mid, hi }
    }

    #[test]
    fn near_a_capped_target() {
        use ClaimVerdict::*;
        let two = Band::exact(2.0);
        assert_eq!(near_capped(b(1.9, 1.95, 2.0), 2.0, 0.1, two), Holds);
        assert_eq!(near_capped(b(1.9, 1.98, 2.05), 2.0, 0.1, two), Holds);
        // The median above the bound, within the noise: on the bound, holds.
        assert_eq!(near_capped(b(1.97, 2.02, 2.04), 2.0, 0.1, two), Holds);
        assert_eq!(near_capped(b(2.1, 2.2, 2.3), 2.0, 0.1, two), Suspect);
        assert_eq!(near_capped(b(1.0, 1.2, 1.5), 2.0, 0.1, two), DoesNotHold);
        // The band reaches the target: consistent with the claim.
        assert_eq!(near_capped(b(1.5, 1.8, 2.1), 2.0, 0.1, two), Holds);
        // The band straddles the floor and stops short of the target.
        assert_eq!(near_capped(b(1.6, 1.75, 1.9), 2.0, 0.1, two), CannotTell);
        // 0.2 % past a bound known to 1 %: holds; 1 % past an exact one with
        // 0.1 % noise: suspect.
        let at = |mid: f64| Band::relative(mid, 0.001);
        assert_eq!(near_capped(at(1.0), 1.0, 0.1, Band::exact(1.0)), Holds);
        assert_eq!(
            near_capped(at(1.002), 1.0, 0.1, Band::relative(1.0, 0.01)),
            Holds
        );
        assert_eq!(near_capped(at(1.01), 1.0, 0.1, Band::exact(1.0)), Suspect);
    }

    #[test]
    fn above_and_below_a_threshold() {
        use ClaimVerdict::*;
        assert_eq!(above(b(1.05, 1.2, 1.3), 1.0), Holds);
        assert_eq!(above(b(0.6, 0.7, 1.0), 1.0), DoesNotHold);
        assert_eq!(above(b(0.9, 1.05, 1.2), 1.0), CannotTell);
        assert_eq!(below(b(3.0, 4.0, 5.0), 7.6), Holds);
        assert_eq!(below(b(7.6, 7.8, 8.0), 7.6), DoesNotHold);
        assert_eq!(worst([Holds, CannotTell, Holds]), CannotTell);
        assert_eq!(worst([DoesNotHold, Suspect]), Suspect);
    }

    #[test]
    fn the_model_is_judged_apart() {
        let m = model_accuracy(b(0.9, 1.0, 1.1), 1.05, ModelWhy::IoCosts);
        assert_eq!(m.within, Some(true));
        assert!((m.error.unwrap() + 0.0476).abs() < 1e-3, "{m:?}");
        let m = model_accuracy(b(3.9, 4.0, 4.1), 4.71, ModelWhy::IoCosts);
        assert_eq!(m.within, Some(false));
        assert!((m.error.unwrap() + 0.1507).abs() < 1e-3, "{m:?}");
        let m = model_matches(true, ModelWhy::Deadlock);
        assert_eq!((m.within, m.error), (Some(true), None));
    }
}
