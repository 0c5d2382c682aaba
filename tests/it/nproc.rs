//! A user's process limit: every command that starts threads or processes
//! reports a low `ulimit -u` as an error or a note, never a panic.

use crate::real_work;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

/// Runs `program` as a user id of its own, so that only its own processes
/// count, under a limit of `nproc` processes and threads (`ulimit -u`). Root
/// ignores the limit, so the child drops root between fork and exec.
fn under_nproc_limit(nproc: u64, program: &Path, args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    assert!(
        root,
        "this test must run as root: it drops to a fresh user id"
    );
    let uid = 60_000 + (std::process::id() % 1_000) * 8 + NEXT.fetch_add(1, Ordering::Relaxed) % 8;
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(program.parent().unwrap());
    cmd.env_remove("RUST_BACKTRACE");
    // SAFETY: between fork and exec the hook makes system calls only.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: nproc,
                rlim_max: nproc,
            };
            if libc::setrlimit(libc::RLIMIT_NPROC, &lim) != 0
                || libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(uid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    assert_cmd::Command::from_std(cmd)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

/// The conpar binary where an unprivileged user can run it.
fn exe_for_anyone() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("conpar");
    std::fs::copy(EXE, &exe).unwrap();
    for p in [dir.path(), exe.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

fn no_panic(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{:?}: {err}", out.status);
    assert_ne!(out.status.code(), Some(101), "{err}");
    err
}

#[test]
fn a_low_process_limit_is_an_error_or_a_note_never_a_panic() {
    let _real = real_work();
    let dir = exe_for_anyone();
    // The limit must really bite, or this test would prove nothing.
    let sh = under_nproc_limit(1, Path::new("/bin/sh"), &["-c", "/bin/true & wait"]);
    assert!(!sh.status.success(), "a fork under `ulimit -u 1` succeeded");
    let exe = dir.path().join("conpar");
    let run = [
        "run",
        "two-tasks",
        "-s",
        "threads,processes",
        "-c",
        "1",
        "-r",
        "1",
        "--tick",
        "1ms",
    ];
    // Room for every probe and strategy, one after another.
    let out = under_nproc_limit(6, &exe, &run);
    let err = no_panic(&out);
    assert!(out.status.success(), "{err}");
    // Too little room for the threads strategy: an error that says so.
    let out = under_nproc_limit(3, &exe, &run);
    let err = no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("threads: could not start"), "{err}");
    // No room for any probe's threads: those overheads are left unmeasured.
    let out = under_nproc_limit(2, &exe, &["calibrate", "--json", "-"]);
    let err = no_panic(&out);
    assert!(out.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let oh = &v["overheads_ns"];
    assert!(oh.get("pool_dispatch").is_none(), "{oh}");
    assert!(oh.get("tokio_spawn").is_none(), "{oh}");
    let notes = oh["unmeasured"].to_string();
    assert!(
        notes.contains("pool_dispatch: unmeasured: could not start"),
        "{notes}"
    );
    assert!(notes.contains("tokio_spawn: unmeasured"), "{notes}");
}
