//! The worker-process side of the `processes` strategy: the hidden
//! `conpar __worker` subcommand. It accepts input only from its parent, on
//! standard input, in the messages of [`super::protocol`], and runs a job only
//! after it has passed the same validation and [`Limits`](crate::workload::Limits)
//! as any workload. It never starts threads or processes of its own.

use super::protocol::{
    FromWorker, Job, MAX_COMMAND_LINE, MAX_JOB_LINE, Peer, ProtocolError, ToWorker, WireSlice,
    recv, send,
};
use super::runner::run_task;
use crate::measure::{confine_to, process_switches, thread_cpu_ns};
use crate::workload::Workload;
use std::io::{BufRead, Write};

/// Why a worker stopped before its parent told it to exit.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The parent broke the protocol, or a pipe failed.
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    /// The job is not a valid workload.
    #[error("the job from the parent is not a valid workload: {0}")]
    Job(crate::workload::LimitError),
    /// The worker could not be confined to its CPUs.
    #[error("cannot confine to CPUs {cpus:?}: {source}")]
    Confine {
        /// The CPUs asked for.
        cpus: Vec<usize>,
        source: std::io::Error,
    },
}

const PARENT: Peer = Peer::Parent;

/// The job's tasks as a workload, validated like any other.
fn workload_of(job: &Job) -> Result<Workload, WorkerError> {
    let mut b = Workload::builder("worker job")
        .tick_ns(job.tick_ns)
        .kernel(job.calibration.kernel);
    for (k, steps) in job.tasks.iter().enumerate() {
        b = match job.task_kernels.get(k).copied().flatten() {
            Some(kernel) => b.task_on(&format!("task {k}"), kernel, steps),
            None => b.task(&format!("task {k}"), steps),
        };
    }
    b.build().map_err(WorkerError::Job)
}

/// Runs the worker loop over `input` and `output`; returns when told to exit.
pub fn serve(mut input: impl BufRead, mut output: impl Write) -> Result<(), WorkerError> {
    let job = match recv(&mut input, MAX_JOB_LINE, PARENT)? {
        Some(ToWorker::Job(job)) => job,
        Some(other) => return Err(ProtocolError::unexpected(PARENT, "the job", &other).into()),
        None => {
            return Err(ProtocolError::Closed {
                from: PARENT,
                when: "before sending the job",
            }
            .into());
        }
    };
    let w = workload_of(&job)?;
    confine_to(&job.cpus).map_err(|source| WorkerError::Confine {
        cpus: job.cpus.clone(),
        source,
    })?;
    let cpu0 = thread_cpu_ns();
    let sw0 = process_switches();
    send(&mut output, PARENT, &FromWorker::Ready)?;
    loop {
        match recv(&mut input, MAX_COMMAND_LINE, PARENT)? {
            Some(ToWorker::Run { task }) if (task as usize) < w.tasks.len() => {
                run_one(&w, &job, task, &mut output)?;
            }
            Some(ToWorker::Exit) => {
                let sw = process_switches().since(sw0);
                let stats = FromWorker::Stats {
                    cpu_ns: thread_cpu_ns() - cpu0,
                    voluntary: sw.voluntary,
                    involuntary: sw.involuntary,
                };
                send(&mut output, PARENT, &stats)?;
                return Ok(());
            }
            Some(other) => {
                let expected = format!("`run` of a task below {} or `exit`", w.tasks.len());
                return Err(ProtocolError::unexpected(PARENT, expected, &other).into());
            }
            None => {
                return Err(ProtocolError::Closed {
                    from: PARENT,
                    when: "before saying exit",
                }
                .into());
            }
        }
    }
}

/// Runs task `task` and reports its slices, then that it is done.
fn run_one(w: &Workload, job: &Job, task: u32, output: &mut impl Write) -> Result<(), WorkerError> {
    let mut out = Vec::new();
    run_task(
        w,
        super::runner::pick(&job.calibration, &job.kernels, w.kernel_of(task as usize)),
        task as usize,
        job.worker,
        true,
        false,
        &mut out,
    );
    for s in &out {
        send(output, PARENT, &FromWorker::Slice(WireSlice::of(s)))?;
    }
    send(output, PARENT, &FromWorker::Done { task })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::protocol::SliceState;
    use crate::kernel::Calibration;
    use crate::workload::{KernelKind, Limits, Step};

    fn job(tasks: Vec<Vec<Step>>) -> Job {
        Job {
            worker: 0,
            cpus: crate::measure::allowed_cpus(),
            calibration: Calibration {
                kernel: KernelKind::Spin,
                tick_ns: 1_000_000,
                iters_per_tick: 1,
                tick_median_ns: 1.0,
                tick_min_ns: 1.0,
                tick_max_ns: 1.0,
                tick_quartiles_ns: None,
                outliers: None,
            },
            tick_ns: 1_000_000,
            tasks,
            kernels: Vec::new(),
            task_kernels: Vec::new(),
        }
    }

    fn talk(msgs: &[ToWorker]) -> (Result<(), WorkerError>, Vec<FromWorker>) {
        let mut wire = Vec::new();
        for m in msgs {
            send(&mut wire, PARENT, m).unwrap();
        }
        let mut reply = Vec::new();
        let r = serve(&wire[..], &mut reply);
        let from = Peer::Worker { index: 0, pid: 0 };
        let mut replies = Vec::new();
        let mut input = &reply[..];
        while let Some(m) = recv(&mut input, 4096, from).unwrap() {
            replies.push(m);
        }
        (r, replies)
    }

    #[test]
    fn a_worker_runs_what_it_is_told_and_reports_it() {
        let j = job(vec![vec![Step::Cpu(2)]]);
        let (r, replies) = talk(&[ToWorker::Job(j), ToWorker::Run { task: 0 }, ToWorker::Exit]);
        r.unwrap();
        assert_eq!(replies[0], FromWorker::Ready);
        assert!(matches!(
            replies[1],
            FromWorker::Slice(WireSlice {
                task: 0,
                work: 2,
                state: SliceState::Run,
                ..
            })
        ));
        assert_eq!(replies[2], FromWorker::Done { task: 0 });
        assert!(matches!(replies[3], FromWorker::Stats { .. }));
    }

    #[test]
    fn a_job_outside_the_limits_is_refused_before_any_work() {
        for tasks in [
            vec![],
            vec![vec![]],
            vec![vec![Step::Cpu(0)]],
            vec![vec![Step::Cpu(Limits::MAX_STEP_TICKS + 1)]],
        ] {
            let (r, replies) = talk(&[ToWorker::Job(job(tasks)), ToWorker::Exit]);
            assert!(matches!(r, Err(WorkerError::Job(_))), "{r:?}");
            assert!(replies.is_empty());
        }
        let mut bad_tick = job(vec![vec![Step::Cpu(1)]]);
        bad_tick.tick_ns = 0;
        let (r, _) = talk(&[ToWorker::Job(bad_tick)]);
        assert!(matches!(r, Err(WorkerError::Job(_))), "{r:?}");
    }

    #[test]
    fn a_task_beyond_the_job_or_a_second_job_is_an_error() {
        let j = job(vec![vec![Step::Cpu(1)]]);
        let (r, _) = talk(&[ToWorker::Job(j.clone()), ToWorker::Run { task: 1 }]);
        let text = r.unwrap_err().to_string();
        assert!(
            text.contains("the parent sent") && text.contains("below 1"),
            "{text}"
        );
        let (r, _) = talk(&[ToWorker::Job(j.clone()), ToWorker::Job(j)]);
        assert!(matches!(
            r,
            Err(WorkerError::Protocol(ProtocolError::Unexpected { .. }))
        ));
        let (r, _) = talk(&[]);
        assert!(
            r.unwrap_err()
                .to_string()
                .contains("before sending the job")
        );
    }
}
