//! The host's own costs, measured at run time and used in predictions:
//! spawning and joining a thread, starting a process (fork, and re-executing
//! the conpar binary), dispatching a pool job and a tokio task, a context switch
//! on one core, a hand-off across cores, and how late sleeps and tokio timers
//! wake. Nothing here is assumed.
//!
//! A probe whose thread, pool, runtime or process cannot start (under a
//! user's process limit, say) leaves its overhead unmeasured (`None`, which
//! adds nothing to predictions) and says why in `unmeasured`; it never panics.
//! Threads it started are released before it returns, so the run that follows
//! has the same room as before.

use super::probes::{ProbeError, Probes};
use super::processes::with_workers;
use super::protocol::{FromWorker, Job, MAX_REPLY_LINE, Peer, ProtocolError, ToWorker, recv, send};
use super::runner::{room_for_threads, settle_threads};
use crate::measure::{confine_to, mono_ns, thread_count};
use crate::stats::Summary;
use std::io::{BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

pub use crate::results::calibrate::Overheads;

/// Runs `f` and returns its nanoseconds.
fn timed(f: impl FnOnce()) -> f64 {
    let t = mono_ns();
    f();
    (mono_ns() - t) as f64
}

fn spawn_join() -> Result<f64, ProbeError> {
    let t = mono_ns();
    let h = std::thread::Builder::new()
        .spawn(|| ())
        .map_err(|e| ProbeError::start("a thread", e))?;
    h.join()
        .map_err(|_| ProbeError::Panicked("the empty thread"))?;
    Ok((mono_ns() - t) as f64)
}

fn fork_exit_wait() -> Result<f64, ProbeError> {
    let t = mono_ns();
    // SAFETY: the child calls only the async-signal-safe _exit.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: see above.
        unsafe { libc::_exit(0) };
    }
    if pid < 0 {
        return Err(ProbeError::Fork(std::io::Error::last_os_error()));
    }
    let mut st = 0;
    // SAFETY: pid is our child and st a valid out-pointer.
    unsafe { libc::waitpid(pid, &mut st, 0) };
    Ok((mono_ns() - t) as f64)
}

/// A worker's whole start as the `processes` strategy pays it, through its
/// own start (confined to `cpu`, ended with conpar): exec, reading its job,
/// confining itself, saying `ready`.
fn worker_start(exe: &Path, cpu: usize, job: &ToWorker) -> Result<f64, ProbeError> {
    let t = mono_ns();
    let started = with_workers(exe, &[vec![cpu]], |children| {
        let child = &mut children[0];
        let peer = Peer::Worker {
            index: 0,
            pid: child.id(),
        };
        let mut stdin = child.stdin.take().expect("piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let reply =
            send(&mut stdin, peer, job).and_then(|()| recv(&mut stdout, MAX_REPLY_LINE, peer));
        let elapsed = (mono_ns() - t) as f64;
        let outcome = match reply {
            Ok(Some(FromWorker::Ready)) => Ok(elapsed),
            Ok(Some(other)) => Err(ProtocolError::unexpected(peer, "`ready`", &other).into()),
            Ok(None) => Err(ProbeError::Closed {
                peer,
                what: "`ready`",
            }),
            Err(e) => Err(e.into()),
        };
        if outcome.is_ok() {
            let _ = send(&mut stdin, peer, &ToWorker::Exit);
        } else {
            // A worker out of step may never exit by itself.
            let _ = child.kill();
        }
        drop(stdin);
        let _ = child.wait();
        outcome
    });
    started.map_err(|(_, e)| ProbeError::start(exe.display().to_string(), e))?
}

/// Half the round trip of one byte between threads on CPUs `a` and `b`.
fn ping_pong(a: usize, b: usize, rounds: usize) -> Result<f64, ProbeError> {
    let (mut x, mut y) = UnixStream::pair().map_err(|e| ProbeError::start("a socket pair", e))?;
    let echo = std::thread::Builder::new()
        .spawn(move || {
            let _ = confine_to(&[b]);
            let mut buf = [0u8; 1];
            while y.read_exact(&mut buf).is_ok() {
                if y.write_all(&buf).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| ProbeError::start("the echo thread", e))?;
    let r = std::thread::scope(|s| {
        let ping = std::thread::Builder::new()
            .spawn_scoped(s, || -> std::io::Result<f64> {
                let _ = confine_to(&[a]);
                let mut buf = [1u8; 1];
                let mut round = || x.write_all(&buf).and_then(|()| x.read_exact(&mut buf));
                for _ in 0..100 {
                    round()?;
                }
                let t = mono_ns();
                for _ in 0..rounds {
                    round()?;
                }
                Ok((mono_ns() - t) as f64 / (2 * rounds) as f64)
            })
            .map_err(|e| ProbeError::start("the ping thread", e))?;
        ping.join()
            .map_err(|_| ProbeError::Panicked("the ping thread"))?
            .map_err(ProbeError::Echo)
    });
    // Closing our end ends the echo thread.
    drop(x);
    let _ = echo.join();
    r
}

/// The median cost of spawning and joining an empty thread, in ns (50 tries;
/// 0 when no thread could start).
pub fn thread_spawn_ns() -> f64 {
    let s = Probes::default().repeat("thread_spawn_join", 50, spawn_join);
    crate::results::calibrate::median_or_zero(s.as_ref())
}

/// Jobs per timed batch of the pool and runtime probes.
const JOBS: usize = 10_000;

/// One empty job through a 2-thread rayon pool, per job.
fn pool_dispatch(p: &mut Probes) -> Option<Summary> {
    const WHAT: &str = "pool_dispatch";
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(2).build() {
        Ok(pool) => pool,
        Err(e) => {
            return p.skip(
                WHAT,
                format!("could not start a rayon pool of 2 threads: {e}"),
            );
        }
    };
    p.repeat(WHAT, 7, || {
        Ok(
            timed(|| pool.scope_fifo(|s| (0..JOBS).for_each(|_| s.spawn_fifo(|_| ()))))
                / JOBS as f64,
        )
    })
}

/// tokio task spawn + await per task, and the lateness of its 10 ms timer.
fn tokio_costs(p: &mut Probes) -> (Option<Summary>, Option<Summary>) {
    const WORKERS: usize = 2;
    // tokio panics, then hangs unwinding, when a worker thread cannot start:
    // it is built only once there is room for its threads.
    let rt = room_for_threads(WORKERS).and_then(|()| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .enable_time()
            .build()
    });
    let rt = match rt {
        Ok(rt) => rt,
        Err(e) => {
            let why = format!("could not start a tokio runtime of {WORKERS} workers: {e}");
            return (
                p.skip("tokio_spawn", why.clone()),
                p.skip("tokio_sleep_overshoot", why),
            );
        }
    };
    let spawn = p.repeat("tokio_spawn", 7, || {
        Ok(timed(|| {
            rt.block_on(async {
                let hs: Vec<_> = (0..JOBS).map(|_| tokio::spawn(async {})).collect();
                for h in hs {
                    let _ = h.await;
                }
            })
        }) / JOBS as f64)
    });
    let sleep = p.repeat("tokio_sleep_overshoot", 10, || {
        Ok(
            timed(|| rt.block_on(async { tokio::time::sleep(Duration::from_millis(10)).await }))
                - 1e7,
        )
    });
    (spawn, sleep)
}

/// Measures every overhead on all of `cpus`, the allowed CPUs; `exe` is the
/// conpar binary. Takes a second or two.
pub fn measure(cpus: &[usize], exe: &Path) -> Overheads {
    measure_up_to(cpus, exe, cpus.len())
}

/// Measures every overhead, those that grow with P ([`super::growth`]) at
/// counts up to `widest` cores only.
pub fn measure_up_to(cpus: &[usize], exe: &Path, widest: usize) -> Overheads {
    let before = thread_count();
    let mut p = Probes::default();
    let thread_spawn_join = p.repeat("thread_spawn_join", 200, spawn_join);
    let fork = p.repeat("fork", 30, fork_exit_wait);
    let job = ToWorker::Job(Job {
        worker: 0,
        cpus: vec![cpus[0]],
        calibration: crate::kernel::Calibration {
            kernel: crate::workload::KernelKind::Spin,
            tick_ns: 1_000_000,
            iters_per_tick: 1,
            tick_median_ns: 1.0,
            tick_min_ns: 1.0,
            tick_max_ns: 1.0,
            tick_quartiles_ns: None,
            outliers: None,
        },
        tick_ns: 1_000_000,
        tasks: vec![vec![crate::workload::Step::Cpu(1)]],
        kernels: Vec::new(),
        task_kernels: Vec::new(),
    });
    let process_exec = p.repeat("process_exec", 15, || worker_start(exe, cpus[0], &job));
    // Each pool or runtime is gone, and its threads released, before the
    // next probe starts, so each has the same room.
    let pool_dispatch = pool_dispatch(&mut p);
    settle_threads(before);
    let (tokio_spawn, tokio_sleep_overshoot) = tokio_costs(&mut p);
    settle_threads(before);
    let context_switch_same_core = p.repeat("context_switch_same_core", 5, || {
        ping_pong(cpus[0], cpus[0], 2000)
    });
    let handoff_cross_core = if cpus.len() > 1 {
        p.repeat("handoff_cross_core", 5, || {
            ping_pong(cpus[0], cpus[1], 2000)
        })
    } else {
        None
    };
    let sleep_overshoot = p.repeat("sleep_overshoot", 20, || {
        Ok(timed(|| std::thread::sleep(Duration::from_millis(1))) - 1e6)
    });
    settle_threads(before);
    let mut o = Overheads {
        thread_spawn_join,
        fork,
        process_exec,
        pool_dispatch,
        tokio_spawn,
        context_switch_same_core,
        handoff_cross_core,
        sleep_overshoot,
        tokio_sleep_overshoot,
        ..Overheads::default()
    };
    super::growth::fill(&mut o, &mut p, cpus, exe, widest);
    o.kernel_setup = crate::workload::KernelKind::ALL
        .into_iter()
        .map(|kernel| crate::results::calibrate::KernelSetup {
            kernel,
            ns: p.repeat("kernel_setup", 5, || {
                Ok(crate::kernel::first_use_ns(kernel)?)
            }),
        })
        .collect();
    settle_threads(before);
    o.unmeasured = p.notes;
    o
}
