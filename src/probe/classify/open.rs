//! The open loop's findings and their words: what a step found about its
//! own schedule (connections all in flight, the client behind, requests
//! never sent, failures, the correction for coordinated omission), whether
//! it held the latency objectives, and the search's answer. Each finding is
//! a typed value with its numbers; this is the one place that words them.
//! Pure.

use crate::results::probe::open::{
    Note, Objective, OpenStep, Quantile, ScheduleFinding, SearchStop, SloVerdict,
};
use crate::units::Nanos;
use crate::words::Count;

/// A share of the sends that is worth saying: 5 %.
fn worth(count: u64, of: u64) -> bool {
    count > 0 && count * 20 >= of
}

/// A corrected percentile this many times the uncorrected one, and at
/// least [`OMISSION_MIN_S`] above it, is coordinated omission worth saying.
const OMISSION_RATIO: f64 = 2.0;
const OMISSION_MIN_S: f64 = 0.001;

fn secs(s: f64) -> String {
    Nanos(s * 1e9).to_string()
}

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

/// A finding in words.
pub fn sentence(f: &ScheduleFinding) -> String {
    match *f {
        ScheduleFinding::Failures { errors, timeouts } => format!(
            "{} failed and {timeouts} timed out (in the percentiles at their deadline)",
            Count(errors as usize, "request")
        ),
        ScheduleFinding::ShortOfRate {
            asked,
            achieved,
            dropped,
        } => format!(
            "the schedule was not kept: {achieved:.1} req/s sent of {asked:.1} asked; {} due in the window were never sent, and the percentiles do not hold them",
            Count(dropped as usize, "request")
        ),
        ScheduleFinding::PoolFull {
            max_in_flight,
            late,
            sent,
            worst_s,
        } => format!(
            "all {max_in_flight} connections were in flight: {late} of {sent} requests waited for one and left late (the longest by {}); their latency counts from when they were due, so the wait is in the corrected percentiles (--max-in-flight offers more at once)",
            secs(worst_s)
        ),
        ScheduleFinding::ClientBehind {
            late,
            sent,
            worst_s,
        } => format!(
            "the probe's own client fell behind its schedule: {late} of {sent} requests left late with a connection free (the longest by {}); the rate is beyond what this client offers on this host, which says nothing of the server",
            secs(worst_s)
        ),
        ScheduleFinding::Omission {
            quantile,
            corrected_s,
            uncorrected_s,
        } => format!(
            "coordinated omission: {} from the intended send times is {}, from the real send times {}; a closed loop, which sends only after an answer, would have reported the second",
            quantile.name(),
            secs(corrected_s),
            secs(uncorrected_s)
        ),
    }
}

/// A step's findings with their words.
pub fn notes(s: &OpenStep, max_in_flight: usize) -> Vec<Note> {
    findings(s, max_in_flight)
        .into_iter()
        .map(|finding| Note {
            text: sentence(&finding),
            finding,
        })
        .collect()
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

/// The objectives as written (`p99 ≤ 50.0ms and p50 ≤ 10.0ms`).
pub fn objectives(o: &[Objective]) -> String {
    let each: Vec<String> = o
        .iter()
        .map(|o| format!("{} ≤ {}", o.quantile.name(), secs(o.max_s)))
        .collect();
    each.join(" and ")
}

fn stop_words(s: SearchStop) -> &'static str {
    match s {
        SearchStop::Narrow => "the interval narrowed to the precision",
        SearchStop::RateCap => "it reached --max-rate",
        SearchStop::Steps => "it ran out of steps (--find-steps)",
        SearchStop::Budget => "it ran out of time (--find-budget)",
        SearchStop::FirstMissed => "no rate held, down to the lowest tried",
    }
}

/// The search's answer in words.
pub fn find_max(
    held: Option<f64>,
    above: Option<f64>,
    stop: SearchStop,
    tried: usize,
    repeats: usize,
    o: &[Objective],
) -> String {
    let slo = objectives(o);
    let why = stop_words(stop);
    match (held, above) {
        (Some(h), Some(a)) => format!(
            "the highest rate that held {slo} in most of its runs (of {repeats}): {h:.1} req/s; {a:.1} req/s did not, so the most this server sustains lies between them ({tried} rates tried; stopped: {why})"
        ),
        (Some(h), None) => format!(
            "every rate tried held {slo}, the highest {h:.1} req/s: the most it sustains is at least that ({tried} rates tried; stopped: {why})"
        ),
        (None, Some(a)) => format!(
            "no rate tried held {slo}, down to {a:.2} req/s ({tried} rates tried; stopped: {why})"
        ),
        (None, None) => format!("no rate was tried (stopped: {why})"),
    }
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
        assert!(sentence(&f[1]).contains("all 8 connections were in flight: 30 of 90"));
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
        assert!(matches!(f[1], ScheduleFinding::Omission { .. }), "{f:?}");
        assert!(sentence(&f[1]).contains("p99 from the intended send times is 200ms"));
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
