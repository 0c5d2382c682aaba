//! What every strategy shares: running one task's steps on the calling thread
//! while recording slices, and [`execute`], which wraps a strategy's parallel
//! phase with the workload's serial phases.

use super::{ExecError, Prepared, RawSlice, Trace};
use crate::kernel::Calibration;
use crate::measure::{current_cpu, mono_ns, process_switches, thread_count};
use crate::timeline::State;
use crate::workload::{KernelKind, Step, Workload};
use std::time::{Duration, Instant};

/// The calibration of kernel `k`: `main` when it is that kernel or none of
/// `others` is.
pub(crate) fn pick<'a>(
    main: &'a Calibration,
    others: &'a [Calibration],
    k: KernelKind,
) -> &'a Calibration {
    if main.kernel == k {
        return main;
    }
    others.iter().find(|c| c.kernel == k).unwrap_or(main)
}

/// Runs `ticks` ticks of CPU work as one slice.
pub(crate) fn cpu_slice(cal: &Calibration, task: u32, lane: u32, ticks: u64) -> RawSlice {
    let cpu = current_cpu().unwrap_or(u32::MAX);
    let start = mono_ns();
    cal.run_ticks(ticks);
    RawSlice {
        task,
        lane,
        start,
        end: mono_ns(),
        state: State::Run,
        work: ticks,
        cpu,
    }
}

/// Sleeps through an `io` wait of `ticks`; returns the blocked slice when the
/// strategy's I/O holds its worker.
pub(crate) fn io_wait(
    tick_ns: u64,
    task: u32,
    lane: u32,
    ticks: u64,
    blocking: bool,
) -> Option<RawSlice> {
    let cpu = current_cpu().unwrap_or(u32::MAX);
    let start = mono_ns();
    std::thread::sleep(Duration::from_nanos(tick_ns * ticks));
    blocking.then(|| RawSlice {
        task,
        lane,
        start,
        end: mono_ns(),
        state: State::Blocked,
        work: 0,
        cpu,
    })
}

/// Runs every step of task `task` on the calling thread. With `per_tick`,
/// each tick is its own slice (so a thread that the kernel moves shows where
/// it went); otherwise each CPU step is one slice.
pub(crate) fn run_task(
    w: &Workload,
    cal: &Calibration,
    task: usize,
    lane: u32,
    blocking: bool,
    per_tick: bool,
    out: &mut Vec<RawSlice>,
) {
    for step in &w.tasks[task].steps {
        match *step {
            Step::Cpu(n) if per_tick => {
                out.extend((0..n).map(|_| cpu_slice(cal, task as u32, lane, 1)))
            }
            Step::Cpu(n) => out.push(cpu_slice(cal, task as u32, lane, n)),
            Step::Io(n) => out.extend(io_wait(w.tick_ns, task as u32, lane, n, blocking)),
        }
    }
}

/// Runs the workload once: the serial phase before (alone, on the calling
/// thread), the strategy's parallel phase, the serial phase after.
pub fn execute(
    w: &Workload,
    cal: &Calibration,
    prepared: &mut dyn Prepared,
) -> Result<Trace, ExecError> {
    if prepared.synthetic() {
        return prepared.run();
    }
    let switches0 = process_switches();
    let start = mono_ns();
    let mut serial = Vec::new();
    let n = w.tasks.len() as u32;
    if w.serial_before > 0 {
        serial.push(cpu_slice(cal, n, 0, w.serial_before));
    }
    let mut trace = prepared.run()?;
    if w.serial_after > 0 {
        let idx = n + u32::from(w.serial_before > 0);
        serial.push(cpu_slice(cal, idx, 0, w.serial_after));
    }
    let serial_busy: u64 = serial.iter().map(|s| s.end - s.start).sum();
    trace.start_ns = start;
    trace.end_ns = mono_ns();
    trace.busy_ns += serial_busy;
    trace.slices.extend(serial);
    trace.switches = trace.switches.plus(process_switches().since(switches0));
    Ok(trace)
}

/// Waits, at most a second, until this process has no more threads than
/// `before` (from [`thread_count`]), so that threads just joined or dropped
/// no longer count against the user's process limit.
pub(crate) fn settle_threads(before: Option<usize>) {
    let Some(before) = before else { return };
    let end = Instant::now() + Duration::from_secs(1);
    while thread_count().is_some_and(|n| n > before) && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Starts `n` idle threads at once, ends them and waits until the kernel has
/// released them; an error says that `n` more threads cannot start now. For
/// libraries that panic when a thread does not start (tokio's multi-thread
/// runtime does, then hangs while unwinding): build them only after this.
/// Another process of the same user may still take the room in between.
pub(crate) fn room_for_threads(n: usize) -> std::io::Result<()> {
    let before = thread_count();
    // Each thread waits on its clone of one receiver; dropping the sender
    // wakes them all.
    let (release, wait) = crossbeam::channel::bounded::<()>(0);
    let mut started = Vec::with_capacity(n);
    let mut failed = Ok(());
    for _ in 0..n {
        let wait = wait.clone();
        let spawned = std::thread::Builder::new()
            .name("room-probe".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let _ = wait.recv();
            });
        match spawned {
            Ok(h) => started.push(h),
            Err(e) => {
                failed = Err(e);
                break;
            }
        }
    }
    drop(release);
    for h in started {
        let _ = h.join();
    }
    settle_threads(before);
    failed
}
