//! `conpar probe`: is a real server blocking, concurrent or parallel, and how
//! many cores does it use?
//!
//! A closed-loop load at rising concurrency N ([`load`]) drives a server over
//! HTTP/1.1 (hyper), Redis (the redis crate) or conpar's line protocol
//! ([`conn`]); each level records throughput, latency, failures and, when
//! the server's process is known, its CPU time from `/proc` ([`procfs`]).
//! [`classify`] sets X(N) beside the model's archetypes and gives the verdict.
//!
//! The load runs on a tokio runtime of a few explicit worker threads
//! ([`Prober::new`]); every connect, write and read lies inside one deadline
//! per request, every level is bounded in time and requests, every answer in
//! bytes. Only loopback is probed unless the caller allows otherwise
//! ([`target::parse`]). This module measures; it writes no file and prints
//! nothing.

pub mod capped;
pub mod classify;
pub mod conn;
mod failure;
pub use failure::RequestError;
mod http;
pub mod load;
pub mod open;
pub mod options;
pub mod procfs;
mod redis_conn;
pub mod sockets;
pub mod spawn;
pub mod sweep;
pub mod target;

use crate::results::probe::{KernelUse, Latency, ProbeLevel, ServerUse};
use conn::{Conn, Failure, Request};
use load::{Ctx, LevelOutcome, LevelPlan};
use std::sync::Arc;
use std::time::Duration;
use target::Target;

/// The request each client repeats, as plain values from the command line.
#[derive(Debug, Clone, Default)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Redis command or conpar protocol line.
    pub command: Option<String>,
}

/// Why a probe could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// No connection.
    #[error("cannot connect to {target}: {detail}")]
    Unreachable {
        /// The target as given.
        target: String,
        /// What the OS said.
        detail: String,
    },
    /// The server does not speak the protocol.
    #[error("{target} does not answer as {protocol}: {detail}")]
    Protocol {
        /// The target as given.
        target: String,
        /// Which protocol was expected.
        protocol: &'static str,
        detail: String,
    },
    /// The server refused the request.
    #[error("{target} answered `{request}` with an error: {detail}")]
    Rejected {
        /// The target as given.
        target: String,
        request: String,
        /// The server's error.
        detail: String,
    },
    /// No answer within the timeout.
    #[error("{target} did not answer `{request}` within {timeout:?}")]
    TimedOut {
        /// The target as given.
        target: String,
        request: String,
        timeout: Duration,
    },
    /// The request could not be built from the options.
    #[error(transparent)]
    Request(#[from] failure::RequestError),
    /// The runtime could not start.
    #[error("cannot start the probe's client runtime: {0}")]
    Runtime(std::io::Error),
}

/// The probe of one target: its client runtime and request.
pub struct Prober {
    rt: tokio::runtime::Runtime,
    ctx: Arc<Ctx>,
    describe: String,
}

impl Prober {
    /// A prober of `target` with `threads` client worker threads. The request
    /// is built and checked here, before any connection.
    pub fn new(
        target: Target,
        spec: &RequestSpec,
        threads: usize,
        timeout: Duration,
        max_response: u64,
    ) -> Result<Prober, ProbeError> {
        let request = Request::build(&target, spec).map_err(ProbeError::Request)?;
        let describe = match (&request, &spec.command) {
            (Request::Http(h), _) => h.describe(),
            (_, Some(c)) => c.clone(),
            (_, None) => "PING".to_string(),
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name("conpar-probe")
            .enable_all()
            .build()
            .map_err(ProbeError::Runtime)?;
        Ok(Prober {
            rt,
            ctx: Arc::new(Ctx {
                target,
                request,
                max_response,
                timeout,
            }),
            describe,
        })
    }

    /// The request in words, escaped for a terminal.
    pub fn describe(&self) -> String {
        crate::escape::terminal(&self.describe).into_owned()
    }

    /// One request on a fresh connection, so a bad target is refused with a
    /// clear error before any level.
    pub fn preflight(&self) -> Result<(), ProbeError> {
        let ctx = self.ctx.clone();
        let r = self.rt.block_on(async move {
            let call = async {
                let mut c = Conn::open(&ctx.target, &ctx.request, ctx.max_response).await?;
                c.call(&ctx.target, &ctx.request, ctx.max_response).await
            };
            tokio::time::timeout(ctx.timeout, call).await
        });
        match r {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(f)) => Err(self.error(f)),
            Err(_) => Err(self.error(Failure::Timeout)),
        }
    }

    /// A failure of a whole probe, naming the target.
    pub fn error(&self, f: Failure) -> ProbeError {
        let target = crate::escape::terminal(&self.ctx.target.text).into_owned();
        let protocol = match self.ctx.target.protocol {
            crate::results::probe::Protocol::Http => "an HTTP/1.1 server",
            crate::results::probe::Protocol::Redis => "a Redis server",
            crate::results::probe::Protocol::Conpar => "a conpar delay server",
        };
        match f {
            Failure::Connect(detail) => ProbeError::Unreachable { target, detail },
            Failure::Timeout => ProbeError::TimedOut {
                target,
                request: self.describe(),
                timeout: self.ctx.timeout,
            },
            Failure::Rejected(_) => ProbeError::Rejected {
                target,
                request: self.describe(),
                detail: crate::words::probe::Said(&f.record()).to_string(),
            },
            // The message with what the server sent, in the one place's words.
            Failure::Protocol(_) | Failure::Broken(_) | Failure::Stale => ProbeError::Protocol {
                target,
                protocol,
                detail: f.to_string(),
            },
        }
    }

    /// Runs one level, sampling the server tree rooted at `server`.
    pub fn level(&self, plan: LevelPlan, server: Option<u32>) -> LevelOutcome {
        self.rt
            .block_on(load::level(self.ctx.clone(), plan, server))
    }
}

impl LevelOutcome {
    /// The level as a result row.
    pub fn row(&self) -> ProbeLevel {
        let w = self.window.as_secs_f64();
        let per_window = |ns: u64| if w > 0.0 { ns as f64 / 1e9 / w } else { 0.0 };
        let x = if w > 0.0 {
            self.requests as f64 / w
        } else {
            f64::NAN
        };
        let ok = self.requests > 0;
        let any = self.requests + self.censored > 0;
        let q = |p: f64| {
            if any {
                self.hist.value_at_quantile(p) as f64 / 1e9
            } else {
                f64::NAN
            }
        };
        let mean = if ok {
            self.latency_sum_ns as f64 / self.requests as f64 / 1e9
        } else {
            f64::NAN
        };
        ProbeLevel {
            n: self.n,
            requests: self.requests,
            errors: self.errors,
            timeouts: self.timeouts,
            unanswered: self.unanswered,
            censored: self.censored,
            connects: self.connects,
            window_s: w,
            throughput: x,
            latency_s: Latency {
                mean,
                p50: q(0.5),
                p99: q(0.99),
                max: if any {
                    self.hist.max() as f64 / 1e9
                } else {
                    f64::NAN
                },
            },
            server: self.server.map(|u| ServerUse {
                cpu_s: u.cpu_ns as f64 / 1e9,
                cores: per_window(u.cpu_ns),
                busiest_thread_cores: per_window(u.busiest_ns),
                waiting_cores: per_window(u.waiting_ns),
                threads: u.threads,
                processes: u.processes,
            }),
            host_idle_cores: self.host_idle_ns.map(per_window),
            client_cores: per_window(self.client_cpu_ns),
            little: x * mean / self.n as f64,
            first_error: self.first_error.as_ref().map(Failure::record),
            kernel: self.tcp.map(|t| KernelUse {
                listen_overflows: t.listen_overflows,
                listen_drops: t.listen_drops,
                syn_retrans: t.syn_retrans,
                tcp_timeouts: t.tcp_timeouts,
                accept_queue_max: self.accept_queue,
            }),
            syn_retry_latencies: self.syn_retry_latencies,
        }
    }
}

/// The points the classifier reads, one per finished row, in order of N (`client_threads`
/// tells when the probe's own client was busy).
pub fn points(rows: &[ProbeLevel], client_threads: usize) -> Vec<classify::Point> {
    let mut pts: Vec<classify::Point> = rows
        .iter()
        .map(|r| classify::Point {
            n: r.n,
            requests: r.requests,
            x: if r.throughput.is_finite() {
                r.throughput
            } else {
                0.0
            },
            r: r.latency_s.mean,
            server_cores: r.server.map(|s| s.cores),
            server_waiting: r.server.map(|s| s.waiting_cores),
            server_cpu_per_request: r
                .server
                .filter(|_| r.requests > 0)
                .map(|s| s.cpu_s / r.requests as f64),
            busiest_share: r
                .server
                .filter(|s| s.cores > 0.0)
                .map(|s| s.busiest_thread_cores / s.cores),
            host_idle: r.host_idle_cores,
            client_busy: r.client_cores >= 0.9 * client_threads as f64,
            overflows: r.kernel.map(|k| k.listen_overflows),
            accept_queue: r.kernel.and_then(|k| k.accept_queue_max),
            syn_like: r.syn_retry_latencies,
        })
        .collect();
    pts.sort_by_key(|p| p.n);
    pts
}
