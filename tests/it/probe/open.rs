//! The open loop (`--rate`, `--find-max`) against line-protocol servers
//! written here, on loopback: a fast one keeps the schedule; a serial one
//! that stalls once shows the correction for coordinated omission; one that
//! never answers times out; a serial one with a fixed service time has its
//! highest rate found near 1/S. Bounds are generous: the host is a noisy,
//! shared 2-core machine.

use super::{probe, text, url};
use crate::{conpar, real_work, shared};
use predicates::str::contains;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// How a test server answers its i-th request (from 0).
type Answer = Arc<dyn Fn(u64) -> Option<Duration> + Send + Sync>;

/// One line-protocol request: read the line, wait, answer PONG (or never).
fn serve(s: TcpStream, wait: Option<Duration>) {
    let mut line = String::new();
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if BufReader::new(&s).read_line(&mut line).is_err() {
        return;
    }
    match wait {
        Some(w) => {
            std::thread::sleep(w);
            let _ = (&s).write_all(b"PONG\n");
        }
        // Holds the connection open, unanswered, until the client leaves.
        None => std::thread::sleep(Duration::from_secs(30)),
    }
}

/// A conpar:// server on loopback for the rest of the test process: one
/// connection at a time (`serial`) or a thread each. Its port.
fn server(serial: bool, answer: Answer) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let count = AtomicU64::new(0);
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let wait = answer(count.fetch_add(1, Relaxed));
            if serial {
                serve(s, wait);
            } else {
                std::thread::spawn(move || serve(s, wait));
            }
        }
    });
    port
}

fn steps(doc: &Value) -> &Vec<Value> {
    doc["open"]["steps"].as_array().unwrap()
}

#[test]
fn a_fast_server_gets_the_rate_asked_without_timeouts() {
    let _s = shared();
    let port = server(false, Arc::new(|_| Some(Duration::ZERO)));
    let target = url("conpar", port, "");
    let (out, doc) = probe(
        &[&target, "--rate", "100,200", "-d", "1s", "-w", "200ms"],
        &[],
    );
    let doc = doc.unwrap_or_else(|| panic!("no document:\n{}", text(&out)));
    assert!(out.status.success(), "{}", text(&out));
    let s = steps(&doc);
    assert_eq!(s.len(), 2);
    for (st, asked) in s.iter().zip([100.0, 200.0]) {
        assert_eq!(st["asked"], asked);
        let achieved = st["achieved"].as_f64().unwrap();
        assert!(achieved > 0.7 * asked && achieved <= 1.01 * asked, "{st}");
        assert_eq!(st["timeouts"], 0, "{st}");
        assert_eq!(st["errors"], 0, "{st}");
        assert!(st["answered"].as_u64().unwrap() > 0, "{st}");
    }
    assert!(doc["levels"].as_array().unwrap().is_empty());
}

#[test]
fn a_stall_shows_in_the_corrected_percentiles_not_the_uncorrected() {
    let _s = real_work();
    // 1 ms a request, but the 150th stalls 200 ms: one request among the 251
    // sent (the preflight and 50 in the warm-up), as a closed loop of one client would see it.
    let stall = Duration::from_millis(200);
    let port = server(
        true,
        Arc::new(move |i| {
            Some(if i == 149 {
                stall
            } else {
                Duration::from_millis(1)
            })
        }),
    );
    let target = url("conpar", port, "");
    let args = [
        &target,
        "--rate",
        "100",
        "--max-in-flight",
        "1",
        "-d",
        "2s",
        "-w",
        "500ms",
    ];
    let (out, doc) = probe(&args, &[]);
    let doc = doc.unwrap_or_else(|| panic!("no document:\n{}", text(&out)));
    let st = &steps(&doc)[0];
    let corrected = st["corrected"]["p99"].as_f64().unwrap();
    let uncorrected = st["uncorrected"]["p99"].as_f64().unwrap();
    assert!(corrected >= stall.as_secs_f64() / 2.0, "{st}");
    assert!(uncorrected < corrected / 2.0, "{st}");
    // The stall is in the uncorrected maximum too: it was measured once.
    assert!(st["uncorrected"]["max"].as_f64().unwrap() >= 0.19, "{st}");
    let kinds: Vec<&str> = st["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"omission"), "{kinds:?}");
}

#[test]
fn a_server_that_never_answers_times_out_and_exits_3() {
    let _s = shared();
    // The first request (the probe's preflight) is answered, no other.
    let port = server(false, Arc::new(|i| (i == 0).then_some(Duration::ZERO)));
    let target = url("conpar", port, "");
    let args = [
        &target,
        "--rate",
        "20",
        "-d",
        "1s",
        "-w",
        "0",
        "--timeout",
        "300ms",
    ];
    let (out, doc) = probe(&args, &[]);
    let doc = doc.unwrap_or_else(|| panic!("no document:\n{}", text(&out)));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let st = &steps(&doc)[0];
    assert_eq!(st["answered"], 0, "{st}");
    let sent = st["sent"].as_u64().unwrap();
    assert!(sent >= 10, "{st}");
    assert_eq!(st["timeouts"].as_u64().unwrap(), sent, "{st}");
    // Censored at the deadline: at least 300 ms.
    assert!(st["uncorrected"]["p50"].as_f64().unwrap() >= 0.3, "{st}");
}

#[test]
fn find_max_lands_near_one_over_the_service_time() {
    let _s = real_work();
    // One worker, 20 ms a request: at most 50 a second.
    let port = server(true, Arc::new(|_| Some(Duration::from_millis(20))));
    let target = url("conpar", port, "");
    let args = [
        &target,
        "--find-max",
        "--slo",
        // p90, not p99: a hiccup of the busy host in one of a step's few
        // dozen requests is not the server's overload, which grows the
        // queue (and every later latency) by (rate − 50)/50 s a second.
        "p90=250ms",
        "-d",
        "1s",
        "-w",
        "300ms",
        "--timeout",
        "2s",
        "--find-budget",
        "90s",
    ];
    let started = std::time::Instant::now();
    let (out, doc) = probe(&args, &[]);
    let doc = doc.unwrap_or_else(|| panic!("no document:\n{}", text(&out)));
    assert!(out.status.success(), "{}", text(&out));
    assert!(started.elapsed() < Duration::from_secs(115));
    let f = &doc["open"]["find_max"];
    let (held, above) = (
        f["max_rate"].as_f64().unwrap(),
        f["above"].as_f64().unwrap(),
    );
    assert!((25.0..=100.0).contains(&held), "{f}");
    assert!(above > held && above <= 2.0 * 50.0 * 1.1, "{f}");
    assert!(f["rates"].as_array().unwrap().len() >= 4, "{f}");
    assert!(
        text(&out).contains("find-max: step 1 of at most"),
        "{}",
        text(&out)
    );
}

#[test]
fn bad_rates_and_objectives_exit_2_naming_the_value() {
    let _s = shared();
    let cases: [(&[&str], &str); 7] = [
        (&["--slo", "p99=5ms"], "accepted with --rate or --find-max"),
        (
            &["--find-max", "--slo", "p99=5ms", "--rate", "1,2"],
            "not a ladder",
        ),
        (&["--rate", "fast"], "`fast` is not a rate: accepted are"),
        (&["--rate", "0"], "`0` is not a rate"),
        (
            &["--find-max", "--slo", "p98=5ms"],
            "`p98` is not a percentile",
        ),
        (&["--find-max"], "--slo"),
        (&["--rate", "10", "--levels", "1,2"], "cannot be used with"),
    ];
    for (args, says) in cases {
        conpar()
            .arg("probe")
            .arg("conpar://127.0.0.1:9")
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(says));
    }
}
