//! What the probe refuses to claim: a `--pid` that is not the server, and a
//! verdict from too few levels to see a shape.

use super::{probe_scripted, text, url};
use crate::{conpar, real_work, shared};

#[test]
fn a_pid_that_does_not_own_the_port_is_refused_naming_the_owner() {
    let _s = shared();
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let target = url("http", port, "/");
    let mut other = crate::KillOnDrop(
        std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap(),
    );
    let pid = other.0.id().to_string();
    let out = conpar()
        .args(["probe", &target, "--pid", &pid])
        .output()
        .unwrap();
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains(&format!("--pid {pid}")), "{t}");
    assert!(
        t.contains("does not own the socket listening on port"),
        "{t}"
    );
    assert!(
        t.contains(&format!("pid {} (", std::process::id())),
        "the owner is named: {t}"
    );
    for pid in ["1", &pid] {
        let out = conpar()
            .args(["probe", &target, "--pid", pid])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    }
    let _ = other.0.kill();
    drop(l);
    let out = conpar()
        .args(["probe", &target, "--pid", &std::process::id().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("nothing on this host listens"),
        "{}",
        text(&out)
    );
}

#[test]
fn one_level_cannot_tell() {
    let _real = real_work();
    let (out, doc) = probe_scripted("threads-sleep", "1", ["300ms", "100ms"], &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let v = &doc.expect("a document")["analysis"]["verdict"];
    assert_eq!(v["finding"], "cannot-tell", "{t}");
    assert_eq!(v["levels_needed"], 3, "{v}");
    assert_eq!(v["reason"]["kind"], "too-few-levels", "{v}");
    assert_eq!(v["reason"]["ns"], serde_json::json!([1]), "{v}");
}

#[test]
fn a_backlog_of_one_with_a_connection_per_request_shows_overflows() {
    let _real = real_work();
    let (out, doc) = probe_scripted("backlog-1", "1,4,16", ["1s", "200ms"], &[]);
    let t = text(&out);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{t}");
    let doc = doc.expect("a document");
    let levels = doc["levels"].as_array().unwrap();
    let overflows: u64 = levels
        .iter()
        .map(|l| l["kernel"]["listen_overflows"].as_u64().unwrap())
        .sum();
    assert!(overflows > 0, "{t}");
    let last = levels.last().unwrap();
    assert!(
        last["connects"].as_u64() >= last["requests"].as_u64(),
        "{last}"
    );
    assert!(
        last["kernel"]["accept_queue_max"].as_u64().unwrap() >= 1,
        "{last}"
    );
    let v = &doc["analysis"]["verdict"];
    assert_eq!(v["limit"]["kind"], "backlog", "{t}");
    assert!(v["limit"]["overflows"].as_u64().unwrap() > 0, "{v}");
}
