//! Every request accounted for: a server that stops answering, one that
//! serves a single kept-alive connection while the other clients wait, and a
//! probe interrupted mid-sweep. None of them may read as a clean success.

use super::servers::{free_port, python};
use super::{probe_scripted, text, url};
use crate::real_work;
use serde_json::Value;
use std::time::{Duration, Instant};

fn level(doc: &Value, n: u64) -> &Value {
    doc["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["n"] == n)
        .unwrap_or_else(|| panic!("no level N = {n}: {doc}"))
}

#[test]
fn a_server_that_hangs_after_some_answers_counts_timeouts_and_exits_3() {
    let _real = real_work();
    let (out, doc) = probe_scripted(
        "hang-after-30",
        "1,2",
        ["300ms", "100ms"],
        &["--timeout", "5s"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(3), "{t}");
    let doc = doc.expect("a document");
    let (one, two) = (level(&doc, 1), level(&doc, 2));
    assert!(one["timeouts"].as_u64().unwrap() >= 1, "{doc}");
    assert_eq!(two["unanswered"], 2, "both clients wait: {doc}");
    assert!(two["timeouts"].as_u64().unwrap() >= 2, "{doc}");
    assert!(two["latency_s"]["max"].as_f64().unwrap() >= 5.0, "{doc}");
    assert!(t.contains("timed out"), "{t}");
}

#[test]
fn clients_a_single_threaded_keep_alive_server_never_answers_are_counted() {
    let _real = real_work();
    let (out, doc) = probe_scripted(
        "single-keepalive",
        "1,4",
        ["400ms", "100ms"],
        &["--timeout", "8s"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(3), "{t}");
    let doc = doc.expect("a document");
    let four = level(&doc, 4);
    assert_eq!(four["unanswered"], 3, "one client holds the server: {doc}");
    assert_eq!(four["timeouts"], 3, "{doc}");
    assert_eq!(four["censored"], 3, "{doc}");
    assert!(t.contains("≥"), "censored percentiles are marked: {t}");
}

#[test]
fn an_interrupted_probe_leaves_a_document_that_says_partial() {
    let _real = real_work();
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("probe.json");
    let target = url("http", port, "/");
    let exe = assert_cmd::cargo::cargo_bin("conpar");
    let mut cmd = std::process::Command::new(exe);
    cmd.args([
        "probe", &target, "--levels", "1,2,4,8", "-d", "1s", "-w", "100ms",
    ])
    .arg("--json")
    .arg(&json)
    .arg("--spawn")
    .arg("--")
    .args(python("threads-sleep", port))
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null());
    let mut probe = crate::KillOnDrop(cmd.spawn().unwrap());
    let end = Instant::now() + Duration::from_secs(60);
    while !json.exists() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(json.exists(), "no level finished within 60 s");
    // SAFETY: kill has no memory preconditions; the pid is our own child's.
    unsafe { libc::kill(probe.0.id() as i32, libc::SIGTERM) };
    let status = probe.0.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    let doc: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let partial = &doc["partial"];
    assert_eq!(partial["kind"], "interrupted", "{doc}");
    let saved = doc["levels"].as_array().unwrap().last().unwrap()["n"].clone();
    assert_eq!(partial["after_n"], saved, "{doc}");
    assert!(doc["levels"].as_array().unwrap().len() < 4, "{doc}");
}

#[test]
fn a_finished_probe_is_not_partial() {
    let _real = real_work();
    let (out, doc) = probe_scripted("threads-sleep", "1,2,4", ["300ms", "100ms"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(doc.expect("a document")["partial"], Value::Null);
}
