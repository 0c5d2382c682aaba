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
//! fit, 0.1 about 10 % off). The finding is read from the shape and the CPU:
//! X flat from N = 1 is serial when the server barely uses a core and one core
//! when it uses about one; X that stops growing at a knee is one core or
//! parallel by the cores the server used there; X still growing at the last
//! level with the server's CPU low is concurrent, not CPU-bound.
//!
//! Pure: numbers in, an analysis out.

use crate::model::fit_usl;
use crate::results::probe::{Analysis, Archetype, ArchetypeCurve, Finding, Verdict};

/// Throughput growth (X_max / X₁) below which X counts as flat.
const FLAT: f64 = 1.5;
/// X at the last level below this share of N·X₁: growth has stopped.
const SATURATED: f64 = 0.7;
/// The knee: the first N reaching this share of the largest X.
const KNEE: f64 = 0.85;
/// Server cores below this: it waits rather than computes.
const WAITING: f64 = 0.5;
/// Server cores from this up: more than one core.
const SEVERAL: f64 = 1.5;

/// One measured level, as the analysis needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// N.
    pub n: usize,
    /// X, req/s.
    pub x: f64,
    /// Mean latency, s.
    pub r: f64,
    /// Cores the server used (None: not known).
    pub server_cores: Option<f64>,
    /// Server CPU per request, s (None: not known).
    pub server_cpu_per_request: Option<f64>,
    /// Whether the probe's client was busy (its threads near full).
    pub client_busy: bool,
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

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    (!v.is_empty()).then(|| v[v.len() / 2])
}

/// The shape of X(N): growth, saturation, knee.
struct Shape {
    growth: f64,
    saturated: bool,
    knee: Option<usize>,
    x_max: f64,
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
    let usl = fit_usl(&usl_pts);
    let verdict = judge(pts, c, &sh, best_fit, s);
    Some(Analysis {
        service_time_s: s,
        server_cpu_per_request_s: d,
        archetypes,
        usl_sigma: usl.as_ref().ok().map(|u| u.sigma),
        usl_kappa: usl.as_ref().ok().map(|u| u.kappa),
        usl_r_squared: usl.as_ref().ok().map(|u| u.r_squared),
        usl_note: usl.err().map(|e| e.to_string()),
        verdict,
    })
}

fn judge(pts: &[Point], c: usize, sh: &Shape, best_fit: Option<Archetype>, s: f64) -> Verdict {
    let last = pts.last().expect("at least one level");
    let from_knee = |p: &&Point| sh.knee.is_none_or(|k| p.n >= k);
    let cores = if sh.saturated {
        median(
            pts.iter()
                .filter(from_knee)
                .filter_map(|p| p.server_cores)
                .collect(),
        )
    } else {
        last.server_cores
    };
    let client_bound = sh.saturated && pts.iter().filter(from_knee).any(|p| p.client_busy);
    let (finding, mut text) = match cores {
        Some(k) => with_cpu(sh, k, c, last.n),
        None => without_cpu(sh, c, last.n),
    };
    text.push_str(&format!(
        " X(1) = {:.0} req/s (S = {}), at most {:.0} req/s ({:.1}× X(1)).",
        pts[0].x,
        crate::units::Nanos(s * 1e9),
        sh.x_max,
        sh.growth
    ));
    if client_bound {
        text.push_str(" The probe's own client was busy past the knee: the ceiling may be partly the client's.");
    }
    Verdict {
        finding,
        best_fit,
        effective_cores: cores,
        knee: sh.knee,
        client_bound,
        text,
    }
}

fn with_cpu(sh: &Shape, k: f64, c: usize, top: usize) -> (Finding, String) {
    let knee = sh.knee.unwrap_or(1);
    if sh.growth < FLAT {
        return if k < WAITING {
            (
                Finding::Serial,
                format!(
                    "serial: one request at a time, and it waits (the server used {k:.2} cores); X stays at X(1) while latency grows as N·S."
                ),
            )
        } else if k < SEVERAL || c == 1 {
            (
                Finding::OneCore,
                format!(
                    "one core: every request needs the same core (the server used {k:.2} cores; a GIL or one busy event loop); X stays at X(1) while latency grows as N·S."
                ),
            )
        } else {
            (
                Finding::Parallel,
                format!(
                    "parallel within each request: X stays at X(1) while the server uses {k:.2} of {c} cores."
                ),
            )
        };
    }
    if !sh.saturated {
        return if k < WAITING {
            (
                Finding::Concurrent,
                format!(
                    "concurrent, not CPU-bound: the requests' waits overlap; X grew with N to N = {top} while the server used {k:.2} cores."
                ),
            )
        } else if k < SEVERAL {
            (
                Finding::OneCore,
                format!(
                    "one core so far: X grew with N to N = {top}, the server near one core ({k:.2}); its ceiling is close."
                ),
            )
        } else {
            (
                Finding::Parallel,
                format!(
                    "parallel: X grew with N to N = {top} on {k:.2} of {c} cores; the ceiling was not reached."
                ),
            )
        };
    }
    if k < WAITING {
        (
            Finding::None,
            format!(
                "none: X stops growing at N ≈ {knee} while the server uses only {k:.2} cores: something else caps the requests in flight (a pool of workers, a lock, the client or the network), not the server's cores."
            ),
        )
    } else if k < SEVERAL || c == 1 {
        (
            Finding::OneCore,
            format!(
                "one core (one event loop): X grows up to N ≈ {knee}, then stays flat with the server at {k:.2} cores; latency grows ∝ N beyond."
            ),
        )
    } else {
        (
            Finding::Parallel,
            format!(
                "parallel on about {k:.1} of {c} cores: X grows up to N ≈ {knee}, then stays flat; latency grows ∝ N beyond."
            ),
        )
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

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
