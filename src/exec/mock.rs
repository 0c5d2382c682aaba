//! `mock`: runs nothing. Its trace is the model's own schedule for the list
//! discipline (serial phases included), scaled from ticks to nanoseconds by
//! the calibrated length of a tick, and stretched by `slowdown`, so the
//! harness, reports and verdicts can be tested with a forced outcome. The
//! harness gives it a serial baseline in the same calibrated tick, so the
//! outcome does not depend on how loaded the machine is. With `jitter` j, the runs are stretched by a further 1,
//! 1 − j, 1 + j in turn: a spread of known width, for tests of how noise is
//! judged.

use super::{ExecError, Plan, Prepared, RawSlice, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::model::{Machine, simulate};

/// A strategy whose "measurement" is the model times `slowdown`.
#[derive(Debug, Clone, Copy)]
pub struct Mock {
    /// 1.0 reproduces the model; 2.0 makes every run take twice as long.
    pub slowdown: f64,
    /// Run-to-run jitter, relative (0: every run alike).
    pub jitter: f64,
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
        Ok(Box::new(Run {
            plan,
            slowdown: self.slowdown,
            jitter: self.jitter,
            runs: 0,
            machine: self.model(plan),
            tick_ns: plan.calibration.tick_median_ns,
        }))
    }
}

struct Run<'p> {
    plan: &'p Plan<'p>,
    slowdown: f64,
    jitter: f64,
    /// Runs so far, for the jitter's turn.
    runs: usize,
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
        let turn = [0.0, -1.0, 1.0][self.runs % 3];
        self.runs += 1;
        let scale = self.tick_ns * self.slowdown * (1.0 + self.jitter * turn);
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
