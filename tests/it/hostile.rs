//! Hostile inputs and peers: files that never end, servers that dribble or
//! do not wait, clients that leave, workloads with nothing to speed up,
//! schedules too large to hold, and conpar killed outright. Each test bounds
//! its own time and, where a regression could eat memory, the child's memory.

use crate::{KillOnDrop, children_of, conpar, real_work, shared};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

/// conpar with `args`, its address space capped at 1 GiB, so a regression
/// that reads or allocates without bound fails fast instead of loading the
/// machine.
fn capped(args: &[&str]) -> assert_cmd::Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(EXE);
    cmd.args(args).env(crate::UNWRAPPED.0, crate::UNWRAPPED.1);
    // SAFETY: between fork and exec the closure makes one system call.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 1 << 30,
                rlim_max: 1 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    assert_cmd::Command::from_std(cmd)
}

use crate::wait_for;

#[test]
fn model_refuses_devices_and_fifos_at_once() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("w.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap();
    for (path, kind) in [
        ("/dev/zero", "a character device"),
        ("/dev/urandom", "a character device"),
        (fifo, "a FIFO"),
    ] {
        let start = Instant::now();
        capped(&["model", path])
            .timeout(Duration::from_secs(20))
            .assert()
            .failure()
            .stderr(contains(format!(
                "{path} is {kind}; only a regular file is accepted"
            )));
        assert!(start.elapsed() < Duration::from_secs(10), "{path}");
    }
}

/// A conpar-protocol lookalike on 127.0.0.1 that answers PING properly and
/// hands every other request to `answer`; it stops accepting when dropped,
/// or after two minutes.
struct FakeServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl FakeServer {
    fn start(answer: fn(TcpStream)) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            let end = Instant::now() + Duration::from_secs(120);
            while !stopped.load(Ordering::Relaxed) && Instant::now() < end {
                let Ok((s, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                std::thread::spawn(move || {
                    let _ = s.set_nonblocking(false);
                    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                    let _ = s.set_write_timeout(Some(Duration::from_secs(5)));
                    let mut line = String::new();
                    let _ = BufReader::new(&s).take(64).read_line(&mut line);
                    if line.starts_with("PING") {
                        let _ = (&s).write_all(b"PONG\n");
                    } else {
                        answer(s);
                    }
                });
            }
        });
        FakeServer { addr, stop }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[test]
fn a_dribbling_server_cannot_stretch_a_request_past_its_deadline() {
    let _real = real_work();
    // One byte every half second, up to 64: each read sees data well within
    // a 1 s timeout, so only a deadline for the whole request ends it.
    let server = FakeServer::start(|mut s| {
        for _ in 0..64 {
            std::thread::sleep(Duration::from_millis(500));
            if s.write_all(b" ").is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    conpar()
        .args(["io", "--target", &server.addr.to_string()])
        .args(["--timeout", "1s", "--latency", "20ms", "-k", "1", "-r", "1"])
        .args(["-c", "1", "--clients", "blocking,event-loop"])
        .timeout(Duration::from_secs(45))
        .assert()
        .code(3)
        .stdout(contains("timed out after"));
    // Calibration, then a warm-up and a timed run of each client: six
    // requests of about a second each at most.
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_target_that_does_not_wait_is_an_error_naming_it() {
    let _real = real_work();
    let server = FakeServer::start(|mut s| {
        let _ = s.write_all(b"DONE\n");
    });
    let addr = server.addr.to_string();
    conpar()
        .args(["io", "--target", &addr, "--latency", "50ms", "-k", "3"])
        .args(["-r", "1", "-c", "1", "--clients", "blocking,event-loop"])
        .timeout(Duration::from_secs(60))
        .assert()
        .failure()
        .stderr(
            contains(format!(
                "the server at {addr} answered a request to wait 50.0ms after"
            ))
            .and(contains("it does not wait")),
        );
}

/// Descriptors `pid` holds open.
fn fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

fn ping(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let mut answer = [0u8; 5];
    s.write_all(b"PING\n").is_ok() && s.read_exact(&mut answer).is_ok() && &answer == b"PONG\n"
}

#[test]
fn the_server_drops_waits_whose_clients_have_gone() {
    use std::os::unix::process::CommandExt;
    let _shared = shared();
    let mut cmd = Command::new(EXE);
    cmd.args(["serve", "--bind", "127.0.0.1:0", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // 200 descriptors: fewer than the waits below, so a server that keeps
    // the sockets of clients that have gone runs out and stops answering.
    // SAFETY: between fork and exec the closure makes one system call.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 200,
                rlim_max: 200,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut server = KillOnDrop(cmd.spawn().unwrap());
    let pid = server.0.id();
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .parse()
        .unwrap();
    let base = fds(pid);
    let mut clients = Vec::new();
    for _ in 0..300 {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(b"WAIT 600000000\n").unwrap();
        clients.push(s);
    }
    wait_for("the server to hold 100 waiting requests", 20, || {
        fds(pid) >= base + 100
    });
    drop(clients);
    // Every wait was for ten minutes; the server notices its clients left.
    wait_for("a PONG after the clients left", 20, || ping(addr));
    wait_for("the server's descriptors to come back", 20, || {
        fds(pid) <= base + 2
    });
}

#[test]
fn a_workload_of_only_io_has_no_serial_fraction_and_is_predicted() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let wl = dir.path().join("io-only.toml");
    std::fs::write(
        &wl,
        "name = \"io-only\"\n[[task]]\nname = \"wait\"\nsteps = [\"io 20\"]\ncount = 4\n",
    )
    .unwrap();
    let json = dir.path().join("r.json");
    let out = conpar()
        .arg("run")
        .arg(&wl)
        .args(["-c", "1,2", "-r", "1", "--tick", "1ms", "--oversubscribe"])
        .args(["-s", "threads,rayon,tokio", "--json"])
        .arg(&json)
        .timeout(Duration::from_secs(120))
        .assert()
        .success()
        .stdout(contains("no CPU work: speedup is not defined"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for fit in text.split("Amdahl s = ").skip(1) {
        assert!(
            fit.starts_with('—'),
            "a serial fraction was fitted:\n{text}"
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for row in v["workloads"][0]["rows"].as_array().unwrap() {
        assert!(row["measured"]["speedup"].is_null(), "{row}");
        // The waits are the whole wall: predicted within a factor of two
        // even on a loaded machine.
        let error = row["error"].as_f64().unwrap();
        assert!(
            error.abs() < 1.0,
            "{} on {}: {error:+}",
            row["strategy"],
            row["cores"]
        );
    }
}

/// Process `pid` has ended (gone, or a zombie nobody reaped yet).
fn ended(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| {
        s.rsplit(')')
            .next()
            .is_some_and(|r| r.trim_start().starts_with('Z'))
    })
}

#[test]
fn a_killed_scale_takes_its_command_with_it() {
    let _shared = shared();
    let mut scale = KillOnDrop(
        Command::new(EXE)
            .args([
                "scale",
                "-t",
                "1",
                "-r",
                "1",
                "-w",
                "0",
                "--timeout",
                "300s",
            ])
            .args(["--", "sleep", "600"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let parent = scale.0.id();
    let mut sleeper = 0;
    wait_for("the scanned command to start", 20, || {
        sleeper = children_of(parent)
            .into_iter()
            .find(|k| {
                std::fs::read_to_string(format!("/proc/{k}/cmdline"))
                    .is_ok_and(|c| c == "sleep\x00600\x00")
            })
            .unwrap_or(0);
        sleeper != 0
    });
    scale.0.kill().unwrap();
    scale.0.wait().unwrap();
    let gone = (0..250).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        ended(sleeper)
    });
    if !gone {
        // SAFETY: signalling the process this test made conpar start.
        unsafe { libc::kill(sleeper as i32, libc::SIGKILL) };
    }
    assert!(gone, "the scanned command outlived conpar");
}

#[test]
fn a_hopeless_round_robin_model_is_refused_quickly() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let wl = dir.path().join("huge.toml");
    std::fs::write(
        &wl,
        "[[task]]\nname = \"a\"\nsteps = [\"cpu 1000000000000\"]\n\
         [[task]]\nname = \"b\"\nsteps = [\"cpu 1000000000000\"]\n",
    )
    .unwrap();
    let start = Instant::now();
    capped(&[
        "model",
        wl.to_str().unwrap(),
        "-c",
        "1",
        "-d",
        "round-robin",
        "--quantum",
        "1",
    ])
    .timeout(Duration::from_secs(30))
    .assert()
    .failure()
    .stderr(contains("slices, above the limit of 4000000"));
    assert!(start.elapsed() < Duration::from_secs(10));
}
