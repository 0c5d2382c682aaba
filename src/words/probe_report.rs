//! The words around a probe's tables: its headings, what the terminal's
//! short column heads mean, and the lines below the levels or steps (the
//! first failure, S, the USL, the verdict, the knee, why it is partial, a
//! step's findings, the search's answer, a step's progress). Each is a
//! typed value with its numbers, worded once here; renderers escape what
//! they print.

use super::probe::Search;
use super::{Count, Secs, num};
use crate::findings::probe::{
    Archetype, Partial, RequestFailure, ScheduleFinding, UslMissing, Verdict,
};
use std::fmt;

/// What the closed loop's short heads mean.
pub const LEVEL_LEGEND: &str = "(t/o = timed out, unans = of them still unanswered when the level ended; c/req = connections opened ÷ requests: near 0 kept alive, 1 or more a connection per request; in cores: server = its CPU time ÷ wall, 1 thr = its busiest thread's, wait = its threads runnable but waiting for a CPU, client = this probe's, idle = the host's idle; accq = most connections seen in the target's accept queue; ovfl = the host's accept-queue overflows (ListenOverflows), syn = SYNs retransmitted (TCPSynRetrans), over the level)";

/// What the open loop's short heads mean.
pub const STEP_LEGEND: &str = "(p50 … max count each request's latency from its intended send time on the schedule, corrected for coordinated omission; u.p50 … u.max from when it was really sent, as a closed loop counts; late-c = sent late because every connection was in flight, late-b = the client itself behind; drop = due but never sent; timed-out requests are in the percentiles at their deadline)";

/// Said when no level completed.
pub const NOTHING_ANALYSED: &str = "no level completed: nothing to analyse";

/// A probe's heading: the target, the request, the client and the server.
pub struct Heading<'a> {
    /// The target as given.
    pub target: &'a str,
    /// The request as given.
    pub request: &'a str,
    /// The probe's client threads.
    pub client_threads: usize,
    /// The server's cores.
    pub server_cores: usize,
    /// The server's process, when known (closed loop).
    pub pid: Option<u32>,
    /// The open loop's most requests in flight (None: a closed loop).
    pub max_in_flight: Option<usize>,
}

impl fmt::Display for Heading<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "probe {} · {} · ", self.target, self.request)?;
        let threads = Count(self.client_threads, "client thread");
        if let Some(m) = self.max_in_flight {
            return write!(f, "open loop, at most {m} in flight · {threads}");
        }
        let cores = Count(self.server_cores, "core");
        match self.pid {
            Some(p) => write!(f, "{threads} · server pid {p}, {cores}"),
            None => write!(f, "{threads} · server CPU not read (no --pid), {cores}"),
        }
    }
}

/// Where a probe met something: a closed-loop level or an open-loop rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// The level of N clients.
    Level(usize),
    /// The step at this asked rate, req/s.
    Rate(f64),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            At::Level(n) => write!(f, "N = {n}"),
            At::Rate(r) => write!(f, "{} req/s", num(r, 1)),
        }
    }
}

/// The first failed request of a probe, and where.
pub struct FirstFailure<'a>(pub At, pub &'a RequestFailure);

impl fmt::Display for FirstFailure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "first failure at {}: {}", self.0, self.1)
    }
}

/// A step's finding, with its rate.
pub struct StepNote<'a>(pub f64, pub &'a ScheduleFinding);

impl fmt::Display for StepNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", At::Rate(self.0), self.1)
    }
}

/// S, one request alone, and the server's CPU per request at N = 1.
pub struct Service {
    /// S, s.
    pub s: f64,
    /// CPU per request, s (None: not read).
    pub cpu: Option<f64>,
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S (one request alone) = {}; ", Secs(self.s))?;
        f.write_str("server CPU per request at N = 1: ")?;
        match self.cpu {
            Some(c) => write!(f, "{}", Secs(c)),
            None => f.write_str("not known"),
        }
    }
}

/// The USL's fit on X(N)/X(1), or why there is none.
pub struct Usl<'a> {
    /// σ and κ, when fitted.
    pub fit: Option<(f64, f64)>,
    /// R² of the fit.
    pub r_squared: Option<f64>,
    /// Why it was not fitted.
    pub missing: Option<&'a UslMissing>,
}

impl fmt::Display for Usl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.fit, self.missing) {
            (Some((sg, k)), _) => {
                let r2 = self.r_squared.map_or("—".into(), |r| num(r, 3));
                write!(f, "USL on X(N)/X(1): σ = {sg:.3}, κ = {k:.5} (R² {r2})")
            }
            (None, Some(m)) => write!(f, "USL: {m}"),
            (None, None) => f.write_str("USL: no fit"),
        }
    }
}

/// The verdict's line.
pub struct VerdictLine<'a>(pub &'a Verdict);

impl fmt::Display for VerdictLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "verdict: {}", self.0)
    }
}

/// The knee, the effective cores and the best-fitting curve of a verdict.
pub struct Knee<'a>(pub &'a Verdict);

impl fmt::Display for Knee<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        match v.knee {
            Some(k) => write!(f, "knee: N = {k}; ")?,
            None => f.write_str("knee: not reached; ")?,
        }
        let cores = v.effective_cores.map_or("—".into(), |c| num(c, 2));
        let best = v.best_fit.map_or("—", Archetype::name);
        write!(f, "effective cores: {cores}; best-fitting curve: {best}")
    }
}

/// Why a probe is partial, as its warning says it.
pub struct PartialLine<'a>(pub &'a Partial);

impl fmt::Display for PartialLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PARTIAL: {}", self.0)
    }
}

/// The search's answer, as its line says it.
pub struct FindMax<'a>(pub Search<'a>);

impl fmt::Display for FindMax<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "find-max: {}", self.0)
    }
}

/// An archetype's name with its cores where they matter (parallel).
pub struct Named(pub Archetype, pub usize);

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Archetype::Parallel => write!(f, "parallel ({})", Count(self.1, "core")),
            other => f.write_str(other.name()),
        }
    }
}

/// One open-loop step as a line of progress.
pub struct Progress<'a> {
    /// The asked rate, req/s.
    pub asked: f64,
    /// Which run of that rate, from 0.
    pub repeat: usize,
    /// The corrected p99, s (not finite: none).
    pub p99: f64,
    /// Requests sent and due.
    pub sent: u64,
    /// Requests due.
    pub scheduled: u64,
    /// The objectives' verdict cell.
    pub slo: &'a str,
}

impl fmt::Display for Progress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p99 = if self.p99.is_finite() {
            Secs(self.p99).to_string()
        } else {
            "—".into()
        };
        write!(
            f,
            "{} req/s (repeat {}): p99 {p99} corrected, {} sent of {} due, {}",
            num(self.asked, 1),
            self.repeat + 1,
            self.sent,
            self.scheduled,
            self.slo
        )
    }
}
