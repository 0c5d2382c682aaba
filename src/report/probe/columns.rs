//! The one list of a probe level's columns and the one list of an
//! open-loop step's (see [`crate::table::columns`]): the report's tables
//! in every backend and the lines `conpar probe` prints as each level or
//! step ends are made from them. A figure that is not defined is `—`; a
//! latency that holds timed-out requests at their deadline is `≥` it (CSV:
//! the number).

use crate::results::probe::open::OpenStep;
use crate::results::probe::{ProbeLevel, RequestFailure};
use crate::table::columns::{Col, cols};
use crate::table::{Unit, Value};
use crate::words::Secs;
use crate::words::probe::slo_cell;

/// A latency in seconds; one that holds censored requests is at least this.
fn latency(x: f64, censored: u64) -> Value {
    if censored > 0 && x.is_finite() {
        let (words, key) = (format!("≥{}", Secs(x)), x.to_string());
        Value::Tag { words, key }
    } else {
        Value::secs(x)
    }
}

fn fixed(x: f64, places: usize) -> Value {
    Value::Num(x, Unit::Fixed(places))
}

fn opt(x: Option<f64>, places: usize) -> Value {
    x.map_or(Value::Absent("—"), |x| fixed(x, places))
}

fn count(x: Option<u64>) -> Value {
    x.map_or(Value::Absent("—"), Value::Count)
}

fn error(e: Option<&RequestFailure>) -> Value {
    Value::Text(e.map_or(String::new(), ToString::to_string))
}

/// What a level's cells need beside it: X at N = 1 and the archetypes'
/// predicted X at its N (serial, one core, parallel).
#[derive(Debug, Clone, Copy, Default)]
pub struct LevelCtx {
    /// X at N = 1.
    pub x1: Option<f64>,
    /// Each archetype's predicted X here.
    pub curves: [Option<f64>; 3],
}

type L = Col<ProbeLevel, LevelCtx>;

/// A probe level's columns.
#[rustfmt::skip]
pub const LEVEL: [L; 33] = cols! {
    "N" "n" 5 |l, _| Value::count(l.n);
    - "requests" 0 |l, _| Value::Count(l.requests);
    "req/s" "throughput" 10 |l, _| fixed(l.throughput, 1);
    "×X(1)" - 6 |l, c| opt(c.x1.map(|x1| l.throughput / x1), 2);
    "mean" "latency_mean_s" 9 |l, _| Value::secs(l.latency_s.mean);
    "p50" "latency_p50_s" 9 |l, _| latency(l.latency_s.p50, l.censored);
    "p99" "latency_p99_s" 9 |l, _| latency(l.latency_s.p99, l.censored);
    "max" "latency_max_s" 9 |l, _| latency(l.latency_s.max, l.censored);
    "errors" "errors" 6 |l, _| Value::Count(l.errors);
    "t/o" "timeouts" 4 |l, _| Value::Count(l.timeouts);
    "unans" "unanswered" 5 |l, _| Value::Count(l.unanswered);
    - "censored" 0 |l, _| Value::Count(l.censored);
    "conns" "connects" 6 |l, _| Value::Count(l.connects);
    - "window_s" 0 |l, _| Value::secs(l.window_s);
    "c/req" - 5 |l, _| opt((l.requests > 0).then(|| l.connects as f64 / l.requests as f64), 2);
    "threads" "server_threads" 7 |l, _| count(l.server.map(|s| s.threads));
    - "server_cpu_s" 0 |l, _| opt(l.server.map(|s| s.cpu_s), 3);
    "server" "server_cores" 6 |l, _| opt(l.server.map(|s| s.cores), 2);
    "1 thr" "server_busiest_thread_cores" 6 |l, _| opt(l.server.map(|s| s.busiest_thread_cores), 2);
    "wait" "server_waiting_cores" 6 |l, _| opt(l.server.map(|s| s.waiting_cores), 2);
    "client" "client_cores" 6 |l, _| fixed(l.client_cores, 2);
    "idle" "host_idle_cores" 6 |l, _| opt(l.host_idle_cores, 2);
    "X·R/N" "little" 6 |l, _| fixed(l.little, 2);
    - "serial_x" 0 |_, c| opt(c.curves[0], 1);
    - "one_core_x" 0 |_, c| opt(c.curves[1], 1);
    - "parallel_x" 0 |_, c| opt(c.curves[2], 1);
    "accq" "accept_queue_max" 7 |l, _| count(l.kernel.and_then(|k| k.accept_queue_max));
    "ovfl" "listen_overflows" 6 |l, _| count(l.kernel.map(|k| k.listen_overflows));
    - "listen_drops" 0 |l, _| count(l.kernel.map(|k| k.listen_drops));
    "syn" "syn_retrans" 5 |l, _| count(l.kernel.map(|k| k.syn_retrans));
    - "tcp_timeouts" 0 |l, _| count(l.kernel.map(|k| k.tcp_timeouts));
    - "syn_retry_latencies" 0 |l, _| Value::Count(l.syn_retry_latencies);
    - "first_error" 0 |l, _| error(l.first_error.as_ref());
};

type S = Col<OpenStep, ()>;

/// An open-loop step's columns: p50 … max corrected, u.p50 … uncorrected.
#[rustfmt::skip]
pub const STEP: [S; 28] = cols! {
    "asked/s" "asked" 10 |s, _| fixed(s.asked, 1);
    "sent/s" "achieved" 10 |s, _| fixed(s.achieved, 1);
    - "repeat" 0 |s, _| Value::count(s.repeat);
    - "scheduled" 0 |s, _| Value::Count(s.scheduled);
    "sent" "sent" 7 |s, _| Value::Count(s.sent);
    "answer" "answered" 7 |s, _| Value::Count(s.answered);
    "errors" "errors" 6 |s, _| Value::Count(s.errors);
    "t/o" "timeouts" 4 |s, _| Value::Count(s.timeouts);
    - "unanswered" 0 |s, _| Value::Count(s.unanswered);
    "drop" "dropped" 6 |s, _| Value::Count(s.dropped);
    "late-c" "late_pool" 6 |s, _| Value::Count(s.late_pool);
    "late-b" "late_client" 6 |s, _| Value::Count(s.late_client);
    - "lag_max_s" 0 |s, _| Value::secs(s.lag_max_s);
    - "in_flight_max" 0 |s, _| Value::Count(s.in_flight_max);
    - "connects" 0 |s, _| Value::Count(s.connects);
    - "window_s" 0 |s, _| Value::secs(s.window_s);
    "p50" "p50_s" 8 |s, _| Value::secs(s.corrected.p50);
    "p90" "p90_s" 8 |s, _| Value::secs(s.corrected.p90);
    "p99" "p99_s" 8 |s, _| Value::secs(s.corrected.p99);
    "p99.9" "p999_s" 8 |s, _| Value::secs(s.corrected.p999);
    "max" "max_s" 8 |s, _| Value::secs(s.corrected.max);
    "u.p50" "uncorrected_p50_s" 8 |s, _| Value::secs(s.uncorrected.p50);
    - "uncorrected_p90_s" 0 |s, _| Value::secs(s.uncorrected.p90);
    "u.p99" "uncorrected_p99_s" 8 |s, _| Value::secs(s.uncorrected.p99);
    - "uncorrected_p999_s" 0 |s, _| Value::secs(s.uncorrected.p999);
    "u.max" "uncorrected_max_s" 8 |s, _| Value::secs(s.uncorrected.max);
    "slo" "slo" 11 |s, _| Value::Text(slo_cell(s.slo.as_ref()));
    - "first_error" 0 |s, _| error(s.first_error.as_ref());
};
