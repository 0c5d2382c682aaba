//! The measuring loop behind `conpar io`: for each core count and client, one
//! warm-up and R timed runs against the server, summarised beside the
//! model's prediction. Each finished row is handed to the caller at once, so
//! it can be saved before the next starts.

use super::predict::{Inputs, loops_start_at, predict};
use super::summary::{RowSpec, summarise};
use super::{ClientKind, ClientPlan, IoCalibration, IoError, run_client};
use crate::kernel::Calibration;
use crate::repeat::{Repeat, stop};
use crate::results::io::IoRow;
use std::net::SocketAddr;
use std::time::Duration;

/// What to measure.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The delay server.
    pub addr: SocketAddr,
    /// Clients, in table order.
    pub clients: Vec<ClientKind>,
    /// Core counts; each takes the first that many of `cpus`.
    pub cores: Vec<usize>,
    /// The allowed CPUs.
    pub cpus: Vec<usize>,
    pub requests: usize,
    /// c, the CPU work per request, ns (0 for none).
    pub cpu_ns: u64,
    /// The spin kernel calibrated to c, when c > 0.
    pub cpu: Option<Calibration>,
    /// L, the server's wait.
    pub latency: Duration,
    /// Threads of blocking-pool.
    pub threads: usize,
    /// Untimed runs before the timed ones.
    pub warmup: usize,
    /// When to stop timing a client.
    pub rule: Repeat,
    /// How long past its wait a request may take in all.
    pub timeout: Duration,
    /// The request costs measured against the server.
    pub calibration: IoCalibration,
    /// What starting and joining a thread costs here, ns.
    pub thread_spawn_ns: f64,
}

/// Progress, reported between runs.
#[derive(Debug)]
pub enum Event<'a> {
    /// A client is about to run on a core count.
    Started { client: ClientKind, cores: usize },
    /// One run (warm-up or timed) finished.
    RunDone,
    /// A client is complete.
    Row(&'a IoRow),
}

/// Why the sweep stopped.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A client could not run.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The caller's handler refused an event (for example, saving failed).
    #[error("{0}")]
    Handler(String),
}

/// Runs `s`; `on` sees each event and may stop the sweep by returning an error.
pub fn sweep(
    s: &Sweep,
    on: &mut dyn FnMut(Event) -> Result<(), String>,
) -> Result<Vec<IoRow>, SweepError> {
    let mut rows = Vec::new();
    for &p in &s.cores {
        for &client in &s.clients {
            on(Event::Started { client, cores: p }).map_err(SweepError::Handler)?;
            let plan = ClientPlan {
                kind: client,
                addr: s.addr,
                requests: s.requests,
                cpu: s.cpu,
                latency: s.latency,
                threads: s.threads,
                cpus: (0..p).map(|i| s.cpus[i % s.cpus.len()]).collect(),
                timeout: s.timeout,
            };
            for _ in 0..s.warmup {
                run_client(&plan)?;
                on(Event::RunDone).map_err(SweepError::Handler)?;
            }
            let mut runs: Vec<super::RunStats> = Vec::new();
            let mut walls = Vec::new();
            while stop(&s.rule, &walls, walls.iter().sum()).is_none() {
                let r = run_client(&plan)?;
                walls.push(r.wall_ns as f64 / 1e9);
                runs.push(r);
                on(Event::RunDone).map_err(SweepError::Handler)?;
            }
            let spec = RowSpec {
                client,
                cores: p,
                threads: s.threads,
                requests: s.requests,
                cpu_ns: s.cpu_ns,
                latency_ns: s.latency.as_nanos() as u64,
                predicted_s: predict(client, &inputs(s, p)) / 1e9,
            };
            if let Some(row) = summarise(&spec, &runs) {
                on(Event::Row(&row)).map_err(SweepError::Handler)?;
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

fn inputs(s: &Sweep, p: usize) -> Inputs {
    let c = &s.calibration;
    Inputs {
        requests: s.requests,
        cpu_ns: s.cpu_ns as f64,
        single_request_ns: c.single_request_ns,
        connection_ns: c.connection_ns,
        threads: s.threads,
        cores: p,
        thread_spawn_ns: s.thread_spawn_ns,
        server_connection_ns: c.server_connection_ns,
        loop_fixed_ns: c.loop_fixed_ns,
        loops_start_ns: [loops_start_at(c, 1), loops_start_at(c, p)],
    }
}
