//! A recorded graph run on P simulated workers the way rayon runs it, with
//! the clock of the graph's strands, exactly and deterministically:
//!
//! - work first: `join(a, b)` pushes `b` on the worker's own deque and runs
//!   `a`; a scope spawn pushes its body and the worker goes on;
//! - after `a`, the worker pops `b` back if it is still there and runs it;
//!   otherwise `b` was stolen and the worker waits for it;
//! - a worker that waits (for a stolen `b`, or at a scope's end for its
//!   spawns) works meanwhile: it pops its own deque, else steals; the job
//!   runs on top of its stack, so the wait ends only once that job is done
//!   (rayon's "work while waiting");
//! - an idle or waiting worker with an empty deque steals the oldest job of
//!   the first worker after it (in index order) that has one, and is busy
//!   for the burden before the job starts;
//! - at one instant, workers act in index order until none can act.
//!
//! Each strand takes its recorded length times the slowdown (rounded), so
//! one worker takes exactly the work when the slowdown is 1.

use super::{Graph, NIL, Node};
use std::collections::VecDeque;

/// How to run the graph.
#[derive(Clone, Copy, Debug)]
pub struct SimOptions {
    /// P: workers.
    pub workers: usize,
    /// What a thief pays before a stolen job starts, in the graph's unit.
    pub burden: u64,
    /// Each strand's length is multiplied by this (1: as recorded).
    pub slowdown: f64,
}

/// What the simulated schedule took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Simulated {
    /// T_P: from the first strand's start to the last one's end.
    pub time: u64,
    /// The strands' lengths summed as run (the work, slowed).
    pub work: u64,
    /// Jobs stolen.
    pub steals: u64,
}

/// Why no schedule was simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// The graph is not whole (past the bound on nodes, or none recorded).
    #[error("the fork-join graph was not recorded whole")]
    Incomplete,
    /// No worker could act and the program had not ended: the graph is not
    /// one a fork-join program records.
    #[error("the simulated schedule stopped at {at} with work left: the graph is malformed")]
    Stuck {
        /// When.
        at: u64,
    },
    /// Zero workers, or a slowdown that is not a positive finite number.
    #[error("a schedule needs at least one worker and a positive finite slowdown")]
    Options,
}

/// What a job does when its series ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    /// Sets the latch of the join at this node.
    Join(u32),
    /// One spawn of this scope finished.
    Spawn(u32),
}

#[derive(Clone, Copy, Debug)]
struct Job {
    head: u32,
    done: Done,
}

/// A frame of a worker's stack.
#[derive(Clone, Copy, Debug)]
enum Act {
    /// The region itself: when its series ends, the program has.
    Root,
    /// Running a series; its next node.
    Seq(u32),
    /// A join at node `at` with second side `b`: running `a`, running `b`
    /// inline, or waiting for it to be finished by a thief.
    Join { at: u32, b: u32, phase: Phase },
    /// A scope: running its body, or waiting for its spawns.
    Scope { id: u32, waiting: bool },
    /// A job taken from a deque.
    Job(Done),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    A,
    B,
    Wait,
}

#[derive(Default)]
struct Worker {
    stack: Vec<Act>,
    deque: VecDeque<Job>,
    busy_until: u64,
}

struct Sim<'g> {
    g: &'g Graph,
    opts: SimOptions,
    workers: Vec<Worker>,
    now: u64,
    /// Per node: the join there has finished its stolen side.
    latch: Vec<bool>,
    /// Per scope: spawns not yet finished.
    pending: Vec<u32>,
    queued: usize,
    done: Option<u64>,
    out: Simulated,
}

impl Graph {
    /// T_P of this graph on `opts.workers` simulated workers.
    pub fn simulate(&self, opts: SimOptions) -> Result<Simulated, SimError> {
        if !self.complete() {
            return Err(SimError::Incomplete);
        }
        if opts.workers == 0 || !(opts.slowdown.is_finite() && opts.slowdown > 0.0) {
            return Err(SimError::Options);
        }
        let mut s = Sim {
            g: self,
            opts,
            workers: (0..opts.workers).map(|_| Worker::default()).collect(),
            now: 0,
            latch: vec![false; self.nodes()],
            pending: vec![0; self.scopes() as usize],
            queued: 0,
            done: None,
            out: Simulated {
                time: 0,
                work: 0,
                steals: 0,
            },
        };
        s.workers[0].stack = vec![Act::Root, Act::Seq(self.root())];
        s.run()
    }
}

impl Sim<'_> {
    fn run(mut self) -> Result<Simulated, SimError> {
        loop {
            let mut moved = true;
            while moved {
                moved = false;
                for w in 0..self.workers.len() {
                    while self.workers[w].busy_until <= self.now && self.step(w)? {
                        moved = true;
                    }
                }
            }
            if let Some(t) = self.done {
                self.out.time = t;
                return Ok(self.out);
            }
            let next = self
                .workers
                .iter()
                .map(|w| w.busy_until)
                .filter(|&t| t > self.now)
                .min();
            self.now = next.ok_or(SimError::Stuck { at: self.now })?;
        }
    }

    /// One action of worker `w`; false when it can do nothing now.
    fn step(&mut self, w: usize) -> Result<bool, SimError> {
        let Some(&top) = self.workers[w].stack.last() else {
            return Ok(self.done.is_none() && self.find_work(w));
        };
        match top {
            Act::Seq(NIL) => {
                self.workers[w].stack.pop();
                self.ret(w)?;
                Ok(true)
            }
            Act::Seq(at) => {
                let (node, next) = self.g.node(at);
                *self.workers[w].stack.last_mut().expect("top") = Act::Seq(next);
                self.enter(w, at, node);
                Ok(true)
            }
            Act::Join {
                at,
                phase: Phase::Wait,
                ..
            } => {
                if self.latch[at as usize] {
                    self.workers[w].stack.pop();
                    return Ok(true);
                }
                Ok(self.find_work(w))
            }
            Act::Scope { id, waiting: true } => {
                if self.pending[id as usize] == 0 {
                    self.workers[w].stack.pop();
                    return Ok(true);
                }
                Ok(self.find_work(w))
            }
            _ => Err(SimError::Stuck { at: self.now }),
        }
    }

    /// Worker `w` starts node `at`.
    fn enter(&mut self, w: usize, at: u32, node: Node) {
        let me = &mut self.workers[w];
        match node {
            Node::Strand(d) => {
                let d = if self.opts.slowdown == 1.0 {
                    d
                } else {
                    (d as f64 * self.opts.slowdown).round() as u64
                };
                self.out.work = self.out.work.saturating_add(d);
                me.busy_until = self.now.saturating_add(d);
            }
            Node::Join { a, b } => {
                me.deque.push_back(Job {
                    head: b,
                    done: Done::Join(at),
                });
                self.queued += 1;
                me.stack.push(Act::Join {
                    at,
                    b,
                    phase: Phase::A,
                });
                me.stack.push(Act::Seq(a));
            }
            Node::Scope { id, body } => {
                me.stack.push(Act::Scope { id, waiting: false });
                me.stack.push(Act::Seq(body));
            }
            Node::Spawn { scope, body } => {
                self.pending[scope as usize] += 1;
                me.deque.push_back(Job {
                    head: body,
                    done: Done::Spawn(scope),
                });
                self.queued += 1;
            }
        }
    }

    /// Worker `w` finished a series: the frame below it goes on.
    fn ret(&mut self, w: usize) -> Result<(), SimError> {
        let now = self.now;
        let me = &mut self.workers[w];
        let Some(below) = me.stack.last_mut() else {
            return Err(SimError::Stuck { at: now });
        };
        match *below {
            Act::Root => {
                me.stack.pop();
                self.done = Some(now);
            }
            Act::Join {
                at,
                b,
                phase: Phase::A,
            } => {
                let mine = me.deque.back().is_some_and(|j| j.done == Done::Join(at));
                if mine {
                    me.deque.pop_back();
                    self.queued -= 1;
                    *below = Act::Join {
                        at,
                        b,
                        phase: Phase::B,
                    };
                    me.stack.push(Act::Seq(b));
                } else {
                    *below = Act::Join {
                        at,
                        b,
                        phase: Phase::Wait,
                    };
                }
            }
            Act::Join {
                phase: Phase::B, ..
            } => {
                me.stack.pop();
            }
            Act::Scope { id, waiting: false } => *below = Act::Scope { id, waiting: true },
            Act::Job(done) => {
                me.stack.pop();
                match done {
                    Done::Join(at) => self.latch[at as usize] = true,
                    Done::Spawn(id) => self.pending[id as usize] -= 1,
                }
            }
            _ => return Err(SimError::Stuck { at: now }),
        }
        Ok(())
    }

    /// Worker `w` takes a job: its own newest, else the oldest of the first
    /// worker after it that has one (paying the burden). False when there is
    /// none.
    fn find_work(&mut self, w: usize) -> bool {
        if self.queued == 0 {
            return false;
        }
        let n = self.workers.len();
        let (job, stolen) = match self.workers[w].deque.pop_back() {
            Some(j) => (j, false),
            None => {
                let Some(j) = (1..n).find_map(|k| self.workers[(w + k) % n].deque.pop_front())
                else {
                    return false;
                };
                (j, true)
            }
        };
        self.queued -= 1;
        let me = &mut self.workers[w];
        me.stack.push(Act::Job(job.done));
        me.stack.push(Act::Seq(job.head));
        if stolen {
            self.out.steals += 1;
            me.busy_until = self.now.saturating_add(self.opts.burden);
        }
        true
    }
}
