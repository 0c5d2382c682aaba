//! Blocking against async I/O on real loopback sockets.
//!
//! A delay server (`conpar serve`, [`server`]) answers each request after the
//! wait the request names. Clients issue K requests, each with c of CPU work
//! (the calibrated `spin` kernel) and a wait of L, in five ways
//! ([`ClientKind`]): one blocking thread, a thread per request, a pool of
//! blocking threads, one tokio event loop, and one event loop per core.
//!
//! The protocol, one request per connection:
//!
//! ```text
//! client → server   WAIT <microseconds>\n      (0 to 600000000)
//! server → client   DONE\n                      after the wait, then the server closes
//! client → server   PING\n
//! server → client   PONG\n                      at once
//! anything else     ERR <reason>\n
//! ```
//!
//! The server closes first, so TIME_WAIT stays on its side and the client's
//! ephemeral ports are free again at once. A client keeps its side open
//! until the answer: a server drops a waiting request whose client has closed
//! (or half-closed) its connection. Each request, connect to answer, is
//! bounded by one deadline (the wait plus a timeout); a failed request is
//! counted, never waited on forever. An answer much sooner than the wait is
//! refused ([`EARLY_FRACTION`]).
//! Only this module and `exec` run work.

mod blocking;
pub use blocking::MAX_THREADS;
mod deadline;
use deadline::Deadline;
mod event_loop;
mod waited;
use waited::check_waited;
pub use waited::{EARLY_FRACTION, TIMER_SLACK};
pub mod predict;
pub mod server;
pub mod summary;
pub mod sweep;

use crate::kernel::Calibration;
use crate::measure::{mono_ns, process_cpu_ns};
use std::net::SocketAddr;
use std::time::Duration;

/// Longest wait a request may ask for: 10 minutes.
pub const MAX_WAIT_US: u64 = 600_000_000;

/// Why the delay server refuses a request line; sent back after `ERR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RequestLineError {
    #[error("expected `WAIT <microseconds>` or `PING`")]
    Form,
    #[error("the wait is not a whole number of microseconds")]
    NotMicroseconds,
    #[error("wait {0}us is above the limit of {MAX_WAIT_US}us")]
    TooLong(u64),
}

/// Parses one request line; `Ok(None)` is a PING.
pub fn parse_request(line: &str) -> Result<Option<Duration>, RequestLineError> {
    let line = line.trim_end_matches(['\r', '\n']);
    if line == "PING" {
        return Ok(None);
    }
    let us = line
        .strip_prefix("WAIT ")
        .ok_or(RequestLineError::Form)?
        .trim()
        .parse::<u64>()
        .map_err(|_| RequestLineError::NotMicroseconds)?;
    if us > MAX_WAIT_US {
        return Err(RequestLineError::TooLong(us));
    }
    Ok(Some(Duration::from_micros(us)))
}

pub use crate::kinds::ClientKind;

/// One client run's settings.
#[derive(Debug, Clone)]
pub struct ClientPlan {
    pub kind: ClientKind,
    /// The delay server.
    pub addr: SocketAddr,
    pub requests: usize,
    /// The kernel calibrated so that one "tick" is c of CPU work (None: c = 0).
    pub cpu: Option<Calibration>,
    /// L, the wait each request asks for.
    pub latency: Duration,
    /// Threads of `blocking-pool`.
    pub threads: usize,
    /// The CPUs the client may use (P of them).
    pub cpus: Vec<usize>,
    /// Longest a request may take beyond its wait: connect, write and read
    /// together.
    pub timeout: Duration,
}

/// What one client run measured.
#[derive(Debug, Clone, Default)]
pub struct RunStats {
    /// Wall-clock of the whole run, ns.
    pub wall_ns: u64,
    /// CPU time of this process during the run, ns.
    pub cpu_ns: u64,
    /// Time client threads held their slot without using the CPU, ns.
    pub blocked_ns: u64,
    /// Per-request latency (connect to answer), ns, for the requests that succeeded.
    pub latencies_ns: Vec<u64>,
    /// Requests that failed (refused, reset, timed out, malformed answer).
    pub errors: usize,
    /// The first error's text, if any.
    pub first_error: Option<String>,
}

/// Why a client run could not happen at all.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The server could not be reached.
    #[error("cannot reach the delay server at {addr}: {source}")]
    Unreachable {
        /// Where it was looked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A thread or runtime could not start.
    #[error("{client}: could not start {what}: {source}")]
    Start {
        client: ClientKind,
        what: String,
        source: std::io::Error,
    },
    /// The server answered before the wait it was asked for.
    #[error(
        "the server at {addr} answered a request to wait {} after {}: it does not wait, so it is not a delay server to measure against (an answer is accepted from {:.0}% of the wait, less {})",
        crate::units::Nanos(.wait.as_nanos() as f64),
        crate::units::Nanos(*.latency_ns as f64),
        EARLY_FRACTION * 100.0,
        crate::units::Nanos(TIMER_SLACK.as_nanos() as f64)
    )]
    DidNotWait {
        addr: SocketAddr,
        /// The wait asked for.
        wait: Duration,
        /// How long the answer took, ns.
        latency_ns: u64,
    },
    /// The server answered something unexpected.
    #[error("the server at {addr} does not speak the conpar delay protocol: {detail}")]
    Protocol { addr: SocketAddr, detail: String },
    /// Too few file descriptors for every request in flight at once.
    #[error(
        "{requests} requests in flight need about {need} file descriptors; this process may open {soft} (hard limit {hard}). Lower --requests or raise the limit (ulimit -n)"
    )]
    Descriptors {
        /// Requests in flight.
        requests: usize,
        /// Descriptors they need.
        need: u64,
        /// The soft limit, raised to the hard one where allowed.
        soft: u64,
        /// The hard limit (0 when unknown).
        hard: u64,
    },
}

/// Every request in flight at once holds a descriptor: raises the soft limit
/// to the hard one, and refuses `requests` that cannot fit.
pub fn check_descriptors(requests: usize) -> Result<(), IoError> {
    crate::measure::room_for_descriptors(requests).map_err(|f| IoError::Descriptors {
        requests,
        need: f.need,
        soft: f.soft,
        hard: f.hard,
    })
}

/// Runs `plan`'s client once.
pub fn run_client(plan: &ClientPlan) -> Result<RunStats, IoError> {
    let cpu0 = process_cpu_ns();
    let t0 = mono_ns();
    let mut stats = match plan.kind {
        ClientKind::Blocking | ClientKind::ThreadPerRequest | ClientKind::BlockingPool => {
            blocking::run(plan)?
        }
        ClientKind::EventLoop | ClientKind::EventLoopPerCore => event_loop::run(plan)?,
    };
    stats.wall_ns = mono_ns() - t0;
    stats.cpu_ns = process_cpu_ns() - cpu0;
    if let Some(&fastest) = stats.latencies_ns.iter().min() {
        check_waited(plan.addr, plan.latency, fastest)?;
    }
    Ok(stats)
}

/// Sends one PING and checks for PONG: is there a conpar delay server there?
/// The whole exchange is bounded by `timeout`.
pub fn ping(addr: SocketAddr, timeout: Duration) -> Result<(), IoError> {
    use std::io::Write;
    let unreachable = |source| IoError::Unreachable { addr, source };
    let deadline = Deadline::after(timeout);
    let left = || deadline.left().map_err(unreachable);
    let mut s = std::net::TcpStream::connect_timeout(&addr, left()?).map_err(unreachable)?;
    s.set_write_timeout(Some(left()?)).map_err(unreachable)?;
    s.write_all(b"PING\n")
        .map_err(|e| unreachable(deadline.explain(e)))?;
    let answer = deadline.read_to_end(&mut s, 5).map_err(unreachable)?;
    if answer != b"PONG\n" {
        return Err(IoError::Protocol {
            addr,
            detail: String::from_utf8_lossy(&answer).into_owned(),
        });
    }
    Ok(())
}

pub use crate::results::io::IoCalibration;

/// Measures [`IoCalibration`] against the server at `addr` (its process id,
/// when known, gives the server's own cost per connection), from a thread on
/// `cpu`, where the event-loop clients will run.
pub fn calibrate(
    addr: SocketAddr,
    server_pid: Option<u32>,
    latency: Duration,
    timeout: Duration,
    cpu: usize,
) -> Result<IoCalibration, IoError> {
    // The allowed CPUs are read here, before the calibrating thread is
    // confined to one of them.
    let allowed = crate::measure::allowed_cpus();
    std::thread::scope(|s| {
        s.spawn(|| {
            let _ = crate::measure::confine_to(&[cpu]);
            calibrate_here(addr, server_pid, latency, timeout, &allowed)
        })
        .join()
        .expect("the calibration thread does not panic")
    })
}

fn calibrate_here(
    addr: SocketAddr,
    server_pid: Option<u32>,
    latency: Duration,
    timeout: Duration,
    allowed: &[usize],
) -> Result<IoCalibration, IoError> {
    let median = |mut v: Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2] as f64
    };
    let one = |wait: Duration| -> Result<u64, IoError> {
        blocking::request(addr, wait, timeout)
            .map(|(lat, _)| lat)
            .map_err(|source| IoError::Unreachable { addr, source })
    };
    for _ in 0..3 {
        one(Duration::ZERO)?;
    }
    let single: Vec<u64> = (0..5)
        .map(|_| {
            let lat = one(latency)?;
            check_waited(addr, latency, lat)?;
            Ok(lat)
        })
        .collect::<Result<_, IoError>>()?;
    let single = median(single);
    // The serialized cost of a connection, in the regime the predictions are
    // for: one loop with many requests of the same wait in flight. Two burst
    // sizes give a line, wall ≈ fixed + n × per-connection + L'.
    const SMALL: usize = 25;
    const LARGE: usize = 125;
    let server_cpu = || server_pid.and_then(crate::measure::other_process_cpu_ns);
    let mut server = Vec::new();
    let (mut small, mut large) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let burst = |n| {
            event_loop::burst(addr, n, latency, timeout)
                .map_err(|source| IoError::Unreachable { addr, source })
        };
        small.push(burst(SMALL)?);
        let before = server_cpu();
        large.push(burst(LARGE)?);
        if let (Some(a), Some(b)) = (before, server_cpu()) {
            server.push(b.saturating_sub(a) / LARGE as u64);
        }
    }
    let (small, large) = (median(small), median(large));
    let per_conn = ((large - small) / (LARGE - SMALL) as f64).max(0.0);
    let loops_start = crate::kernel::counts_up_to(allowed.len())
        .into_iter()
        .filter_map(|k| {
            let tries: Vec<f64> = (0..5)
                .filter_map(|_| event_loop::start_only(&allowed[..k]).ok())
                .map(|ns| ns as f64)
                .collect();
            crate::stats::Summary::of(&tries)
                .map(|ns| crate::results::calibrate::AtCount { count: k, ns })
        })
        .collect();
    Ok(IoCalibration {
        loops_start,
        single_request_ns: single,
        connection_ns: per_conn,
        loop_fixed_ns: (small - SMALL as f64 * per_conn - single).max(0.0),
        server_connection_ns: if server.is_empty() {
            0.0
        } else {
            median(server)
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse() {
        assert_eq!(
            parse_request("WAIT 20000\n"),
            Ok(Some(Duration::from_millis(20)))
        );
        assert_eq!(parse_request("PING\r\n"), Ok(None));
        assert_eq!(
            parse_request("WAIT x\n"),
            Err(RequestLineError::NotMicroseconds)
        );
        assert_eq!(
            parse_request("WAIT 9999999999\n"),
            Err(RequestLineError::TooLong(9_999_999_999))
        );
        assert_eq!(
            parse_request("GET / HTTP/1.1\n"),
            Err(RequestLineError::Form)
        );
    }

    #[test]
    fn client_names_round_trip() {
        for k in ClientKind::ALL {
            assert_eq!(k.name().parse::<ClientKind>(), Ok(k));
        }
        let e = "fibers".parse::<ClientKind>().unwrap_err();
        assert_eq!(e, crate::kinds::KindError::Client("fibers".into()));
        assert!(e.to_string().contains("accepted are blocking"), "{e}");
    }
}
