//! `processes`: P worker processes (the conpar binary re-executed with the
//! hidden `__worker` subcommand — never a bare `fork` of this multi-threaded
//! process), each pinned to one core, pulling tasks from the parent one at a
//! time. Starting the processes is part of the timed run, as it is for any
//! program that uses this strategy: one after another from the harness
//! thread (see [`with_workers`]), a cost that grows with P and is predicted
//! from its measurement at several P. The conversation is the typed messages
//! of [`super::protocol`]: a worker that sends anything else, or sends it out
//! of turn, fails the run with an error that names it. Every wait is bounded
//! by the plan's timeout; on any failure every child is killed and reaped.

mod conversation;

use super::protocol::{Job, Peer};
use super::{ExecError, Plan, Prepared, Strategy, Trace};
use crate::kinds::StrategyKind;
use crate::measure::{confine_child, confine_to, die_with_parent};
use crate::model::Machine;
use crate::timeline::State;
use conversation::{Finished, Why, converse};
use crossbeam::channel::{Receiver, Sender, unbounded};
use std::collections::VecDeque;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

pub(super) struct Processes;

impl Strategy for Processes {
    fn name(&self) -> &'static str {
        "processes"
    }
    fn model(&self, plan: &Plan) -> Machine {
        StrategyKind::Processes.machine(
            plan.cores(),
            plan.quantum,
            plan.os_slice_ns,
            plan.workload.tick_ns,
        )
    }
    fn prepare<'p>(&self, plan: &'p Plan<'p>) -> Result<Box<dyn Prepared + 'p>, ExecError> {
        if !plan.worker_exe.exists() {
            return Err(ExecError::Start {
                strategy: "processes",
                what: format!("worker binary {}", plan.worker_exe.display()),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
        Ok(Box::new(Run { plan }))
    }
}

struct Run<'p> {
    plan: &'p Plan<'p>,
}

/// Why the hand-out failed.
enum Failure {
    /// The thread that talks to worker `index` could not start.
    Start {
        index: usize,
        source: std::io::Error,
    },
    /// Worker `worker` was lost while holding `task`.
    Lost {
        worker: usize,
        task: Option<usize>,
        why: Why,
    },
    /// The plan's timeout passed first.
    Timeout,
}

fn exit_detail(child: &mut Child) -> String {
    match child.wait() {
        Ok(st) => match (st.code(), st.signal()) {
            (_, Some(sig)) => format!("killed by signal {sig}"),
            (Some(code), _) => format!("exited with status {code}"),
            _ => st.to_string(),
        },
        Err(e) => format!("could not be reaped: {e}"),
    }
}

fn kill_all(children: &mut [Child]) {
    for c in children {
        let _ = c.kill();
    }
}

/// Starts one worker process of `exe` on `cpus`.
fn start_one(exe: &Path, cpus: &[usize]) -> std::io::Result<Child> {
    let mut cmd = Command::new(exe);
    cmd.arg("__worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    // Start the worker on its own core(s), not on the harness's, and take it
    // down with conpar if conpar dies first.
    confine_child(&mut cmd, cpus);
    die_with_parent(&mut cmd);
    cmd.spawn()
}

/// Starts one worker of `exe` per entry of `cpus`, one after another from
/// the calling thread, and runs `f` on them. If one fails to start, none is
/// left running and its index is returned with the error.
///
/// One after another, because starting them from one thread each was
/// measured slower on a 2-CPU host (two workers ready after 3.3 ms against
/// 2.2 ms, median of eight calibrations each), and because the kernel kills
/// a worker when the thread that started it ends (`PR_SET_PDEATHSIG`
/// follows the thread): the caller must outlive them, and `f` must reap
/// every worker it lets run. What the serial start costs at P is measured
/// (`workers_start`) and predicted.
pub(super) fn with_workers<R>(
    exe: &Path,
    cpus: &[Vec<usize>],
    f: impl FnOnce(&mut [Child]) -> R,
) -> Result<R, (usize, std::io::Error)> {
    let mut children: Vec<Child> = Vec::with_capacity(cpus.len());
    for (i, mine) in cpus.iter().enumerate() {
        match start_one(exe, mine) {
            Ok(c) => children.push(c),
            Err(e) => {
                kill_all(&mut children);
                for c in &mut children {
                    let _ = c.wait();
                }
                return Err((i, e));
            }
        }
    }
    Ok(f(&mut children))
}

/// Each worker's CPUs: its own one when pinned, else the whole set.
fn plan_cpus(plan: &Plan) -> Vec<Vec<usize>> {
    plan.cpus
        .iter()
        .map(|&cpu| {
            if plan.pin {
                vec![cpu]
            } else {
                plan.cpus.clone()
            }
        })
        .collect()
}

type Outcome = (usize, Result<Finished, (Option<usize>, Why)>);

/// Waits for every worker's totals until `deadline`.
fn collect(rx: &Receiver<Outcome>, workers: usize, deadline: Instant) -> Result<Trace, Failure> {
    let mut trace = Trace::default();
    for _ in 0..workers {
        // The parent holds a sender, so only the deadline ends this wait.
        let Ok((worker, outcome)) = rx.recv_deadline(deadline) else {
            return Err(Failure::Timeout);
        };
        let f = outcome.map_err(|(task, why)| Failure::Lost { worker, task, why })?;
        trace.busy_ns += f
            .slices
            .iter()
            .filter(|s| s.state == State::Run)
            .map(|s| s.end - s.start)
            .sum::<u64>();
        trace.slices.extend(f.slices);
        trace.worker_cpu_ns.push(f.cpu_ns);
        trace.switches = trace.switches.plus(f.switches);
    }
    Ok(trace)
}

/// Talks to every worker from its own thread until all have reported, one
/// fails, or the deadline passes; on failure every child is killed.
fn talk(
    plan: &Plan,
    children: &mut [Child],
    queue: &Mutex<VecDeque<usize>>,
    deadline: Instant,
) -> Result<Trace, Failure> {
    let w = plan.workload;
    let tasks: Vec<_> = w.tasks.iter().map(|t| t.steps.clone()).collect();
    let mut pipes = Vec::new();
    for (i, c) in children.iter_mut().enumerate() {
        let peer = Peer::Worker {
            index: i,
            pid: c.id(),
        };
        let (stdin, stdout) = (c.stdin.take(), c.stdout.take());
        pipes.push((peer, stdin.expect("piped"), stdout.expect("piped")));
    }
    let (tx, rx) = unbounded::<Outcome>();
    std::thread::scope(|s| {
        let mut result = Ok(());
        for ((i, (peer, stdin, stdout)), cpus) in pipes.into_iter().enumerate().zip(plan_cpus(plan))
        {
            let job = Job {
                worker: i as u32,
                cpus,
                calibration: plan.calibration,
                kernels: plan.kernels.clone(),
                task_kernels: w.tasks.iter().map(|t| t.kernel).collect(),
                tick_ns: w.tick_ns,
                tasks: tasks.clone(),
            };
            let tx: Sender<Outcome> = tx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("hand-out-{i}"))
                .spawn_scoped(s, move || {
                    // Not on the harness's one core, where a worker may be
                    // spinning: a hand-out would wait for that core's turn.
                    let _ = confine_to(&plan.cpus);
                    let _ = tx.send((i, converse(peer, i as u32, stdin, stdout, job, queue)));
                });
            if let Err(source) = spawned {
                result = Err(Failure::Start { index: i, source });
                break;
            }
        }
        let trace = result.and_then(|()| collect(&rx, children.len(), deadline));
        if trace.is_err() {
            // Unblock every conversation: their reads end when the children die.
            kill_all(children);
        }
        trace
    })
}

impl Failure {
    fn into_error(
        self,
        plan: &Plan,
        exits: &[String],
        queue: &Mutex<VecDeque<usize>>,
    ) -> ExecError {
        let w = plan.workload;
        let name = |task: Option<usize>| {
            task.map_or_else(|| "(none yet)".into(), |k| w.tasks[k].name.clone())
        };
        match self {
            Failure::Start { index, source } => ExecError::Start {
                strategy: "processes",
                what: format!("the thread that talks to worker process {index}"),
                source,
            },
            Failure::Lost {
                worker,
                task,
                why: Why::Died(detail),
            } => ExecError::WorkerDied {
                strategy: "processes",
                worker,
                task: name(task),
                detail: format!("{detail}; the worker {}", exits[worker]),
            },
            Failure::Lost {
                worker,
                task,
                why: Why::Broke(e),
            } => ExecError::Protocol {
                strategy: "processes",
                detail: match task {
                    Some(k) => format!(
                        "{e} (while running task `{}`); the worker was stopped: {}",
                        w.tasks[k].name, exits[worker]
                    ),
                    None => format!("{e}; the worker was stopped: {}", exits[worker]),
                },
            },
            Failure::Timeout => {
                let queue = queue.lock().expect("no poisoned lock");
                let names: Vec<&str> = queue
                    .iter()
                    .take(10)
                    .map(|&k| w.tasks[k].name.as_str())
                    .collect();
                ExecError::Timeout {
                    strategy: "processes",
                    after: plan.timeout,
                    pending: if names.is_empty() {
                        "(the ones in flight)".into()
                    } else {
                        names.join(", ")
                    },
                }
            }
        }
    }
}

impl Prepared for Run<'_> {
    fn run(&mut self) -> Result<Trace, ExecError> {
        let plan = self.plan;
        let deadline = Instant::now() + plan.timeout;
        let queue = Mutex::new((0..plan.workload.tasks.len()).collect::<VecDeque<_>>());
        with_workers(&plan.worker_exe, &plan_cpus(plan), |children| {
            let outcome = talk(plan, children, &queue, deadline);
            let exits: Vec<String> = children.iter_mut().map(exit_detail).collect();
            outcome.map_err(|f| f.into_error(plan, &exits, &queue))
        })
        .map_err(|(i, source)| ExecError::Start {
            strategy: "processes",
            what: format!("worker process {i} ({})", plan.worker_exe.display()),
            source,
        })?
    }
}
