//! `threads`: one OS thread per task, all confined to the P chosen cores; the
//! kernel's scheduler places them, moves them and takes turns between them.
//! A thread sleeping through an `io` wait frees its core for another thread.

use super::runner::run_task;
use super::{ExecError, Plan, Prepared, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::measure::{confine_to, thread_cpu_ns};
use crate::model::Machine;

pub(super) struct Threads;

impl Strategy for Threads {
    fn name(&self) -> &'static str {
        "threads"
    }
    fn model(&self, plan: &Plan) -> Machine {
        StrategyKind::Threads.machine(
            plan.cores(),
            plan.quantum,
            plan.os_slice_ns,
            plan.workload.tick_ns,
        )
    }
    fn exclusive_lanes(&self) -> bool {
        false
    }
    fn prepare<'p>(&self, plan: &'p Plan<'p>) -> Result<Box<dyn Prepared + 'p>, ExecError> {
        Ok(Box::new(Run { plan }))
    }
}

struct Run<'p> {
    plan: &'p Plan<'p>,
}

impl Prepared for Run<'_> {
    fn run(&mut self) -> Result<Trace, ExecError> {
        let plan = self.plan;
        let w = plan.workload;
        let set = &plan.cpus;
        // A new thread inherits its creator's CPU mask and starts inside it.
        // Creating the task threads from a thread confined to the whole set
        // (not the harness's one pinned core) lets the kernel place each one
        // on any of the P cores from its first instant.
        let results = std::thread::scope(|outer| {
            std::thread::Builder::new()
                .spawn_scoped(outer, move || {
                    let _ = confine_to(set);
                    std::thread::scope(|s| {
                        let mut handles = Vec::with_capacity(w.tasks.len());
                        for k in 0..w.tasks.len() {
                            let h = std::thread::Builder::new()
                                .name(format!("task-{k}"))
                                .spawn_scoped(s, move || {
                                    let pinned = confine_to(set);
                                    let cpu0 = thread_cpu_ns();
                                    let mut out = Vec::new();
                                    run_task(
                                        w,
                                        plan.calibration_for(k),
                                        k,
                                        0,
                                        false,
                                        true,
                                        &mut out,
                                    );
                                    (pinned, out, thread_cpu_ns() - cpu0)
                                })
                                .map_err(|source| ExecError::Start {
                                    strategy: "threads",
                                    what: format!("thread for task `{}`", w.tasks[k].name),
                                    source,
                                })?;
                            handles.push(h);
                        }
                        Ok::<_, ExecError>(
                            handles
                                .into_iter()
                                .map(|h| h.join().expect("task threads do not panic"))
                                .collect::<Vec<_>>(),
                        )
                    })
                })
                .map_err(|source| ExecError::Start {
                    strategy: "threads",
                    what: "the thread that starts the task threads".into(),
                    source,
                })?
                .join()
                .expect("the spawning thread does not panic")
        })?;
        let mut trace = Trace::default();
        for (pinned, mut slices, cpu_ns) in results {
            pinned.map_err(|source| ExecError::Start {
                strategy: "threads",
                what: format!("confining a thread to CPUs {set:?}"),
                source,
            })?;
            for s in &mut slices {
                s.lane = set.iter().position(|&c| c as u32 == s.cpu).unwrap_or(0) as u32;
            }
            trace.slices.extend(slices);
            trace.busy_ns += cpu_ns;
            trace.worker_cpu_ns.push(cpu_ns);
        }
        Ok(trace)
    }
}
