//! `conpar io`'s verdicts in words, each sentence written once.

use super::{Count, Secs};
use crate::findings::io::{IoSetup, IoVerdict};
use crate::units::Nanos;
use std::fmt;

impl fmt::Display for IoSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} requests, each ", self.requests)?;
        if self.cpu_s == 0.0 {
            f.write_str("no CPU work")?;
        } else {
            write!(f, "{} of CPU work", Secs(self.cpu_s))?;
        }
        write!(
            f,
            " and a {} wait, against {} (one request alone: {}; each connection adds {} of serialized set-up, {} of it in the server)",
            Secs(self.latency_s),
            self.target,
            Nanos(self.single_request_ns),
            Nanos(self.connection_ns),
            Nanos(self.server_connection_ns)
        )
    }
}

impl fmt::Display for IoVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            IoVerdict::NotCompared {
                client,
                cores,
                errors,
            } => write!(
                f,
                "{client} on {}: {} failed, so it is not compared with the others.",
                Count(cores, "core"),
                Count(errors, "request")
            ),
            IoVerdict::LoopAgainstBlocking {
                requests,
                cores,
                loop_s,
                blocking_s,
            } => write!(
                f,
                "One event loop finished the same {requests} requests {:.1}× sooner than one blocking thread ({} against {}), each on one thread ({} rows).",
                blocking_s / loop_s,
                Secs(loop_s),
                Secs(blocking_s),
                Count(cores, "core")
            ),
            IoVerdict::LoopPerCore {
                cores,
                per_core_s,
                one_loop_s,
            } => write!(
                f,
                "One event loop per core on {cores} cores took {} against one loop's {}: {:.2}× — {}",
                Secs(per_core_s),
                Secs(one_loop_s),
                one_loop_s / per_core_s,
                if self.cpu_bound() {
                    "the CPU work was the bottleneck, so more loops helped (parallelism)"
                } else {
                    "waiting was the bottleneck, so one loop was already enough (concurrency)"
                }
            ),
        }
    }
}

/// The warning under `conpar io`'s table: the first failed request's message.
pub fn first_failure(message: &str) -> String {
    format!("first failed request: {message}")
}
