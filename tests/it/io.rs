//! `conpar io` and `conpar serve`: real loopback sockets, the server's life
//! tied to the run's, and failures counted rather than hung on.

use crate::{KillOnDrop, children_of, conpar, real_work};
use predicates::str::contains;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn gone(pid: u32) -> bool {
    // Gone, or a zombie waiting for a parent that is not us.
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| s.contains(") Z "))
}

fn wait_until(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn io_runs_and_reports_json() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("io.json");
    conpar()
        .args([
            "io",
            "-k",
            "20",
            "--latency",
            "5ms",
            "--clients",
            "blocking,event-loop,blocking-pool",
            "-r",
            "1",
            "--threads",
            "4",
        ])
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(contains("sooner than one blocking thread"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        for k in [
            "client",
            "requests",
            "errors",
            "cpu_s",
            "latency_s",
            "measured",
            "predicted",
            "error",
        ] {
            assert!(r.get(k).is_some(), "row lacks {k}");
        }
        for k in ["wall_s", "blocked_core_s", "cpu_time_s", "p50_s", "p99_s"] {
            assert!(r["measured"].get(k).is_some(), "measured lacks {k}");
        }
        assert_eq!(r["errors"], 0);
        // Generous: 20 requests of 5 ms, one after another, take about 0.1 s.
        assert!(r["measured"]["wall_s"]["median"].as_f64().unwrap() < 5.0);
    }
    let blocking = &rows[0]["measured"];
    let event = &rows[1]["measured"];
    assert!(
        blocking["blocked_core_s"].as_f64().unwrap() > 0.05,
        "a blocking thread waits about 20 × 5 ms"
    );
    assert_eq!(event["blocked_core_s"].as_f64().unwrap(), 0.0);
}

#[test]
fn the_server_is_gone_after_io_exits_even_when_interrupted() {
    let _real = real_work();
    for interrupt in [false, true] {
        let mut child = KillOnDrop(
            Command::new(env!("CARGO_BIN_EXE_conpar"))
                .args([
                    "io",
                    "-k",
                    "10",
                    "--latency",
                    "50ms",
                    "--clients",
                    "blocking",
                    "-r",
                    "3",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let mut server = None;
        wait_until("the delay server to start", 30, || {
            server = children_of(child.0.id()).into_iter().find(|k| {
                std::fs::read_to_string(format!("/proc/{k}/cmdline"))
                    .is_ok_and(|c| c.contains("serve"))
            });
            server.is_some()
        });
        let server = server.unwrap();
        if interrupt {
            std::thread::sleep(Duration::from_millis(300));
            // SAFETY: signalling the child we started.
            unsafe { libc::kill(child.0.id() as i32, libc::SIGINT) };
        }
        let status = child.0.wait().unwrap();
        assert_eq!(status.success(), !interrupt, "{status:?}");
        wait_until("the delay server to exit", 10, || gone(server));
    }
}

#[test]
fn an_unreachable_target_is_a_clear_error() {
    let _shared = crate::shared();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    conpar()
        .args([
            "io",
            "--target",
            &format!("127.0.0.1:{port}"),
            "--timeout",
            "1s",
        ])
        .assert()
        .failure()
        .stderr(contains(format!(
            "cannot reach the delay server at 127.0.0.1:{port}"
        )));
}

#[test]
fn a_stalled_server_makes_requests_time_out_and_be_counted() {
    let _real = real_work();
    // Answers PING, then never answers a WAIT.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            let _ = r.read_line(&mut line);
            if line.starts_with("PING") {
                let mut s = s;
                let _ = s.write_all(b"PONG\n");
            } else {
                held.push(s);
            }
        }
    });
    let start = Instant::now();
    conpar()
        .args([
            "io",
            "--target",
            &addr.to_string(),
            "--timeout",
            "200ms",
            "-k",
            "3",
            "--clients",
            "blocking,event-loop",
            "-r",
            "1",
        ])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(3)
        .stderr(contains("failed; see the errors column"))
        .stdout(
            contains("timed out")
                .or(contains("Resource temporarily unavailable"))
                .or(contains("would block")),
        );
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn serve_refuses_a_public_address_without_saying_so() {
    let _shared = crate::shared();
    conpar()
        .args(["serve", "--bind", "0.0.0.0:0"])
        .assert()
        .failure()
        .stderr(contains("not a loopback address"));
}

#[test]
fn io_refuses_what_cannot_fit() {
    let _shared = crate::shared();
    conpar()
        .args(["io", "-k", "5000", "--clients", "thread-per-request"])
        .assert()
        .failure()
        .stderr(contains("at most 4096"));
    conpar()
        .args(["io", "-k", "0"])
        .assert()
        .failure()
        .stderr(contains("accepted are 1 to 20000"));
    conpar()
        .args(["io", "--clients", "fibers"])
        .assert()
        .failure()
        .code(2)
        .stderr(contains("'fibers'").and(contains("possible values")));
}

use predicates::prelude::PredicateBooleanExt;
