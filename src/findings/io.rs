//! `conpar io`'s comparisons of the clients that ran on the same core
//! count, as typed values; their sentences are in [`crate::words::io`].

use crate::kinds::ClientKind;

/// One event loop per core must beat one loop by more than this ratio for
/// the CPU work to be called the bottleneck.
pub const MORE_LOOPS_HELP: f64 = 1.2;

/// What the I/O comparison found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IoVerdict {
    /// A client had failed requests, so its wall is compared with nothing.
    NotCompared {
        /// The client.
        client: ClientKind,
        /// Its core count.
        cores: usize,
        /// How many requests failed.
        errors: usize,
    },
    /// One event loop against one blocking thread, on the same cores.
    LoopAgainstBlocking {
        /// The requests each made.
        requests: usize,
        /// The core count.
        cores: usize,
        /// The loop's median wall, in seconds.
        loop_s: f64,
        /// The blocking thread's median wall, in seconds.
        blocking_s: f64,
    },
    /// One event loop per core against one loop, on `cores` cores.
    LoopPerCore {
        /// The core count (above 1).
        cores: usize,
        /// The loops' median wall, in seconds.
        per_core_s: f64,
        /// One loop's median wall, in seconds.
        one_loop_s: f64,
    },
}

impl IoVerdict {
    /// Whether more loops helped: one loop's wall over the loops' beyond
    /// [`MORE_LOOPS_HELP`] (for [`IoVerdict::LoopPerCore`]; false otherwise).
    pub fn cpu_bound(&self) -> bool {
        match *self {
            IoVerdict::LoopPerCore {
                per_core_s,
                one_loop_s,
                ..
            } => one_loop_s / per_core_s > MORE_LOOPS_HELP,
            _ => false,
        }
    }
}

/// What each of `conpar io`'s requests was and what a connection cost: the
/// line above its table, with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct IoSetup {
    /// Requests per run.
    pub requests: usize,
    /// CPU work per request, in seconds (0 for none).
    pub cpu_s: f64,
    /// The server's wait per request, in seconds.
    pub latency_s: f64,
    /// The delay server's address, as given (each backend escapes it).
    pub target: String,
    /// One request alone, in ns.
    pub single_request_ns: f64,
    /// The serialized set-up each connection adds, in ns.
    pub connection_ns: f64,
    /// The part of that set-up spent in the server, in ns.
    pub server_connection_ns: f64,
}

/// One client's timed runs at a core count, as [`verdicts`] compares them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientWall {
    /// The client.
    pub client: ClientKind,
    /// Its core count.
    pub cores: usize,
    /// The requests each run made.
    pub requests: usize,
    /// How many requests failed.
    pub errors: usize,
    /// The median wall, in seconds.
    pub wall_s: f64,
}

/// The comparisons of the clients that ran on the same core count: one
/// event loop against one blocking thread, one loop per core against one
/// loop; a client with failed requests is compared with nothing.
pub fn verdicts(runs: &[ClientWall]) -> Vec<IoVerdict> {
    // A client with failed requests did less work than asked: its wall says
    // nothing about how fast the work goes, so it is compared with nothing.
    let mut out: Vec<IoVerdict> = runs
        .iter()
        .filter(|r| r.errors > 0)
        .map(|r| IoVerdict::NotCompared {
            client: r.client,
            cores: r.cores,
            errors: r.errors,
        })
        .collect();
    let find = |k: ClientKind, p: usize| {
        runs.iter()
            .find(|r| r.client == k && r.cores == p && r.errors == 0)
    };
    let mut cores: Vec<usize> = runs.iter().map(|r| r.cores).collect();
    cores.dedup();
    for p in cores {
        if let (Some(b), Some(e)) = (
            find(ClientKind::Blocking, p),
            find(ClientKind::EventLoop, p),
        ) {
            out.push(IoVerdict::LoopAgainstBlocking {
                requests: e.requests,
                cores: p,
                loop_s: e.wall_s,
                blocking_s: b.wall_s,
            });
        }
        if let (Some(e), Some(pc)) = (
            find(ClientKind::EventLoop, p),
            find(ClientKind::EventLoopPerCore, p),
        ) && p > 1
        {
            out.push(IoVerdict::LoopPerCore {
                cores: p,
                per_core_s: pc.wall_s,
                one_loop_s: e.wall_s,
            });
        }
    }
    out
}
