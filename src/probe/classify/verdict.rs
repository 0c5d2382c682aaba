//! The finding read from X(N)'s shape and the server's CPU, in words: serial,
//! one core, parallel or concurrent, or that a full host cannot tell one
//! core from more; with what Little's law and a busy client say.

use super::{FLAT, MIN_LEVELS, Point, Shape, caps, limit::limit, median};
use crate::results::probe::{Archetype, Exceeded, Finding, Limit, Verdict};
use crate::words::Count;

/// Server cores below this: it waits rather than computes.
const WAITING: f64 = 0.5;
/// Server cores from this up: more than one core (a GIL server may pass 1
/// a little, with its I/O outside the lock).
const SEVERAL: f64 = 1.3;
/// The busiest thread's share of the server's CPU from which it is one thread.
const SINGLE: f64 = 0.8;
/// Server CPU per request ÷ S at N = 1 below which a request mostly waits.
const CPU_BOUND: f64 = 0.05;
/// X·R/N below this: the N clients were not all in flight (Little's law).
const LITTLE: f64 = 0.8;
/// Host idle cores below which the host's CPUs were full.
const HOST_BUSY: f64 = 0.2;

/// What the server's CPU says, over the levels that matter: from the knee
/// on when X saturated, else the last level.
struct Evidence {
    /// Cores the server used.
    cores: f64,
    /// Cores it wanted: used plus runnable but waiting.
    wanted: f64,
    /// Share of its CPU work its busiest thread did.
    share: Option<f64>,
    /// Server CPU per request ÷ S at N = 1: how much of a request is computing.
    busy: Option<f64>,
    /// Cores the host left idle.
    idle: Option<f64>,
}

fn evidence(pts: &[Point], sh: &Shape) -> Option<Evidence> {
    let last = pts.last().expect("at least one level");
    let used: Vec<&Point> = if sh.saturated {
        pts.iter()
            .filter(|p| sh.knee.is_none_or(|k| p.n >= k))
            .collect()
    } else {
        vec![last]
    };
    let of = |f: &dyn Fn(&Point) -> Option<f64>| median(used.iter().filter_map(|p| f(p)).collect());
    let first = &pts[0];
    Some(Evidence {
        cores: of(&|p| p.server_cores)?,
        wanted: of(&|p| Some(p.server_cores? + p.server_waiting.unwrap_or(0.0)))?,
        share: of(&|p| p.busiest_share),
        busy: first.server_cpu_per_request.map(|d| d / first.r),
        idle: of(&|p| p.host_idle),
    })
}

pub(super) fn judge(
    pts: &[Point],
    c: usize,
    sh: &Shape,
    best_fit: Option<Archetype>,
    s: f64,
) -> Verdict {
    let ev = evidence(pts, sh);
    let client_bound = sh.saturated
        && pts
            .iter()
            .filter(|p| sh.knee.is_none_or(|k| p.n >= k))
            .any(|p| p.client_busy);
    let top = pts.last().expect("at least one level").n;
    let levels_needed = (pts.len() < MIN_LEVELS).then_some(MIN_LEVELS);
    let (mut finding, mut text) = match &ev {
        _ if levels_needed.is_some() => cannot_tell(pts),
        Some(ev) => with_cpu(sh, ev, c, top),
        None => without_cpu(sh, c, top),
    };
    let exceeded = match finding {
        Finding::OneCore => caps::exceeded(Archetype::OneCore, pts, c),
        Finding::Parallel => caps::exceeded(Archetype::Parallel, pts, c),
        _ => None,
    };
    if let Some(e) = &exceeded {
        (finding, text) = set_aside(e);
    }
    let one_thread = ev
        .as_ref()
        .and_then(|e| e.share)
        .is_some_and(|h| h >= SINGLE);
    let limit = levels_needed
        .is_none()
        .then(|| limit(pts, sh, finding, ev.as_ref().map(|e| e.cores), one_thread))
        .flatten();
    if let (Some(Limit::Backlog { .. }), Finding::None, Some(ev)) = (&limit, finding, &ev)
        && sh.growth >= FLAT
        && ev.cores < WAITING
    {
        // What capped the requests in flight is known: the backlog.
        finding = Finding::Concurrent;
        text = format!(
            "concurrent, not CPU-bound: its requests overlap (X grew to {:.1}× X(1)) while {}; X stops growing at N ≈ {}, capped by its accept backlog.",
            sh.growth,
            cpu_words(ev),
            sh.knee.unwrap_or(1)
        );
    }
    if let Some(l) = &limit {
        text.push_str(&limit_words(l));
    }
    let syn_retry_latencies: u64 = pts.iter().map(|p| p.syn_like).sum();
    text.push_str(&notes(pts, sh, ev.as_ref(), client_bound, s));
    Verdict {
        finding,
        best_fit,
        effective_cores: ev.as_ref().map(|e| e.cores),
        wanted_cores: ev.map(|e| e.wanted),
        knee: sh.knee,
        client_bound,
        levels_needed,
        exceeded,
        limit,
        syn_retry_latencies,
        text,
    }
}

/// What stops X, in words.
fn limit_words(l: &Limit) -> String {
    match *l {
        Limit::Backlog {
            n,
            overflows,
            queue_max,
        } => {
            let queue = queue_max.filter(|q| *q > 1).map_or(String::new(), |q| {
                format!(
                    "; its accept queue was seen holding {q} connections (a full queue holds the backlog + 1, so the backlog is at least {})",
                    q - 1
                )
            });
            format!(
                " What stops X: the accept backlog. The kernel dropped {} at N = {n} because the accept queue was full (ListenOverflows, counted for the whole host){queue}. Raise the server's listen() backlog (the kernel caps it at net.core.somaxconn).",
                Count(overflows as usize, "connection")
            )
        }
        Limit::Cpu { cores, one_thread } => {
            let what = if one_thread {
                "one thread, which can never use a second core"
            } else if cores < SEVERAL {
                "one core"
            } else {
                "several cores"
            };
            format!(" What stops X: CPU, {cores:.2} cores used ({what}).")
        }
        Limit::Waiting { cores } => format!(
            " What stops X: waiting inside the server: X stopped growing while it used {cores:.2} cores (a pool, a lock, or something it calls)."
        ),
    }
}

/// What follows the finding: SYN retransmits, X(1) and the ceiling, a full
/// host, a busy client, Little's law broken.
fn notes(pts: &[Point], sh: &Shape, ev: Option<&Evidence>, client_bound: bool, s: f64) -> String {
    let mut text = String::new();
    // Answers near 1 s, 3 s or 7 s are SYN retransmits only when the accept
    // queue overflowed: a queue of requests alone can take as long.
    let syn_retry_latencies: u64 = pts.iter().map(|p| p.syn_like).sum();
    let overflowed = pts.iter().any(|p| p.overflows.unwrap_or(0) > 0);
    if syn_retry_latencies > 0 && overflowed {
        text.push_str(&format!(
            " {} took about 1 s, 3 s or 7 s: SYN retransmits (the kernel dropped the connection's SYN, the accept queue being full, and the client retried after 1 s, 2 s, 4 s).",
            Count(syn_retry_latencies as usize, "answer")
        ));
    }
    text.push_str(&format!(
        " X(1) = {:.0} req/s (S = {}), at most {:.0} req/s ({:.1}× X(1)).",
        pts[0].x,
        crate::units::Nanos(s * 1e9),
        sh.x_max,
        sh.growth
    ));
    if let Some(idle) = ev.and_then(|e| e.idle).filter(|i| *i < HOST_BUSY) {
        text.push_str(&format!(
            " The host had only {idle:.2} cores idle there: its CPUs were full (the probe's client and anything else running share them), so the server's own ceiling may lie higher."
        ));
    }
    if client_bound {
        text.push_str(" The probe's own client was busy past the knee: the ceiling may be partly the client's.");
    }
    let little = |p: &&Point| p.x * p.r / p.n as f64;
    if let Some(p) = pts
        .iter()
        .filter(|p| p.x > 0.0)
        .find(|p| little(p) < LITTLE)
    {
        text.push_str(&format!(
            " Little's law: X·R/N was {:.2} at N = {}: fewer than N requests were in flight on average there (connecting, or the client), so that level understates the server.",
            little(&p),
            p.n
        ));
    }
    text
}

/// Too few levels: no shape, so no archetype.
fn cannot_tell(pts: &[Point]) -> (Finding, String) {
    let ns: Vec<String> = pts.iter().map(|p| p.n.to_string()).collect();
    let t = format!(
        "cannot tell: {} measured (N = {}), and a shape needs at least {MIN_LEVELS}: N = 1 and two more, such as --levels 1,4,16.",
        Count(pts.len(), "level"),
        ns.join(", ")
    );
    (Finding::CannotTell, t)
}

/// The archetype the CPU pointed to, set aside: X passed its ceiling while
/// the server used under its cores: its requests overlap (X passed X(1))
/// and its CPU is not what limits them.
fn set_aside(e: &Exceeded) -> (Finding, String) {
    let what = match e.archetype {
        Archetype::Parallel => "parallel's",
        _ => "one core's",
    };
    let passed = format!(
        "X reached {:.0} req/s at N = {}, past {what} ceiling of {:.0} req/s (from the server's CPU per request at N = 1), while the server used {:.2} cores",
        e.throughput, e.n, e.ceiling, e.server_cores
    );
    let t = format!(
        "concurrent, not CPU-bound: {passed}: its requests overlap, and its CPU is not what limits them."
    );
    (Finding::Concurrent, t)
}

/// Words for the CPU evidence: used, wanted, the busiest thread's share.
fn cpu_words(ev: &Evidence) -> String {
    let mut w = format!("the server used {:.2} cores", ev.cores);
    if ev.wanted - ev.cores >= 0.2 {
        w.push_str(&format!(
            " and wanted {:.2} (its threads were runnable, waiting for a CPU the host's other work held)",
            ev.wanted
        ));
    }
    if let Some(h) = ev.share {
        w.push_str(&format!(
            "; its busiest thread did {:.0} % of the work",
            h * 100.0
        ));
    }
    w
}

fn with_cpu(sh: &Shape, ev: &Evidence, c: usize, top: usize) -> (Finding, String) {
    let single = ev.share.is_some_and(|h| h >= SINGLE);
    let words = cpu_words(ev);
    if sh.growth < FLAT {
        flat(ev, c, single, &words)
    } else {
        growing(sh, ev, c, top, single, &words)
    }
}

/// Said when the host's CPUs were full and the server's threads, not one
/// thread, used about a core: a GIL and two starved workers look the same.
const CANNOT_TELL: &str = "the host's CPUs were full, so one core cannot be told from more (its threads queue for CPUs either way): run it again on a quieter host";

fn flat(ev: &Evidence, c: usize, single: bool, words: &str) -> (Finding, String) {
    let k = ev.cores;
    let host_full = ev.idle.is_some_and(|i| i < HOST_BUSY);
    let computes = ev.busy.is_some_and(|b| b >= CPU_BOUND);
    let tail = "X stays at X(1) while latency grows as N·S";
    if k < WAITING && host_full && computes {
        let t = format!(
            "none: X stayed flat, but the host's CPUs were full and {words}: the probe could not load it (run it again on a quieter host)."
        );
        (Finding::None, t)
    } else if k < WAITING {
        let t = format!("serial: one request at a time, and it waits ({words}); {tail}.");
        (Finding::Serial, t)
    } else if k < SEVERAL && host_full && !single && c > 1 {
        let t = format!("none: X stayed flat and {words}, but {CANNOT_TELL}.");
        (Finding::None, t)
    } else if k < SEVERAL || c == 1 {
        let t = format!(
            "one core: every request needs the same core ({words}: a GIL, a lock or one busy event loop); {tail}."
        );
        (Finding::OneCore, t)
    } else {
        let t = format!("parallel within each request: {words} of {c}; {tail}.");
        (Finding::Parallel, t)
    }
}

fn growing(
    sh: &Shape,
    ev: &Evidence,
    c: usize,
    top: usize,
    single: bool,
    words: &str,
) -> (Finding, String) {
    let host_full = ev.idle.is_some_and(|i| i < HOST_BUSY);
    let knee = sh.knee.unwrap_or(1);
    let shape = if sh.saturated {
        format!("X grows up to N ≈ {knee}, then stays flat and latency grows ∝ N")
    } else {
        format!("X grew with N up to N = {top}, its ceiling not reached")
    };
    if ev.cores >= SEVERAL && c > 1 {
        let t = format!(
            "parallel on about {:.1} of {c} cores: {words}; {shape}.",
            ev.cores
        );
        return (Finding::Parallel, t);
    }
    let waits = ev.busy.is_some_and(|b| b < CPU_BOUND) && ev.cores < WAITING;
    if waits && sh.saturated {
        let t = format!(
            "none: X stops growing at N ≈ {knee} while {words}: something else caps the requests in flight (a pool of workers, a lock, the client or the network), not the server's cores."
        );
        (Finding::None, t)
    } else if waits {
        let t = format!(
            "concurrent, not CPU-bound: the requests' waits overlap; X grew with N to N = {top} while {words}."
        );
        (Finding::Concurrent, t)
    } else if single {
        let t = format!(
            "one event loop: {words}, and one thread can never use more than one core; {shape}."
        );
        (Finding::OneCore, t)
    } else if ev.cores >= WAITING && host_full && c > 1 {
        (
            Finding::None,
            format!("none: {shape}; {words}, but {CANNOT_TELL}."),
        )
    } else if ev.cores >= WAITING {
        (Finding::OneCore, format!("one core: {words}; {shape}."))
    } else {
        let t = format!(
            "none: the server computes (its CPU is {:.0} % of a request's time at N = 1), but {words}, spread over its threads: the load did not reach its ceiling.",
            ev.busy.unwrap_or(0.0) * 100.0
        );
        (Finding::None, t)
    }
}

fn without_cpu(sh: &Shape, c: usize, top: usize) -> (Finding, String) {
    let hint = "pass --pid or --spawn so the server's CPU can tell waiting from computing";
    if sh.growth < FLAT {
        (
            Finding::Serial,
            format!(
                "serial: one request at a time; X stays at X(1) while latency grows as N·S ({hint})."
            ),
        )
    } else if !sh.saturated {
        let why = if sh.growth > c as f64 {
            format!(
                "more requests were in progress than the {c} cores could compute, so it waits rather than computes"
            )
        } else {
            hint.to_string()
        };
        (
            Finding::Concurrent,
            format!("concurrent: X grew with N to N = {top}; {why}."),
        )
    } else {
        (
            Finding::None,
            format!(
                "none: X stops growing at N ≈ {}; {hint}, to tell one core from {c}.",
                sh.knee.unwrap_or(1)
            ),
        )
    }
}
