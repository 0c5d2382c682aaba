//! `conpar probe` results: the table per level (written as each level
//! finishes), the archetypes beside the measurement, the verdict, and the
//! CSV rows. Pure functions of the document; every string that came from a
//! server or the command line is escaped for the terminal or the spreadsheet.

pub mod open;

use crate::escape::{csv_text, terminal};
use crate::results::probe::{Archetype, ProbeDoc, ProbeLevel};
use crate::units::Nanos;
use crate::words::Count;
use serde::Serialize;
use std::fmt::Write;

fn s(x: f64) -> String {
    if x.is_finite() {
        Nanos(x * 1e9).to_string()
    } else {
        "—".into()
    }
}

fn opt(x: Option<f64>, digits: usize) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.digits$}"),
        _ => "—".into(),
    }
}

/// The lines above the table: what is probed, and the column heads.
pub fn header(d: &ProbeDoc) -> String {
    let mut o = String::new();
    let server = match d.server_pid {
        Some(p) => format!("server pid {p}, {} cores", d.server_cores),
        None => format!("server CPU not read (no --pid), {} cores", d.server_cores),
    };
    let _ = writeln!(
        o,
        "probe {} · {} · {} · {}\n",
        terminal(&d.target),
        terminal(&d.request),
        Count(d.client_threads, "client thread"),
        server
    );
    let _ = writeln!(
        o,
        "{:>5} {:>10} {:>6} {:>9} {:>9} {:>9} {:>9} {:>6} {:>4} {:>6} {:>5} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6} {:>5}",
        "N",
        "req/s",
        "×X(1)",
        "mean",
        "p50",
        "p99",
        "max",
        "errors",
        "t/o",
        "conns",
        "c/req",
        "threads",
        "server",
        "1 thr",
        "wait",
        "client",
        "idle",
        "X·R/N",
        "accq",
        "ovfl",
        "syn"
    );
    o
}

/// A latency that holds censored requests: at least this.
fn at_least(x: f64, censored: bool) -> String {
    match (s(x), censored && x.is_finite()) {
        (v, true) => format!("≥{v}"),
        (v, false) => v,
    }
}

/// One level's line; `x1` is X at N = 1, for the ×X(1) column. A figure
/// that is not defined (no X(1), no answer) is "—".
pub fn row(l: &ProbeLevel, x1: Option<f64>) -> String {
    let c = l.censored > 0;
    let k = l.kernel;
    format!(
        "{:>5} {:>10} {:>6} {:>9} {:>9} {:>9} {:>9} {:>6} {:>4} {:>6} {:>5} {:>7} {:>6} {:>6} {:>6} {:>6.2} {:>6} {:>6} {:>7} {:>6} {:>5}\n",
        l.n,
        opt(Some(l.throughput), 1),
        opt(x1.map(|x1| l.throughput / x1), 2),
        s(l.latency_s.mean),
        at_least(l.latency_s.p50, c),
        at_least(l.latency_s.p99, c),
        at_least(l.latency_s.max, c),
        l.errors,
        l.timeouts,
        l.connects,
        opt(
            (l.requests > 0).then(|| l.connects as f64 / l.requests as f64),
            2
        ),
        l.server.map_or("—".into(), |s| s.threads.to_string()),
        opt(l.server.map(|s| s.cores), 2),
        opt(l.server.map(|s| s.busiest_thread_cores), 2),
        opt(l.server.map(|s| s.waiting_cores), 2),
        l.client_cores,
        opt(l.host_idle_cores, 2),
        opt(Some(l.little), 2),
        k.and_then(|k| k.accept_queue_max)
            .map_or("—".into(), |q| q.to_string()),
        k.map_or("—".into(), |k| k.listen_overflows.to_string()),
        k.map_or("—".into(), |k| k.syn_retrans.to_string()),
    )
}

/// Everything: the header, every level and the summary.
pub fn table(d: &ProbeDoc) -> String {
    let mut o = header(d);
    let x1 = d.levels.iter().find(|l| l.n == 1).map(|l| l.throughput);
    for l in &d.levels {
        o.push_str(&row(l, x1));
    }
    o.push_str(&summary(d));
    o
}

/// Below the table: the archetypes, the USL, the verdict and its evidence.
pub fn summary(d: &ProbeDoc) -> String {
    let mut o = String::from(
        "(c/req = connections opened ÷ requests: near 0 kept alive, 1 or more a connection per request; in cores: server = its CPU time ÷ wall, 1 thr = its busiest thread's, wait = its threads runnable but waiting for a CPU, client = this probe's, idle = the host's idle; accq = most connections seen in the target's accept queue; ovfl = the host's accept-queue overflows (ListenOverflows), syn = SYNs retransmitted (TCPSynRetrans), over the level)\n\n",
    );
    for l in d.levels.iter().filter(|l| l.timeouts + l.unanswered > 0) {
        let _ = writeln!(
            o,
            "N = {}: {} timed out, {} of them still unanswered when the level ended; p50, p99 and max hold {} at the deadline ({}): ≥ marks them",
            l.n,
            Count(l.timeouts as usize, "request"),
            l.unanswered,
            l.censored,
            s(d.timeout_s)
        );
    }
    if let Some(l) = d.levels.iter().find(|l| l.first_error.is_some()) {
        let _ = writeln!(
            o,
            "first failure at N = {}: {}",
            l.n,
            terminal(l.first_error.as_deref().unwrap_or(""))
        );
    }
    let Some(a) = &d.analysis else {
        o.push_str("no level completed: nothing to analyse\n");
        partial(&mut o, d);
        return o;
    };
    let _ = writeln!(
        o,
        "S (one request alone) = {}; server CPU per request at N = 1: {}",
        s(a.service_time_s),
        a.server_cpu_per_request_s.map_or("not known".into(), s)
    );
    let ns: Vec<String> = d.levels.iter().map(|l| l.n.to_string()).collect();
    let _ = writeln!(
        o,
        "\n{:<20} {:>9}   predicted X at N = {}",
        "archetype",
        "off by",
        ns.join(", ")
    );
    for c in &a.archetypes {
        let name = match c.archetype {
            Archetype::Parallel => format!("parallel ({} cores)", c.cores),
            other => other.name().to_string(),
        };
        let xs: Vec<String> = c.throughput.iter().map(|x| opt(*x, 0)).collect();
        let off = c.residual.map_or("needs CPU".into(), |r| {
            format!("{:.0} %", (r.exp() - 1.0) * 100.0)
        });
        let _ = writeln!(o, "{name:<20} {off:>9}   {}", xs.join(" "));
    }
    match (a.usl_sigma, a.usl_kappa) {
        (Some(sg), Some(k)) => {
            let _ = writeln!(
                o,
                "USL on X(N)/X(1): σ = {sg:.3}, κ = {k:.5} (R² {})",
                opt(a.usl_r_squared, 3)
            );
        }
        _ => {
            let _ = writeln!(o, "USL: {}", a.usl_note.as_deref().unwrap_or("no fit"));
        }
    }
    let v = &a.verdict;
    let _ = writeln!(o, "\nverdict: {}", v.text);
    let _ = writeln!(
        o,
        "knee: {}; effective cores: {}; best-fitting curve: {}",
        v.knee.map_or("not reached".into(), |k| format!("N = {k}")),
        opt(v.effective_cores, 2),
        v.best_fit.map_or("—", Archetype::name)
    );
    partial(&mut o, d);
    o
}

fn partial(o: &mut String, d: &ProbeDoc) {
    if let Some(p) = &d.partial {
        let _ = writeln!(o, "PARTIAL: {}", terminal(p));
    }
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
            first_error: csv_text(l.first_error.as_deref().unwrap_or("")).into_owned(),
        })?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests;
