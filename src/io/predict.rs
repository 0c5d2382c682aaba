//! Each client's wall-clock, predicted by the tick model. Pure.
//!
//! A request becomes a task of two steps, in ticks of [`TICK_NS`]:
//! `cpu (c + conn)` — its CPU work plus the client's share of setting up a
//! connection — then `io (L' − conn)`, where L' is the latency of one request
//! measured alone (the server's timer rounds waits up, so L' > L) and conn is
//! the measured cost of a request that waits 0. Then:
//!
//! - `blocking`: list on 1 core, blocking I/O → about K(c + L');
//! - `thread-per-request`: round-robin on P cores (3 ms slices), async I/O (a
//!   blocked thread frees its core), and never sooner than spawning K threads;
//! - `blocking-pool` of N: list on N slots with blocking I/O, and never sooner
//!   than the CPU work spread over P cores;
//! - `event-loop`: list on 1 core, async I/O → about K(c + conn) + L', plus the
//!   loop's measured fixed cost and what starting one loop costs;
//! - `event-loop-per-core`: the same for ⌈K/P⌉ requests on each of P loops,
//!   plus what starting P loops at once costs (one thread each, created one
//!   after another, each building its runtime: measured at several P, so it
//!   is known at 16 loops where a few requests each make it count).
//!
//! No client finishes sooner than the delay server can serve K connections one
//! after another (it is one event loop): K × its CPU per connection + L'.

use super::{ClientKind, IoCalibration};
use crate::model::{Discipline, IoMode, Machine, simulate};
use crate::workload::{Step, Workload};

/// Model tick for I/O predictions: 10 µs.
pub const TICK_NS: f64 = 10_000.0;

/// Inputs of a prediction, all measured.
#[derive(Debug, Clone, Copy)]
pub struct Inputs {
    pub requests: usize,
    /// c, ns of CPU work per request.
    pub cpu_ns: f64,
    /// L', the latency of one request measured alone, ns.
    pub single_request_ns: f64,
    /// conn, the latency of a request that waits 0, ns.
    pub connection_ns: f64,
    /// Threads of `blocking-pool`.
    pub threads: usize,
    pub cores: usize,
    /// Cost of spawning and joining one thread, ns.
    pub thread_spawn_ns: f64,
    /// The server's CPU per connection, ns (0 when unknown).
    pub server_connection_ns: f64,
    /// An event loop's cost beyond its connections and one latency, ns.
    pub loop_fixed_ns: f64,
    /// Starting one event loop, and P at once, ns.
    pub loops_start_ns: [f64; 2],
}

fn wall_ns(requests: usize, cpu_ticks: u64, io_ticks: u64, machine: Machine) -> f64 {
    if requests == 0 {
        return 0.0;
    }
    let w = Workload::builder("io")
        .tick_ns(10_000)
        .tasks(
            "r",
            requests as u64,
            &[Step::Cpu(cpu_ticks), Step::Io(io_ticks)],
        )
        .build()
        .expect("a valid workload");
    simulate(&w, &machine)
        .map(|t| t.wall() as f64 * TICK_NS)
        .unwrap_or(f64::NAN)
}

/// The measured cost of starting `p` loops, read between or beyond the
/// counts measured (0 when nothing was).
pub fn loops_start_at(cal: &IoCalibration, p: usize) -> f64 {
    crate::compare::costs::at_count(&cal.loops_start, p).unwrap_or(0.0)
}

/// The predicted wall-clock of `kind` in nanoseconds.
pub fn predict(kind: ClientKind, i: &Inputs) -> f64 {
    let cpu_ticks = ((i.cpu_ns + i.connection_ns) / TICK_NS).round().max(1.0) as u64;
    let io_ticks = ((i.single_request_ns - i.connection_ns) / TICK_NS)
        .round()
        .max(1.0) as u64;
    let p = i.cores.max(1);
    let list = |cores| Machine {
        cores,
        discipline: Discipline::List,
        io: IoMode::Async,
    };
    let cpu_bound =
        i.requests as f64 * (i.cpu_ns + i.connection_ns) / p as f64 + i.single_request_ns;
    let server_bound = i.requests as f64 * i.server_connection_ns + i.single_request_ns;
    let client = match kind {
        ClientKind::Blocking => wall_ns(
            i.requests,
            cpu_ticks,
            io_ticks,
            Machine {
                cores: 1,
                discipline: Discipline::List,
                io: IoMode::Blocking,
            },
        ),
        ClientKind::ThreadPerRequest => {
            let quantum = (3_000_000.0 / TICK_NS) as u64;
            let m = Machine {
                cores: p,
                discipline: Discipline::RoundRobin { quantum },
                io: IoMode::Async,
            };
            wall_ns(i.requests, cpu_ticks, io_ticks, m)
                .max(i.requests as f64 * i.thread_spawn_ns + i.cpu_ns + i.single_request_ns)
        }
        ClientKind::BlockingPool => {
            let n = i.threads.min(i.requests).max(1);
            let m = Machine {
                cores: n,
                discipline: Discipline::List,
                io: IoMode::Blocking,
            };
            wall_ns(i.requests, cpu_ticks, io_ticks, m).max(cpu_bound)
        }
        ClientKind::EventLoop => {
            i.loops_start_ns[0]
                + i.loop_fixed_ns
                + wall_ns(i.requests, cpu_ticks, io_ticks, list(1))
        }
        ClientKind::EventLoopPerCore => {
            i.loops_start_ns[1]
                + i.loop_fixed_ns
                + wall_ns(i.requests.div_ceil(p), cpu_ticks, io_ticks, list(1))
        }
    };
    client.max(server_bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(requests: usize, cpu_ms: f64) -> Inputs {
        Inputs {
            requests,
            cpu_ns: cpu_ms * 1e6,
            single_request_ns: 21e6,
            connection_ns: 100e3,
            threads: 8,
            cores: 2,
            thread_spawn_ns: 30e3,
            server_connection_ns: 0.0,
            loop_fixed_ns: 0.0,
            loops_start_ns: [0.0; 2],
        }
    }

    #[test]
    fn blocking_is_the_sum_event_loop_overlaps_the_waits() {
        let i = inputs(50, 0.0);
        // 50 × 21 ms one after another.
        assert!((predict(ClientKind::Blocking, &i) - 50.0 * 21e6).abs() < 1e6);
        // 50 connections set up one after another, then one wait.
        let ev = predict(ClientKind::EventLoop, &i);
        assert!((ev - (50.0 * 100e3 + 21e6 - 100e3)).abs() < 1e6, "{ev}");
        assert!(predict(ClientKind::Blocking, &i) / ev > 30.0);
    }

    #[test]
    fn cpu_bound_event_loops_gain_from_cores() {
        let i = inputs(100, 2.0);
        let one = predict(ClientKind::EventLoop, &i);
        let per_core = predict(ClientKind::EventLoopPerCore, &i);
        assert!(one > 100.0 * 2e6);
        assert!(per_core < 0.6 * one, "{per_core} vs {one}");
        // A pool of 8 on 2 cores: 13 rounds of (c + L') beat by the CPU bound? No: waits dominate.
        let pool = predict(ClientKind::BlockingPool, &i);
        assert!(pool >= (100.0 * 2.1e6) / 2.0);
    }
}

#[cfg(test)]
mod loop_tests {
    use super::*;

    #[test]
    fn starting_the_loops_is_paid_once_by_one_loop_and_by_p() {
        let mut i = Inputs {
            requests: 40,
            cpu_ns: 2e6,
            single_request_ns: 6e6,
            connection_ns: 0.0,
            threads: 1,
            cores: 16,
            thread_spawn_ns: 0.0,
            server_connection_ns: 0.0,
            loop_fixed_ns: 0.0,
            loops_start_ns: [0.0; 2],
        };
        let (one, per) = (
            predict(ClientKind::EventLoop, &i),
            predict(ClientKind::EventLoopPerCore, &i),
        );
        // ⌈40/16⌉ = 3 requests a loop: 3 × 2 ms of CPU, then the last wait.
        assert!((per - (3.0 * 2e6 + 6e6)).abs() < 1e3, "{per}");
        i.loops_start_ns = [0.1e6, 8e6];
        assert!((predict(ClientKind::EventLoop, &i) - one - 0.1e6).abs() < 1e-3);
        assert!((predict(ClientKind::EventLoopPerCore, &i) - per - 8e6).abs() < 1e-3);
    }
}

#[cfg(test)]
mod server_tests {
    use super::*;

    #[test]
    fn the_server_bounds_every_client() {
        let i = Inputs {
            requests: 10_000,
            cpu_ns: 0.0,
            single_request_ns: 21e6,
            connection_ns: 50e3,
            threads: 8,
            cores: 2,
            thread_spawn_ns: 30e3,
            server_connection_ns: 40e3,
            loop_fixed_ns: 0.0,
            loops_start_ns: [0.0; 2],
        };
        let per_core = predict(ClientKind::EventLoopPerCore, &i);
        assert!(
            (per_core - (10_000.0 * 40e3 + 21e6)).abs() < 1e3,
            "{per_core}"
        );
    }
}
