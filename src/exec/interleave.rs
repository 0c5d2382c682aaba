//! `interleave`: one OS thread takes turns over all tasks, a quantum of ticks
//! at a time — concurrency without parallelism, written by hand. A task's `io`
//! wait blocks the one thread (and so the one core), as a synchronous program
//! does.

use super::runner::{cpu_slice, io_wait};
use super::{ExecError, Plan, Prepared, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::measure::{confine_to, thread_cpu_ns};
use crate::model::Machine;
use crate::workload::Step;
use std::collections::VecDeque;

pub(super) struct Interleave;

impl Strategy for Interleave {
    fn name(&self) -> &'static str {
        "interleave"
    }
    fn model(&self, plan: &Plan) -> Machine {
        StrategyKind::Interleave.machine(
            plan.cores(),
            plan.quantum,
            plan.os_slice_ns,
            plan.workload.tick_ns,
        )
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
        let q = plan.quantum.max(1);
        let cpu = plan.cpus[0];
        std::thread::scope(|s| {
            // Under a user's process limit this thread may not start: that is
            // an error of the run, not a panic.
            let spawned = std::thread::Builder::new().spawn_scoped(s, move || {
                confine_to(&[cpu]).map_err(|source| ExecError::Start {
                    strategy: "interleave",
                    what: format!("the interleaving thread on CPU {cpu}"),
                    source,
                })?;
                let cpu0 = thread_cpu_ns();
                let mut step = vec![0usize; w.tasks.len()];
                let mut rem: Vec<u64> = w.tasks.iter().map(|t| t.steps[0].ticks()).collect();
                let mut queue: VecDeque<usize> = (0..w.tasks.len()).collect();
                let mut slices = Vec::new();
                while let Some(k) = queue.pop_front() {
                    let steps = &w.tasks[k].steps;
                    let mut used = 0;
                    while let Some(&current) = steps.get(step[k]) {
                        match current {
                            Step::Io(n) => {
                                slices.extend(io_wait(w.tick_ns, k as u32, 0, n, true));
                                used = 0;
                            }
                            Step::Cpu(_) => {
                                let run = rem[k].min(q - used);
                                slices.push(cpu_slice(plan.calibration_for(k), k as u32, 0, run));
                                rem[k] -= run;
                                used += run;
                                if rem[k] > 0 {
                                    if used == q {
                                        if !queue.is_empty() {
                                            queue.push_back(k);
                                            break;
                                        }
                                        used = 0;
                                    }
                                    continue;
                                }
                            }
                        }
                        step[k] += 1;
                        if let Some(s) = steps.get(step[k]) {
                            rem[k] = s.ticks();
                        }
                        if used == q && matches!(steps.get(step[k]), Some(Step::Cpu(_))) {
                            if !queue.is_empty() {
                                queue.push_back(k);
                                break;
                            }
                            used = 0;
                        }
                    }
                }
                let busy = slices
                    .iter()
                    .filter(|s| s.state == crate::timeline::State::Run)
                    .map(|s| s.end - s.start)
                    .sum();
                Ok(Trace {
                    slices,
                    busy_ns: busy,
                    worker_cpu_ns: vec![thread_cpu_ns() - cpu0],
                    ..Trace::default()
                })
            });
            spawned
                .map_err(|source| ExecError::Start {
                    strategy: "interleave",
                    what: "the interleaving thread".into(),
                    source,
                })?
                .join()
                .expect("the interleaving thread does not panic")
        })
    }
}
