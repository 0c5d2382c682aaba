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
