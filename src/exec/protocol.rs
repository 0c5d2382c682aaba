//! The messages between the `processes` strategy and its worker processes
//! (`conpar __worker`): one JSON object per line, tagged by `msg`.
//!
//! ```text
//! parent → worker   job, then   run {task} … | exit
//! worker → parent   ready, then per task: slice … done {task}; after exit: stats
//! ```
//!
//! Slice times are CLOCK_MONOTONIC nanoseconds, comparable with the parent's.
//!
//! Both sides read with a bound on the line length, so a peer that sends a
//! huge line costs an error, not unbounded memory. A line that does not parse
//! is an error that names the peer and quotes a bounded excerpt of the line:
//! never a zero or a default. This module only encodes and decodes; it starts
//! nothing, runs no work and decides nothing about the order of messages.

use super::RawSlice;
use crate::kernel::Calibration;
use crate::timeline::State;
use crate::workload::{Limits, Step};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::{self, BufRead, Read, Write};

/// Everything a worker is told before its first task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// This worker's index (its lane).
    pub worker: u32,
    /// CPUs to confine to (one: pinned).
    pub cpus: Vec<usize>,
    /// The workload's calibrated kernel.
    pub calibration: Calibration,
    /// The other kernels tasks run, calibrated to the same tick.
    #[serde(default)]
    pub kernels: Vec<Calibration>,
    /// Each task's own kernel, by index, where it has one (empty: none has).
    #[serde(default)]
    pub task_kernels: Vec<Option<crate::workload::KernelKind>>,
    /// Tick length for `io` waits.
    pub tick_ns: u64,
    /// Every task's steps, by index.
    pub tasks: Vec<Vec<Step>>,
}

/// What the parent sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case", deny_unknown_fields)]
pub enum ToWorker {
    /// The first message, and only the first.
    Job(Job),
    /// Run task `task` of the job.
    Run {
        /// Index into the job's tasks.
        task: u32,
    },
    /// No more tasks: report the totals and exit.
    Exit,
}

/// Whether a slice ran or held its worker while waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SliceState {
    /// CPU work.
    Run,
    /// A blocking wait.
    Blocked,
}

/// A slice as a worker reports it: a [`RawSlice`] without its lane, which
/// is the parent's to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireSlice {
    /// The task's index.
    pub task: u32,
    /// Start, monotonic ns.
    pub start: u64,
    /// End, monotonic ns.
    pub end: u64,
    /// Run or blocked.
    pub state: SliceState,
    /// Ticks of CPU work done.
    pub work: u64,
    /// CPU the slice started on (u32::MAX when unknown).
    pub cpu: u32,
}

impl WireSlice {
    /// The slice of `s` to send.
    pub fn of(s: &RawSlice) -> Self {
        WireSlice {
            task: s.task,
            start: s.start,
            end: s.end,
            state: match s.state {
                State::Run => SliceState::Run,
                State::Blocked => SliceState::Blocked,
            },
            work: s.work,
            cpu: s.cpu,
        }
    }

    /// The slice received, on `lane`.
    pub fn on_lane(self, lane: u32) -> RawSlice {
        RawSlice {
            task: self.task,
            lane,
            start: self.start,
            end: self.end,
            state: match self.state {
                SliceState::Run => State::Run,
                SliceState::Blocked => State::Blocked,
            },
            work: self.work,
            cpu: self.cpu,
        }
    }
}

/// What a worker sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromWorker {
    /// The job is read and the worker is confined: send a task.
    Ready,
    /// One slice of the task in hand.
    Slice(WireSlice),
    /// The task in hand is finished: send another, or exit.
    Done {
        /// The task's index.
        task: u32,
    },
    /// The worker's totals, its last message.
    Stats {
        /// CPU time of the worker, ns.
        cpu_ns: u64,
        /// Voluntary context switches.
        voluntary: u64,
        /// Involuntary context switches.
        involuntary: u64,
    },
}

/// Longest line a worker may send: a slice or stats line is under 200 bytes.
pub const MAX_REPLY_LINE: usize = 4096;

/// Longest `run` or `exit` line the parent may send.
pub const MAX_COMMAND_LINE: usize = 256;

/// Longest job line: as many steps and tasks as [`Limits`] allow a workload,
/// at most 40 bytes a step (`{"kind":"cpu","ticks":1000000000000},`) and 4
/// a task, plus the calibration and a full CPU set.
pub const MAX_JOB_LINE: usize =
    Limits::MAX_TOTAL_STEPS as usize * 40 + Limits::MAX_TASKS as usize * 4 + 64 * 1024;

/// Characters of a bad line quoted in an error.
const EXCERPT_CHARS: usize = 80;

/// Who sent a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// A worker process, by index and process id.
    Worker {
        /// Its index (lane).
        index: usize,
        pid: u32,
    },
    /// The parent conpar process.
    Parent,
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Peer::Worker { index, pid } => write!(f, "worker {index} (pid {pid})"),
            Peer::Parent => f.write_str("the parent"),
        }
    }
}

/// A line that broke the protocol, or a pipe that failed.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    #[error("reading from {from} failed: {source}")]
    Read { from: Peer, source: io::Error },
    #[error("writing to {to} failed: {source}")]
    Write { to: Peer, source: io::Error },
    /// The peer closed its end where a message was due.
    #[error("{from} closed its pipe {when}")]
    Closed {
        from: Peer,
        /// Where in the conversation.
        when: &'static str,
    },
    /// A line longer than the bound.
    #[error("{from} sent a line longer than {max} bytes, starting {excerpt}")]
    TooLong {
        from: Peer,
        max: usize,
        /// Its first characters, quoted.
        excerpt: String,
    },
    /// A line that is not one of the messages.
    #[error("{from} sent a line that is not a message ({reason}): {excerpt}")]
    Malformed {
        from: Peer,
        /// The parser's complaint, shortened.
        reason: String,
        /// The line's first characters, quoted.
        excerpt: String,
    },
    /// A message that is valid but not allowed at this point.
    #[error("{from} sent {got} where {expected} was expected")]
    Unexpected {
        from: Peer,
        /// What the conversation allows now.
        expected: String,
        /// The message, quoted and shortened.
        got: String,
    },
}

impl ProtocolError {
    /// `msg` from `from` is not allowed now; `expected` says what is.
    pub fn unexpected(from: Peer, expected: impl Into<String>, msg: &impl Serialize) -> Self {
        let got = serde_json::to_string(msg).unwrap_or_else(|e| e.to_string());
        ProtocolError::Unexpected {
            from,
            expected: expected.into(),
            got: excerpt(got.as_bytes()),
        }
    }
}

/// The first 80 characters of `line`, quoted with control
/// characters escaped (it may reach a terminal), `…` marking a cut.
pub fn excerpt(line: &[u8]) -> String {
    // A cut inside a UTF-8 sequence shows as U+FFFD, which is fine here.
    let head = String::from_utf8_lossy(&line[..line.len().min(EXCERPT_CHARS * 4)]);
    let mut chars = head.chars();
    let shown: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    let cut = chars.next().is_some() || line.len() > EXCERPT_CHARS * 4;
    format!("{shown:?}{}", if cut { "…" } else { "" })
}

/// Writes `msg` as one line and flushes it.
pub fn send(out: &mut impl Write, to: Peer, msg: &impl Serialize) -> Result<(), ProtocolError> {
    let mut line = serde_json::to_vec(msg).map_err(|e| ProtocolError::Write {
        to,
        source: io::Error::other(e),
    })?;
    line.push(b'\n');
    // One write per message: a pipe reader never sees half a line from us.
    out.write_all(&line)
        .and_then(|()| out.flush())
        .map_err(|source| ProtocolError::Write { to, source })
}

/// Reads one message of at most `max` bytes from `from`; `None` when the
/// pipe ends cleanly before a new line starts.
pub fn recv<M: DeserializeOwned>(
    input: &mut impl BufRead,
    max: usize,
    from: Peer,
) -> Result<Option<M>, ProtocolError> {
    let mut line = Vec::new();
    input
        .by_ref()
        .take(max as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|source| ProtocolError::Read { from, source })?;
    if line.is_empty() {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        if line.len() > max {
            return Err(ProtocolError::TooLong {
                from,
                max,
                excerpt: excerpt(&line),
            });
        }
        return Err(ProtocolError::Malformed {
            from,
            reason: "the pipe ended inside the line".into(),
            excerpt: excerpt(&line),
        });
    }
    line.pop();
    serde_json::from_slice(&line)
        .map(Some)
        .map_err(|e| ProtocolError::Malformed {
            from,
            // serde quotes what it did not expect, which may be long.
            reason: shorten(&e.to_string()),
            excerpt: excerpt(&line),
        })
}

fn shorten(s: &str) -> String {
    const MAX: usize = 160;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests;
