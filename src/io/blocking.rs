//! The blocking clients: one thread, a thread per request, and a pool of
//! threads. Each request blocks its thread from connect to answer.

use super::{ClientKind, ClientPlan, Deadline, IoError, RunStats};
use crate::measure::{confine_to, mono_ns, thread_cpu_ns};
use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Most threads `thread-per-request` starts: each costs a stack and a spawn.
pub const MAX_THREADS: usize = 4096;

/// One request: connect, ask for `wait`, read the answer, all within
/// `timeout + wait` (the event-loop clients' bound too), however the server
/// spreads its bytes. Returns the latency and the time this thread spent
/// blocked (latency minus its CPU time), in ns.
pub(super) fn request(
    addr: SocketAddr,
    wait: Duration,
    timeout: Duration,
) -> std::io::Result<(u64, u64)> {
    let (t0, c0) = (mono_ns(), thread_cpu_ns());
    let deadline = Deadline::after(timeout + wait);
    let mut s = TcpStream::connect_timeout(&addr, deadline.left()?)?;
    s.set_nodelay(true)?;
    s.set_write_timeout(Some(deadline.left()?))?;
    s.write_all(format!("WAIT {}\n", wait.as_micros()).as_bytes())
        .map_err(|e| deadline.explain(e))?;
    let answer = deadline.read_to_end(&mut s, 64)?;
    if answer != b"DONE\n" {
        return Err(std::io::Error::other(format!(
            "unexpected answer {:?}",
            String::from_utf8_lossy(&answer)
        )));
    }
    let lat = mono_ns() - t0;
    Ok((lat, lat.saturating_sub(thread_cpu_ns() - c0)))
}

/// What one thread saw.
#[derive(Default)]
struct Part {
    latencies: Vec<u64>,
    blocked: u64,
    errors: usize,
    first_error: Option<String>,
}

/// Runs requests while `next` hands out indices below `plan.requests`.
fn worker(plan: &ClientPlan, next: &AtomicUsize, one_only: bool) -> Part {
    let mut part = Part::default();
    loop {
        if next.fetch_add(1, Ordering::Relaxed) >= plan.requests {
            break;
        }
        if let Some(cal) = &plan.cpu {
            cal.run_ticks(1);
        }
        match request(plan.addr, plan.latency, plan.timeout) {
            Ok((lat, blocked)) => {
                part.latencies.push(lat);
                part.blocked += blocked;
            }
            Err(e) => {
                part.errors += 1;
                part.first_error.get_or_insert_with(|| e.to_string());
            }
        }
        if one_only {
            break;
        }
    }
    part
}

pub(super) fn run(plan: &ClientPlan) -> Result<RunStats, IoError> {
    let threads = match plan.kind {
        ClientKind::Blocking => 1,
        ClientKind::BlockingPool => plan.threads.min(plan.requests).max(1),
        _ => plan.requests,
    };
    let one_only = plan.kind == ClientKind::ThreadPerRequest;
    let next = AtomicUsize::new(0);
    let parts = std::thread::scope(|outer| {
        // Threads inherit their creator's CPU mask: create them from a thread
        // confined to the client's cores.
        outer
            .spawn(|| {
                let _ = confine_to(&plan.cpus);
                std::thread::scope(|s| {
                    let mut handles = Vec::with_capacity(threads);
                    for i in 0..threads {
                        let h = std::thread::Builder::new()
                            .name(format!("client-{i}"))
                            .stack_size(256 * 1024)
                            .spawn_scoped(s, || worker(plan, &next, one_only))
                            .map_err(|source| IoError::Start {
                                client: plan.kind,
                                what: format!("client thread {i} of {threads}"),
                                source,
                            })?;
                        handles.push(h);
                    }
                    Ok(handles
                        .into_iter()
                        .map(|h| h.join().expect("client threads do not panic"))
                        .collect::<Vec<_>>())
                })
            })
            .join()
            .expect("the spawning thread does not panic")
    })?;
    let mut stats = RunStats::default();
    for p in parts {
        stats.latencies_ns.extend(p.latencies);
        stats.blocked_ns += p.blocked;
        stats.errors += p.errors;
        if stats.first_error.is_none() {
            stats.first_error = p.first_error;
        }
    }
    Ok(stats)
}
