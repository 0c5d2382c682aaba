//! How a claim is judged against its own statement, with the noise measured
//! in the same run. Pure: numbers in, verdicts out.
//!
//! A measured figure is a [`Band`]: its median and its noise band — the 95 %
//! interval of the median from 6 runs up, else min–max. A ratio of two
//! figures takes the widest band their bands allow. Then:
//!
//! - a figure beyond a physical bound (a speedup the work cannot reach) by
//!   more than its band is **suspect**; with only the median beyond it, the
//!   verdict **cannot tell**: never a pass;
//! - a claim that a figure is near a target (within a stated tolerance,
//!   never above its bound) **holds** when the whole band lies at or above
//!   the tolerance's floor, **does not hold** when the whole band lies below
//!   it, and otherwise **cannot tell**;
//! - a claim that a figure exceeds a threshold (slower, faster) holds when
//!   the whole band lies above it, does not hold when the whole band lies at
//!   or below it, and otherwise cannot tell.
//!
//! The model's accuracy is judged apart: within [`MODEL_TOLERANCE`] of the
//! median, or anywhere inside the band, is "within"; else it "misses".

use crate::results::run::Row;
use crate::results::tour::{ClaimVerdict, ModelVerdict};
use crate::stats::Summary;

/// How far the model's figure may be from the measured median and still be
/// "within" (when it is also outside the noise band).
pub const MODEL_TOLERANCE: f64 = 0.10;

/// A measured figure with its noise band: `lo ≤ mid ≤ hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Lower end of the noise band.
    pub lo: f64,
    /// The median.
    pub mid: f64,
    /// Upper end of the noise band.
    pub hi: f64,
}

impl Band {
    /// A figure known exactly.
    pub fn exact(x: f64) -> Band {
        Band {
            lo: x,
            mid: x,
            hi: x,
        }
    }

    /// The median of `s` and its noise band ([`Summary::interval`]).
    pub fn of(s: &Summary) -> Band {
        let (lo, hi) = s.interval();
        Band {
            lo: lo.min(s.median),
            mid: s.median,
            hi: hi.max(s.median),
        }
    }

    /// `mid` with the relative band of `like` around it (for one run of a
    /// baseline whose repetitions elsewhere show its noise).
    pub fn around(mid: f64, like: &Summary) -> Band {
        let b = Band::of(like);
        if b.mid <= 0.0 {
            return Band::exact(mid);
        }
        Band {
            lo: mid * b.lo / b.mid,
            mid,
            hi: mid * b.hi / b.mid,
        }
    }

    /// `a ÷ b`, with the widest band the two allow.
    pub fn ratio(a: Band, b: Band) -> Band {
        Band {
            lo: a.lo / b.hi,
            mid: a.mid / b.mid,
            hi: a.hi / b.lo,
        }
    }

    /// Every end multiplied by `k` (≥ 0).
    pub fn scale(self, k: f64) -> Band {
        Band {
            lo: self.lo * k,
            mid: self.mid * k,
            hi: self.hi * k,
        }
    }

    /// Half the band's width over its median: the relative noise margin.
    pub fn margin(&self) -> f64 {
        if self.mid == 0.0 {
            0.0
        } else {
            (self.hi - self.lo) / 2.0 / self.mid.abs()
        }
    }

    /// "1.82× [1.75–1.90]" with `unit` after each number.
    pub fn show(&self, unit: &str) -> String {
        format!("{:.2}{unit} [{:.2}–{:.2}]", self.mid, self.lo, self.hi)
    }
}

/// The outcome of judging one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgment {
    /// The verdict.
    pub verdict: ClaimVerdict,
    /// Why, from the numbers.
    pub reason: String,
    /// The relative noise margin it was judged with.
    pub margin: Option<f64>,
}

impl Judgment {
    /// A judgment with `verdict`, `reason` and `margin`.
    pub fn new(verdict: ClaimVerdict, reason: impl Into<String>, margin: Option<f64>) -> Judgment {
        Judgment {
            verdict,
            reason: reason.into(),
            margin,
        }
    }
}

/// Where a figure lies against a bound no run can pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    /// At or below it, or its band reaches it.
    No,
    /// Only the median lies beyond: within the noise.
    WithinNoise,
    /// The whole band lies beyond.
    Yes,
}

/// Whether `m` passes `bound` (a maximum).
pub fn beyond(m: Band, bound: f64) -> Beyond {
    // Rounding in the arithmetic that led here is not a measurement.
    let bound = bound * (1.0 + 1e-9);
    if m.lo > bound {
        Beyond::Yes
    } else if m.mid > bound {
        Beyond::WithinNoise
    } else {
        Beyond::No
    }
}

/// The verdict on "the figure is near `target`, at most `tol` below it", for
/// a figure that cannot pass `bound`.
pub fn near_capped(m: Band, target: f64, tol: f64, bound: f64) -> ClaimVerdict {
    let floor = target * (1.0 - tol);
    match beyond(m, bound) {
        Beyond::Yes => ClaimVerdict::Suspect,
        Beyond::WithinNoise => ClaimVerdict::CannotTell,
        Beyond::No if m.lo >= floor => ClaimVerdict::Holds,
        Beyond::No if m.hi < floor => ClaimVerdict::DoesNotHold,
        Beyond::No => ClaimVerdict::CannotTell,
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
pub fn model_accuracy(m: Band, predicted: f64, why: impl Into<String>) -> ModelVerdict {
    let error = m.mid / predicted - 1.0;
    let inside = m.lo <= predicted && predicted <= m.hi;
    ModelVerdict {
        within: Some(inside || error.abs() <= MODEL_TOLERANCE),
        error: error.is_finite().then_some(error),
        tolerance: MODEL_TOLERANCE,
        why: why.into(),
    }
}

/// A qualitative model figure (an order, a yes/no) that `matched` or not.
pub fn model_matches(matched: bool, why: impl Into<String>) -> ModelVerdict {
    ModelVerdict {
        within: Some(matched),
        error: None,
        tolerance: 0.0,
        why: why.into(),
    }
}

/// The worst of several verdicts: suspect, then does not hold, then cannot
/// tell, then holds.
pub fn worst(vs: impl IntoIterator<Item = ClaimVerdict>) -> ClaimVerdict {
    let rank = |v: ClaimVerdict| match v {
        ClaimVerdict::Holds => 0,
        ClaimVerdict::CannotTell => 1,
        ClaimVerdict::DoesNotHold => 2,
        ClaimVerdict::Suspect => 3,
        ClaimVerdict::Error => 4,
    };
    vs.into_iter()
        .max_by_key(|&v| rank(v))
        .unwrap_or(ClaimVerdict::CannotTell)
}

/// What was measured around a run about the tick's length: how much it
/// changed during the run, and how far the serial baseline it is compared
/// with was from the calibrated tick.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Drift {
    /// The reference tick after ÷ before the run − 1.
    pub during: Option<f64>,
    /// The baseline's tick ÷ the calibrated tick − 1.
    pub baseline: Option<f64>,
}

impl Drift {
    /// The drift recorded in a row.
    pub fn of(r: &Row) -> Drift {
        Drift {
            during: r.tick_drift,
            baseline: r.baseline_drift,
        }
    }
}

/// Why a figure beyond a bound can be, from the drift measured around it.
pub fn drift_cause(d: Drift) -> String {
    let small = |x: Option<f64>| x.is_none_or(|x| x.abs() < 0.02);
    let mut parts = Vec::new();
    if let Some(x) = d.during {
        parts.push(format!(
            "tick drift {:+.1} % measured around the run",
            x * 100.0
        ));
    }
    if let Some(x) = d.baseline.filter(|x| x.abs() >= 0.02) {
        parts.push(format!(
            "the serial baseline ran {:+.0} % against the calibrated tick ({})",
            x * 100.0,
            if x > 0.0 {
                "slowed by something else, it makes every speedup look larger"
            } else {
                "the CPU ran faster then than when calibrated"
            }
        ));
    }
    match (d.during, d.baseline) {
        (None, None) => {
            "the tick drifted between the serial baseline and the run (not measured)".into()
        }
        _ if small(d.during) && small(d.baseline) => format!(
            "{} (too small to explain it alone: the serial baseline and the run saw different CPU speeds, or the machine is shared)",
            parts.join("; ")
        ),
        _ => parts.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: f64, mid: f64, hi: f64) -> Band {
        Band { lo, mid, hi }
    }

    #[test]
    fn bands_of_ratios_are_the_widest() {
        let r = Band::ratio(b(2.0, 2.0, 2.0), b(0.8, 1.0, 1.25));
        assert_eq!(r, b(1.6, 2.0, 2.5));
        assert!((r.margin() - 0.225).abs() < 1e-12);
        let s = Summary::of(&[1.0, 1.1, 0.9]).unwrap();
        assert_eq!(Band::of(&s), b(0.9, 1.0, 1.1));
        let a = Band::around(2.0, &s);
        assert!((a.lo - 1.8).abs() < 1e-12 && (a.hi - 2.2).abs() < 1e-12);
    }

    #[test]
    fn near_a_capped_target() {
        use ClaimVerdict::*;
        assert_eq!(near_capped(b(1.9, 1.95, 2.0), 2.0, 0.1, 2.0), Holds);
        assert_eq!(near_capped(b(1.9, 1.98, 2.05), 2.0, 0.1, 2.0), Holds);
        assert_eq!(near_capped(b(1.9, 2.02, 2.05), 2.0, 0.1, 2.0), CannotTell);
        assert_eq!(near_capped(b(2.1, 2.2, 2.3), 2.0, 0.1, 2.0), Suspect);
        assert_eq!(near_capped(b(1.0, 1.2, 1.5), 2.0, 0.1, 2.0), DoesNotHold);
        assert_eq!(near_capped(b(1.5, 1.8, 2.1), 2.0, 0.1, 2.0), CannotTell);
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
        let m = model_accuracy(b(0.9, 1.0, 1.1), 1.05, "");
        assert_eq!(m.words(), "within 5 %");
        let m = model_accuracy(b(3.9, 4.0, 4.1), 4.71, "");
        assert_eq!(
            (m.within, m.words()),
            (Some(false), "misses by 15 %".into())
        );
        assert_eq!(model_matches(true, "").words(), "matches");
    }
}
