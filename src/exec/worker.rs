//! The worker-process side of the `processes` strategy: the hidden
//! `conpar __worker` subcommand. It accepts input only from its parent, on
//! standard input, in a small line protocol:
//!
//! ```text
//! parent → worker   {job as one JSON line}      then   run K | exit
//! worker → parent   ready | slice K START END STATE WORK CPU | done K | stats CPU_NS VOL INVOL
//! ```
//!
//! START and END are CLOCK_MONOTONIC nanoseconds, comparable with the parent's.

use super::runner::run_task;
use crate::kernel::Calibration;
use crate::measure::{confine_to, process_switches, thread_cpu_ns};
use crate::timeline::State;
use crate::workload::{Step, Task, Workload};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

/// What a worker is told before its first task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// This worker's index (its lane).
    pub worker: u32,
    /// CPUs to confine to (one: pinned).
    pub cpus: Vec<usize>,
    /// The calibrated kernel.
    pub calibration: Calibration,
    /// Tick length for `io` waits.
    pub tick_ns: u64,
    /// Every task's steps, by index.
    pub tasks: Vec<Vec<Step>>,
}

/// Runs the worker loop over `input` and `output`; returns when told to exit.
pub fn serve(input: impl BufRead, mut output: impl Write) -> Result<(), String> {
    let mut lines = input.lines();
    let first = lines
        .next()
        .ok_or("no job: the parent closed the pipe")?
        .map_err(|e| e.to_string())?;
    let job: Job = serde_json::from_str(&first).map_err(|e| format!("bad job line: {e}"))?;
    confine_to(&job.cpus).map_err(|e| format!("cannot confine to CPUs {:?}: {e}", job.cpus))?;
    let w = Workload {
        name: String::new(),
        description: String::new(),
        tick_ns: job.tick_ns,
        kernel: job.calibration.kernel,
        serial_before: 0,
        serial_after: 0,
        tasks: job
            .tasks
            .iter()
            .map(|steps| Task {
                name: String::new(),
                steps: steps.clone(),
            })
            .collect(),
    };
    let cpu0 = thread_cpu_ns();
    let sw0 = process_switches();
    let io = |e: std::io::Error| e.to_string();
    writeln!(output, "ready").map_err(io)?;
    output.flush().map_err(io)?;
    for line in lines {
        let line = line.map_err(io)?;
        if line == "exit" {
            let sw = process_switches().since(sw0);
            writeln!(
                output,
                "stats {} {} {}",
                thread_cpu_ns() - cpu0,
                sw.voluntary,
                sw.involuntary
            )
            .map_err(io)?;
            output.flush().map_err(io)?;
            return Ok(());
        }
        let k: usize = line
            .strip_prefix("run ")
            .and_then(|k| k.parse().ok())
            .filter(|&k| k < w.tasks.len())
            .ok_or_else(|| format!("unexpected line from parent: {line:?}"))?;
        let mut out = Vec::new();
        run_task(&w, &job.calibration, k, job.worker, true, false, &mut out);
        for s in out {
            let state = if s.state == State::Run {
                "run"
            } else {
                "blocked"
            };
            writeln!(
                output,
                "slice {k} {} {} {state} {} {}",
                s.start, s.end, s.work, s.cpu
            )
            .map_err(io)?;
        }
        writeln!(output, "done {k}").map_err(io)?;
        output.flush().map_err(io)?;
    }
    Err("the parent closed the pipe before saying exit".into())
}
