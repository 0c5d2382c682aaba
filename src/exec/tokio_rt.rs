//! `tokio`: a tokio runtime with P workers (a current-thread runtime for P = 1),
//! built before timing, one tokio task per workload task, spawned by a task
//! on the runtime. CPU ticks run inline
//! (a task keeps its worker until it awaits); an `io` wait is an awaited timer,
//! so the worker runs other tasks meanwhile.

use super::runner::{cpu_slice, room_for_threads};
use super::{ExecError, Plan, Prepared, RawSlice, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::measure::{confine_to, thread_cpu_ns};
use crate::model::Machine;
use crate::timeline::State;
use crate::workload::Step;
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

thread_local! {
    static WORKER: Cell<u32> = const { Cell::new(0) };
}

pub(super) struct Tokio;

impl Strategy for Tokio {
    fn name(&self) -> &'static str {
        "tokio"
    }
    fn model(&self, plan: &Plan) -> Machine {
        StrategyKind::Tokio.machine(
            plan.cores(),
            plan.quantum,
            plan.os_slice_ns,
            plan.workload.tick_ns,
        )
    }
    fn prepare<'p>(&self, plan: &'p Plan<'p>) -> Result<Box<dyn Prepared + 'p>, ExecError> {
        let start_err = |source| ExecError::Start {
            strategy: "tokio",
            what: format!("a runtime with {} workers", plan.cores()),
            source,
        };
        let rt = if plan.cores() == 1 {
            // block_on runs the tasks on the calling thread, which the harness
            // has placed on the first chosen CPU.
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .map_err(start_err)?
        } else {
            // tokio panics, then hangs unwinding, when a worker thread cannot
            // start: it is built only once there is room for its threads.
            room_for_threads(plan.cores()).map_err(start_err)?;
            let next = Arc::new(AtomicUsize::new(0));
            let cpus = plan.cpus.clone();
            let pin = plan.pin;
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(plan.cores())
                .enable_time()
                .thread_name("tokio-worker")
                .on_thread_start(move || {
                    let i = next.fetch_add(1, Ordering::Relaxed) % cpus.len();
                    WORKER.with(|w| w.set(i as u32));
                    let _ = if pin {
                        confine_to(&[cpus[i]])
                    } else {
                        confine_to(&cpus)
                    };
                })
                .build()
                .map_err(start_err)?
        };
        Ok(Box::new(Run { plan, rt }))
    }
}

struct Run<'p> {
    plan: &'p Plan<'p>,
    rt: tokio::runtime::Runtime,
}

/// Runs task `k`; returns its slices and the CPU time its steps used.
async fn task(plan: Arc<PlanParts>, k: usize) -> (Vec<RawSlice>, u64) {
    let mut out = Vec::new();
    let mut cpu = 0;
    for step in &plan.steps[k] {
        match *step {
            Step::Cpu(n) => {
                let lane = WORKER.with(Cell::get);
                let c0 = thread_cpu_ns();
                out.push(cpu_slice(&plan.cals[k], k as u32, lane, n));
                cpu += thread_cpu_ns() - c0;
            }
            Step::Io(n) => tokio::time::sleep(Duration::from_nanos(plan.tick_ns * n)).await,
        }
    }
    (out, cpu)
}

/// The owned parts of a plan that spawned tasks need (`'static`).
struct PlanParts {
    steps: Vec<Vec<Step>>,
    /// Each task's calibration.
    cals: Vec<crate::kernel::Calibration>,
    tick_ns: u64,
}

impl Prepared for Run<'_> {
    fn run(&mut self) -> Result<Trace, ExecError> {
        let w = self.plan.workload;
        let parts = Arc::new(PlanParts {
            steps: w.tasks.iter().map(|t| t.steps.clone()).collect(),
            cals: (0..w.tasks.len())
                .map(|k| *self.plan.calibration_for(k))
                .collect(),
            tick_ns: w.tick_ns,
        });
        let n = w.tasks.len();
        let slices = self.rt.block_on(async move {
            // The tasks are spawned by a task on the runtime, not from the
            // thread blocking on it: spawned from outside, tokio queued both
            // of two tasks for one worker in 46 % of the runs here, and the
            // second waited about 5 ms for a worker (none in 200 runs when
            // spawned from inside).
            let spawner = tokio::spawn(async move {
                let handles = (0..n)
                    .map(|k| tokio::spawn(task(parts.clone(), k)))
                    .collect::<Vec<_>>();
                // A worker runs the task it spawned last before its queue
                // (tokio's LIFO slot), which would put the last task first:
                // a task that does nothing takes that place, and the tasks
                // keep their order.
                drop(tokio::spawn(async {}));
                handles
            });
            let handles = spawner.await.map_err(|e| ExecError::Protocol {
                strategy: "tokio",
                detail: format!("the spawning task failed: {e}"),
            })?;
            let mut all = Vec::new();
            let mut cpu = 0;
            for h in handles {
                match h.await {
                    Ok((v, c)) => {
                        all.extend(v);
                        cpu += c;
                    }
                    Err(e) => {
                        return Err(ExecError::Protocol {
                            strategy: "tokio",
                            detail: format!("a task failed: {e}"),
                        });
                    }
                }
            }
            Ok((all, cpu))
        })?;
        let (slices, cpu) = slices;
        let busy = slices
            .iter()
            .filter(|s| s.state == State::Run)
            .map(|s| s.end - s.start)
            .sum();
        Ok(Trace {
            slices,
            busy_ns: busy,
            // The tasks' CPU time, summed over the workers.
            worker_cpu_ns: vec![cpu],
            ..Trace::default()
        })
    }
}
