//! The open loop's findings: what a step found about its own schedule
//! (connections all in flight, the client behind, requests never sent,
//! failures, the correction for coordinated omission) and whether it held
//! the latency objectives. Each finding is a typed value with its numbers;
//! the words are in `crate::words::probe`. Pure.

use crate::results::probe::open::{Objective, OpenStep, Quantile, ScheduleFinding, SloVerdict};

/// A share of the sends that is worth saying: 5 %.
fn worth(count: u64, of: u64) -> bool {
    count > 0 && count * 20 >= of
}

/// A corrected percentile this many times the uncorrected one, and at
/// least [`OMISSION_MIN_S`] above it, is coordinated omission worth saying.
const OMISSION_RATIO: f64 = 2.0;
const OMISSION_MIN_S: f64 = 0.001;

/// What a step found, typed, in the order said.
pub fn findings(s: &OpenStep, max_in_flight: usize) -> Vec<ScheduleFinding> {
    let mut out = Vec::new();
    if s.errors + s.timeouts > 0 {
        out.push(ScheduleFinding::Failures {
            errors: s.errors,
            timeouts: s.timeouts,
        });
    }
    if s.dropped > 0 {
        out.push(ScheduleFinding::ShortOfRate {
            asked: s.asked,
            achieved: s.achieved,
            dropped: s.dropped,
        });
    }
    if worth(s.late_pool, s.sent) {
        out.push(ScheduleFinding::PoolFull {
            max_in_flight,
            late: s.late_pool,
            sent: s.sent,
            worst_s: s.lag_max_s,
        });
    }
    if worth(s.late_client, s.sent) {
        out.push(ScheduleFinding::ClientBehind {
            late: s.late_client,
            sent: s.sent,
            worst_s: s.lag_max_s,
        });
    }
    // The gap is the omission a closed loop makes only when requests waited
    // for a connection; a client behind its own schedule makes one too,
    // and that one is said above as the client's.
    let (c, u) = (s.corrected.p99, s.uncorrected.p99);
    let waited = worth(s.late_pool, s.sent) && s.late_pool > s.late_client;
    if waited
        && c.is_finite()
        && u.is_finite()
        && c >= OMISSION_RATIO * u
        && c - u >= OMISSION_MIN_S
    {
        out.push(ScheduleFinding::Omission {
            quantile: Quantile::P99,
            corrected_s: c,
            uncorrected_s: u,
        });
    }
    out
}

/// Whether a step held `objectives` (None without any): failures first,
/// then a rate not offered (more than 1 % of its requests never sent), then
/// each objective on the corrected percentiles.
pub fn slo(s: &OpenStep, objectives: &[Objective]) -> Option<SloVerdict> {
    if objectives.is_empty() {
        return None;
    }
    if s.errors + s.timeouts > 0 {
        return Some(SloVerdict::Failed {
            errors: s.errors,
            timeouts: s.timeouts,
        });
    }
    if s.dropped * 100 > s.scheduled {
        return Some(SloVerdict::NotOffered {
            asked: s.asked,
            achieved: s.achieved,
        });
    }
    for o in objectives {
        let m = o.quantile.of(&s.corrected);
        // Nothing answered holds no objective.
        if m.is_nan() || m > o.max_s {
            return Some(SloVerdict::Missed {
                objective: *o,
                measured_s: m,
            });
        }
    }
    Some(SloVerdict::Held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::probe::open::SloVerdict;
    use crate::results::probe::tests::open_doc;

    /// A step that kept its schedule, its two latencies alike.
    fn step() -> OpenStep {
        let mut s = open_doc().open.unwrap().steps.remove(0);
        s.uncorrected = s.corrected;
        s
    }

    #[test]
    fn a_kept_schedule_says_nothing_and_a_broken_one_says_each_cause() {
        let s = step();
        assert!(findings(&s, 8).is_empty());
        let mut s = step();
        (s.sent, s.dropped, s.achieved) = (90, 10, 90.0);
        (s.late_pool, s.late_client, s.lag_max_s) = (30, 4, 0.25);
        let f = findings(&s, 8);
        assert_eq!(
            f,
            [
                ScheduleFinding::ShortOfRate {
                    asked: 100.0,
                    achieved: 90.0,
                    dropped: 10
                },
                ScheduleFinding::PoolFull {
                    max_in_flight: 8,
                    late: 30,
                    sent: 90,
                    worst_s: 0.25
                },
            ]
        );
        // 5 of 90 late with a connection free is worth saying; 4 is not.
        s.late_client = 5;
        assert!(matches!(
            findings(&s, 8)[2],
            ScheduleFinding::ClientBehind { late: 5, .. }
        ));
    }

    #[test]
    fn omission_is_said_only_when_the_corrected_tail_is_well_above() {
        let mut s = step();
        (s.corrected.p99, s.uncorrected.p99) = (0.0014, 0.0005);
        assert!(findings(&s, 8).is_empty(), "under a millisecond apart");
        (s.corrected.p99, s.uncorrected.p99) = (0.2, 0.001);
        s.late_client = 10;
        assert!(
            findings(&s, 8)
                .iter()
                .all(|f| !matches!(f, ScheduleFinding::Omission { .. })),
            "the client's own lag is not the server's omission"
        );
        (s.late_client, s.late_pool) = (0, 10);
        let f = findings(&s, 8);
        assert_eq!(
            f[1],
            ScheduleFinding::Omission {
                quantile: Quantile::P99,
                corrected_s: 0.2,
                uncorrected_s: 0.001
            }
        );
    }

    #[test]
    fn the_objective_holds_on_the_corrected_percentiles_after_failures() {
        let o = [Objective {
            quantile: Quantile::P99,
            max_s: 0.02,
        }];
        let mut s = step();
        assert_eq!(slo(&s, &[]), None);
        assert_eq!(slo(&s, &o), Some(SloVerdict::Held));
        s.corrected.p99 = 0.021;
        assert!(
            matches!(slo(&s, &o), Some(SloVerdict::Missed { measured_s, .. }) if measured_s == 0.021)
        );
        s.corrected.p99 = f64::NAN;
        assert!(matches!(slo(&s, &o), Some(SloVerdict::Missed { .. })));
        s.dropped = 2;
        assert!(matches!(slo(&s, &o), Some(SloVerdict::NotOffered { .. })));
        s.timeouts = 1;
        assert_eq!(
            slo(&s, &o),
            Some(SloVerdict::Failed {
                errors: 0,
                timeouts: 1
            })
        );
    }
}
