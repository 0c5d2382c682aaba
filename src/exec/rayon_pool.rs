//! `rayon`: a rayon `ThreadPool` of P threads, built before timing, one FIFO
//! job per task. A job sleeping through an `io` wait holds its worker.

use super::runner::run_task;
use super::{ExecError, Plan, Prepared, RawSlice, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::measure::{confine_to, thread_cpu_ns};
use crate::model::Machine;
use crate::timeline::State;
use std::sync::Mutex;

pub(super) struct Rayon;

impl Strategy for Rayon {
    fn name(&self) -> &'static str {
        "rayon"
    }
    fn model(&self, plan: &Plan) -> Machine {
        StrategyKind::Rayon.machine(
            plan.cores(),
            plan.quantum,
            plan.os_slice_ns,
            plan.workload.tick_ns,
        )
    }
    fn prepare<'p>(&self, plan: &'p Plan<'p>) -> Result<Box<dyn Prepared + 'p>, ExecError> {
        let cpus = plan.cpus.clone();
        let pin = plan.pin;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(plan.cores())
            .thread_name(|i| format!("rayon-{i}"))
            .start_handler(move |i| {
                // A failure here shows up as slices off the chosen CPUs.
                let _ = if pin {
                    confine_to(&[cpus[i]])
                } else {
                    confine_to(&cpus)
                };
            })
            .build()
            .map_err(|e| ExecError::Start {
                strategy: "rayon",
                what: format!("a pool of {} threads", plan.cores()),
                source: std::io::Error::other(e.to_string()),
            })?;
        Ok(Box::new(Run { plan, pool }))
    }
}

struct Run<'p> {
    plan: &'p Plan<'p>,
    pool: rayon::ThreadPool,
}

impl Prepared for Run<'_> {
    fn run(&mut self) -> Result<Trace, ExecError> {
        let plan = self.plan;
        let w = plan.workload;
        let all: Mutex<Vec<RawSlice>> = Mutex::new(Vec::new());
        // CPU time per worker, measured inside each job (no extra broadcast
        // in the timed part).
        let cpu: Mutex<Vec<u64>> = Mutex::new(vec![0; plan.cores()]);
        self.pool.scope_fifo(|s| {
            for k in 0..w.tasks.len() {
                let (all, cpu) = (&all, &cpu);
                s.spawn_fifo(move |_| {
                    let lane = rayon::current_thread_index().unwrap_or(0);
                    let c0 = thread_cpu_ns();
                    let mut out = Vec::new();
                    run_task(
                        w,
                        plan.calibration_for(k),
                        k,
                        lane as u32,
                        true,
                        false,
                        &mut out,
                    );
                    let used = thread_cpu_ns() - c0;
                    all.lock().expect("no poisoned lock").extend(out);
                    if let Some(c) = cpu.lock().expect("no poisoned lock").get_mut(lane) {
                        *c += used;
                    }
                });
            }
        });
        let slices = all.into_inner().expect("no poisoned lock");
        let busy = slices
            .iter()
            .filter(|s| s.state == State::Run)
            .map(|s| s.end - s.start)
            .sum();
        Ok(Trace {
            slices,
            busy_ns: busy,
            worker_cpu_ns: cpu.into_inner().expect("no poisoned lock"),
            ..Trace::default()
        })
    }
}
