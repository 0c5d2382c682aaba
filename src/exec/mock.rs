//! `mock`: runs nothing. Its trace is the model's own schedule for the list
//! discipline (serial phases included), scaled from ticks to nanoseconds by
//! the length of a tick timed when it is prepared, and stretched by
//! `slowdown`, so the harness, reports and verdicts can be tested with a
//! forced outcome.

use super::{ExecError, Plan, Prepared, RawSlice, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::model::{Machine, simulate};

/// A strategy whose "measurement" is the model times `slowdown`.
#[derive(Debug, Clone, Copy)]
pub struct Mock {
    /// 1.0 reproduces the model; 2.0 makes every run take twice as long.
    pub slowdown: f64,
}

impl Strategy for Mock {
    fn name(&self) -> &'static str {
        "mock"
    }
    fn model(&self, plan: &Plan) -> Machine {
        StrategyKind::MOCK.machine(
            plan.cores(),
            plan.quantum,
            plan.os_slice_ns,
            plan.workload.tick_ns,
        )
    }
    fn prepare<'p>(&self, plan: &'p Plan<'p>) -> Result<Box<dyn Prepared + 'p>, ExecError> {
        // The length of a tick on this core now (median of three), so the
        // made-up trace is in the same units as the serial baseline it is
        // compared with, whatever the CPU's speed is doing.
        let mut ticks: Vec<u64> = (0..3)
            .map(|_| {
                let t = crate::measure::mono_ns();
                plan.calibration.run_ticks(1);
                crate::measure::mono_ns() - t
            })
            .collect();
        ticks.sort_unstable();
        Ok(Box::new(Run {
            plan,
            slowdown: self.slowdown,
            machine: self.model(plan),
            tick_ns: ticks[1] as f64,
        }))
    }
}

struct Run<'p> {
    plan: &'p Plan<'p>,
    slowdown: f64,
    machine: Machine,
    tick_ns: f64,
}

impl Prepared for Run<'_> {
    fn run(&mut self) -> Result<Trace, ExecError> {
        let w = self.plan.workload;
        let t = simulate(w, &self.machine).map_err(|e| ExecError::Protocol {
            strategy: "mock",
            detail: e.to_string(),
        })?;
        let scale = self.tick_ns * self.slowdown;
        let ns = |ticks: u64| (ticks as f64 * scale) as u64;
        let slices: Vec<RawSlice> = t
            .slices
            .iter()
            .map(|s| RawSlice {
                task: s.task,
                lane: s.core,
                start: ns(s.start),
                end: ns(s.end),
                state: s.state,
                work: s.work,
                cpu: self.plan.cpus[s.core as usize] as u32,
            })
            .collect();
        let busy = ns(t.total(crate::timeline::State::Run));
        Ok(Trace {
            start_ns: 0,
            end_ns: ns(t.wall()),
            slices,
            busy_ns: busy,
            ..Trace::default()
        })
    }
    fn synthetic(&self) -> bool {
        true
    }
}
