//! `conpar scale`: any program's scaling across thread counts. The command
//! runs directly (or through `sh -c` when asked), once per repetition, with
//! `{threads}` in its arguments replaced by the thread count and the usual
//! thread-count variables exported; its wall-clock and the CPU time it used
//! (from `wait4`) are measured, and the scaling laws are fitted to the
//! speedups (see `compare::scaling`).
//!
//! A run past its timeout is killed with its whole process group; a failing
//! run is reported with the tail of its standard error. If conpar itself is
//! killed, the kernel kills the command it started (not that command's own
//! children, which the command must see to).

use crate::measure::{confine_child, mono_ns};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The variables set to the thread count for each run.
pub const THREAD_VARS: [&str; 4] = [
    "CONPAR_THREADS",
    "RAYON_NUM_THREADS",
    "OMP_NUM_THREADS",
    "TOKIO_WORKER_THREADS",
];

/// Bytes of standard error kept for error messages.
const STDERR_TAIL: usize = 2048;

pub mod scan;

/// How to run the command.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Program and arguments, with `{threads}` placeholders.
    pub argv: Vec<String>,
    /// Run through `sh -c` with the arguments joined by spaces.
    pub shell: bool,
    /// Let the command's output through instead of discarding it.
    pub show_output: bool,
    /// Confine the command to this many CPUs (the first of the allowed set).
    pub pin: Option<Vec<usize>>,
    /// Longest one run may take.
    pub timeout: Duration,
    /// Further variables set for the command (after the thread variables).
    pub env: Vec<(String, String)>,
}

/// One run's measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// Wall-clock from spawn to reaping, ns.
    pub wall_ns: u64,
    /// User + system CPU time of the command and its waited-for children, ns.
    pub cpu_ns: u64,
}

/// Why a run did not produce a measurement.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The program could not be started.
    #[error("cannot start `{program}`: {source}{}", if .program.contains(' ') && .source.kind() == std::io::ErrorKind::NotFound { "; to run a shell command line, pass --shell" } else { "" })]
    Start {
        program: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// It exited unsuccessfully.
    #[error("`{command}` with {} {status}{}", crate::words::Count(*.threads, "thread"), if .stderr_tail.is_empty() { String::new() } else { format!("; its standard error ended with:\n{}", .stderr_tail) })]
    Failed {
        /// The command as run.
        command: String,
        threads: usize,
        /// Exit status in words.
        status: String,
        /// The end of its standard error.
        stderr_tail: String,
    },
    /// It ran past the timeout and was killed with its process group.
    #[error(
        "`{command}` with {} ran past the {timeout:?} timeout and was killed with its process group",
        crate::words::Count(*.threads, "thread")
    )]
    Timeout {
        /// The command as run.
        command: String,
        threads: usize,
        timeout: Duration,
    },
}

/// The arguments with `{threads}` replaced by `threads`.
pub fn substitute(argv: &[String], threads: usize) -> Vec<String> {
    argv.iter()
        .map(|a| a.replace("{threads}", &threads.to_string()))
        .collect()
}

fn describe(status: i32) -> String {
    if libc::WIFEXITED(status) {
        format!("exited with status {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("was killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("ended with wait status {status}")
    }
}

/// Runs the command once with `threads` threads.
pub fn run_once(spec: &Spec, threads: usize) -> Result<Measured, RunError> {
    let (mut cmd, argv) = command(spec, threads);
    let shown = argv.join(" ");
    let program = if spec.shell {
        "sh".to_string()
    } else {
        argv[0].clone()
    };
    let t0 = mono_ns();
    let mut child = cmd
        .spawn()
        .map_err(|source| RunError::Start { program, source })?;
    let pid = child.id() as libc::pid_t;
    crate::measure::set_interrupt_group(pid);
    // Drain standard error on the side, keeping its tail.
    let stderr = child.stderr.take().map(drain_tail);
    // A blocking wait4 costs the measurement nothing while the command runs;
    // a separate thread kills the group if the timeout comes first.
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let timeout = spec.timeout;
    let killer = std::thread::spawn(move || {
        match finished.recv_timeout(timeout) {
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                // SAFETY: signalling the process group we created.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                true
            }
            _ => false,
        }
    });
    let (status, ru) = wait_for(pid);
    let wall_ns = mono_ns() - t0;
    let _ = done.send(());
    let timed_out = killer.join().unwrap_or(false);
    // Whatever the command left in its group goes with it.
    // SAFETY: signalling the process group we created; it may already be gone.
    unsafe { libc::kill(-pid, libc::SIGKILL) };
    crate::measure::set_interrupt_group(0);
    // A process the command started outside its group may still hold its
    // standard error open: the tail is waited for a moment, not for ever.
    let tail = stderr
        .and_then(|rx| rx.recv_timeout(Duration::from_secs(1)).ok())
        .unwrap_or_default();
    if timed_out {
        return Err(RunError::Timeout {
            command: shown,
            threads,
            timeout: spec.timeout,
        });
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(RunError::Failed {
            command: shown,
            threads,
            status: describe(status),
            stderr_tail: tail,
        });
    }
    Ok(Measured {
        wall_ns,
        cpu_ns: crate::measure::rusage_cpu_ns(&ru),
    })
}

/// The command for `threads`: its arguments with `{threads}` replaced, the
/// thread variables set, in its own process group, confined when pinned.
fn command(spec: &Spec, threads: usize) -> (Command, Vec<String>) {
    use std::os::unix::process::CommandExt;
    let argv = substitute(&spec.argv, threads);
    let mut cmd = if spec.shell {
        let mut c = Command::new("sh");
        c.arg("-c").arg(argv.join(" "));
        c
    } else {
        let mut c = Command::new(&argv[0]);
        c.args(&argv[1..]);
        c
    };
    for v in THREAD_VARS {
        cmd.env(v, threads.to_string());
    }
    cmd.envs(spec.env.iter().map(|(k, v)| (k, v)));
    cmd.stdin(Stdio::null());
    if spec.show_output {
        cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit());
    } else {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    // Its own process group, so a timeout kills everything it started; and
    // killed by the kernel if conpar dies first, even by SIGKILL, when there
    // is no chance to kill the group. The signal follows the thread that
    // spawns, and this one waits for the child, so it outlives it.
    cmd.process_group(0);
    crate::measure::die_with_parent(&mut cmd);
    if let Some(cpus) = &spec.pin {
        confine_child(&mut cmd, &cpus[..threads.min(cpus.len()).max(1)]);
    }
    (cmd, argv)
}

/// Reads `e` to its end on a thread of its own, then sends the last
/// [`STDERR_TAIL`] bytes as text.
fn drain_tail(mut e: std::process::ChildStderr) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = e.read(&mut chunk) {
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.len() > 2 * STDERR_TAIL {
                buf.drain(..buf.len() - STDERR_TAIL);
            }
        }
        let start = buf.len().saturating_sub(STDERR_TAIL);
        let _ = tx.send(
            String::from_utf8_lossy(&buf[start..])
                .trim_end()
                .to_string(),
        );
    });
    rx
}

/// Waits for the child `pid` to end: its wait status and resource usage.
fn wait_for(pid: libc::pid_t) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: rusage is a valid out-pointer; pid is our child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: as above; blocks until the child ends.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid
            || (r < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted)
        {
            break;
        }
    }
    (status, ru)
}

/// Spin iterations in one unit of [`synthetic_load`] work (about a millisecond).
pub const LOAD_UNIT: u64 = 500_000;

/// A load with a known serial part, for testing `conpar scale`: `serial`
/// units of work on one thread, then `parallel` units split evenly over
/// `threads` threads. Work, not time, is fixed, so the serial fraction is
/// serial ÷ (serial + parallel) whatever the CPU's speed.
pub fn synthetic_load(serial: u64, parallel: u64, threads: usize) -> u64 {
    let work =
        |units: u64| crate::kernel::run(crate::workload::KernelKind::Spin, units * LOAD_UNIT);
    let mut acc = work(serial);
    let n = threads.max(1) as u64;
    acc ^= std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let share = parallel / n + u64::from(i < parallel % n);
                s.spawn(move || work(share))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("load threads do not panic"))
            .fold(0, |a, b| a ^ b)
    });
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced() {
        let argv = vec![
            "zstd".to_string(),
            "-T{threads}".to_string(),
            "x{threads}y".to_string(),
        ];
        assert_eq!(substitute(&argv, 4), ["zstd", "-T4", "x4y"]);
    }
}
