//! One worker's conversation, from the thread that talks to it: the job,
//! then one task at a time from the shared queue until it is empty, then the
//! worker's totals. Anything out of turn ends it with the task it held.

use super::super::RawSlice;
use super::super::protocol::{
    FromWorker, Job, MAX_REPLY_LINE, Peer, ProtocolError, ToWorker, recv, send,
};
use crate::measure::Switches;
use std::collections::VecDeque;
use std::io::BufReader;
use std::process::{ChildStdin, ChildStdout};
use std::sync::Mutex;

/// What a worker reported once it had no more tasks.
pub(super) struct Finished {
    pub(super) slices: Vec<RawSlice>,
    pub(super) cpu_ns: u64,
    pub(super) switches: Switches,
}

/// Why a conversation ended before the worker's totals came.
pub(super) enum Why {
    /// The worker's pipes closed: it died or was killed.
    Died(&'static str),
    /// The worker said something the protocol does not allow.
    Broke(ProtocolError),
}

/// Where a conversation is: what the worker may send next.
#[derive(Clone, Copy)]
enum Phase {
    Starting,
    Running(usize),
    Exiting,
}

impl Phase {
    fn task(self) -> Option<usize> {
        match self {
            Phase::Running(k) => Some(k),
            Phase::Starting | Phase::Exiting => None,
        }
    }
    fn expected(self) -> String {
        match self {
            Phase::Starting => "`ready`".into(),
            Phase::Running(k) => format!("a `slice` or `done` of task {k}"),
            Phase::Exiting => "`stats`".into(),
        }
    }
}

/// Hands the worker the next task, or tells it to exit.
fn hand_out(
    stdin: &mut ChildStdin,
    peer: Peer,
    queue: &Mutex<VecDeque<usize>>,
) -> Result<Phase, (Option<usize>, Why)> {
    let next = queue.lock().expect("no poisoned lock").pop_front();
    let (msg, phase) = match next {
        Some(k) => (ToWorker::Run { task: k as u32 }, Phase::Running(k)),
        None => (ToWorker::Exit, Phase::Exiting),
    };
    send(stdin, peer, &msg).map_err(|_| (next, Why::Died("its input pipe closed")))?;
    Ok(phase)
}

/// One worker's conversation: hand out tasks until the queue is empty.
pub(super) fn converse(
    peer: Peer,
    lane: u32,
    mut stdin: ChildStdin,
    stdout: ChildStdout,
    job: Job,
    queue: &Mutex<VecDeque<usize>>,
) -> Result<Finished, (Option<usize>, Why)> {
    let mut input = BufReader::new(stdout);
    send(&mut stdin, peer, &ToWorker::Job(job)).map_err(|_| {
        (
            None,
            Why::Died("its input pipe closed before the job was sent"),
        )
    })?;
    let mut phase = Phase::Starting;
    let mut slices = Vec::new();
    loop {
        let msg = match recv(&mut input, MAX_REPLY_LINE, peer) {
            Ok(Some(msg)) => msg,
            Ok(None) => return Err((phase.task(), Why::Died("its output ended early"))),
            Err(e) => return Err((phase.task(), Why::Broke(e))),
        };
        match (phase, &msg) {
            (Phase::Starting, FromWorker::Ready) => phase = hand_out(&mut stdin, peer, queue)?,
            (Phase::Running(k), FromWorker::Done { task }) if *task as usize == k => {
                phase = hand_out(&mut stdin, peer, queue)?;
            }
            (Phase::Running(k), &FromWorker::Slice(slice))
                if slice.task as usize == k && slice.start <= slice.end =>
            {
                slices.push(slice.on_lane(lane));
            }
            (
                Phase::Exiting,
                &FromWorker::Stats {
                    cpu_ns,
                    voluntary,
                    involuntary,
                },
            ) => {
                let switches = Switches {
                    voluntary,
                    involuntary,
                };
                return Ok(Finished {
                    slices,
                    cpu_ns,
                    switches,
                });
            }
            _ => {
                let e = ProtocolError::unexpected(peer, phase.expected(), &msg);
                return Err((phase.task(), Why::Broke(e)));
            }
        }
    }
}
