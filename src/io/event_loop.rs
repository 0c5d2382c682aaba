//! The event-loop clients: one tokio current-thread runtime with every request
//! in flight at once, or one such loop per core on pinned threads with the
//! requests split between them. A request's CPU work runs inline on the loop;
//! its wait is awaited, so the loop serves other requests meanwhile.

use super::{ClientKind, ClientPlan, IoError, RunStats};
use crate::measure::{confine_to, mono_ns};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Why one request of an event-loop client failed; its text is the row's
/// `first_error`.
#[derive(Debug, thiserror::Error)]
enum RequestFailure {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The server answered something other than `DONE`.
    #[error("unexpected answer {0:?}")]
    Answer(String),
    #[error("timed out after {0:?}")]
    Timeout(Duration),
}

async fn request(
    addr: SocketAddr,
    wait: Duration,
    timeout: Duration,
) -> Result<u64, RequestFailure> {
    let t0 = mono_ns();
    let work = async {
        let mut s = tokio::net::TcpStream::connect(addr).await?;
        let _ = s.set_nodelay(true);
        s.write_all(format!("WAIT {}\n", wait.as_micros()).as_bytes())
            .await?;
        let mut answer = Vec::with_capacity(8);
        (&mut s).take(64).read_to_end(&mut answer).await?;
        if answer != b"DONE\n" {
            let answer = String::from_utf8_lossy(&answer).into_owned();
            return Err(RequestFailure::Answer(answer));
        }
        Ok(())
    };
    // One bound for the whole request: connect, write and read.
    match tokio::time::timeout(timeout + wait, work).await {
        Ok(Ok(())) => Ok(mono_ns() - t0),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(RequestFailure::Timeout(timeout + wait)),
    }
}

/// One event loop on the calling thread, issuing `count` requests.
fn one_loop(plan: &ClientPlan, count: usize) -> Result<RunStats, std::io::Error> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let cpu = plan.cpu;
    let (addr, wait, timeout) = (plan.addr, plan.latency, plan.timeout);
    Ok(rt.block_on(async move {
        let handles: Vec<_> = (0..count)
            .map(|_| {
                tokio::spawn(async move {
                    if let Some(cal) = cpu {
                        cal.run_ticks(1);
                    }
                    request(addr, wait, timeout).await
                })
            })
            .collect();
        let mut stats = RunStats::default();
        for h in handles {
            match h.await {
                Ok(Ok(lat)) => stats.latencies_ns.push(lat),
                Ok(Err(e)) => {
                    stats.errors += 1;
                    stats.first_error.get_or_insert(e.to_string());
                }
                Err(e) => {
                    stats.errors += 1;
                    stats.first_error.get_or_insert(e.to_string());
                }
            }
        }
        stats
    }))
}

pub(super) fn run(plan: &ClientPlan) -> Result<RunStats, IoError> {
    let loops = if plan.kind == ClientKind::EventLoop {
        1
    } else {
        plan.cpus.len().max(1)
    };
    let results = std::thread::scope(|s| {
        let handles: Vec<_> = (0..loops)
            .map(|i| {
                let count = plan.requests / loops + usize::from(i < plan.requests % loops);
                let cpu = plan.cpus[i % plan.cpus.len()];
                s.spawn(move || {
                    let _ = confine_to(&[cpu]);
                    one_loop(plan, count)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("event loops do not panic"))
            .collect::<Vec<_>>()
    });
    let mut stats = RunStats::default();
    for r in results {
        let r = r.map_err(|source| IoError::Start {
            client: plan.kind,
            what: "a tokio runtime".into(),
            source,
        })?;
        stats.latencies_ns.extend(r.latencies_ns);
        stats.errors += r.errors;
        if stats.first_error.is_none() {
            stats.first_error = r.first_error;
        }
    }
    Ok(stats)
}

/// Starts one event loop per entry of `cpus` as [`run`] does, with no
/// request, and ends them: the fixed cost of that many loops, ns.
pub(super) fn start_only(cpus: &[usize]) -> std::io::Result<u64> {
    let t0 = mono_ns();
    let built = std::thread::scope(|s| {
        let handles: Vec<_> = cpus
            .iter()
            .map(|&cpu| {
                std::thread::Builder::new().spawn_scoped(s, move || {
                    let _ = confine_to(&[cpu]);
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    rt.block_on(async {});
                    Ok::<(), std::io::Error>(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h?.join().expect("event loops do not panic"))
            .collect::<std::io::Result<Vec<()>>>()
    });
    built.map(|_| mono_ns() - t0)
}

/// Wall-clock of one event loop issuing `n` requests that each wait `wait`,
/// all at once, in ns.
pub(super) fn burst(
    addr: SocketAddr,
    n: usize,
    wait: Duration,
    timeout: Duration,
) -> std::io::Result<u64> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let t0 = mono_ns();
        let handles: Vec<_> = (0..n)
            .map(|_| tokio::spawn(request(addr, wait, timeout)))
            .collect();
        for h in handles {
            match h.await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => return Err(std::io::Error::other(e)),
                Err(e) => return Err(std::io::Error::other(e.to_string())),
            }
        }
        Ok(mono_ns() - t0)
    })
}
