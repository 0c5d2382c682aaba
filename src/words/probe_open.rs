//! The words for a probe's open loop (a step's findings, its verdict on the
//! objectives, the search's answer), for why a probe stopped early, why a
//! request failed, and a level's timed-out requests. Each sentence is
//! written once, here. A failure's message came from outside: renderers
//! escape everything they print from here for their output.

use super::{Count, Secs, num};
use crate::findings::probe::{
    Answer, FailureKind, Objective, Partial, Protocol, RequestFailure, ScheduleFinding, SearchStop,
    SloVerdict, Wrong,
};
use std::fmt;

impl fmt::Display for ScheduleFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ScheduleFinding::Failures { errors, timeouts } => write!(
                f,
                "{} failed and {timeouts} timed out (in the percentiles at their deadline)",
                Count(errors as usize, "request")
            ),
            ScheduleFinding::ShortOfRate {
                asked,
                achieved,
                dropped,
            } => write!(
                f,
                "the schedule was not kept: {achieved:.1} req/s sent of {asked:.1} asked; {} due in the window were never sent, and the percentiles do not hold them",
                Count(dropped as usize, "request")
            ),
            ScheduleFinding::PoolFull {
                max_in_flight,
                late,
                sent,
                worst_s,
            } => write!(
                f,
                "all {max_in_flight} connections were in flight: {late} of {sent} requests waited for one and left late (the longest by {}); their latency counts from when they were due, so the wait is in the corrected percentiles (--max-in-flight offers more at once)",
                Secs(worst_s)
            ),
            ScheduleFinding::ClientBehind {
                late,
                sent,
                worst_s,
            } => write!(
                f,
                "the probe's own client fell behind its schedule: {late} of {sent} requests left late with a connection free (the longest by {}); the rate is beyond what this client offers on this host, which says nothing of the server",
                Secs(worst_s)
            ),
            ScheduleFinding::Omission {
                quantile,
                corrected_s,
                uncorrected_s,
            } => write!(
                f,
                "coordinated omission: {} from the intended send times is {}, from the real send times {}; a closed loop, which sends only after an answer, would have reported the second",
                quantile.name(),
                Secs(corrected_s),
                Secs(uncorrected_s)
            ),
        }
    }
}

/// A verdict on the objectives, as a table cell (`—` without one).
pub fn slo_cell(v: Option<&SloVerdict>) -> String {
    match v {
        None => "—".into(),
        Some(SloVerdict::Held) => "held".into(),
        Some(SloVerdict::Missed { objective, .. }) => {
            format!("missed {}", objective.quantile.name())
        }
        Some(SloVerdict::Failed { .. }) => "failed".into(),
        Some(SloVerdict::NotOffered { .. }) => "not offered".into(),
    }
}

/// The objectives as written (`p99 ≤ 50.0ms and p50 ≤ 10.0ms`).
pub struct Objectives<'a>(pub &'a [Objective]);

impl fmt::Display for Objectives<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, o) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{} ≤ {}", o.quantile.name(), Secs(o.max_s))?;
        }
        Ok(())
    }
}

/// The search's answer, from its typed result.
pub struct Search<'a> {
    /// The highest rate most of its runs held, req/s.
    pub held: Option<f64>,
    /// The lowest rate above it that did not hold, req/s.
    pub above: Option<f64>,
    /// Why it stopped.
    pub stop: SearchStop,
    /// Rates tried.
    pub tried: usize,
    /// Most runs of each rate.
    pub repeats: usize,
    /// The objectives.
    pub objectives: &'a [Objective],
}

impl fmt::Display for Search<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slo = Objectives(self.objectives);
        let why = match self.stop {
            SearchStop::Narrow => "the interval narrowed to the precision",
            SearchStop::RateCap => "it reached --max-rate",
            SearchStop::Steps => "it ran out of steps (--find-steps)",
            SearchStop::Budget => "it ran out of time (--find-budget)",
            SearchStop::FirstMissed => "no rate held, down to the lowest tried",
        };
        let (tried, repeats) = (self.tried, self.repeats);
        match (self.held, self.above) {
            (Some(h), Some(a)) => write!(
                f,
                "the highest rate that held {slo} in most of its runs (of {repeats}): {h:.1} req/s; {a:.1} req/s did not, so the most this server sustains lies between them ({tried} rates tried; stopped: {why})"
            ),
            (Some(h), None) => write!(
                f,
                "every rate tried held {slo}, the highest {h:.1} req/s: the most it sustains is at least that ({tried} rates tried; stopped: {why})"
            ),
            (None, Some(a)) => write!(
                f,
                "no rate tried held {slo}, down to {a:.2} req/s ({tried} rates tried; stopped: {why})"
            ),
            (None, None) => write!(f, "no rate was tried (stopped: {why})"),
        }
    }
}

/// A failure: what kind, what the probe found wrong and the message it
/// came with (from outside: the caller escapes it for its output).
impl fmt::Display for RequestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FailureKind::Connect => write!(f, "cannot connect: {}", Said(self)),
            FailureKind::Timeout => f.write_str("timed out"),
            FailureKind::Rejected => write!(f, "answered an error: {}", Said(self)),
            FailureKind::Protocol | FailureKind::Broken => Said(self).fmt(f),
            FailureKind::Stale => f.write_str("the server closed the kept-alive connection"),
        }?;
        match &self.answer {
            Some(Answer::Began { bytes }) => write!(f, "; its answer began {bytes}"),
            Some(a) => write!(f, "; the server sent {a}"),
            None => Ok(()),
        }
    }
}

/// What a failure said: what the probe found wrong, then the message from
/// outside (the server's, the library's or the OS's).
pub struct Said<'a>(pub &'a RequestFailure);

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0.detail;
        match &self.0.wrong {
            None => f.write_str(d),
            Some(w) if d.is_empty() => w.fmt(f),
            Some(w @ Wrong::Status { .. }) => write!(f, "{w} {d}"),
            Some(w) => write!(f, "{w}: {d}"),
        }
    }
}

impl fmt::Display for Wrong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Wrong::NoAnswer => f.write_str("the server closed the connection without an answer"),
            Wrong::KeepsClosing => {
                f.write_str("the server keeps closing connections before answering")
            }
            Wrong::NotProtocol { expected } => match expected {
                Protocol::Conpar => f.write_str("the answer is not `DONE` or `PONG`"),
                Protocol::Http => f.write_str("the answer is not HTTP/1.x"),
                Protocol::Redis => f.write_str("the answer is not a Redis reply"),
            },
            Wrong::TooLong { cap } => {
                write!(f, "the answer is longer than {cap} bytes (--max-response)")
            }
            Wrong::Status { code } => write!(f, "HTTP {code}"),
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Tls => {
                f.write_str("a TLS record: the server speaks TLS (https), not plain text")
            }
            Answer::Http => f.write_str("an HTTP response"),
            Answer::Redis => f.write_str("a Redis reply"),
            Answer::ConparError => f.write_str("a conpar delay server's error line"),
            Answer::Began { bytes } => write!(f, "{bytes}"),
        }
    }
}

impl fmt::Display for Partial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Partial::LevelFailed { n, failure } => write!(
                f,
                "level N = {n} stopped: every recent request failed ({failure}); the levels before it are complete"
            ),
            Partial::ServerExited { pid, n } => write!(
                f,
                "the server (pid {pid}) exited during level N = {n}; the levels before it are complete"
            ),
            Partial::StepFailed { rate, failure } => write!(
                f,
                "the step at {} req/s stopped: every recent request failed ({failure}); the steps before it are complete",
                num(*rate, 1)
            ),
            Partial::Interrupted { after_n } => write!(
                f,
                "interrupted: the probe did not finish (stopped after level N = {after_n}, by a signal or an error); the levels saved are complete"
            ),
            Partial::Unstated => f.write_str(
                "the probe stopped early; why was a sentence in schema 2, dropped when the document was upgraded",
            ),
        }
    }
}

/// A level's timed-out requests and how its percentiles hold them.
pub struct TimedOut {
    /// The level.
    pub n: usize,
    /// Requests past their deadline or unanswered.
    pub timeouts: u64,
    /// Of them, unanswered when the level ended.
    pub unanswered: u64,
    /// Entered in the percentiles at the deadline.
    pub censored: u64,
    /// The deadline, s.
    pub deadline_s: f64,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "N = {}: {} timed out, {} of them still unanswered when the level ended; p50, p99 and max hold {} at the deadline ({}): ≥ marks them",
            self.n,
            Count(self.timeouts as usize, "request"),
            self.unanswered,
            self.censored,
            Secs(self.deadline_s)
        )
    }
}
