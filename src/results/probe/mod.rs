//! `conpar probe`'s document: the target, one row per concurrency level N
//! (throughput, latency, errors, the server's CPU) and the analysis against
//! the model's archetypes (serial, one core, parallel on C cores).
//!
//! Types only, with the bounds a reader checks before drawing; nothing here
//! measures or decides.

mod check;
pub mod open;

pub use crate::findings::probe::{
    Answer, Archetype, CpuUse, Evidence, Exceeded, FailureKind, Finding, Limit, MAX_DETAIL,
    MAX_VERDICT_NOTES, Partial, Protocol, Reason, RequestFailure, UslMissing, Verdict, VerdictNote,
    Wrong,
};

use super::Meta;
use super::nan_null;
use serde::{Deserialize, Serialize};

/// Most levels a probe may have.
pub const MAX_LEVELS: usize = 64;

/// Most clients (connections) at one level.
pub const MAX_CLIENTS: usize = 4096;

/// The whole `conpar probe --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeDoc {
    #[serde(flatten)]
    pub meta: Meta,
    /// The target as given.
    pub target: String,
    /// Its protocol.
    pub protocol: Protocol,
    /// The request each client repeats, in words (`GET /`, `GET k`, `WAIT 20000`).
    pub request: String,
    /// Worker threads of the probe's own client runtime.
    pub client_threads: usize,
    /// C, the cores the server may use.
    pub server_cores: usize,
    /// The server's process id, when its CPU time was read.
    pub server_pid: Option<u32>,
    /// The command conpar started as the server (`--spawn`), if any.
    pub spawned: Option<Vec<String>>,
    /// Warm-up of each level, s.
    pub warmup_s: f64,
    /// Measured time of each level, s.
    pub duration_s: f64,
    /// Most measured requests of one level.
    pub max_requests: u64,
    /// Longest one request may take, s.
    pub timeout_s: f64,
    /// One row per level, in the order run.
    pub levels: Vec<ProbeLevel>,
    /// Why the probe stopped before its last level (null when it did not).
    pub partial: Option<Partial>,
    /// The archetypes and the verdict (null when no level completed).
    pub analysis: Option<Analysis>,
    /// The open-loop steps (`--rate`, `--find-max`; null for a closed loop).
    #[serde(default)]
    pub open: Option<open::OpenLoop>,
}

/// One concurrency level.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeLevel {
    /// N, the clients (each with one request in flight).
    pub n: usize,
    /// Requests completed in the measured window.
    pub requests: u64,
    /// Failed requests (refused, reset, malformed or error answers).
    pub errors: u64,
    /// Requests past their deadline, and those still unanswered when the
    /// level ended.
    pub timeouts: u64,
    /// Of the timeouts, requests still unanswered when the level ended (0 in
    /// documents from before this was counted).
    #[serde(default)]
    pub unanswered: u64,
    /// Timed-out requests entered in the latency percentiles and max at the
    /// deadline (censored: their latency is only known to be at least that).
    #[serde(default)]
    pub censored: u64,
    /// Connections opened (N at least; more when the server closes them).
    pub connects: u64,
    /// The measured window, s.
    pub window_s: f64,
    /// X, requests per second.
    #[serde(with = "nan_null")]
    pub throughput: f64,
    /// Latency, s: the mean of the completed requests; the percentiles and
    /// max also hold the `censored` timed-out ones at the deadline.
    pub latency_s: Latency,
    /// The server's CPU and threads (null when its process is not known).
    pub server: Option<ServerUse>,
    /// CPU of the probe's own process ÷ window: cores the client used.
    pub client_cores: f64,
    /// The host's idle CPU time ÷ window: cores nobody used (null when unknown).
    pub host_idle_cores: Option<f64>,
    /// Little's law: X × mean latency ÷ N (1 when N requests were always in flight).
    #[serde(with = "nan_null")]
    pub little: f64,
    /// The first failure, if any.
    pub first_error: Option<RequestFailure>,
    /// What the kernel counted over the level (null when not read: not
    /// Linux, or a document from before it was read).
    #[serde(default)]
    pub kernel: Option<KernelUse>,
    /// Answered requests whose latency lay near 1 s, 3 s or 7 s: a SYN
    /// retransmitted once, twice or three times (the accept queue was full).
    #[serde(default)]
    pub syn_retry_latencies: u64,
}

/// The kernel's TCP evidence over one level: `TcpExt` counters of
/// `/proc/net/netstat` (the whole host's, this network namespace), read
/// before and after the level, and the target's accept queue from
/// `/proc/net/tcp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KernelUse {
    /// Connections dropped because a listening socket's accept queue was full.
    pub listen_overflows: u64,
    /// Connections dropped at listening sockets for any reason.
    pub listen_drops: u64,
    /// SYN segments retransmitted (a SYN unanswered for 1 s, 2 s, 4 s …).
    pub syn_retrans: u64,
    /// TCP retransmission timeouts.
    pub tcp_timeouts: u64,
    /// Most connections seen waiting in the target's accept queue, read
    /// every 20 ms (null when its listening socket is not on this host). The
    /// kernel drops a connection when the queue already holds more than the
    /// listen() backlog, so a full queue holds backlog + 1.
    pub accept_queue_max: Option<u64>,
}

/// Latency figures of one level, s.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Latency {
    /// Mean.
    #[serde(with = "nan_null")]
    pub mean: f64,
    /// Median.
    #[serde(with = "nan_null")]
    pub p50: f64,
    /// 99th percentile.
    #[serde(with = "nan_null")]
    pub p99: f64,
    /// Largest.
    #[serde(with = "nan_null")]
    pub max: f64,
}

/// What the server's process tree used during a level's window.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct ServerUse {
    /// User + system CPU time, s.
    pub cpu_s: f64,
    /// CPU time ÷ window: the cores it used.
    pub cores: f64,
    /// CPU time of its busiest thread ÷ window (one thread can use one core at most).
    pub busiest_thread_cores: f64,
    /// Time its threads were runnable but waited for a CPU ÷ window: cores
    /// it wanted beyond those it got (the host's other work took them).
    pub waiting_cores: f64,
    /// Threads in its processes at the end of the window.
    pub threads: u64,
    /// Processes in its tree at the end of the window.
    pub processes: u64,
}

/// The analysis of a probe.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Analysis {
    /// S, the mean latency of one request alone (N = 1), s.
    pub service_time_s: f64,
    /// The server's CPU per request at N = 1, s (null when not known).
    pub server_cpu_per_request_s: Option<f64>,
    /// Each archetype's curve at the measured N and its residual.
    pub archetypes: Vec<ArchetypeCurve>,
    /// USL contention σ fitted to X(N)/X(1).
    pub usl_sigma: Option<f64>,
    /// USL coherency κ.
    pub usl_kappa: Option<f64>,
    /// USL goodness of fit.
    pub usl_r_squared: Option<f64>,
    /// Why there is no USL fit.
    pub usl_missing: Option<UslMissing>,
    pub verdict: Verdict,
}

/// One archetype's predicted curve.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchetypeCurve {
    /// Which archetype.
    pub archetype: Archetype,
    /// Cores its ceiling assumes (1 for serial and one core, C for parallel).
    pub cores: usize,
    /// Predicted X at each measured N, req/s (null where not predictable).
    pub throughput: Vec<Option<f64>>,
    /// Predicted mean latency at each measured N (N ÷ X), s.
    pub latency_s: Vec<Option<f64>>,
    /// Root mean square of ln(measured ÷ predicted X) over N > 1 (null
    /// when the curve needs the server's CPU and it is not known).
    pub residual: Option<f64>,
}

#[cfg(test)]
pub(crate) mod tests;
