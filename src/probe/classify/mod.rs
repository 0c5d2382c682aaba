//! The model's verdict on a probed server: its measured X(N) beside three
//! archetypes predicted from one request alone, the USL fitted to X(N)/X(1),
//! and what the server's CPU time says.
//!
//! With X₁ the throughput and S the mean latency at N = 1, d the server's CPU
//! per request at N = 1 and C the cores it may use:
//!
//! - serial (blocking, one at a time): X(N) = X₁, latency N/X₁ ≈ N·S;
//! - one core (one event loop, a GIL): X(N) = min(N·X₁, 1/d), latency ∝ N
//!   beyond the knee N ≈ S/d;
//! - parallel on C cores: X(N) = min(N·X₁, C/d).
//!
//! Latency follows from Little's law, R = N/X. Each curve's residual is the
//! root mean square of ln(measured/predicted) over N > 1 (0 is a perfect
//! fit, 0.1 about 10 % off); it is evidence, not the verdict, because d at
//! N = 1 is a noisy guide to an event loop's cost under load (it batches).
//!
//! The finding is read from the shape and the server's CPU:
//! X flat from N = 1 is serial when the server barely uses a core and one
//! core when it uses about one; X that grows is parallel when the server uses
//! more than a core, concurrent (not CPU-bound) when a request is mostly
//! waiting (d/S small) and the server idles, and one core when its work is
//! one thread's (the busiest thread does most of it: it can never use a
//! second core, whoever capped the load) or about one core's.
//!
//! When the host's CPUs were full (other programs, the probe's own client),
//! a server whose threads used about one core may be one core (a GIL) or
//! parallel workers starved of a second core; their run-queue waits look
//! alike, so the verdict says it cannot tell rather than guess. A flat X
//! while the server sleeps is serial whatever the host does.
//!
//! Pure: numbers in, an analysis out.

use crate::model::{FitError, fit_usl_exact};
mod caps;
mod limit;
pub mod open;
mod verdict;

use crate::results::probe::{Analysis, Archetype, ArchetypeCurve, UslMissing};
use verdict::judge;

/// Throughput growth (X_max / X₁) below which X counts as flat.
pub(super) const FLAT: f64 = 1.5;
/// Server cores from this up: more than one core (a GIL server may pass 1
/// a little, with its I/O outside the lock).
pub(super) const SEVERAL: f64 = 1.3;
/// X at the last level below this share of N·X₁: growth has stopped.
const SATURATED: f64 = 0.7;
/// The knee: the first N reaching this share of the largest X.
const KNEE: f64 = 0.85;
/// Fewest levels that show a shape: N = 1 and two more (flat, growing,
/// growing then flat).
pub const MIN_LEVELS: usize = 3;
/// One measured level, as the analysis needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub n: usize,
    /// Requests completed in the window (X's noise: about 1/√requests).
    pub requests: u64,
    /// X, req/s.
    pub x: f64,
    /// Mean latency, s.
    pub r: f64,
    /// Cores the server used (None: not known).
    pub server_cores: Option<f64>,
    /// Cores its threads were runnable but waiting for (None: not known).
    pub server_waiting: Option<f64>,
    /// Server CPU per request, s (None: not known).
    pub server_cpu_per_request: Option<f64>,
    /// Share of the server's CPU its busiest thread did (None: not known).
    pub busiest_share: Option<f64>,
    /// Cores the host left idle (None: not known).
    pub host_idle: Option<f64>,
    /// Whether the probe's client was busy (its threads near full).
    pub client_busy: bool,
    /// Connections the host's listening sockets dropped, the queue full
    /// (None: not read).
    pub overflows: Option<u64>,
    /// Most connections seen in the target's accept queue.
    pub accept_queue: Option<u64>,
    /// Answers that took about 1 s, 3 s or 7 s (SYN retransmits).
    pub syn_like: u64,
}

fn predict(a: Archetype, x1: f64, d: Option<f64>, c: usize, n: usize) -> Option<f64> {
    let linear = n as f64 * x1;
    match a {
        Archetype::Serial => Some(x1),
        Archetype::OneCore => d.map(|d| linear.min((1.0 / d).max(x1))),
        Archetype::Parallel => d.map(|d| linear.min((c as f64 / d).max(x1))),
    }
}

fn curve(a: Archetype, pts: &[Point], x1: f64, d: Option<f64>, c: usize) -> ArchetypeCurve {
    let xs: Vec<Option<f64>> = pts.iter().map(|p| predict(a, x1, d, c, p.n)).collect();
    let logs: Vec<f64> = pts
        .iter()
        .zip(&xs)
        .filter(|(p, _)| p.n > 1)
        .filter_map(|(p, x)| {
            let x = (*x)?;
            (p.x > 0.0 && x > 0.0).then(|| (p.x / x).ln())
        })
        .collect();
    let residual = (xs.iter().all(Option::is_some) && !logs.is_empty())
        .then(|| (logs.iter().map(|l| l * l).sum::<f64>() / logs.len() as f64).sqrt());
    ArchetypeCurve {
        archetype: a,
        cores: if a == Archetype::Parallel { c } else { 1 },
        latency_s: pts
            .iter()
            .zip(&xs)
            .map(|(p, x)| x.map(|x| p.n as f64 / x))
            .collect(),
        throughput: xs,
        residual,
    }
}

pub(super) fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    (!v.is_empty()).then(|| v[v.len() / 2])
}

/// The shape of X(N): growth, saturation, knee.
pub(super) struct Shape {
    pub(super) growth: f64,
    pub(super) saturated: bool,
    pub(super) knee: Option<usize>,
    pub(super) x_max: f64,
}

fn shape(pts: &[Point], x1: f64) -> Shape {
    let x_max = pts.iter().map(|p| p.x).fold(0.0, f64::max);
    let last = pts.last().expect("at least one level");
    let saturated = last.n > 1 && last.x < SATURATED * last.n as f64 * x1;
    let knee = saturated
        .then(|| pts.iter().find(|p| p.x >= KNEE * x_max).map(|p| p.n))
        .flatten();
    Shape {
        growth: x_max / x1,
        saturated,
        knee,
        x_max,
    }
}

/// Analyses levels sorted by N whose first is N = 1, for a server on `c` cores.
pub fn analyze(pts: &[Point], c: usize) -> Option<Analysis> {
    let first = pts
        .first()
        .filter(|p| p.n == 1 && p.x > 0.0 && p.x.is_finite())?;
    let (x1, s) = (first.x, first.r);
    let d = first.server_cpu_per_request.filter(|d| *d > 0.0);
    let archetypes: Vec<ArchetypeCurve> = Archetype::ALL
        .iter()
        .map(|&a| curve(a, pts, x1, d, c))
        .collect();
    let best_fit = archetypes
        .iter()
        .filter_map(|a| Some((a.archetype, a.residual?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|a| a.0);
    let sh = shape(pts, x1);
    let usl_pts: Vec<(f64, f64)> = pts.iter().map(|p| (p.n as f64, p.x / x1)).collect();
    // The same nonlinear least squares as `conpar fit` and `scale`, with
    // S(1) = 1 held.
    let usl = fit_usl_exact(&usl_pts);
    let verdict = judge(pts, c, &sh, best_fit);
    Some(Analysis {
        service_time_s: s,
        server_cpu_per_request_s: d,
        archetypes,
        usl_sigma: usl.as_ref().ok().map(|u| u.sigma),
        usl_kappa: usl.as_ref().ok().map(|u| u.kappa),
        usl_r_squared: usl.as_ref().ok().map(|u| u.r_squared),
        usl_missing: usl.err().map(|e| match e {
            FitError::TooFewPoints { need, got, .. } => UslMissing::TooFewLevels { need, got },
            FitError::BadSpeedup(_) | FitError::BadPoint(..) => UslMissing::NotPositive,
            FitError::NoCurve => UslMissing::NoCurve,
        }),
        verdict,
    })
}

#[cfg(test)]
mod tests;
