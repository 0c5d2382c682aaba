//! The host model's simulator: the tick model's rules, with time and work as
//! real numbers so that a task can advance at a rate below one tick of work
//! per tick of time. Pure.
//!
//! - A task on a `cpu` step of kernel K, on a core, advances at
//!   r = 1 / s_K(n_K) ticks of work per tick of time, where n_K is the number
//!   of tasks on a `cpu` step of K on a core at that moment and s_K the
//!   kernel's contention curve ([`super::Contention`]). Between two events all
//!   rates are constant: remaining work w falls by r·Δt, and the step ends at
//!   t + w / r. Every start or end of a step changes n_K, so every event
//!   recomputes every rate.
//! - Task k enters the ready queue `release[k]` ticks after the parallel phase
//!   starts, core c takes work from `core_start[c]` on ([`super::Delays`]):
//!   a spawner that creates threads one after another, worker processes that
//!   are not ready yet.
//! - Everything else is the tick model (`model` module docs): list or
//!   round-robin with the quantum in ticks of time, blocking or async I/O
//!   (waits are real time: no rate applies), serial phases alone on core 0 at
//!   full speed, and the same ties: task events (I/O returns, releases) first
//!   in task order, then cores in index order, then free cores take queued
//!   tasks, lowest core first.
//!
//! With every curve flat and every delay 0, rates are exactly 1, every time is
//! a whole number, and the schedule is the tick model's (a property test
//! checks it on random workloads, both disciplines and both I/O modes).
//!
//! Cost: every event looks at every core, so about events × P; a schedule
//! whose cost would pass [`MAX_WORK`] is refused rather than left to run.

use super::host::{Contention, Delays};
use super::schedule::{RateSlice, Schedule, Time};
use super::{Discipline, IoMode, MAX_CORES, MAX_SLICES, Machine, ModelError};
use crate::timeline::State;
use crate::workload::{Step, Workload};
use std::collections::{BTreeSet, VecDeque};

/// Most core visits (events × cores looked at) one schedule may cost.
pub const MAX_WORK: u64 = 2_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TaskEvent {
    IoReturn,
    Release,
}

mod checks;
mod clock;

use checks::{check, too_much_work};

#[derive(Debug, Clone, Copy)]
enum Core {
    /// Not yet started (a worker that is not ready).
    Waiting,
    Idle,
    Running {
        task: u32,
        since: f64,
        quantum_start: f64,
        /// The next boundary is `quantum_start + k·q`.
        k: u64,
        /// Remaining work when this slice began.
        rem_at_since: f64,
    },
    Blocked {
        task: u32,
        since: f64,
        until: f64,
    },
}

struct Sim<'a> {
    w: &'a Workload,
    io: IoMode,
    quantum: Option<f64>,
    contention: &'a Contention,
    step: Vec<u32>,
    rem: Vec<f64>,
    cores: Vec<Core>,
    /// Per core while running: its rate and when its step ends.
    rate: Vec<f64>,
    done_at: Vec<f64>,
    idle: BTreeSet<u32>,
    ready: VecDeque<u32>,
    pending: BTreeSet<(Time, u32, TaskEvent)>,
    starts: BTreeSet<(Time, u32)>,
    slices: Vec<RateSlice>,
    last_slice: Vec<Option<usize>>,
    finish: f64,
    work: u64,
}

/// Schedules `w` on `m` with the host's `contention` and `delays`, in ticks.
/// Task indices are those of `w.tasks`, serial phases following, as in
/// [`super::simulate`].
pub fn simulate_rates(
    w: &Workload,
    m: &Machine,
    contention: &Contention,
    delays: &Delays,
) -> Result<Schedule, ModelError> {
    let quantum = check(w, m, delays)?;
    let n = w.tasks.len();
    let t0 = w.serial_before as f64;
    let mut sim = Sim {
        w,
        io: m.io,
        quantum: quantum.map(|q| q as f64),
        contention,
        step: vec![0; n],
        rem: w.tasks.iter().map(|t| t.steps[0].ticks() as f64).collect(),
        cores: vec![Core::Idle; m.cores],
        rate: vec![1.0; m.cores],
        done_at: vec![f64::INFINITY; m.cores],
        idle: BTreeSet::new(),
        ready: VecDeque::new(),
        pending: BTreeSet::new(),
        starts: BTreeSet::new(),
        slices: Vec::with_capacity(n.min(MAX_SLICES)),
        last_slice: vec![None; m.cores],
        finish: t0,
        work: 0,
    };
    for task in 0..n {
        match delays.release(task) {
            d if d > 0.0 => {
                sim.pending
                    .insert((Time(t0 + d), task as u32, TaskEvent::Release));
            }
            _ => sim.ready.push_back(task as u32),
        }
    }
    for c in 0..m.cores {
        match delays.core_start(c) {
            d if d > 0.0 => {
                sim.cores[c] = Core::Waiting;
                sim.starts.insert((Time(t0 + d), c as u32));
            }
            _ => {
                sim.idle.insert(c as u32);
            }
        }
    }
    // Every distinct core start is an event that looks at every core: a
    // schedule that must pass MAX_WORK on those alone is refused before it runs.
    let mut start_times: Vec<Time> = sim.starts.iter().map(|&(t, _)| t).collect();
    start_times.dedup();
    if (start_times.len() as u64).saturating_mul(m.cores as u64) > MAX_WORK {
        return Err(too_much_work());
    }
    let mut names: Vec<String> = w.tasks.iter().map(|t| t.name.clone()).collect();
    if w.serial_before > 0 {
        names.push("(serial before)".into());
        sim.emit(0, n as u32, State::Run, 0.0, t0, t0);
    }
    sim.run(t0)?;
    if w.serial_after > 0 {
        let idx = names.len() as u32;
        names.push("(serial after)".into());
        let start = sim.finish;
        let after = w.serial_after as f64;
        sim.last_slice[0] = None;
        sim.emit(0, idx, State::Run, start, start + after, after);
        sim.finish = start + after;
    }
    Ok(Schedule {
        cores: m.cores,
        tasks: names,
        finish: sim.finish,
        slices: sim.slices,
    })
}

impl Sim<'_> {
    fn run(&mut self, t0: f64) -> Result<(), ModelError> {
        let mut t = t0;
        self.dispatch(t);
        self.rates(t);
        while let Some(next) = self.next_event(t) {
            self.advance(t, next);
            t = next;
            let mut due = Vec::new();
            while let Some(&(Time(e), task, kind)) = self.pending.first() {
                if e > t {
                    break;
                }
                self.pending.pop_first();
                due.push((task, kind));
            }
            due.sort_unstable();
            for (task, kind) in due {
                match kind {
                    TaskEvent::IoReturn => self.io_returned(task, t),
                    TaskEvent::Release => self.ready.push_back(task),
                }
            }
            while let Some(&(Time(e), c)) = self.starts.first() {
                if e > t {
                    break;
                }
                self.starts.pop_first();
                self.cores[c as usize] = Core::Idle;
                self.idle.insert(c);
            }
            for c in 0..self.cores.len() {
                self.core_event(c, t);
            }
            self.dispatch(t);
            self.rates(t);
            if self.slices.len() > MAX_SLICES {
                return Err(ModelError::TooManySlices {
                    at_least: self.slices.len() as u64,
                });
            }
            self.work += self.cores.len() as u64;
            if self.work > MAX_WORK {
                return Err(too_much_work());
            }
        }
        Ok(())
    }

    fn steps(&self, task: u32) -> &[Step] {
        &self.w.tasks[task as usize].steps
    }

    fn next_step(&mut self, task: u32) -> bool {
        let i = task as usize;
        self.step[i] += 1;
        match self.steps(task).get(self.step[i] as usize) {
            Some(s) => {
                self.rem[i] = s.ticks() as f64;
                true
            }
            None => false,
        }
    }

    fn io_returned(&mut self, task: u32, t: f64) {
        if !self.next_step(task) {
            self.finish = self.finish.max(t);
            return;
        }
        match self.steps(task)[self.step[task as usize] as usize] {
            Step::Io(wait) => self.start_io(task, t + wait as f64),
            Step::Cpu(_) => self.ready.push_back(task),
        }
    }

    fn start_io(&mut self, task: u32, at: f64) {
        self.pending.insert((Time(at), task, TaskEvent::IoReturn));
    }

    fn core_event(&mut self, c: usize, t: f64) {
        match self.cores[c] {
            Core::Blocked { task, since, until } if until <= t => {
                self.emit(c as u32, task, State::Blocked, since, t, 0.0);
                if self.next_step(task) {
                    self.begin(c as u32, task, t, t);
                } else {
                    self.release(c as u32, t, true);
                }
            }
            Core::Running {
                task,
                since,
                quantum_start,
                k,
                rem_at_since,
            } => {
                let i = task as usize;
                let ended = self.rem[i] <= 0.0;
                let at_boundary = self.quantum.is_some_and(|q| {
                    quantum_start + Self::at_or_after(quantum_start, q, t, k) as f64 * q == t
                });
                let preempt = at_boundary && !self.ready.is_empty();
                if !ended && !preempt {
                    return;
                }
                self.emit(
                    c as u32,
                    task,
                    State::Run,
                    since,
                    t,
                    rem_at_since - self.rem[i],
                );
                if ended && !self.next_step(task) {
                    self.release(c as u32, t, true);
                    return;
                }
                let on_cpu = matches!(self.steps(task)[self.step[i] as usize], Step::Cpu(_));
                if on_cpu && preempt {
                    self.ready.push_back(task);
                    self.release(c as u32, t, false);
                } else {
                    self.begin(c as u32, task, t, quantum_start);
                }
            }
            _ => {}
        }
    }

    fn release(&mut self, c: u32, t: f64, finished: bool) {
        if finished {
            self.finish = self.finish.max(t);
        }
        self.cores[c as usize] = Core::Idle;
        self.idle.insert(c);
    }

    /// Puts `task` at its current step on core `c` at `t`; returns whether
    /// the core stays busy.
    fn begin(&mut self, c: u32, task: u32, t: f64, quantum_start: f64) -> bool {
        match self.steps(task)[self.step[task as usize] as usize] {
            Step::Io(wait) if self.io == IoMode::Async => {
                self.start_io(task, t + wait as f64);
                self.release(c, t, false);
                false
            }
            Step::Io(wait) => {
                self.cores[c as usize] = Core::Blocked {
                    task,
                    since: t,
                    until: t + wait as f64,
                };
                true
            }
            Step::Cpu(_) => {
                let k = self
                    .quantum
                    .map_or(0, |q| Self::after(quantum_start, q, t, 1));
                self.cores[c as usize] = Core::Running {
                    task,
                    since: t,
                    quantum_start,
                    k,
                    rem_at_since: self.rem[task as usize],
                };
                true
            }
        }
    }

    fn dispatch(&mut self, t: f64) {
        while !self.ready.is_empty() {
            let Some(c) = self.idle.pop_first() else {
                break;
            };
            let task = self.ready.pop_front().expect("ready is not empty");
            if !self.begin(c, task, t, t) {
                self.idle.insert(c);
            }
        }
    }

    /// Records a slice, merged into the core's previous one when it continues it.
    fn emit(&mut self, c: u32, task: u32, state: State, start: f64, end: f64, work: f64) {
        if end <= start {
            return;
        }
        if let Some(i) = self.last_slice[c as usize] {
            let s = &mut self.slices[i];
            if s.task == task && s.state == state && s.end == start {
                s.end = end;
                s.work += work;
                return;
            }
        }
        self.last_slice[c as usize] = Some(self.slices.len());
        self.slices.push(RateSlice {
            task,
            core: c,
            start,
            end,
            state,
            work,
        });
    }
}
