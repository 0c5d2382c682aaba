//! `conpar probe` results: the table per level (written as each level
//! finishes), the archetypes beside the measurement, the verdict, and the
//! CSV rows. Pure functions of the document; every string that came from a
//! server or the command line is escaped for the terminal or the spreadsheet.

pub mod columns;
pub mod open;

use crate::escape::{csv_text, terminal};
use crate::results::probe::{Archetype, ProbeDoc, ProbeLevel};
use crate::words::probe::TimedOut;
use crate::words::{Count, Pct, Secs, num};
use columns::{LEVEL, head_line, line};
use serde::Serialize;
use std::fmt::Write;

/// What the probe's heading says: the target, the request, the client's
/// threads and the server.
pub fn heading(d: &ProbeDoc) -> String {
    let server = match d.server_pid {
        Some(p) => format!("server pid {p}, {}", Count(d.server_cores, "core")),
        None => format!(
            "server CPU not read (no --pid), {}",
            Count(d.server_cores, "core")
        ),
    };
    format!(
        "probe {} · {} · {} · {}",
        d.target,
        d.request,
        Count(d.client_threads, "client thread"),
        server
    )
}

/// The lines above the table: what is probed, and the column heads.
pub fn header(d: &ProbeDoc) -> String {
    format!("{}\n\n{}", terminal(&heading(d)), head_line(&LEVEL))
}

/// One level's line; `x1` is X at N = 1, for the ×X(1) column.
pub fn row(l: &ProbeLevel, x1: Option<f64>) -> String {
    line(&LEVEL, l, x1)
}

/// X at N = 1, when measured.
pub fn x1(d: &ProbeDoc) -> Option<f64> {
    d.levels.iter().find(|l| l.n == 1).map(|l| l.throughput)
}

/// Everything: the header, every level and the summary.
pub fn table(d: &ProbeDoc) -> String {
    let mut o = header(d);
    for l in &d.levels {
        o.push_str(&row(l, x1(d)));
    }
    o.push_str(&summary(d));
    o
}

/// What the terminal's short heads mean.
const LEGEND: &str = "(c/req = connections opened ÷ requests: near 0 kept alive, 1 or more a connection per request; in cores: server = its CPU time ÷ wall, 1 thr = its busiest thread's, wait = its threads runnable but waiting for a CPU, client = this probe's, idle = the host's idle; accq = most connections seen in the target's accept queue; ovfl = the host's accept-queue overflows (ListenOverflows), syn = SYNs retransmitted (TCPSynRetrans), over the level)";

/// The lines below a probe's levels, not yet escaped, each said once;
/// every backend prints all of them.
#[derive(Debug, Default)]
pub struct Lines {
    /// Timed-out requests, the first failure, S (or that nothing completed).
    pub before: Vec<String>,
    /// The USL's fit, or why there is none.
    pub usl: Option<String>,
    /// The verdict, then the knee, the effective cores and the best fit.
    pub verdict: Vec<String>,
    /// Why the probe is partial.
    pub partial: Option<String>,
}

/// The lines below `d`'s levels.
pub fn lines(d: &ProbeDoc) -> Lines {
    let mut o = Lines::default();
    for l in d.levels.iter().filter(|l| l.timeouts + l.unanswered > 0) {
        let t = TimedOut {
            n: l.n,
            timeouts: l.timeouts,
            unanswered: l.unanswered,
            censored: l.censored,
            deadline_s: d.timeout_s,
        };
        o.before.push(t.to_string());
    }
    if let Some((n, e)) = d
        .levels
        .iter()
        .find_map(|l| Some((l.n, l.first_error.as_ref()?)))
    {
        o.before.push(format!("first failure at N = {n}: {e}"));
    }
    o.partial = d.partial.as_ref().map(|p| format!("PARTIAL: {p}"));
    let Some(a) = &d.analysis else {
        o.before
            .push("no level completed: nothing to analyse".into());
        return o;
    };
    o.before.push(format!(
        "S (one request alone) = {}; server CPU per request at N = 1: {}",
        Secs(a.service_time_s),
        a.server_cpu_per_request_s
            .map_or("not known".into(), |c| Secs(c).to_string())
    ));
    o.usl = Some(match (a.usl_sigma, a.usl_kappa, &a.usl_missing) {
        (Some(sg), Some(k), _) => format!(
            "USL on X(N)/X(1): σ = {sg:.3}, κ = {k:.5} (R² {})",
            a.usl_r_squared.map_or("—".into(), |r| num(r, 3))
        ),
        (_, _, Some(m)) => format!("USL: {m}"),
        _ => "USL: no fit".into(),
    });
    let v = &a.verdict;
    o.verdict.push(format!("verdict: {v}"));
    o.verdict.push(format!(
        "knee: {}; effective cores: {}; best-fitting curve: {}",
        v.knee.map_or("not reached".into(), |k| format!("N = {k}")),
        v.effective_cores.map_or("—".into(), |c| num(c, 2)),
        v.best_fit.map_or("—", Archetype::name)
    ));
    o
}

/// The archetypes' table: each one's name, how far off it is, and its
/// predicted X at each measured N (empty without an analysis).
pub fn archetypes(d: &ProbeDoc) -> Vec<[String; 3]> {
    let Some(a) = &d.analysis else {
        return Vec::new();
    };
    a.archetypes
        .iter()
        .map(|c| {
            let name = match c.archetype {
                Archetype::Parallel => format!("parallel ({})", Count(c.cores, "core")),
                other => other.name().to_string(),
            };
            let xs: Vec<String> = c
                .throughput
                .iter()
                .map(|x| x.map_or("—".into(), |x| num(x, 0)))
                .collect();
            let off = c
                .residual
                .map_or("needs CPU".into(), |r| Pct::new(r.exp() - 1.0).to_string());
            [name, off, xs.join(" ")]
        })
        .collect()
}

/// Below the table: the legend, what came before the analysis, the
/// archetypes, the USL, the verdict and why the probe is partial.
pub fn summary(d: &ProbeDoc) -> String {
    let mut o = format!("{LEGEND}\n\n");
    let l = lines(d);
    let say = |o: &mut String, t: &str| {
        let _ = writeln!(o, "{}", terminal(t));
    };
    for t in &l.before {
        say(&mut o, t);
    }
    let arch = archetypes(d);
    if !arch.is_empty() {
        let ns: Vec<String> = d.levels.iter().map(|l| l.n.to_string()).collect();
        let _ = writeln!(
            o,
            "\n{:<20} {:>9}   predicted X at N = {}",
            "archetype",
            "off by",
            ns.join(", ")
        );
        for [name, off, xs] in &arch {
            let _ = writeln!(o, "{name:<20} {off:>9}   {xs}");
        }
    }
    if let Some(u) = &l.usl {
        say(&mut o, u);
    }
    if !l.verdict.is_empty() {
        o.push('\n');
    }
    for t in l.verdict.iter().chain(&l.partial) {
        say(&mut o, t);
    }
    o
}

/// The CSV's columns, written even when no level finished; the names of
/// [`CsvRow`]'s fields, in order.
const CSV_HEADER: [&str; 31] = [
    "n",
    "requests",
    "errors",
    "timeouts",
    "unanswered",
    "censored",
    "connects",
    "window_s",
    "throughput",
    "latency_mean_s",
    "latency_p50_s",
    "latency_p99_s",
    "latency_max_s",
    "server_cpu_s",
    "server_cores",
    "server_busiest_thread_cores",
    "server_waiting_cores",
    "server_threads",
    "client_cores",
    "host_idle_cores",
    "little",
    "serial_x",
    "one_core_x",
    "parallel_x",
    "listen_overflows",
    "listen_drops",
    "syn_retrans",
    "tcp_timeouts",
    "accept_queue_max",
    "syn_retry_latencies",
    "first_error",
];

#[derive(Serialize)]
struct CsvRow {
    n: usize,
    requests: u64,
    errors: u64,
    timeouts: u64,
    unanswered: u64,
    censored: u64,
    connects: u64,
    window_s: f64,
    throughput: Option<f64>,
    latency_mean_s: Option<f64>,
    latency_p50_s: Option<f64>,
    latency_p99_s: Option<f64>,
    latency_max_s: Option<f64>,
    server_cpu_s: Option<f64>,
    server_cores: Option<f64>,
    server_busiest_thread_cores: Option<f64>,
    server_waiting_cores: Option<f64>,
    server_threads: Option<u64>,
    client_cores: f64,
    host_idle_cores: Option<f64>,
    little: Option<f64>,
    serial_x: Option<f64>,
    one_core_x: Option<f64>,
    parallel_x: Option<f64>,
    listen_overflows: Option<u64>,
    listen_drops: Option<u64>,
    syn_retrans: Option<u64>,
    tcp_timeouts: Option<u64>,
    accept_queue_max: Option<u64>,
    syn_retry_latencies: u64,
    first_error: String,
}

fn fin(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// One CSV line per level, with each archetype's predicted X beside it.
pub fn csv(d: &ProbeDoc) -> Result<Vec<u8>, csv::Error> {
    let curve = |a: Archetype, i: usize| {
        d.analysis.as_ref().and_then(|an| {
            an.archetypes
                .iter()
                .find(|c| c.archetype == a)
                .and_then(|c| c.throughput.get(i).copied().flatten())
        })
    };
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for (i, l) in d.levels.iter().enumerate() {
        w.serialize(CsvRow {
            n: l.n,
            requests: l.requests,
            errors: l.errors,
            timeouts: l.timeouts,
            unanswered: l.unanswered,
            censored: l.censored,
            connects: l.connects,
            window_s: l.window_s,
            throughput: fin(l.throughput),
            latency_mean_s: fin(l.latency_s.mean),
            latency_p50_s: fin(l.latency_s.p50),
            latency_p99_s: fin(l.latency_s.p99),
            latency_max_s: fin(l.latency_s.max),
            server_cpu_s: l.server.map(|s| s.cpu_s),
            server_cores: l.server.map(|s| s.cores),
            server_busiest_thread_cores: l.server.map(|s| s.busiest_thread_cores),
            server_waiting_cores: l.server.map(|s| s.waiting_cores),
            server_threads: l.server.map(|s| s.threads),
            client_cores: l.client_cores,
            host_idle_cores: l.host_idle_cores,
            little: fin(l.little),
            serial_x: curve(Archetype::Serial, i),
            one_core_x: curve(Archetype::OneCore, i),
            parallel_x: curve(Archetype::Parallel, i),
            listen_overflows: l.kernel.map(|k| k.listen_overflows),
            listen_drops: l.kernel.map(|k| k.listen_drops),
            syn_retrans: l.kernel.map(|k| k.syn_retrans),
            tcp_timeouts: l.kernel.map(|k| k.tcp_timeouts),
            accept_queue_max: l.kernel.and_then(|k| k.accept_queue_max),
            syn_retry_latencies: l.syn_retry_latencies,
            first_error: csv_text(
                &l.first_error
                    .as_ref()
                    .map_or(String::new(), ToString::to_string),
            )
            .into_owned(),
        })?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests;
