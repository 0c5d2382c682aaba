//! The host's own costs, measured at run time and used in predictions:
//! spawning and joining a thread, starting a process (fork, and re-executing
//! the conpar binary), dispatching a pool job and a tokio task, a context switch
//! on one core, a hand-off across cores, and how late sleeps and tokio timers
//! wake. Nothing here is assumed.

use crate::measure::{confine_to, mono_ns};
use crate::stats::Summary;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

pub use crate::results::calibrate::Overheads;

fn summarise(v: Vec<f64>) -> Summary {
    let v: Vec<f64> = v.into_iter().filter(|x| x.is_finite()).collect();
    Summary::of(&v).unwrap_or(Summary {
        median: 0.0,
        min: 0.0,
        max: 0.0,
        n: 0,
        ci95: None,
        ..Summary::default()
    })
}

fn repeat(n: usize, mut f: impl FnMut() -> f64) -> Summary {
    summarise((0..n).map(|_| f()).collect())
}

/// Runs `f` and returns its nanoseconds.
fn timed(f: impl FnOnce()) -> f64 {
    let t = mono_ns();
    f();
    (mono_ns() - t) as f64
}

fn ping_pong(a: usize, b: usize, rounds: usize) -> f64 {
    let (mut x, mut y) = UnixStream::pair().expect("a socket pair");
    let echo = std::thread::spawn(move || {
        let _ = confine_to(&[b]);
        let mut buf = [0u8; 1];
        while y.read_exact(&mut buf).is_ok() {
            if y.write_all(&buf).is_err() {
                break;
            }
        }
    });
    let r = std::thread::scope(|s| {
        s.spawn(|| {
            let _ = confine_to(&[a]);
            let mut buf = [1u8; 1];
            for _ in 0..100 {
                x.write_all(&buf)
                    .and_then(|()| x.read_exact(&mut buf))
                    .expect("echo");
            }
            let t = mono_ns();
            for _ in 0..rounds {
                x.write_all(&buf)
                    .and_then(|()| x.read_exact(&mut buf))
                    .expect("echo");
            }
            (mono_ns() - t) as f64 / (2 * rounds) as f64
        })
        .join()
        .expect("ping thread")
    });
    drop(x);
    let _ = echo.join();
    r
}

/// The median cost of spawning and joining an empty thread, in ns (50 tries).
pub fn thread_spawn_ns() -> f64 {
    repeat(50, || {
        timed(|| std::thread::spawn(|| ()).join().expect("empty thread"))
    })
    .median
}

/// Measures every overhead; `cpus` are the allowed CPUs and `exe` the conpar
/// binary. Takes about a second.
pub fn measure(cpus: &[usize], exe: &Path) -> Overheads {
    let thread_spawn_join = repeat(200, || {
        timed(|| std::thread::spawn(|| ()).join().expect("empty thread"))
    });
    let fork = repeat(30, || {
        timed(|| {
            // SAFETY: the child calls only the async-signal-safe _exit.
            unsafe {
                let pid = libc::fork();
                if pid == 0 {
                    libc::_exit(0);
                }
                if pid > 0 {
                    let mut st = 0;
                    libc::waitpid(pid, &mut st, 0);
                }
            }
        })
    });
    // A worker's whole start: exec, reading its job, pinning, saying "ready".
    let job = serde_json::to_string(&super::worker::Job {
        worker: 0,
        cpus: vec![cpus[0]],
        calibration: crate::kernel::Calibration {
            kernel: crate::workload::KernelKind::Spin,
            tick_ns: 1_000_000,
            iters_per_tick: 1,
            tick_median_ns: 1.0,
            tick_min_ns: 1.0,
            tick_max_ns: 1.0,
        },
        tick_ns: 1_000_000,
        tasks: vec![vec![crate::workload::Step::Cpu(1)]],
    })
    .expect("a job serialises");
    let process_exec = repeat(15, || {
        let t = mono_ns();
        let child = Command::new(exe)
            .arg("__worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            return f64::NAN;
        };
        let mut stdin = child.stdin.take().expect("piped");
        let mut stdout = std::io::BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        let ok = writeln!(stdin, "{job}").is_ok()
            && std::io::BufRead::read_line(&mut stdout, &mut line).is_ok();
        let elapsed = (mono_ns() - t) as f64;
        let _ = writeln!(stdin, "exit");
        drop(stdin);
        let _ = child.wait();
        if ok && line.trim() == "ready" {
            elapsed
        } else {
            f64::NAN
        }
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a rayon pool");
    let jobs = 10_000;
    let pool_dispatch = repeat(7, || {
        timed(|| pool.scope_fifo(|s| (0..jobs).for_each(|_| s.spawn_fifo(|_| ())))) / jobs as f64
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a tokio runtime");
    let tokio_spawn = repeat(7, || {
        timed(|| {
            rt.block_on(async {
                let hs: Vec<_> = (0..jobs).map(|_| tokio::spawn(async {})).collect();
                for h in hs {
                    let _ = h.await;
                }
            })
        }) / jobs as f64
    });
    let context_switch_same_core = repeat(5, || ping_pong(cpus[0], cpus[0], 2000));
    let handoff_cross_core =
        (cpus.len() > 1).then(|| repeat(5, || ping_pong(cpus[0], cpus[1], 2000)));
    let sleep_overshoot = repeat(20, || {
        timed(|| std::thread::sleep(Duration::from_millis(1))) - 1e6
    });
    let tokio_sleep_overshoot = repeat(10, || {
        timed(|| rt.block_on(async { tokio::time::sleep(Duration::from_millis(10)).await })) - 1e7
    });
    Overheads {
        thread_spawn_join,
        fork,
        process_exec,
        pool_dispatch,
        tokio_spawn,
        context_switch_same_core,
        handoff_cross_core,
        sleep_overshoot,
        tokio_sleep_overshoot,
    }
}
