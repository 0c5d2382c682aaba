//! The probe's faults: a refused connection, garbage, TLS, endless answers,
//! a server that dies mid-probe, and usage errors. Each names the target and
//! says what went wrong; none hangs or grows without bound.

use super::servers::{free_port, liar};
use super::{probe, text, url};
use crate::{conpar, real_work, shared};
use predicates::str::contains;

#[test]
fn a_refused_connection_names_the_target() {
    let _s = shared();
    let port = free_port();
    let target = url("http", port, "/x");
    conpar()
        .args(["probe", &target])
        .assert()
        .code(1)
        .stderr(contains(format!("cannot connect to {target}")))
        .stderr(contains("refused"));
}

#[test]
fn garbage_and_tls_answers_are_named() {
    let _s = shared();
    let garbage = url("http", liar(b"lol what is this\r\n\r\n", None), "/");
    conpar()
        .args(["probe", &garbage])
        .assert()
        .code(1)
        .stderr(contains(format!(
            "{garbage} does not answer as an HTTP/1.1 server"
        )));
    // A TLS alert record (handshake failure), as a TLS port answers plain text.
    let tls = url(
        "http",
        liar(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28], None),
        "/",
    );
    conpar()
        .args(["probe", &tls])
        .assert()
        .code(1)
        .stderr(contains("speaks TLS"));
    let http_for_redis = url("redis", liar(b"HTTP/1.1 400 Bad Request\r\n\r\n", None), "");
    conpar()
        .args(["probe", &http_for_redis, "--command", "GET k"])
        .assert()
        .code(1)
        .stderr(contains("does not answer as a Redis server"))
        .stderr(contains("an HTTP response"));
}

#[test]
fn an_endless_answer_costs_bounded_memory() {
    use std::os::unix::process::CommandExt;
    let _s = shared();
    let cases = [
        (
            url(
                "http",
                liar(b"HTTP/1.1 200 OK\r\nX: ", Some(&[b'a'; 4096])),
                "/",
            ),
            "GET",
        ),
        (
            url(
                "http",
                liar(b"HTTP/1.1 200 OK\r\n\r\n", Some(&[b'a'; 4096])),
                "/",
            ),
            "GET",
        ),
        (url("redis", liar(b"+", Some(&[b'a'; 4096])), ""), "GET k"),
        (
            url("conpar", liar(b"DONE", Some(&[b'a'; 4096])), ""),
            "PING",
        ),
    ];
    for (target, command) in cases {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("conpar"));
        cmd.args([
            "probe",
            &target,
            "--command",
            command,
            "--max-response",
            "1M",
        ]);
        // 1 GiB of address space: an unbounded read of this endless answer
        // would exhaust it long before the 10 s timeout.
        // SAFETY: setrlimit is async-signal-safe and touches only the child.
        unsafe {
            cmd.pre_exec(|| {
                let lim = libc::rlimit {
                    rlim_cur: 1 << 30,
                    rlim_max: 1 << 30,
                };
                libc::setrlimit(libc::RLIMIT_AS, &lim);
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{target}: {t}");
        assert!(t.contains(&target), "{t}");
        assert!(
            t.contains("longer than") || t.contains("too large") || t.contains("not `DONE`"),
            "{target}: {t}"
        );
    }
}

#[test]
fn a_server_that_dies_mid_probe_leaves_a_partial_report() {
    let _real = real_work();
    let port = free_port();
    let exe = assert_cmd::cargo::cargo_bin("conpar");
    let mut server = crate::KillOnDrop(
        std::process::Command::new(&exe)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--quiet"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    let pid = server.0.id();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let _ = server.0.kill();
        let _ = server.0.wait();
    });
    let target = url("conpar", port, "");
    let pid_s = pid.to_string();
    let args = [
        target.as_str(),
        "--command",
        "WAIT 5000",
        "--levels",
        "1,2,4,8",
        "-d",
        "600ms",
        "-w",
        "100ms",
        "--pid",
        &pid_s,
        "--timeout",
        "1s",
    ];
    let (out, doc) = probe(&args, &[]);
    killer.join().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let doc = doc.expect("the levels completed are saved");
    let done = doc["levels"].as_array().unwrap().len();
    assert!((1..4).contains(&done), "{done} levels: {doc}");
    let partial = &doc["partial"];
    assert!(
        matches!(
            partial["kind"].as_str(),
            Some("level-failed" | "server-exited")
        ),
        "{partial}"
    );
    // The level that stopped is the one after the last saved.
    assert_eq!(partial["n"].as_u64(), Some([1, 2, 4, 8][done]), "{partial}");
    assert!(text(&out).contains("partial"));
}

#[test]
fn usage_errors_exit_2_and_say_what_is_accepted() {
    let _s = shared();
    let cases: [(&[&str], &str); 6] = [
        (&["http://10.0.0.1:80/"], "--public"),
        (&["https://127.0.0.1:443/"], "TLS is not spoken"),
        (
            &["http://127.0.0.1:80/", "--levels", "0"],
            "accepted are 1 to",
        ),
        (&["http://127.0.0.1:80/", "--spawn"], "SERVER_COMMAND"),
        (
            &[
                "http://127.0.0.1:80/",
                "--pid",
                "1",
                "--spawn",
                "--",
                "true",
            ],
            "cannot be used with",
        ),
        (
            &["http://127.0.0.1:80/", "-X", "G E T"],
            "not an HTTP method",
        ),
    ];
    for (args, says) in cases {
        conpar()
            .arg("probe")
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(says));
    }
}
