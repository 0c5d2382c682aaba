//! Faults injected for real: runs that never end, interruptions, unwritable
//! or special output paths, exhausted descriptors, a server that dies, two
//! runs racing for one result file, a worker killed under --keep-going
//! (a user's process limit is in `nproc.rs`).

use crate::{KillOnDrop, conpar, lasting_worker, real_work};
use predicates::str::contains;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

use crate::wait_for;

#[test]
fn a_task_that_never_finishes_is_bounded_by_the_timeout() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let wl = dir.path().join("forever.toml");
    // 100 ticks of 10 s: far past any timeout.
    std::fs::write(
        &wl,
        "tick = \"10s\"\n[[task]]\nname = \"forever\"\nsteps = [\"cpu 100\"]\n",
    )
    .unwrap();
    let start = Instant::now();
    conpar()
        .arg("run")
        .arg(&wl)
        .args(["-s", "rayon", "-c", "1", "--timeout", "1s"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(124)
        .stderr(contains("ran past the --timeout of 1.00s"));
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn sigint_keeps_every_finished_row_as_valid_json() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let mut child = KillOnDrop(
        Command::new(EXE)
            .args([
                "run",
                "even",
                "-s",
                "rayon,tokio,interleave",
                "-r",
                "3",
                "--tick",
                "5ms",
                "--json",
            ])
            .arg(&json)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    wait_for("the first row on disk", 60, || json.exists());
    // SAFETY: signalling the child we started.
    unsafe { libc::kill(child.0.id() as i32, libc::SIGINT) };
    let status = child.0.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = v["workloads"][0]["rows"].as_array().unwrap();
    assert!(!rows.is_empty() && rows.len() < 6, "{} rows", rows.len());
    // No temporary file is left beside the result, and no worker.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn special_and_missing_output_paths_are_refused_before_any_work() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    conpar()
        .args(["run", "even", "--json"])
        .arg(&fifo)
        .assert()
        .failure()
        .stderr(contains("exists and is not a regular file"));
    conpar()
        .args(["run", "even", "--csv"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(contains("is a directory"));
    // Refused at once: no calibration, no run.
    assert!(start.elapsed() < Duration::from_secs(5));
    // An earlier result is not touched by a refused run.
    let earlier = dir.path().join("earlier.json");
    std::fs::write(&earlier, "{\"kept\": true}").unwrap();
    conpar()
        .args(["run", "even", "--cores", "0", "--json"])
        .arg(&earlier)
        .assert()
        .failure();
    assert_eq!(
        std::fs::read_to_string(&earlier).unwrap(),
        "{\"kept\": true}"
    );
}

#[test]
fn exhausted_descriptors_are_reported_with_the_numbers() {
    let _shared = crate::shared();
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n 64 && exec {EXE} io -k 200 --clients event-loop"))
        .output()
        .map(|out| {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success());
            assert!(err.contains("200 requests in flight need about 264 file descriptors; this process may open 64"), "{err}");
        })
        .unwrap();
}

#[test]
fn a_server_killed_mid_run_fails_requests_that_are_counted() {
    let _real = real_work();
    let mut server = KillOnDrop(
        Command::new(EXE)
            .args(["serve", "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.0.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let mut io = KillOnDrop(
        Command::new(EXE)
            .args([
                "io",
                "--target",
                &addr,
                "-k",
                "20",
                "--latency",
                "100ms",
                "--clients",
                "blocking",
                "-r",
                "2",
                "--timeout",
                "2s",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Calibration takes about 1.5 s; the runs 2 s each. Kill the server in the middle.
    std::thread::sleep(Duration::from_millis(2500));
    let _ = server.0.kill();
    let start = Instant::now();
    let out = io.0.wait_with_output_bounded(Duration::from_secs(60));
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(out.0, Some(3), "exit status");
    assert!(out.1.contains("first failed request"), "{}", out.1);
}

trait Bounded {
    fn wait_with_output_bounded(&mut self, limit: Duration) -> (Option<i32>, String);
}

impl Bounded for std::process::Child {
    fn wait_with_output_bounded(&mut self, limit: Duration) -> (Option<i32>, String) {
        let mut stdout = self.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
            s
        });
        let end = Instant::now() + limit;
        let status = loop {
            if let Some(st) = self.try_wait().unwrap() {
                break st;
            }
            if Instant::now() > end {
                let _ = self.kill();
                break self.wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        (status.code(), reader.join().unwrap())
    }
}

#[test]
fn two_runs_writing_one_file_leave_one_complete_result() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("same.json");
    let spawn = |strategy: &str| {
        KillOnDrop(
            Command::new(EXE)
                .args([
                    "run",
                    "two-tasks",
                    "-s",
                    strategy,
                    "-c",
                    "1",
                    "-r",
                    "2",
                    "--tick",
                    "1ms",
                    "--json",
                ])
                .arg(&json)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        )
    };
    let (mut a, mut b) = (spawn("rayon"), spawn("tokio"));
    assert!(a.0.wait().unwrap().success() && b.0.wait().unwrap().success());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = v["workloads"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert!(["rayon", "tokio"].contains(&rows[0]["strategy"].as_str().unwrap()));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "a temporary file was left"
    );
}

#[test]
fn keep_going_reports_a_lost_worker_and_runs_the_rest() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let wl = dir.path().join("long.toml");
    let json = dir.path().join("r.json");
    std::fs::write(
        &wl,
        "tick = \"10ms\"\n[[task]]\nname = \"slow\"\nsteps = [\"cpu 150\"]\n",
    )
    .unwrap();
    let mut run = KillOnDrop(
        Command::new(EXE)
            .arg("run")
            .arg(&wl)
            .args([
                "-s",
                "processes,rayon",
                "-c",
                "1",
                "-r",
                "1",
                "--keep-going",
                "--json",
            ])
            .arg(&json)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let worker = lasting_worker(run.0.id(), Duration::from_secs(90));
    // SAFETY: signalling a process id we just read.
    unsafe { libc::kill(worker as i32, libc::SIGKILL) };
    let status = run.0.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(run.0.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(
        err.contains("going on: --keep-going") && err.contains("task `slow`"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let strategies: Vec<&str> = v["workloads"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(strategies, ["rayon"]);
    assert_eq!(v["workloads"][0]["failures"].as_array().unwrap().len(), 1);
}
