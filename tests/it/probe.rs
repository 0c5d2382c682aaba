//! `conpar probe` against real servers the tests start on loopback, each
//! judged as a person would name it: Python's blocking HTTPServer serial, its
//! ThreadingHTTPServer concurrent (sleeping) or one core (the GIL), Redis one
//! event loop, nginx parallel with two workers and one core with one, and
//! conpar's own delay server concurrent. Then the faults: refused, garbage,
//! TLS, endless answers, a server dying mid-probe, and usage errors.
//!
//! The levels are short and the bounds generous: this machine's two cores are
//! shared, and the probe's own client runs on them too.

mod accounting;
mod faults;
mod findings;
mod open;
mod report;
mod servers;
mod upgrade;

use crate::{conpar, real_work};
use serde_json::Value;
use servers::{free_port, need, nginx, python, redis, wait_for_quiet};
use std::process::Output;

/// Runs `conpar probe ARGS --json FILE`; the output and the document.
fn probe(args: &[&str], spawn: &[String]) -> (Output, Option<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("probe.json");
    let mut cmd = conpar();
    cmd.arg("probe").args(args).arg("--json").arg(&json);
    if !spawn.is_empty() {
        cmd.arg("--spawn").arg("--").args(spawn);
    }
    let out = cmd
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let doc = std::fs::read(&json)
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap());
    (out, doc)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Whether some level saw the host's CPUs full (another program took them).
fn host_was_full(doc: &Value) -> bool {
    doc["levels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["host_idle_cores"].as_f64().is_some_and(|i| i < 0.3))
}

/// Attempts at a timed probe on a busy host.
const ATTEMPTS: usize = 4;

/// Probes until the finding is `want`; tries again (at most `ATTEMPTS` in
/// all, each after waiting for the host to quieten) only when the host's CPUs
/// were full, which says nothing about the server.
fn expect(args: &[&str], spawn: impl Fn() -> Vec<String>, want: &str) -> Value {
    for attempt in 1..=ATTEMPTS {
        wait_for_quiet(std::time::Duration::from_secs(30));
        let (out, doc) = probe(args, &spawn());
        let doc = doc.unwrap_or_else(|| panic!("no document:\n{}", text(&out)));
        assert!(out.status.success(), "{}", text(&out));
        let v = &doc["analysis"]["verdict"];
        if v["finding"] == want {
            return doc;
        }
        assert!(
            attempt < ATTEMPTS && host_was_full(&doc),
            "wanted {want}, got {}:\n{}",
            v["finding"],
            text(&out)
        );
        eprintln!("the host was busy (attempt {attempt}); probing again");
    }
    unreachable!()
}

fn cores(doc: &Value) -> f64 {
    doc["analysis"]["verdict"]["effective_cores"]
        .as_f64()
        .unwrap()
}

/// Probes a scripted Python server (`mode` of scripts/probe_server.py) on a
/// free port at `levels`, each `-d duration` after `-w warmup`, with `more`
/// flags.
fn probe_scripted(
    mode: &str,
    levels: &str,
    timing: [&str; 2],
    more: &[&str],
) -> (Output, Option<Value>) {
    let port = free_port();
    let target = url("http", port, "/");
    let mut args = vec![
        target.as_str(),
        "--levels",
        levels,
        "-d",
        timing[0],
        "-w",
        timing[1],
    ];
    args.extend(more);
    probe(&args, &python(mode, port))
}

fn url(scheme: &str, port: u16, path: &str) -> String {
    format!("{scheme}://127.0.0.1:{port}{path}")
}

const SHORT: [&str; 4] = ["-d", "600ms", "-w", "150ms"];

#[test]
fn python_http_server_is_serial() {
    let _real = real_work();
    let port = free_port();
    let target = url("http", port, "/");
    let mut args = vec![target.as_str(), "--levels", "1,2,4"];
    args.extend(SHORT);
    let doc = expect(&args, || python("serial-sleep", port), "serial");
    let l = doc["levels"].as_array().unwrap();
    let (x1, x4) = (
        l[0]["throughput"].as_f64().unwrap(),
        l[2]["throughput"].as_f64().unwrap(),
    );
    assert!(x4 < 1.5 * x1, "X(4) {x4} against X(1) {x1}");
    let (r1, r4) = (
        l[0]["latency_s"]["mean"].as_f64().unwrap(),
        l[2]["latency_s"]["mean"].as_f64().unwrap(),
    );
    assert!(r4 > 2.5 * r1, "latency grows as N·S: {r1} then {r4}");
}

#[test]
fn python_threading_server_that_sleeps_is_concurrent() {
    let _real = real_work();
    let port = free_port();
    let target = url("http", port, "/");
    let mut args = vec![target.as_str(), "--levels", "1,4,16"];
    args.extend(SHORT);
    let doc = expect(&args, || python("threads-sleep", port), "concurrent");
    assert!(cores(&doc) < 0.5, "{doc}");
}

#[test]
fn python_threading_server_that_computes_is_one_core() {
    let _real = real_work();
    let port = free_port();
    let target = url("http", port, "/");
    let args = [
        target.as_str(),
        "--levels",
        "1,2,4,8",
        "-d",
        "1s",
        "-w",
        "200ms",
    ];
    let doc = expect(&args, || python("threads-cpu", port), "one-core");
    let c = cores(&doc);
    assert!((0.5..1.4).contains(&c), "the GIL: about one core, got {c}");
}

#[test]
fn redis_get_is_one_event_loop() {
    need("redis-server", "redis-server");
    let _real = real_work();
    let port = free_port();
    let target = url("redis", port, "");
    let mut args = vec![
        target.as_str(),
        "--command",
        "GET k",
        "--levels",
        "1,4,16,64",
    ];
    args.extend(SHORT);
    let doc = expect(&args, || redis(port), "one-core");
    let v = &doc["analysis"]["verdict"];
    assert_eq!(v["reason"]["kind"], "one-thread", "{v}");
    let top = doc["levels"].as_array().unwrap().last().unwrap()["server"].clone();
    let (all, one) = (
        top["cores"].as_f64().unwrap(),
        top["busiest_thread_cores"].as_f64().unwrap(),
    );
    assert!(
        one >= 0.8 * all && all <= 1.2,
        "one thread does the work: {top}"
    );
}

#[test]
fn nginx_compressing_with_two_workers_is_parallel() {
    need("nginx", "nginx-light");
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let target = url("http", port, "/big.txt");
    let args = [
        target.as_str(),
        "-H",
        "Accept-Encoding: gzip",
        "--levels",
        "1,4,8",
        "-d",
        "1500ms",
        "-w",
        "300ms",
    ];
    let doc = expect(&args, || nginx(dir.path(), port, "2"), "parallel");
    // Used, or wanted when another program held a core.
    let wanted = doc["analysis"]["verdict"]["wanted_cores"].as_f64().unwrap();
    assert!(
        cores(&doc).max(wanted) > 1.4,
        "about two cores: {}",
        doc["analysis"]["verdict"]
    );
}

#[test]
fn nginx_compressing_with_one_worker_is_one_core() {
    need("nginx", "nginx-light");
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let target = url("http", port, "/big.txt");
    let args = [
        target.as_str(),
        "-H",
        "Accept-Encoding: gzip",
        "--levels",
        "1,2,4",
        "-d",
        "1s",
        "-w",
        "300ms",
    ];
    let doc = expect(&args, || nginx(dir.path(), port, "1"), "one-core");
    let c = cores(&doc);
    assert!(
        (0.5..1.3).contains(&c),
        "one worker: about one core, got {c}"
    );
}

#[test]
fn conpar_delay_server_is_concurrent_and_reported() {
    let _real = real_work();
    let port = free_port();
    let target = url("conpar", port, "");
    let exe = assert_cmd::cargo::cargo_bin("conpar").display().to_string();
    let serve = || {
        vec![
            exe.clone(),
            "serve".into(),
            "--bind".into(),
            format!("127.0.0.1:{port}"),
        ]
    };
    let mut args = vec![
        target.as_str(),
        "--command",
        "WAIT 20000",
        "--levels",
        "1,4,16",
    ];
    args.extend(SHORT);
    let doc = expect(&args, serve, "concurrent");
    assert_eq!(doc["kind"], "probe");
    assert_eq!(doc["protocol"], "conpar");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    conpar()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r/index.html")).unwrap();
    assert!(html.contains("Probed servers"), "{html}");
    // The verdict is on the page once, as the terminal says it.
    assert_eq!(html.matches("verdict: concurrent").count(), 1, "{html}");
    assert!(
        dir.path()
            .join("r")
            .read_dir()
            .unwrap()
            .flatten()
            .any(|e| { e.file_name().to_string_lossy().starts_with("probe-") })
    );
}
