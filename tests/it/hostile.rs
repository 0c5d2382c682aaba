//! Hostile inputs and peers: files that never end, servers that dribble or
//! do not wait, clients that leave, workloads with nothing to speed up,
//! schedules too large to hold, and conpar killed outright. Each test bounds
//! its own time and, where a regression could eat memory, the child's memory.

use crate::shared;
use predicates::str::contains;
use std::process::Command;
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

/// conpar with `args`, its address space capped at 1 GiB, so a regression
/// that reads or allocates without bound fails fast instead of loading the
/// machine.
fn capped(args: &[&str]) -> assert_cmd::Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(EXE);
    cmd.args(args);
    // SAFETY: between fork and exec the closure makes one system call.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 1 << 30,
                rlim_max: 1 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    assert_cmd::Command::from_std(cmd)
}

#[test]
fn model_refuses_devices_and_fifos_at_once() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("w.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap();
    for (path, kind) in [
        ("/dev/zero", "a character device"),
        ("/dev/urandom", "a character device"),
        (fifo, "a FIFO"),
    ] {
        let start = Instant::now();
        capped(&["model", path])
            .timeout(Duration::from_secs(20))
            .assert()
            .failure()
            .stderr(contains(format!(
                "{path} is {kind}; only a regular file is accepted"
            )));
        assert!(start.elapsed() < Duration::from_secs(10), "{path}");
    }
}
