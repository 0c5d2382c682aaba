//! "Span limits speedup": quicksort with a serial partition stops near its
//! measured parallelism while mergesort, with a parallel merge, keeps
//! scaling. Pure.

use super::super::judge::{Band, Beyond, Judgment, beyond};
use super::{TOLERANCE, pct};
use crate::results::tour::ClaimVerdict::{CannotTell, DoesNotHold, Holds, NotMeasured, Suspect};

/// The two sorts at P cores.
#[derive(Debug, Clone, Copy)]
pub struct SpanLimits {
    /// Cores both ran on.
    pub p: usize,
    /// Quicksort's T1/T∞, measured on one worker.
    pub quick_parallelism: f64,
    /// Mergesort's.
    pub merge_parallelism: f64,
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

/// The judgment.
pub fn span_limits(s: &SpanLimits) -> Judgment {
    let (qp, mp, p) = (s.quick_parallelism, s.merge_parallelism, s.p);
    let (Some(q), Some(m)) = (s.quick, s.merge) else {
        return Judgment::new(
            NotMeasured,
            format!(
                "quicksort's measured parallelism T1/T∞ is {qp:.1}: its span binds only beyond {} % more cores than that, and this host allows {p}; mergesort's is {mp:.0}",
                (TOLERANCE * 100.0).round()
            ),
            None,
        );
    };
    let margin = Some(q.margin().max(m.margin()));
    if beyond(q, Band::exact(qp)) == Beyond::Yes {
        return Judgment::new(
            Suspect,
            format!(
                "quicksort's {} on {p} cores is beyond its parallelism {qp:.2} by more than its noise (±{}): faster than its span allows; the span was measured while something slowed the one worker",
                q.show("×"),
                pct(q.below())
            ),
            margin,
        );
    }
    if m.lo > q.hi {
        Judgment::new(
            Holds,
            format!(
                "quicksort stopped at {} on {p} cores, within its parallelism {qp:.1}, while mergesort (parallelism {mp:.0}) reached {}: the span, not the cores, held quicksort back",
                q.show("×"),
                m.show("×")
            ),
            margin,
        )
    } else if m.hi < q.lo {
        Judgment::new(
            DoesNotHold,
            format!(
                "mergesort's {} on {p} cores is below quicksort's {}, though its parallelism ({mp:.0}) is far above quicksort's ({qp:.1})",
                m.show("×"),
                q.show("×")
            ),
            margin,
        )
    } else {
        Judgment::new(
            CannotTell,
            format!(
                "mergesort's {} and quicksort's {} on {p} cores overlap within their noise; more repetitions (--repeat) would tell",
                m.show("×"),
                q.show("×")
            ),
            margin,
        )
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
            merge_parallelism: 900.0,
            quick: Some(q),
            merge: Some(m),
        }
    }

    #[test]
    fn each_verdict_from_its_numbers() {
        let holds = span_limits(&at(b(4.8, 5.0, 5.2), b(11.0, 12.0, 12.5)));
        assert_eq!(holds.verdict, Holds, "{holds:?}");
        assert!(holds.reason.contains("5.00×"), "{holds:?}");
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
        let j = span_limits(&SpanLimits {
            p: 2,
            quick_parallelism: 6.0,
            merge_parallelism: 900.0,
            quick: None,
            merge: None,
        });
        assert_eq!(j.verdict, NotMeasured, "{j:?}");
        assert!(j.reason.contains("this host allows 2"), "{j:?}");
    }
}
