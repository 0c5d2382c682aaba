//! `conpar probe --spawn -- CMD`: the server under test, started by conpar in
//! its own process group, waited for until its port accepts a connection,
//! and stopped with its whole group (SIGTERM, then SIGKILL) on every way out:
//! drop, error, Ctrl-C (the group is registered with the interrupt handler)
//! and conpar's own death (the kernel kills the command; its children must
//! see to themselves, as nginx's workers do when their master goes).
//!
//! It starts one command and watches one port; it does not restart a server
//! or read its output beyond the tail of its standard error.

use crate::measure::{die_with_parent, set_interrupt_group};
use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Bytes of the server's standard error kept for messages.
const STDERR_TAIL: usize = 2048;
/// How long a server gets to leave after SIGTERM before SIGKILL.
const GRACE: Duration = Duration::from_secs(2);

/// Why the server could not be started.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    /// The program could not be run.
    #[error("cannot start `{program}`: {source}")]
    Start {
        program: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// It exited before its port accepted a connection.
    #[error("`{command}` exited ({status}) before {addr} accepted a connection{}", tail(.stderr))]
    Exited {
        command: String,
        status: String,
        /// Where it should have listened.
        addr: SocketAddr,
        /// The end of its standard error.
        stderr: String,
    },
    /// Its port did not accept a connection in time.
    #[error("`{command}` did not accept connections on {addr} within {wait:?}{}", tail(.stderr))]
    NotListening {
        command: String,
        addr: SocketAddr,
        /// How long conpar waited.
        wait: Duration,
        /// The end of its standard error.
        stderr: String,
    },
}

fn tail(s: &str) -> String {
    if s.trim().is_empty() {
        String::new()
    } else {
        format!(
            "; its standard error ended with:\n{}",
            crate::escape::terminal(s.trim_end())
        )
    }
}

/// A server conpar started; stopped with its process group on drop.
#[derive(Debug)]
pub struct Spawned {
    child: Child,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Spawned {
    /// Runs `argv` and waits up to `wait` for `addr` to accept a connection.
    pub fn start(argv: &[String], addr: SocketAddr, wait: Duration) -> Result<Spawned, SpawnError> {
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0);
        die_with_parent(&mut cmd);
        let mut child = cmd.spawn().map_err(|source| SpawnError::Start {
            program: crate::escape::terminal(&argv[0]).into_owned(),
            source,
        })?;
        set_interrupt_group(child.id() as i32);
        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let keep = stderr.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n @ 1..) = pipe.read(&mut buf) {
                    if let Ok(mut k) = keep.lock() {
                        k.extend_from_slice(&buf[..n]);
                        let over = k.len().saturating_sub(STDERR_TAIL);
                        k.drain(..over);
                    }
                }
            });
        }
        let mut s = Spawned { child, stderr };
        s.wait_for(argv, addr, wait)?;
        Ok(s)
    }

    fn wait_for(
        &mut self,
        argv: &[String],
        addr: SocketAddr,
        wait: Duration,
    ) -> Result<(), SpawnError> {
        let command = crate::escape::terminal(&argv.join(" ")).into_owned();
        let end = Instant::now() + wait;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Give the reader a moment to take the last words.
                std::thread::sleep(Duration::from_millis(50));
                return Err(SpawnError::Exited {
                    command,
                    status: status.to_string(),
                    addr,
                    stderr: self.stderr_tail(),
                });
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if Instant::now() >= end {
                return Err(SpawnError::NotListening {
                    command,
                    addr,
                    wait,
                    stderr: self.stderr_tail(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The end of its standard error so far.
    pub fn stderr_tail(&self) -> String {
        self.stderr
            .lock()
            .map(|k| String::from_utf8_lossy(&k).into_owned())
            .unwrap_or_default()
    }

    fn signal_group(&self, sig: libc::c_int) {
        // SAFETY: kill with a negative pid signals the process group the
        // child leads (it was started with process_group(0)).
        unsafe {
            libc::kill(-(self.child.id() as libc::pid_t), sig);
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.signal_group(libc::SIGTERM);
        let end = Instant::now() + GRACE;
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever of the group is left (workers, a shell's children).
        self.signal_group(libc::SIGKILL);
        let _ = self.child.wait();
        set_interrupt_group(0);
    }
}
