//! The finding read from X(N)'s shape and the server's CPU as a typed
//! reason: serial, one core, parallel or concurrent, or that a full host
//! cannot tell one core from more; with what Little's law and a busy client
//! say, as typed notes. The words are in `crate::words::probe`.

use super::{FLAT, MIN_LEVELS, Point, SEVERAL, Shape, caps, limit::limit, median};
use crate::results::probe::{Archetype, Evidence, Finding, Limit, Reason, Verdict, VerdictNote};

/// Server cores below this: it waits rather than computes.
const WAITING: f64 = 0.5;
/// The busiest thread's share of the server's CPU from which it is one thread.
const SINGLE: f64 = 0.8;
/// Server CPU per request ÷ S at N = 1 below which a request mostly waits.
const CPU_BOUND: f64 = 0.05;
/// X·R/N below this: the N clients were not all in flight (Little's law).
const LITTLE: f64 = 0.8;
/// Host idle cores below which the host's CPUs were full.
const HOST_BUSY: f64 = 0.2;
/// Cores wanted beyond those used from which the server was starved of CPUs.
const STARVED: f64 = 0.2;

/// What the server's CPU says, over the levels that matter: from the knee
/// on when X saturated, else the last level.
struct Cpu {
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

fn cpu(pts: &[Point], sh: &Shape) -> Option<Cpu> {
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
    Some(Cpu {
        cores: of(&|p| p.server_cores)?,
        wanted: of(&|p| Some(p.server_cores? + p.server_waiting.unwrap_or(0.0)))?,
        share: of(&|p| p.busiest_share),
        busy: first.server_cpu_per_request.map(|d| d / first.r),
        idle: of(&|p| p.host_idle),
    })
}

pub(super) fn judge(pts: &[Point], c: usize, sh: &Shape, best_fit: Option<Archetype>) -> Verdict {
    let cpu = cpu(pts, sh);
    let client_bound = sh.saturated
        && pts
            .iter()
            .filter(|p| sh.knee.is_none_or(|k| p.n >= k))
            .any(|p| p.client_busy);
    let levels_needed = (pts.len() < MIN_LEVELS).then_some(MIN_LEVELS);
    let mut reason = match &cpu {
        _ if levels_needed.is_some() => Reason::TooFewLevels {
            ns: pts.iter().map(|p| p.n).collect(),
            needed: MIN_LEVELS,
        },
        Some(cpu) if sh.growth < FLAT => flat(cpu, c),
        Some(cpu) => growing(sh, cpu, c),
        None => without_cpu(sh, c),
    };
    let exceeded = match reason.finding() {
        Finding::OneCore => caps::exceeded(Archetype::OneCore, pts, c),
        Finding::Parallel => caps::exceeded(Archetype::Parallel, pts, c),
        _ => None,
    };
    if exceeded.is_some() {
        reason = Reason::PastCeiling;
    }
    let one_thread = cpu.as_ref().is_some_and(single);
    let limit = levels_needed
        .is_none()
        .then(|| {
            limit(
                pts,
                sh,
                reason.finding(),
                cpu.as_ref().map(|e| e.cores),
                one_thread,
                cpu.as_ref().is_some_and(crowded),
            )
        })
        .flatten();
    if let (Some(Limit::Backlog { .. }), Finding::None, Some(cpu)) =
        (&limit, reason.finding(), &cpu)
        && sh.growth >= FLAT
        && cpu.cores < WAITING
    {
        // What capped the requests in flight is known: the backlog.
        reason = Reason::Backlog;
    }
    Verdict {
        finding: reason.finding(),
        reason,
        evidence: Evidence {
            x1: pts[0].x,
            service_time_s: pts[0].r,
            x_max: sh.x_max,
            top_n: pts.last().expect("at least one level").n,
            saturated: sh.saturated,
            cores: c,
            busiest_share: cpu.as_ref().and_then(|e| e.share),
            cpu_share: cpu.as_ref().and_then(|e| e.busy),
            starved: cpu.as_ref().is_some_and(|e| e.wanted - e.cores >= STARVED),
        },
        best_fit,
        effective_cores: cpu.as_ref().map(|e| e.cores),
        wanted_cores: cpu.as_ref().map(|e| e.wanted),
        knee: sh.knee,
        client_bound,
        levels_needed,
        exceeded,
        limit,
        syn_retry_latencies: pts.iter().map(|p| p.syn_like).sum(),
        notes: notes(pts, cpu.as_ref(), client_bound),
    }
}

/// Whether the server's threads queued for CPUs: the host's were full, or
/// it wanted noticeably more cores than it got.
fn crowded(cpu: &Cpu) -> bool {
    cpu.idle.is_some_and(|i| i < HOST_BUSY) || cpu.wanted - cpu.cores >= STARVED
}

/// Whether one thread did the server's work.
fn single(cpu: &Cpu) -> bool {
    cpu.share.is_some_and(|h| h >= SINGLE)
}

/// What follows the finding: SYN retransmits, a full host, a busy client,
/// Little's law broken.
fn notes(pts: &[Point], cpu: Option<&Cpu>, client_bound: bool) -> Vec<VerdictNote> {
    let mut out = Vec::new();
    // Answers near 1 s, 3 s or 7 s are SYN retransmits only when the accept
    // queue overflowed: a queue of requests alone can take as long.
    let answers: u64 = pts.iter().map(|p| p.syn_like).sum();
    if answers > 0 && pts.iter().any(|p| p.overflows.unwrap_or(0) > 0) {
        out.push(VerdictNote::SynRetransmits { answers });
    }
    if let Some(idle) = cpu.and_then(|e| e.idle).filter(|i| *i < HOST_BUSY) {
        out.push(VerdictNote::HostFull { idle_cores: idle });
    }
    if client_bound {
        out.push(VerdictNote::ClientBusy);
    }
    let little = |p: &Point| p.x * p.r / p.n as f64;
    if let Some(p) = pts
        .iter()
        .filter(|p| p.x > 0.0)
        .find(|p| little(p) < LITTLE)
    {
        out.push(VerdictNote::Little {
            n: p.n,
            ratio: little(p),
        });
    }
    out
}

fn flat(cpu: &Cpu, c: usize) -> Reason {
    let k = cpu.cores;
    let host_full = cpu.idle.is_some_and(|i| i < HOST_BUSY);
    let computes = cpu.busy.is_some_and(|b| b >= CPU_BOUND);
    if k < WAITING && host_full && computes {
        Reason::FlatUnloaded
    } else if k < WAITING {
        Reason::FlatWaiting
    } else if k < SEVERAL && host_full && !single(cpu) && c > 1 {
        Reason::HostFull { flat: true }
    } else if k < SEVERAL || c == 1 {
        Reason::FlatOneCore
    } else {
        Reason::FlatParallel
    }
}

fn growing(sh: &Shape, cpu: &Cpu, c: usize) -> Reason {
    let host_full = cpu.idle.is_some_and(|i| i < HOST_BUSY);
    if cpu.cores >= SEVERAL && c > 1 {
        return Reason::Parallel;
    }
    let waits = cpu.busy.is_some_and(|b| b < CPU_BOUND) && cpu.cores < WAITING;
    if waits && sh.saturated {
        Reason::CappedOutside
    } else if waits {
        Reason::WaitsOverlap
    } else if single(cpu) {
        Reason::OneThread
    } else if cpu.cores >= WAITING && host_full && c > 1 {
        Reason::HostFull { flat: false }
    } else if cpu.cores >= WAITING {
        Reason::OneCore
    } else {
        Reason::Spread
    }
}

fn without_cpu(sh: &Shape, c: usize) -> Reason {
    if sh.growth < FLAT {
        Reason::FlatNoCpu
    } else if !sh.saturated {
        Reason::GrowingNoCpu {
            beyond_cores: sh.growth > c as f64,
        }
    } else {
        Reason::SaturatedNoCpu
    }
}
