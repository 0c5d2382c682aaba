//! "Span limits speedup": quicksort with a serial partition stops near its
//! measured parallelism while mergesort, with a parallel merge, keeps
//! scaling. Pure.

use super::super::judge::{Band, Beyond, Judgment, beyond};
use super::TOLERANCE;
use crate::findings::tour::{Reason, Undecided};
use crate::results::tour::ClaimVerdict::{CannotTell, DoesNotHold, Holds, NotMeasured, Suspect};

/// The two sorts at P cores.
#[derive(Debug, Clone, Copy)]
pub struct SpanLimits {
    /// Cores both ran on.
    pub p: usize,
    /// Quicksort's T1/T∞, measured on one worker.
    pub quick_parallelism: f64,
    /// Quicksort's speedup at `p` (`None`: not timed, the host is too small).
    pub quick: Option<Band>,
    /// Mergesort's.
    pub merge: Option<Band>,
}

/// Whether `p` cores are enough for quicksort's span to bind: more than its
/// parallelism by the tolerance.
pub fn span_can_bind(p: usize, quick_parallelism: f64) -> bool {
    p as f64 > quick_parallelism * (1.0 + TOLERANCE)
}

/// The fewest cores on which quicksort's span binds ([`span_can_bind`]).
pub fn cores_to_bind(quick_parallelism: f64) -> usize {
    let least = quick_parallelism * (1.0 + TOLERANCE);
    if least.is_finite() && least >= 0.0 {
        least.floor() as usize + 1
    } else {
        usize::MAX
    }
}

/// The judgment.
pub fn span_limits(s: &SpanLimits) -> Judgment {
    let (qp, p) = (s.quick_parallelism, s.p);
    let (Some(q), Some(m)) = (s.quick, s.merge) else {
        let reason = Undecided::NotEnoughCpus {
            needs: cores_to_bind(qp),
            has: p,
        };
        return Judgment::new(NotMeasured, Reason::Undecided(reason), None);
    };
    let margin = Some(q.margin().max(m.margin()));
    if beyond(q, Band::exact(qp)) == Beyond::Yes {
        let reason = Reason::BeyondSpan {
            cores: p,
            quick: q.into(),
            parallelism: qp,
        };
        return Judgment::new(Suspect, reason, margin);
    }
    let (quick, merge) = (q.into(), m.into());
    let sorts = Reason::Sorts {
        cores: p,
        quick,
        merge,
    };
    if m.lo > q.hi {
        Judgment::new(Holds, sorts, margin)
    } else if m.hi < q.lo {
        Judgment::new(DoesNotHold, sorts, margin)
    } else {
        let reason = Undecided::Overlap {
            cores: p,
            quick,
            merge,
        };
        Judgment::new(CannotTell, Reason::Undecided(reason), margin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: f64, mid: f64, hi: f64) -> Band {
        Band { lo, mid, hi }
    }

    fn at(q: Band, m: Band) -> SpanLimits {
        SpanLimits {
            p: 16,
            quick_parallelism: 6.0,
            quick: Some(q),
            merge: Some(m),
        }
    }

    #[test]
    fn each_verdict_from_its_numbers() {
        let holds = span_limits(&at(b(4.8, 5.0, 5.2), b(11.0, 12.0, 12.5)));
        assert_eq!(holds.verdict, Holds, "{holds:?}");
        assert!(
            matches!(holds.reason, Reason::Sorts { cores: 16, quick, .. } if quick.mid == 5.0),
            "{holds:?}"
        );
        let overlap = span_limits(&at(b(4.8, 5.0, 6.0), b(5.5, 7.0, 9.0)));
        assert_eq!(overlap.verdict, CannotTell, "{overlap:?}");
        let worse = span_limits(&at(b(4.8, 5.0, 5.2), b(3.0, 3.5, 4.0)));
        assert_eq!(worse.verdict, DoesNotHold, "{worse:?}");
        let faster = span_limits(&at(b(9.0, 9.5, 10.0), b(11.0, 12.0, 12.5)));
        assert_eq!(faster.verdict, Suspect, "{faster:?}");
    }

    #[test]
    fn a_host_too_small_for_the_span_to_bind_is_not_measured() {
        assert!(!span_can_bind(2, 6.0));
        assert!(!span_can_bind(6, 6.0));
        assert!(span_can_bind(8, 6.0));
        assert_eq!(cores_to_bind(6.0), 7);
        assert!(span_can_bind(cores_to_bind(6.0), 6.0));
        let j = span_limits(&SpanLimits {
            p: 2,
            quick_parallelism: 6.0,
            quick: None,
            merge: None,
        });
        assert_eq!(j.verdict, NotMeasured, "{j:?}");
        assert_eq!(
            j.reason,
            Reason::Undecided(Undecided::NotEnoughCpus { needs: 7, has: 2 }),
        );
    }
}
