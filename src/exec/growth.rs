//! The host's costs that grow with P, measured at several counts k up to the
//! widest core count a run will use ([`crate::kernel::counts_up_to`]):
//!
//! - `thread_spawn_busy(k)`: one spawner confined to k cores, each running a
//!   spinning thread, creates [`SPAWNS`] threads (each confines itself to the
//!   k cores, as a task thread does, and ends); the time ÷ [`SPAWNS`] is its
//!   interval between threads while it shares a core with running work;
//! - `thread_placement(k)`: the `threads` strategy itself runs k tasks that
//!   each spin about [`WAIT_NS`] on k idle cores; the mean of each later
//!   thread's first tick's start beyond the first thread's is the wait for a
//!   new thread to reach an idle core (0 for k = 1). It is bimodal where the
//!   kernel sometimes starts the thread beside its creator: seven tries;
//! - `rayon_wake(k)`, `tokio_wake(k)`: the same for the pool and the runtime
//!   (built before, as in a run): how long their parked workers take to wake
//!   and pick up the tasks after the first;
//! - `workers_first(k)`, `workers_start(k)` and `workers_stop(k)`: the
//!   `processes` strategy itself, after the harness's warm-up spin, runs k
//!   tasks that each spin for about [`WAIT_NS`] (so each worker takes one,
//!   and the cores are as busy as in a run) on k cores; from its start until the
//!   first and the last worker begin their task, and from the last task's
//!   end until the run returns (exit, reports, reaping);
//!   once as the `processes` strategy starts them, until each has said
//!   `ready`; then told to exit, until each has reported and been reaped;
//! - `worker_kernel_setup`: a new worker's first one-tick task of a kernel
//!   against its second: what the kernel's set-up costs in a new process
//!   (the memory kernel allocates and fills its buffer);
//! - `worker_handout`: one worker on another core runs [`HANDOUTS`] one-tick
//!   tasks of a 1 µs tick; the time ÷ [`HANDOUTS`] is a task's round trip
//!   over the pipes (`run`, its slice, `done`).
//!
//! A probe that cannot start its threads or processes leaves its cost
//! unmeasured with a note, as every probe of `overhead` does.

use super::probes::{ProbeError, Probes};
use super::processes::with_workers;
use super::protocol::ProtocolError;
use super::protocol::{FromWorker, Job, MAX_REPLY_LINE, Peer, ToWorker, recv, send};
use super::{Plan, StrategyKind, strategy};
use crate::kernel::{Calibration, counts_up_to};
use crate::measure::{confine_to, mono_ns};
use crate::results::calibrate::{AtCount, KernelSetup, Overheads};
use crate::stats::Summary;
use crate::workload::{KernelKind, Step, Workload};
use std::io::BufReader;
use std::path::Path;
use std::process::{Child, ChildStdin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Threads created per `thread_spawn_busy` try.
pub const SPAWNS: usize = 32;
/// How long each task of the worker start probe spins, ns: longer than the
/// workers take to start one after another, so each takes one task.
pub const WAIT_NS: u64 = 20_000_000;

/// Tasks per `worker_handout` try.
pub const HANDOUTS: usize = 100;

/// Runs `f` on a thread confined to `cpus`: the spawner of a probe.
fn on_spawner<T: Send>(
    cpus: &[usize],
    f: impl FnOnce() -> Result<T, ProbeError> + Send,
) -> Result<T, ProbeError> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .spawn_scoped(s, || {
                let _ = confine_to(cpus);
                f()
            })
            .map_err(|e| ProbeError::start("the spawner", e))?
            .join()
            .map_err(|_| ProbeError::Panicked("the spawner"))?
    })
}

fn spawn_busy(cpus: &[usize]) -> Result<f64, ProbeError> {
    let stop = AtomicBool::new(false);
    let running = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let mut spinners = Vec::new();
        for &cpu in cpus {
            let (stop, running) = (&stop, &running);
            let h = std::thread::Builder::new().spawn_scoped(s, move || {
                let _ = confine_to(&[cpu]);
                running.fetch_add(1, Ordering::SeqCst);
                while !stop.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            });
            match h {
                Ok(h) => spinners.push(h),
                Err(e) => {
                    stop.store(true, Ordering::SeqCst);
                    return Err(ProbeError::start("a busy thread", e));
                }
            }
        }
        while running.load(Ordering::SeqCst) < cpus.len() {
            std::thread::yield_now();
        }
        let r = on_spawner(cpus, || {
            std::thread::scope(|made| {
                let t = mono_ns();
                for _ in 0..SPAWNS {
                    std::thread::Builder::new()
                        .spawn_scoped(made, || {
                            let _ = confine_to(cpus);
                        })
                        .map_err(|e| ProbeError::start("a thread", e))?;
                }
                Ok((mono_ns() - t) as f64 / SPAWNS as f64)
            })
        });
        stop.store(true, Ordering::SeqCst);
        r
    })
}

/// `kernel` at one iteration a tick of 1 µs.
fn tiny(kernel: KernelKind) -> Calibration {
    Calibration {
        kernel,
        tick_ns: 1_000,
        iters_per_tick: 1,
        tick_median_ns: 1.0,
        tick_min_ns: 1.0,
        tick_max_ns: 1.0,
        tick_quartiles_ns: None,
        outliers: None,
    }
}

/// A job of `tasks` one-tick tasks of a 1 µs tick, one iteration of
/// `kernel` a tick.
fn tiny_job(worker: u32, cpu: usize, tasks: usize, kernel: KernelKind) -> ToWorker {
    ToWorker::Job(Job {
        worker,
        cpus: vec![cpu],
        calibration: tiny(kernel),
        kernels: Vec::new(),
        task_kernels: Vec::new(),
        tick_ns: 1_000,
        tasks: vec![vec![Step::Cpu(1)]; tasks],
    })
}

type Pipes = (Peer, ChildStdin, BufReader<std::process::ChildStdout>);

fn pipes(children: &mut [Child]) -> Vec<Pipes> {
    children
        .iter_mut()
        .enumerate()
        .map(|(i, c)| {
            let peer = Peer::Worker {
                index: i,
                pid: c.id(),
            };
            let stdin = c.stdin.take().expect("piped");
            (peer, stdin, BufReader::new(c.stdout.take().expect("piped")))
        })
        .collect()
}

fn expect(
    p: &mut Pipes,
    what: &'static str,
    ok: impl Fn(&FromWorker) -> bool,
) -> Result<(), ProbeError> {
    match recv(&mut p.2, MAX_REPLY_LINE, p.0)? {
        Some(m) if ok(&m) => Ok(()),
        Some(m) => Err(ProtocolError::unexpected(p.0, what, &m).into()),
        None => Err(ProbeError::Closed { peer: p.0, what }),
    }
}

/// Sends each worker its job and waits until all are ready, hands `tasks`
/// tasks of `kernel` to the first, one at a time, then tells all to exit and
/// reads their reports: when all were ready, then each task's end.
fn cycle(
    children: &mut [Child],
    per: &[Vec<usize>],
    tasks: usize,
    kernel: KernelKind,
) -> Result<Vec<u64>, ProbeError> {
    let mut ps = pipes(children);
    for (i, p) in ps.iter_mut().enumerate() {
        let job = tiny_job(i as u32, per[i][0], tasks.max(1), kernel);
        send(&mut p.1, p.0, &job)?;
    }
    for p in &mut ps {
        expect(p, "`ready`", |m| matches!(m, FromWorker::Ready))?;
    }
    let mut times = vec![mono_ns()];
    for task in 0..tasks as u32 {
        let p = &mut ps[0];
        send(&mut p.1, p.0, &ToWorker::Run { task })?;
        expect(p, "a slice", |m| matches!(m, FromWorker::Slice(_)))?;
        expect(p, "`done`", |m| matches!(m, FromWorker::Done { .. }))?;
        times.push(mono_ns());
    }
    for p in &mut ps {
        send(&mut p.1, p.0, &ToWorker::Exit)?;
    }
    for p in &mut ps {
        expect(p, "`stats`", |m| matches!(m, FromWorker::Stats { .. }))?;
    }
    Ok(times)
}

/// Starts `k` workers on `cpus` as the strategy does, runs [`cycle`] and
/// reaps them: each task's round trip on the first worker, ns. On any
/// failure every worker is killed and reaped.
fn worker_cycle(
    exe: &Path,
    cpus: &[usize],
    k: usize,
    tasks: usize,
    kernel: KernelKind,
) -> Result<Vec<f64>, ProbeError> {
    let per: Vec<Vec<usize>> = (0..k).map(|i| vec![cpus[i % cpus.len()]]).collect();
    let ends = with_workers(exe, &per, |children| {
        let result = cycle(children, &per, tasks, kernel);
        if result.is_err() {
            children.iter_mut().for_each(|c| {
                let _ = c.kill();
            });
        }
        children.iter_mut().for_each(|c| {
            let _ = c.wait();
        });
        result
    })
    .map_err(|(i, e)| ProbeError::start(format!("worker {i}"), e))??;
    Ok(ends.windows(2).map(|w| (w[1] - w[0]) as f64).collect())
}

/// When each task of a run began and how long the run went on after the
/// last task ended, ns from the run's start.
struct Starts {
    firsts: Vec<f64>,
    stop: f64,
}

/// Runs strategy `kind` itself on k cores of `cpus` with k tasks that each
/// spin about [`WAIT_NS`], after the harness's warm-up spin, from a thread
/// on the first CPU as the harness runs a pair.
fn starts(kind: StrategyKind, exe: &Path, cpus: &[usize], k: usize) -> Result<Starts, ProbeError> {
    const PROBE: u64 = 1 << 20;
    let t = mono_ns();
    crate::kernel::run(KernelKind::Spin, PROBE);
    let per_iter = (mono_ns() - t).max(1) as f64 / PROBE as f64;
    let w = Workload::builder("start")
        .tick_ns(WAIT_NS)
        .tasks("spin", k as u64, &[Step::Cpu(1)])
        .build()?;
    let calibration = Calibration {
        iters_per_tick: ((WAIT_NS as f64 / per_iter) as u64).max(1),
        ..tiny(KernelKind::Spin)
    };
    let plan = Plan {
        workload: &w,
        cpus: (0..k).map(|i| cpus[i % cpus.len()]).collect(),
        pin: true,
        calibration,
        kernels: Vec::new(),
        quantum: 1,
        os_slice_ns: WAIT_NS,
        worker_exe: exe.to_path_buf(),
        timeout: Duration::from_secs(30),
    };
    on_spawner(&cpus[..1], || {
        let strat = strategy(kind);
        let mut run = strat.prepare(&plan)?;
        if matches!(kind, StrategyKind::Rayon | StrategyKind::Tokio) {
            // As in a run: the pool has done one untimed run, and its workers
            // have parked since.
            run.run()?;
        }
        crate::kernel::warm_up(5_000_000);
        let t0 = mono_ns();
        let trace = run.run()?;
        let end = mono_ns();
        let mut firsts = vec![u64::MAX; k];
        let mut last_end = t0;
        for s in &trace.slices {
            if let Some(f) = firsts.get_mut(s.task as usize) {
                *f = (*f).min(s.start);
            }
            last_end = last_end.max(s.end);
        }
        if firsts.contains(&u64::MAX) {
            return Err(ProbeError::TaskMissing);
        }
        let mut firsts: Vec<f64> = firsts
            .iter()
            .map(|&f| f.saturating_sub(t0) as f64)
            .collect();
        firsts.sort_by(f64::total_cmp);
        Ok(Starts {
            firsts,
            stop: end.saturating_sub(last_end) as f64,
        })
    })
}

/// In a run of `kind` on k cores with k tasks, the mean start of every task
/// after the first, beyond the first's.
fn placement(kind: StrategyKind, cpus: &[usize], k: usize) -> Result<f64, ProbeError> {
    if k < 2 {
        return Ok(0.0);
    }
    let s = starts(kind, Path::new(""), cpus, k)?;
    Ok(s.firsts[1..].iter().map(|f| f - s.firsts[0]).sum::<f64>() / (k - 1) as f64)
}

/// Measures every cost above at the counts up to `widest` of `cpus`, into
/// their fields of `g`.
pub(super) fn fill(g: &mut Overheads, p: &mut Probes, cpus: &[usize], exe: &Path, widest: usize) {
    let counts = counts_up_to(widest.clamp(1, cpus.len()));
    let at = |count, ns: Option<Summary>| ns.map(|ns| AtCount { count, ns });
    for &k in &counts {
        let set = &cpus[..k];
        g.thread_spawn_busy
            .extend(at(k, p.repeat("thread_spawn_busy", 5, || spawn_busy(set))));
        for (kind, what, list) in [
            (
                StrategyKind::Threads,
                "thread_placement",
                &mut g.thread_placement,
            ),
            (StrategyKind::Rayon, "rayon_wake", &mut g.rayon_wake),
            (StrategyKind::Tokio, "tokio_wake", &mut g.tokio_wake),
        ] {
            list.extend(at(k, p.repeat(what, 7, || placement(kind, cpus, k))));
        }
        let (mut firsts, mut stops) = (Vec::new(), Vec::new());
        let last = p.repeat("workers_start", 5, || {
            starts(StrategyKind::Processes, exe, cpus, k).map(|s| {
                firsts.push(s.firsts[0]);
                stops.push(s.stop);
                s.firsts[k - 1]
            })
        });
        g.workers_start.extend(at(k, last));
        for (v, list) in [(firsts, &mut g.workers_first), (stops, &mut g.workers_stop)] {
            if let Some(ns) = Summary::of(&v) {
                list.push(AtCount { count: k, ns });
            }
        }
    }
    // The worker on another core than the caller's first, when there is one.
    let other = &cpus[(cpus.len() > 1) as usize..];
    g.worker_handout = p.repeat("worker_handout", 3, || {
        worker_cycle(exe, other, 1, HANDOUTS, KernelKind::Spin)
            .map(|t| t.iter().sum::<f64>() / t.len().max(1) as f64)
    });
    // A worker's first task of each kernel against its second: the kernel's
    // set-up in a new process.
    for kernel in KernelKind::ALL {
        let ns = p.repeat("worker_kernel_setup", 3, || {
            worker_cycle(exe, other, 1, 2, kernel).map(|t| (t[0] - t[1]).max(0.0))
        });
        g.worker_kernel_setup.push(KernelSetup { kernel, ns });
    }
}
