//! The event-driven simulator behind [`simulate`]. See the module docs of
//! `model` for the rules; this file only makes them fast.
//!
//! Events are kept in one min-heap ordered by (tick, kind, id): I/O returns
//! (kind 0) before core decisions (kind 1) in the same tick, each in index order.
//! Under round-robin a core whose quantum ends while nobody waits simply runs
//! on; since only an I/O return can make the queue non-empty while every core is
//! busy, such a core is "extended" to the first quantum boundary at or after the
//! earliest pending I/O return, and moved earlier (a new event generation) when an
//! earlier return is scheduled. Boundaries where nothing can change cost nothing.

use super::{Discipline, IoMode, MAX_CORES, MAX_SLICES, Machine, ModelError};
use crate::timeline::{Slice, State, Timeline, Unit};
use crate::workload::{Step, Workload};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, VecDeque};

const IO_RETURN: u8 = 0;
const CORE: u8 = 1;

#[derive(Debug, Clone, Copy)]
enum Core {
    Idle,
    Running {
        task: u32,
        since: u64,
        quantum_start: u64,
        next: u64,
    },
    Blocked {
        task: u32,
        since: u64,
    },
}

struct Sim<'a> {
    w: &'a Workload,
    io: IoMode,
    quantum: Option<u64>,
    step: Vec<u32>,
    rem: Vec<u64>,
    cores: Vec<Core>,
    gens: Vec<u32>,
    idle: BTreeSet<u32>,
    extended: BTreeSet<u32>,
    ready: VecDeque<u32>,
    events: BinaryHeap<Reverse<(u64, u8, u32, u32)>>,
    io_times: BinaryHeap<Reverse<u64>>,
    slices: Vec<Slice>,
    last_slice: Vec<Option<usize>>,
    finish: u64,
}

/// Computes the schedule of `w` on machine `m`, as a timeline in ticks.
///
/// Task indices in the timeline are those of `w.tasks`; the serial phases, when
/// present, follow as tasks named `(serial before)` and `(serial after)` and run
/// on core 0.
pub fn simulate(w: &Workload, m: &Machine) -> Result<Timeline, ModelError> {
    if m.cores == 0 || m.cores > MAX_CORES {
        return Err(ModelError::Cores(m.cores));
    }
    let quantum = match m.discipline {
        Discipline::List => None,
        Discipline::RoundRobin { quantum: 0 } => return Err(ModelError::Quantum),
        Discipline::RoundRobin { quantum } => Some(quantum),
    };
    if let Some(q) = quantum {
        let at_least = min_slices(w, m, q);
        if at_least > MAX_SLICES as u64 {
            return Err(ModelError::TooManySlices { at_least });
        }
    }
    let n = w.tasks.len();
    let mut names: Vec<String> = w.tasks.iter().map(|t| t.name.clone()).collect();
    let mut sim = Sim {
        w,
        io: m.io,
        quantum,
        step: vec![0; n],
        rem: w.tasks.iter().map(|t| t.steps[0].ticks()).collect(),
        cores: vec![Core::Idle; m.cores],
        gens: vec![0; m.cores],
        idle: (0..m.cores as u32).collect(),
        extended: BTreeSet::new(),
        ready: (0..n as u32).collect(),
        events: BinaryHeap::new(),
        io_times: BinaryHeap::new(),
        slices: Vec::with_capacity(n.min(MAX_SLICES)),
        last_slice: vec![None; m.cores],
        finish: 0,
    };
    let t0 = w.serial_before;
    if w.serial_before > 0 {
        names.push("(serial before)".into());
        sim.emit(0, n as u32, State::Run, 0, t0);
    }
    sim.finish = t0;
    sim.dispatch(t0);
    sim.run()?;
    if w.serial_after > 0 {
        let idx = names.len() as u32;
        names.push("(serial after)".into());
        let start = sim.finish;
        sim.last_slice[0] = None;
        sim.emit(0, idx, State::Run, start, start + w.serial_after);
        sim.finish = start + w.serial_after;
    }
    Ok(Timeline {
        unit: Unit::Ticks,
        cores: m.cores,
        tasks: names,
        finish: sim.finish,
        slices: sim.slices,
    })
}

impl Sim<'_> {
    fn run(&mut self) -> Result<(), ModelError> {
        let mut io_ret = Vec::new();
        let mut core_ev = Vec::new();
        while let Some(&Reverse((t, ..))) = self.events.peek() {
            while let Some(&Reverse((et, kind, id, generation))) = self.events.peek() {
                if et != t {
                    break;
                }
                self.events.pop();
                if kind == IO_RETURN {
                    io_ret.push(id);
                } else if generation == self.gens[id as usize] {
                    core_ev.push(id);
                }
            }
            while self.io_times.peek().is_some_and(|Reverse(e)| *e <= t) {
                self.io_times.pop();
            }
            io_ret.sort_unstable();
            for task in io_ret.drain(..) {
                self.io_returned(task, t);
            }
            core_ev.sort_unstable();
            for c in core_ev.drain(..) {
                self.core_event(c, t);
            }
            self.dispatch(t);
            if self.slices.len() > MAX_SLICES {
                return Err(ModelError::TooManySlices {
                    at_least: self.slices.len() as u64,
                });
            }
        }
        Ok(())
    }

    fn steps(&self, task: u32) -> &[Step] {
        &self.w.tasks[task as usize].steps
    }

    /// Moves `task` past its current step; returns false when it has finished.
    fn next_step(&mut self, task: u32) -> bool {
        let i = task as usize;
        self.step[i] += 1;
        match self.steps(task).get(self.step[i] as usize) {
            Some(s) => {
                self.rem[i] = s.ticks();
                true
            }
            None => false,
        }
    }

    fn io_returned(&mut self, task: u32, t: u64) {
        if !self.next_step(task) {
            self.finish = self.finish.max(t);
            return;
        }
        match self.steps(task)[self.step[task as usize] as usize] {
            Step::Io(wait) => self.start_io(task, t + wait),
            Step::Cpu(_) => self.ready.push_back(task),
        }
    }

    fn start_io(&mut self, task: u32, at: u64) {
        self.events.push(Reverse((at, IO_RETURN, task, 0)));
        self.io_times.push(Reverse(at));
        let Some(q) = self.quantum else { return };
        for &c in &self.extended {
            if let Core::Running {
                quantum_start,
                next,
                ..
            } = self.cores[c as usize]
            {
                let b = boundary_at_or_after(quantum_start, q, at);
                if b < next {
                    self.gens[c as usize] += 1;
                    self.cores[c as usize] = match self.cores[c as usize] {
                        Core::Running {
                            task,
                            since,
                            quantum_start,
                            ..
                        } => Core::Running {
                            task,
                            since,
                            quantum_start,
                            next: b,
                        },
                        other => other,
                    };
                    self.events
                        .push(Reverse((b, CORE, c, self.gens[c as usize])));
                }
            }
        }
    }

    fn core_event(&mut self, c: u32, t: u64) {
        self.extended.remove(&c);
        match self.cores[c as usize] {
            Core::Idle => {}
            Core::Blocked { task, since } => {
                self.emit(c, task, State::Blocked, since, t);
                if self.next_step(task) {
                    self.begin(c, task, t, t);
                } else {
                    self.release(c, t, true);
                }
            }
            Core::Running {
                task,
                since,
                quantum_start,
                ..
            } => {
                self.emit(c, task, State::Run, since, t);
                let i = task as usize;
                self.rem[i] -= t - since;
                if self.rem[i] == 0 && !self.next_step(task) {
                    self.release(c, t, true);
                    return;
                }
                let at_boundary = self
                    .quantum
                    .is_some_and(|q| (t - quantum_start).is_multiple_of(q));
                let on_cpu = matches!(self.steps(task)[self.step[i] as usize], Step::Cpu(_));
                if on_cpu && at_boundary && !self.ready.is_empty() {
                    self.ready.push_back(task);
                    self.release(c, t, false);
                } else {
                    self.begin(c, task, t, quantum_start);
                }
            }
        }
    }

    fn release(&mut self, c: u32, t: u64, finished: bool) {
        if finished {
            self.finish = self.finish.max(t);
        }
        self.cores[c as usize] = Core::Idle;
        self.idle.insert(c);
    }

    /// Puts `task` at its current step on core `c` at tick `t`. Returns whether
    /// the core stays busy.
    fn begin(&mut self, c: u32, task: u32, t: u64, quantum_start: u64) -> bool {
        match self.steps(task)[self.step[task as usize] as usize] {
            Step::Io(wait) if self.io == IoMode::Async => {
                self.start_io(task, t + wait);
                self.release(c, t, false);
                false
            }
            Step::Io(wait) => {
                self.cores[c as usize] = Core::Blocked { task, since: t };
                self.events
                    .push(Reverse((t + wait, CORE, c, self.gens[c as usize])));
                true
            }
            Step::Cpu(_) => {
                let end = t + self.rem[task as usize];
                let mut next = end;
                if let Some(q) = self.quantum {
                    let nb = boundary_at_or_after(quantum_start, q, t + 1);
                    let decide = if !self.ready.is_empty() {
                        nb
                    } else {
                        match self.io_times.peek() {
                            Some(&Reverse(e)) => boundary_at_or_after(quantum_start, q, e),
                            None => u64::MAX,
                        }
                    };
                    next = end.min(decide);
                    if next > nb {
                        self.extended.insert(c);
                    }
                }
                self.cores[c as usize] = Core::Running {
                    task,
                    since: t,
                    quantum_start,
                    next,
                };
                self.events
                    .push(Reverse((next, CORE, c, self.gens[c as usize])));
                true
            }
        }
    }

    fn dispatch(&mut self, t: u64) {
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

    /// Records a slice, merging it into the core's previous one when it
    /// continues it.
    fn emit(&mut self, c: u32, task: u32, state: State, start: u64, end: u64) {
        if end <= start {
            return;
        }
        let work = if state == State::Run { end - start } else { 0 };
        if let Some(i) = self.last_slice[c as usize] {
            let s = &mut self.slices[i];
            if s.task == task && s.state == state && s.end == start {
                s.end = end;
                s.work += work;
                return;
            }
        }
        self.last_slice[c as usize] = Some(self.slices.len());
        self.slices.push(Slice {
            task,
            core: c,
            start,
            end,
            state,
            work,
        });
    }
}

/// A lower bound on the slices of `w` under round-robin with quantum `q` on
/// `m`, from the workload alone, so a hopeless schedule is refused before it
/// allocates. While more tasks are unfinished than there are cores, the ready
/// queue is never empty (with blocking I/O, or none, every unfinished task is
/// on a core or queued), so every run slice is at most `q` ticks; and by the
/// time only P tasks are left, at least the CPU work of the n − P smallest
/// has run. Async I/O takes tasks out of the queue, so there the bound is 0.
pub(super) fn min_slices(w: &Workload, m: &Machine, q: u64) -> u64 {
    let n = w.tasks.len();
    if n <= m.cores || (m.io == IoMode::Async && w.has_io()) {
        return 0;
    }
    let mut cpu: Vec<u64> = w.tasks.iter().map(|t| t.cpu_ticks()).collect();
    cpu.sort_unstable();
    cpu[..n - m.cores]
        .iter()
        .fold(0u64, |acc, &c| acc.saturating_add(c.div_ceil(q)))
}

/// The first tick `quantum_start + k·q` (k ≥ 1) that is at or after `at`.
fn boundary_at_or_after(quantum_start: u64, q: u64, at: u64) -> u64 {
    let k = at.saturating_sub(quantum_start).div_ceil(q).max(1);
    quantum_start.saturating_add(k.saturating_mul(q))
}
