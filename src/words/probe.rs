//! The words for a probe's closed-loop verdict: its reason, what stops X,
//! the figures it rests on and what follows it, and why the USL was not
//! fitted. Each sentence is written once, here; renderers escape what they
//! print for their output.

use super::{Count, Pct, Secs, num};
use crate::findings::probe::{Archetype, CpuUse, Limit, Reason, UslMissing, Verdict, VerdictNote};
use std::fmt;

pub use super::probe_open::{Objectives, Said, Search, TimedOut, slo_cell};

/// Said when the host's CPUs were full and the server's threads, not one
/// thread, used about a core: a GIL and two starved workers look the same.
const CANNOT_TELL: &str = "the host's CPUs were full, so one core cannot be told from more (its threads queue for CPUs either way): run it again on a quieter host";

/// What to pass so the server's CPU is read.
const HINT: &str = "pass --pid or --spawn so the server's CPU can tell waiting from computing";

/// X flat, in words.
const FLAT_TAIL: &str = "X stays at X(1) while latency grows as N·S";

/// The verdict in words: the reason, what stops X, X(1) and the ceiling,
/// and the notes, each once.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        reason(self, f)?;
        if let Some(l) = &self.limit {
            write!(f, " {l}")?;
        }
        let e = &self.evidence;
        write!(
            f,
            " X(1) = {} req/s (S = {}), at most {} req/s ({} X(1)).",
            num(e.x1, 0),
            Secs(e.service_time_s),
            num(e.x_max, 0),
            super::times(e.growth(), 1)
        )?;
        for n in &self.notes {
            write!(f, " {n}")?;
        }
        Ok(())
    }
}

/// Words for the CPU evidence: used, wanted, the busiest thread's share.
fn cpu(v: &Verdict) -> String {
    let mut w = format!(
        "the server used {} cores",
        num(v.effective_cores.unwrap_or(f64::NAN), 2)
    );
    if let Some(wanted) = v.wanted_cores.filter(|_| v.evidence.starved) {
        w.push_str(&format!(
            " and wanted {} (its threads were runnable, waiting for a CPU the host's other work held)",
            num(wanted, 2)
        ));
    }
    if let Some(h) = v.evidence.busiest_share {
        w.push_str(&format!(
            "; its busiest thread did {} of the work",
            Pct::new(h)
        ));
    }
    w
}

/// The shape of a growing X(N).
fn shape(v: &Verdict) -> String {
    if v.evidence.saturated {
        format!(
            "X grows up to N ≈ {}, then stays flat and latency grows ∝ N",
            v.knee.unwrap_or(1)
        )
    } else {
        format!(
            "X grew with N up to N = {}, its ceiling not reached",
            v.evidence.top_n
        )
    }
}

fn reason(v: &Verdict, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (c, top, knee) = (v.evidence.cores, v.evidence.top_n, v.knee.unwrap_or(1));
    match &v.reason {
        Reason::TooFewLevels { ns, needed } => {
            let ns: Vec<String> = ns.iter().map(ToString::to_string).collect();
            write!(
                f,
                "cannot tell: {} measured (N = {}), and a shape needs at least {needed}: N = 1 and two more, such as --levels 1,4,16.",
                Count(ns.len(), "level"),
                ns.join(", ")
            )
        }
        Reason::FlatUnloaded => write!(
            f,
            "none: X stayed flat, but the host's CPUs were full and {}: the probe could not load it (run it again on a quieter host).",
            cpu(v)
        ),
        Reason::FlatWaiting => write!(
            f,
            "serial: one request at a time, and it waits ({}); {FLAT_TAIL}.",
            cpu(v)
        ),
        Reason::HostFull { flat: true } => {
            write!(f, "none: X stayed flat and {}, but {CANNOT_TELL}.", cpu(v))
        }
        Reason::HostFull { flat: false } => {
            write!(f, "none: {}; {}, but {CANNOT_TELL}.", shape(v), cpu(v))
        }
        Reason::FlatOneCore => write!(
            f,
            "one core: every request needs the same core ({}: a GIL, a lock or one busy event loop); {FLAT_TAIL}.",
            cpu(v)
        ),
        Reason::FlatParallel => write!(
            f,
            "parallel within each request: {} of {c}; {FLAT_TAIL}.",
            cpu(v)
        ),
        Reason::Parallel => write!(
            f,
            "parallel on about {} of {c} cores: {}; {}.",
            num(v.effective_cores.unwrap_or(f64::NAN), 1),
            cpu(v),
            shape(v)
        ),
        Reason::CappedOutside => write!(
            f,
            "none: X stops growing at N ≈ {knee} while {}: something else caps the requests in flight (a pool of workers, a lock, the client or the network), not the server's cores.",
            cpu(v)
        ),
        Reason::WaitsOverlap => write!(
            f,
            "concurrent, not CPU-bound: the requests' waits overlap; X grew with N to N = {top} while {}.",
            cpu(v)
        ),
        Reason::OneThread => write!(
            f,
            "one event loop: {}, and one thread can never use more than one core; {}.",
            cpu(v),
            shape(v)
        ),
        Reason::OneCore => write!(f, "one core: {}; {}.", cpu(v), shape(v)),
        Reason::Spread => write!(
            f,
            "none: the server computes (its CPU is {} of a request's time at N = 1), but {}, spread over its threads: the load did not reach its ceiling.",
            Pct::new(v.evidence.cpu_share.unwrap_or(f64::NAN)),
            cpu(v)
        ),
        Reason::PastCeiling => past_ceiling(v, f),
        Reason::Backlog => write!(
            f,
            "concurrent, not CPU-bound: its requests overlap (X grew to {} X(1)) while {}; X stops growing at N ≈ {knee}, capped by its accept backlog.",
            super::times(v.evidence.growth(), 1),
            cpu(v)
        ),
        Reason::FlatNoCpu => write!(f, "serial: one request at a time; {FLAT_TAIL} ({HINT})."),
        Reason::GrowingNoCpu { beyond_cores } => {
            write!(f, "concurrent: X grew with N to N = {top}; ")?;
            if *beyond_cores {
                write!(
                    f,
                    "more requests were in progress than the {} could compute, so it waits rather than computes.",
                    Count(c, "core")
                )
            } else {
                write!(f, "{HINT}.")
            }
        }
        Reason::SaturatedNoCpu => write!(
            f,
            "none: X stops growing at N ≈ {knee}; {HINT}, to tell one core from {c}."
        ),
        Reason::Unstated => write!(
            f,
            "{}: the reason was a sentence in schema 2, dropped when the document was upgraded.",
            v.finding.name()
        ),
    }
}

/// The archetype the CPU pointed to, set aside: X passed its ceiling.
fn past_ceiling(v: &Verdict, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let Some(e) = &v.exceeded else {
        return f.write_str(
            "concurrent, not CPU-bound: X passed the ceiling the server's CPU pointed to.",
        );
    };
    let what = match e.archetype {
        Archetype::Parallel => "parallel's",
        _ => "one core's",
    };
    write!(
        f,
        "concurrent, not CPU-bound: X reached {} req/s at N = {}, past {what} ceiling of {} req/s (from the server's CPU per request at N = 1), while the server used {} cores: its requests overlap, and its CPU is not what limits them.",
        num(e.throughput, 0),
        e.n,
        num(e.ceiling, 0),
        num(e.server_cores, 2)
    )
}

/// What stops X, in words.
impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Limit::Backlog {
                n,
                overflows,
                queue_max,
            } => {
                write!(
                    f,
                    "What stops X: the accept backlog. The kernel dropped {} at N = {n} because the accept queue was full (ListenOverflows, counted for the whole host)",
                    Count(overflows as usize, "connection")
                )?;
                if let Some(q) = queue_max.filter(|q| *q > 1) {
                    write!(
                        f,
                        "; its accept queue was seen holding {q} connections (a full queue holds the backlog + 1, so the backlog is at least {})",
                        q - 1
                    )?;
                }
                f.write_str(". Raise the server's listen() backlog (the kernel caps it at net.core.somaxconn).")
            }
            Limit::Cpu { cores, what } => {
                let what = match what {
                    CpuUse::OneThread => "one thread, which can never use a second core",
                    CpuUse::OneCore => "one core",
                    CpuUse::Several => "several cores",
                };
                write!(
                    f,
                    "What stops X: CPU, {} cores used ({what}).",
                    num(cores, 2)
                )
            }
            Limit::Waiting { cores } => write!(
                f,
                "What stops X: waiting inside the server: X stopped growing while it used {} cores (a pool, a lock, or something it calls).",
                num(cores, 2)
            ),
        }
    }
}

impl fmt::Display for VerdictNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            VerdictNote::SynRetransmits { answers } => write!(
                f,
                "{} took about 1 s, 3 s or 7 s: SYN retransmits (the kernel dropped the connection's SYN, the accept queue being full, and the client retried after 1 s, 2 s, 4 s).",
                Count(answers as usize, "answer")
            ),
            VerdictNote::HostFull { idle_cores } => write!(
                f,
                "The host had only {} cores idle there: its CPUs were full (the probe's client and anything else running share them), so the server's own ceiling may lie higher.",
                num(idle_cores, 2)
            ),
            VerdictNote::ClientBusy => f.write_str(
                "The probe's own client was busy past the knee: the ceiling may be partly the client's.",
            ),
            VerdictNote::Little { n, ratio } => write!(
                f,
                "Little's law: X·R/N was {} at N = {n}: fewer than N requests were in flight on average there (connecting, or the client), so that level understates the server.",
                num(ratio, 2)
            ),
        }
    }
}

impl fmt::Display for UslMissing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            UslMissing::TooFewLevels { need, got } => write!(
                f,
                "the USL fit needs at least {need} distinct levels including N = 1, got {got}"
            ),
            UslMissing::NotPositive => f.write_str("a level's X is not a positive number"),
            UslMissing::NoCurve => f.write_str("no USL curve could be fitted to these levels"),
        }
    }
}

#[cfg(test)]
#[path = "probe_tests.rs"]
mod tests;
