//! `processes`: P worker processes (the conpar binary re-executed with the
//! hidden `__worker` subcommand — never a bare `fork` of this multi-threaded
//! process), each pinned to one core, pulling tasks from the parent one at a
//! time. Starting the processes is part of the timed run, as it is for any
//! program that uses this strategy. Every wait is bounded by the plan's
//! timeout; on any failure every child is killed and reaped.

use super::worker::Job;
use super::{ExecError, Plan, Prepared, RawSlice, Strategy, Trace};
use crate::measure::{Switches, confine_child, confine_to, die_with_parent, mono_ns};
use crate::model::{Discipline, IoMode, Machine};
use crate::timeline::State;
use crossbeam::channel::{RecvTimeoutError, Sender, unbounded};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

pub(super) struct Processes;

impl Strategy for Processes {
    fn name(&self) -> &'static str {
        "processes"
    }
    fn model(&self, plan: &Plan) -> Machine {
        Machine {
            cores: plan.cores(),
            discipline: Discipline::List,
            io: IoMode::Blocking,
        }
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

enum Msg {
    Finished {
        slices: Vec<RawSlice>,
        cpu_ns: u64,
        switches: Switches,
    },
    Died {
        worker: usize,
        task: Option<usize>,
        detail: String,
    },
}

/// One worker's conversation: hand out tasks until the queue is empty.
fn converse(
    worker: usize,
    mut stdin: ChildStdin,
    stdout: ChildStdout,
    job: &str,
    queue: &Mutex<VecDeque<usize>>,
    tx: &Sender<Msg>,
) {
    let mut holding: Option<usize> = None;
    let died = |task, detail: String| Msg::Died {
        worker,
        task,
        detail,
    };
    if writeln!(stdin, "{job}")
        .and_then(|()| stdin.flush())
        .is_err()
    {
        let _ = tx.send(died(
            None,
            "its input pipe closed before the job was sent".into(),
        ));
        return;
    }
    let mut slices = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let mut f = line.split_whitespace();
        match f.next() {
            Some("ready") | Some("done") => {
                holding = queue.lock().expect("no poisoned lock").pop_front();
                let cmd = match holding {
                    Some(k) => format!("run {k}"),
                    None => "exit".to_string(),
                };
                if writeln!(stdin, "{cmd}")
                    .and_then(|()| stdin.flush())
                    .is_err()
                {
                    break;
                }
            }
            Some("slice") => {
                let v: Vec<&str> = f.collect();
                let parsed = (|| {
                    Some(RawSlice {
                        task: v.first()?.parse().ok()?,
                        lane: worker as u32,
                        start: v.get(1)?.parse().ok()?,
                        end: v.get(2)?.parse().ok()?,
                        state: if *v.get(3)? == "run" {
                            State::Run
                        } else {
                            State::Blocked
                        },
                        work: v.get(4)?.parse().ok()?,
                        cpu: v.get(5)?.parse().ok()?,
                    })
                })();
                match parsed {
                    Some(s) => slices.push(s),
                    None => {
                        let _ = tx.send(died(holding, format!("sent a malformed line: {line:?}")));
                        return;
                    }
                }
            }
            Some("stats") => {
                let n: Vec<u64> = f.filter_map(|x| x.parse().ok()).collect();
                let (cpu_ns, voluntary, involuntary) = (
                    n.first().copied().unwrap_or(0),
                    n.get(1).copied().unwrap_or(0),
                    n.get(2).copied().unwrap_or(0),
                );
                let _ = tx.send(Msg::Finished {
                    slices,
                    cpu_ns,
                    switches: Switches {
                        voluntary,
                        involuntary,
                    },
                });
                return;
            }
            _ => {
                let _ = tx.send(died(holding, format!("sent an unexpected line: {line:?}")));
                return;
            }
        }
    }
    let _ = tx.send(died(holding, "its output ended early".into()));
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

impl Prepared for Run<'_> {
    fn run(&mut self) -> Result<Trace, ExecError> {
        let plan = self.plan;
        let w = plan.workload;
        let deadline = mono_ns() + plan.timeout.as_nanos() as u64;
        let queue = Mutex::new((0..w.tasks.len()).collect::<VecDeque<_>>());
        let tasks: Vec<_> = w.tasks.iter().map(|t| t.steps.clone()).collect();
        let mut children: Vec<Child> = Vec::new();
        let mut pipes = Vec::new();
        let mut jobs = Vec::new();
        for (i, &cpu) in plan.cpus.iter().enumerate() {
            let mine = if plan.pin {
                vec![cpu]
            } else {
                plan.cpus.clone()
            };
            let mut cmd = Command::new(&plan.worker_exe);
            cmd.arg("__worker")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit());
            // Start the worker on its own core(s), not on the harness's, and
            // take it down with conpar if conpar dies first.
            confine_child(&mut cmd, &mine);
            die_with_parent(&mut cmd);
            let spawned = cmd.spawn();
            let mut child = match spawned {
                Ok(c) => c,
                Err(source) => {
                    for mut c in children {
                        let _ = c.kill();
                        let _ = c.wait();
                    }
                    return Err(ExecError::Start {
                        strategy: "processes",
                        what: format!("worker process {i} ({})", plan.worker_exe.display()),
                        source,
                    });
                }
            };
            pipes.push((
                child.stdin.take().expect("piped"),
                child.stdout.take().expect("piped"),
            ));
            children.push(child);
            let job = Job {
                worker: i as u32,
                cpus: if plan.pin {
                    vec![cpu]
                } else {
                    plan.cpus.clone()
                },
                calibration: plan.calibration,
                tick_ns: w.tick_ns,
                tasks: tasks.clone(),
            };
            jobs.push(serde_json::to_string(&job).expect("a job serialises"));
        }
        let (tx, rx) = unbounded();
        let outcome = std::thread::scope(|s| {
            for (i, ((stdin, stdout), job)) in pipes.into_iter().zip(&jobs).enumerate() {
                let (queue, tx, cpus) = (&queue, tx.clone(), &plan.cpus);
                s.spawn(move || {
                    // Not on the harness's one core, where a worker may be
                    // spinning: a hand-out would wait for that core's turn.
                    let _ = confine_to(cpus);
                    converse(i, stdin, stdout, job, queue, &tx)
                });
            }
            let mut trace = Trace::default();
            let mut failure = None;
            for _ in 0..children.len() {
                let left = deadline.saturating_sub(mono_ns());
                match rx.recv_timeout(Duration::from_nanos(left)) {
                    Ok(Msg::Finished {
                        slices,
                        cpu_ns,
                        switches,
                    }) => {
                        trace.busy_ns += slices
                            .iter()
                            .filter(|s| s.state == State::Run)
                            .map(|s| s.end - s.start)
                            .sum::<u64>();
                        trace.slices.extend(slices);
                        trace.worker_cpu_ns.push(cpu_ns);
                        trace.switches = trace.switches.plus(switches);
                    }
                    Ok(Msg::Died {
                        worker,
                        task,
                        detail,
                    }) => {
                        failure = Some((Some(worker), task, detail));
                        break;
                    }
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                        failure = Some((None, None, String::new()));
                        break;
                    }
                }
            }
            if failure.is_some() {
                // Unblock every conversation: their reads end when the children die.
                for c in &mut children {
                    let _ = c.kill();
                }
            }
            (trace, failure)
        });
        let (trace, failure) = outcome;
        let mut details = Vec::new();
        for c in &mut children {
            details.push(exit_detail(c));
        }
        match failure {
            None => Ok(trace),
            Some((Some(worker), task, detail)) => Err(ExecError::WorkerDied {
                strategy: "processes",
                worker,
                task: task.map_or_else(|| "(none yet)".to_string(), |k| w.tasks[k].name.clone()),
                detail: format!("{detail}; the worker {}", details[worker]),
            }),
            Some((None, ..)) => {
                let pending: Vec<String> = queue
                    .lock()
                    .expect("no poisoned lock")
                    .iter()
                    .take(10)
                    .map(|&k| w.tasks[k].name.clone())
                    .collect();
                Err(ExecError::Timeout {
                    strategy: "processes",
                    after: plan.timeout,
                    pending: if pending.is_empty() {
                        "(the ones in flight)".into()
                    } else {
                        pending.join(", ")
                    },
                })
            }
        }
    }
}
