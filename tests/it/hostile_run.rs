//! Hostile input to the measuring commands and the console: escape sequences
//! in workload and calibration strings and in paths, a closed standard
//! error, signals in the middle of a write, colliding outputs (what fails
//! or is limited while measuring is in `hostile_limits.rs`).

use crate::{conpar, real_work, shared};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

/// A terminal title, a bell and red text.
const EVIL: &str = "evil\u{1b}]0;PWNED\u{7}\u{1b}[31mRED";

/// A tiny workload named, described and with a task named [`EVIL`].
fn evil_workload(dir: &Path) -> std::path::PathBuf {
    let evil = "evil\\u001b]0;PWNED\\u0007\\u001b[31mRED";
    let text = format!(
        "name = \"{evil}\"\ndescription = \"{evil}\"\ntick = \"1ms\"\nkernel = \"spin\"\n\
         [[task]]\nname = \"{evil}\"\nsteps = [\"cpu 2\"]\n\
         [[task]]\nname = \"B\"\nsteps = [\"cpu 2\"]\n"
    );
    let path = dir.join("evil.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Panics when `bytes` (what `what` printed) hold an ESC or a BEL.
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
        "{what} printed a raw escape sequence:\n{}",
        String::from_utf8_lossy(bytes)
    );
    assert!(
        String::from_utf8_lossy(bytes).contains("\\u{1b}"),
        "{what} did not show the escaped name"
    );
}

#[test]
fn escape_sequences_from_workloads_calibrations_and_paths_never_reach_the_terminal() {
    let _cores = real_work();
    let dir = tempfile::tempdir().unwrap();
    let w = evil_workload(dir.path());
    let w = w.to_str().unwrap();
    let mut cal: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/measurements/xeon-16cpu/calibrate.json"
        ))
        .unwrap(),
    )
    .unwrap();
    cal["host"]["hostname"] = EVIL.into();
    let cal_path = dir.path().join("cal.json");
    std::fs::write(&cal_path, cal.to_string()).unwrap();
    let json = dir.path().join("x\u{1b}[31m.json");
    let model = conpar()
        .args(["model", w, "-c", "1,2", "--calibration"])
        .arg(&cal_path)
        .output()
        .unwrap();
    assert!(model.status.success(), "{model:?}");
    assert_no_raw_controls("model", &[model.stdout, model.stderr].concat());
    let run = conpar()
        .args(["run", w, "-s", "threads,processes", "-c", "1", "-r", "1"])
        .args(["--gantt", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    assert_no_raw_controls("run", &[run.stdout, run.stderr].concat());
    assert!(
        json.exists(),
        "the results are written under the name given"
    );
    // A run past its timeout: the watchdog's message names the workload.
    let slow = dir.path().join("slow.toml");
    let text = std::fs::read_to_string(w)
        .unwrap()
        .replace("cpu 2", "cpu 5000");
    std::fs::write(&slow, text).unwrap();
    let stopped = conpar()
        .args([
            "run",
            "-s",
            "threads",
            "-c",
            "1",
            "-r",
            "1",
            "--timeout",
            "1ms",
        ])
        .arg(&slow)
        .output()
        .unwrap();
    assert_eq!(stopped.status.code(), Some(124), "{stopped:?}");
    assert_no_raw_controls("the watchdog", &stopped.stderr);
}

/// `cmd` run with its standard error a pipe nobody reads (closed at once).
fn with_closed_stderr(cmd: &mut Command) -> std::process::Output {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: fds is a valid out-array of two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors are ours; the read end is closed at once.
    unsafe { libc::close(fds[0]) };
    let write_end = unsafe { std::fs::File::from_raw_fd(fds[1]) };
    cmd.stderr(Stdio::from(write_end))
        .stdout(Stdio::piped())
        .env(crate::UNWRAPPED.0, crate::UNWRAPPED.1)
        .output()
        .unwrap()
}

#[test]
fn a_closed_standard_error_ends_nothing_and_keeps_the_results() {
    let _cores = real_work();
    let dir = tempfile::tempdir().unwrap();
    let (r, s) = (dir.path().join("r.json"), dir.path().join("s.json"));
    let run = with_closed_stderr(
        Command::new(EXE)
            .args(["run", "two-tasks", "-s", "threads,rayon", "-c", "1,2"])
            .args(["-r", "1", "--tick", "1ms", "--oversubscribe", "--json"])
            .arg(&r),
    );
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert!(r.exists(), "run wrote no JSON");
    let scale = with_closed_stderr(
        Command::new(EXE)
            .args([
                "scale",
                "--threads",
                "1,2",
                "--min-runs",
                "1",
                "--max-runs",
                "1",
            ])
            .arg("--json")
            .arg(&s)
            .args(["--", "true"]),
    );
    assert_eq!(scale.status.code(), Some(0), "{scale:?}");
    assert!(s.exists(), "scale wrote no JSON");
}

/// Temporary result files left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".conpar-"))
        .collect()
}

#[test]
fn an_interrupt_while_a_large_result_is_written_leaves_no_temporary_file() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    // Round-robin on one core: 800,000 slices, tens of megabytes of JSON.
    let w = dir.path().join("big.toml");
    std::fs::write(
        &w,
        "name = \"big\"\ntick = \"1ms\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 400000\"]\n\
         [[task]]\nname = \"B\"\nsteps = [\"cpu 400000\"]\n",
    )
    .unwrap();
    let out = dir.path().join("big.json");
    let mut child = crate::KillOnDrop(
        Command::new(EXE)
            .args(["model", "-d", "round-robin", "--json"])
            .arg(&out)
            .arg(&w)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    while leftovers(dir.path()).iter().all(|n| !n.ends_with(".tmp")) {
        assert!(child.0.try_wait().unwrap().is_none(), "finished unseen");
        assert!(start.elapsed() < Duration::from_secs(60), "no write began");
        std::thread::sleep(Duration::from_millis(1));
    }
    // SAFETY: kill has no memory preconditions.
    unsafe { libc::kill(child.0.id() as i32, libc::SIGINT) };
    let status = child.0.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    assert!(
        !out.exists(),
        "a half-written result was renamed over the target"
    );
}

#[test]
fn serve_stopped_by_a_signal_says_nothing_of_result_files() {
    use std::io::{BufRead, BufReader, Read};
    let _shared = shared();
    let mut child = crate::KillOnDrop(
        Command::new(EXE)
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("listening on"), "{line}");
    // SAFETY: kill has no memory preconditions.
    unsafe { libc::kill(child.0.id() as i32, libc::SIGTERM) };
    let status = child.0.wait().unwrap();
    let mut err = String::new();
    child
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(128 + libc::SIGTERM), "{err}");
    assert!(err.contains("stopped"), "{err}");
    assert!(!err.contains("result file"), "{err}");
}

#[test]
fn a_result_file_and_the_report_directory_of_one_name_are_refused_before_any_work() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let rep = dir.path().join("rep");
    for (cmd, flag) in [
        (
            &["run", "two-tasks", "-s", "threads", "-c", "1", "-r", "1"][..],
            "--json",
        ),
        (
            &["run", "two-tasks", "-s", "threads", "-c", "1", "-r", "1"][..],
            "--csv",
        ),
        (&["model", "two-tasks"][..], "--json"),
    ] {
        let started = Instant::now();
        let o = conpar()
            .args(cmd)
            .arg(flag)
            .arg(&rep)
            .arg("--report")
            .arg(&rep)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd:?} {flag}: {err}");
        assert!(
            err.contains(&format!("{flag} and --report both name")),
            "{err}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{cmd:?} ran first"
        );
        assert!(!rep.exists(), "{cmd:?} {flag} wrote something");
    }
}
