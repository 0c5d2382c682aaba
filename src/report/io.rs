//! `conpar io` results: the table and its sentences. Pure functions of the document.

use crate::escape::terminal;
use crate::kinds::ClientKind;
use crate::results::io::{IoDoc, IoRow};
use crate::units::Nanos;
use crate::words::{Count, Pct, Secs, Spread};
use std::fmt::Write;

/// The terminal table, with a sentence stating the result.
pub fn table(d: &IoDoc) -> String {
    let mut o = String::new();
    let Some(first) = d.rows.first() else {
        return o;
    };
    let _ = writeln!(
        o,
        "{} requests, each {} and a {} wait, against {} (one request alone: {}; each connection adds {} of serialized set-up, {} of it in the server)\n",
        first.requests,
        if first.cpu_s == 0.0 {
            "no CPU work".to_string()
        } else {
            format!("{} of CPU work", Secs(first.cpu_s))
        },
        Secs(first.latency_s),
        terminal(&d.target),
        Nanos(d.calibration.single_request_ns),
        Nanos(d.calibration.connection_ns),
        Nanos(d.calibration.server_connection_ns)
    );
    let _ = writeln!(
        o,
        "{:<20} {:>5}  {:>27}  {:>9}  {:>6}  {:>8}  {:>8}  {:>9}  {:>17}  {:>6}",
        "client",
        "cores",
        "measured wall [min–max]",
        "predicted",
        "error",
        "CPU",
        "blocked",
        "req/s",
        "p50 / p99",
        "errors"
    );
    for r in &d.rows {
        let _ = writeln!(
            o,
            "{:<20} {:>5}  {:>27}  {:>9}  {:>6}  {:>8}  {:>8}  {:>9.0}  {:>17}  {:>6}",
            r.client.name(),
            r.cores,
            Spread::of(&r.measured.wall_s).to_string(),
            Secs(r.predicted.wall_s),
            Pct::new(r.error).places(1).signed(),
            Secs(r.measured.cpu_time_s),
            Secs(r.measured.blocked_core_s),
            r.measured.requests_per_s,
            format!("{} / {}", Secs(r.measured.p50_s), Secs(r.measured.p99_s)),
            r.errors
        );
    }
    o.push('\n');
    for line in verdicts(&d.rows) {
        let _ = writeln!(o, "{line}");
    }
    if let Some(e) = d.rows.iter().find_map(|r| r.first_error.as_ref()) {
        let _ = writeln!(o, "first failed request: {}", terminal(e));
    }
    o
}

/// Plain sentences comparing the clients that ran on the same core count.
pub fn verdicts(rows: &[IoRow]) -> Vec<String> {
    let mut out = Vec::new();
    // A client with failed requests did less work than asked: its wall says
    // nothing about how fast the work goes, so it is compared with nothing.
    for r in rows.iter().filter(|r| r.errors > 0) {
        out.push(format!(
            "{} on {}: {} failed, so it is not compared with the others.",
            r.client,
            Count(r.cores, "core"),
            Count(r.errors, "request")
        ));
    }
    let find = |k: ClientKind, p: usize| {
        rows.iter()
            .find(|r| r.client == k && r.cores == p && r.errors == 0)
    };
    let mut cores: Vec<usize> = rows.iter().map(|r| r.cores).collect();
    cores.dedup();
    for p in cores {
        if let (Some(b), Some(e)) = (
            find(ClientKind::Blocking, p),
            find(ClientKind::EventLoop, p),
        ) {
            out.push(format!(
                "One event loop finished the same {} requests {:.1}× sooner than one blocking thread ({} against {}), each on one thread ({} rows).",
                e.requests,
                b.measured.wall_s.median / e.measured.wall_s.median,
                Secs(e.measured.wall_s.median),
                Secs(b.measured.wall_s.median),
                crate::words::Count(p, "core")
            ));
        }
        if let (Some(e), Some(pc)) = (
            find(ClientKind::EventLoop, p),
            find(ClientKind::EventLoopPerCore, p),
        ) && p > 1
        {
            let ratio = e.measured.wall_s.median / pc.measured.wall_s.median;
            out.push(format!(
                "One event loop per core on {p} cores took {} against one loop's {}: {:.2}× — {}",
                Secs(pc.measured.wall_s.median),
                Secs(e.measured.wall_s.median),
                ratio,
                if ratio > 1.2 {
                    "the CPU work was the bottleneck, so more loops helped (parallelism)"
                } else {
                    "waiting was the bottleneck, so one loop was already enough (concurrency)"
                }
            ));
        }
    }
    out
}
