//! Hostile conditions for the measuring commands: a thread count whose every
//! run fails, an address space too small for the memory kernel, a run past
//! its timeout, clients given twice and targets beyond loopback.

use crate::{conpar, real_work, shared};
use std::process::Command;
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

#[test]
fn scale_keep_going_saves_the_counts_that_succeeded_when_one_fails_completely() {
    let _cores = real_work();
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.json");
    let o = conpar()
        .args([
            "scale",
            "--threads",
            "1,2",
            "--min-runs",
            "3",
            "--max-runs",
            "5",
        ])
        .args(["--keep-going", "--json"])
        .arg(&s)
        .args(["--", "sh", "-c", "test \"$CONPAR_THREADS\" != 2"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&s).unwrap()).unwrap();
    let threads: Vec<u64> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(threads, [1]);
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "count-left-out" && w["threads"] == 2),
        "{}",
        doc["warnings"]
    );
    // And the terminal says it in words.
    assert!(err.contains("every run with 2 threads failed"), "{err}");
}

/// `conpar` with `args`, its address space capped at `bytes`.
fn address_capped(bytes: u64, args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(EXE);
    cmd.args(args).env(crate::UNWRAPPED.0, crate::UNWRAPPED.1);
    // SAFETY: between fork and exec the closure makes one system call.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

#[test]
fn the_memory_kernel_under_an_address_space_limit_is_a_clear_error() {
    let _cores = real_work();
    let limit = 400_000 * 1024;
    for args in [
        &["calibrate", "--tick", "1ms"][..],
        &["run", "two-tasks", "-c", "1,2", "-r", "1", "--tick", "1ms"]
            .iter()
            .chain(&["-s", "threads", "--kernel", "memory", "--oversubscribe"])
            .copied()
            .collect::<Vec<_>>()[..],
    ] {
        let o = address_capped(limit, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("the memory kernel needs") && err.contains("ulimit -v"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_run_inside_the_process_that_ends_past_its_timeout_is_never_a_row() {
    let _cores = real_work();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    // Six ticks of 300 ms on one core: 1.8 s, past the 1 s timeout even on
    // a CPU running 40 % faster than when calibrated, and inside the
    // watchdog's 2 s grace.
    let o = conpar()
        .args(["run", "two-tasks", "-s", "rayon", "-c", "1", "-r", "1"])
        .args(["--tick", "300ms", "--timeout", "1s", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("timeout"), "{err}");
    let rows = std::fs::read(&json)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .map(|d| d["workloads"].to_string())
        .unwrap_or_default();
    assert!(!rows.contains("\"strategy\":\"rayon\""), "{rows}");
}

#[test]
fn io_refuses_a_client_given_twice_and_a_target_beyond_loopback() {
    let _shared = shared();
    for (args, says) in [
        (
            &["io", "--clients", "blocking,blocking"][..],
            "`blocking` is given twice",
        ),
        (
            &["io", "--target", "192.0.2.1:9"][..],
            "not a loopback address",
        ),
        (&["io", "--target", "[2001:db8::1]:9"][..], "pass --public"),
    ] {
        let started = Instant::now();
        let o = conpar().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} ran first"
        );
    }
}
