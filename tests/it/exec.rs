//! Real execution: every strategy runs every tick exactly once, traces are
//! well formed, pinned work stays on its cores, failures are reported and
//! nothing is left behind. Real-time bounds here are deliberately generous:
//! the machine is shared.

use crate::{KillOnDrop, conpar, lasting_worker, real_work};
use conpar::compare::harness::check_trace;
use conpar::exec::{Plan, StrategyKind, execute, strategy, task_names};
use conpar::kernel::calibrate;
use conpar::measure::{allowed_cpus, confine_to};
use conpar::workload::{Step, Workload, parse_str};
use predicates::str::contains;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn mixed() -> Workload {
    Workload::builder("mixed")
        .tick_ns(2_000_000)
        .serial(1, 1)
        .task("A", &[Step::Cpu(2), Step::Io(1), Step::Cpu(1)])
        .task("B", &[Step::Cpu(3)])
        .task("C", &[Step::Io(2), Step::Cpu(1), Step::Io(1)])
        .tasks("D", 3, &[Step::Cpu(1)])
        .build()
        .unwrap()
}

fn plan<'a>(w: &'a Workload, cpus: Vec<usize>, pin: bool) -> Plan<'a> {
    let first = cpus[0];
    let tick = w.tick_ns;
    let cal = std::thread::spawn(move || {
        confine_to(&[first]).unwrap();
        calibrate(conpar::workload::KernelKind::Spin, tick)
    })
    .join()
    .unwrap();
    Plan {
        workload: w,
        cpus,
        pin,
        calibration: cal,
        kernels: Vec::new(),
        quantum: 1,
        os_slice_ns: 3_000_000,
        worker_exe: PathBuf::from(env!("CARGO_BIN_EXE_conpar")),
        timeout: Duration::from_secs(60),
    }
}

/// Runs `f` where the harness runs it: on a thread pinned to the plan's first CPU.
fn on_first_cpu<T: Send>(plan: &Plan, f: impl FnOnce() -> T + Send) -> T {
    let cpu = plan.cpus[0];
    std::thread::scope(|s| {
        s.spawn(move || {
            confine_to(&[cpu]).unwrap();
            f()
        })
        .join()
        .unwrap()
    })
}

#[test]
fn every_strategy_runs_every_tick_once() {
    let _real = real_work();
    let w = mixed();
    let allowed = allowed_cpus();
    for p in [1, allowed.len().min(2)] {
        for pin in [true, false] {
            let plan = plan(&w, allowed[..p].to_vec(), pin);
            for name in StrategyKind::ALL {
                let s = strategy(name);
                let trace = on_first_cpu(&plan, || {
                    let mut prepared = s.prepare(&plan).unwrap();
                    execute(&w, &plan.calibration, prepared.as_mut()).unwrap()
                });
                let t = trace.timeline(task_names(&w), p);
                check_trace(&w, &t).unwrap_or_else(|e| panic!("{name} on {p}: {e}"));
                if s.exclusive_lanes() {
                    t.check_well_formed()
                        .unwrap_or_else(|e| panic!("{name} on {p}: {e}"));
                }
                for sl in &trace.slices {
                    if sl.cpu != u32::MAX && (pin || name == StrategyKind::Threads) {
                        assert!(
                            plan.cpus.contains(&(sl.cpu as usize)),
                            "{name}: slice on CPU {} outside {:?}",
                            sl.cpu,
                            plan.cpus
                        );
                    }
                }
                // Generous: the work is 26 ms of ticks and sleeps.
                assert!(
                    trace.wall_ns() < 5_000_000_000,
                    "{name} took {} ns",
                    trace.wall_ns()
                );
            }
        }
    }
}

#[test]
fn rayon_is_faster_on_two_cores_than_one() {
    let _real = real_work();
    let allowed = allowed_cpus();
    if allowed.len() < 2 {
        eprintln!("skipped: one allowed CPU");
        return;
    }
    let mut w = conpar::workload::builtin("even").unwrap().unwrap();
    w.tick_ns = 5_000_000;
    let s = strategy(StrategyKind::Rayon);
    let mut walls = Vec::new();
    for p in [1, 2] {
        let plan = plan(&w, allowed[..p].to_vec(), true);
        let best = on_first_cpu(&plan, || {
            let mut prepared = s.prepare(&plan).unwrap();
            (0..3)
                .map(|_| {
                    execute(&w, &plan.calibration, prepared.as_mut())
                        .unwrap()
                        .wall_ns()
                })
                .min()
                .unwrap()
        });
        walls.push(best);
    }
    assert!(
        walls[1] < walls[0],
        "2 cores {} ns, 1 core {} ns",
        walls[1],
        walls[0]
    );
}

#[test]
fn results_json_parses_and_keeps_the_contract() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let csv = dir.path().join("r.csv");
    conpar()
        .args([
            "run",
            "two-tasks",
            "-s",
            "rayon,interleave",
            "-c",
            "1",
            "-r",
            "2",
            "--tick",
            "2ms",
        ])
        .arg("--json")
        .arg(&json)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .success()
        .stdout(contains("rayon").and(contains("interleave")));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for k in [
        "kind",
        "schema",
        "conpar_version",
        "command",
        "started_at",
        "host",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["kind"], "run");
    assert!(v["host"]["allowed_cpus"].is_array());
    let doc: conpar::results::run::RunDoc =
        serde_json::from_value(v.clone()).expect("the run document type");
    assert_eq!(doc.workloads.len(), 1);
    let v = &v["workloads"][0];
    for k in ["workload", "tick_ns", "serial_wall_s", "rows"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        for k in [
            "strategy",
            "cores",
            "repeats",
            "measured",
            "predicted",
            "error",
            "amdahl_ceiling",
        ] {
            assert!(r.get(k).is_some(), "row lacks {k}");
        }
        for k in ["median", "min", "max"] {
            assert!(r["measured"]["wall_s"][k].as_f64().unwrap() > 0.0);
        }
        for k in ["speedup", "utilization", "context_switches"] {
            assert!(r["measured"].get(k).is_some());
        }
        for k in ["wall_s", "speedup", "utilization"] {
            assert!(r["predicted"][k].as_f64().unwrap() > 0.0);
        }
    }
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn bad_run_arguments_are_refused() {
    let _shared = crate::shared();
    conpar()
        .args(["run", "even", "--cores", "0"])
        .assert()
        .code(2)
        .stderr(contains("accepted are `all`, or whole numbers from 1"));
    conpar()
        .args(["run", "even", "-s", "fibers"])
        .assert()
        .code(2)
        .stderr(contains("possible values: interleave"));
    conpar()
        .args(["run", "even", "--kernel", "gpu"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'gpu' for '--kernel"));
    conpar()
        .args(["run", "even", "--tick", "0ms"])
        .assert()
        .failure()
        .stderr(contains("is zero"));
    conpar()
        .args(["run", "even", "--cores", "1000"])
        .assert()
        .code(2)
        .stderr(contains("--oversubscribe"));
    conpar()
        .args(["run", "even", "--cores", "4096"])
        .assert()
        .code(2)
        .stderr(contains("--cores 4096: accepted are 1 to 1024"));
    conpar()
        .args(["run", "even", "--json", "/no/such/dir/r.json"])
        .assert()
        .failure()
        .stderr(contains("directory /no/such/dir does not exist"));
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

#[test]
fn a_killed_worker_process_is_reported_and_nothing_is_left() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let wl = dir.path().join("long.toml");
    std::fs::write(&wl, "tick = \"10ms\"\n[[task]]\nname = \"slow\"\nsteps = [\"cpu 300\"]\n[[task]]\nname = \"other\"\nsteps = [\"cpu 1\"]\n").unwrap();
    assert!(parse_str(&std::fs::read_to_string(&wl).unwrap(), "long.toml", "long").is_ok());
    let child = Command::new(env!("CARGO_BIN_EXE_conpar"))
        .args([
            "run",
            wl.to_str().unwrap(),
            "-s",
            "processes",
            "-c",
            "1",
            "-r",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Killed if this test fails, so a failure here cannot load the next test.
    let mut child = KillOnDrop(child);
    // The run's workers appear after calibration, the overhead probes (which
    // start short-lived workers of their own) and the 3 s serial baseline:
    // take a worker that is still there 300 ms later, running the long task.
    let worker = lasting_worker(child.0.id(), Duration::from_secs(90));
    // SAFETY: sending a signal to a process id we just read.
    unsafe { libc::kill(worker as i32, libc::SIGKILL) };
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(st) = child.0.try_wait().unwrap() {
            break st;
        }
        assert!(
            Instant::now() < deadline,
            "conpar did not exit after its worker was killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.0.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(
        err.contains("processes")
            && err.contains("died while running task `slow`")
            && err.contains("signal 9"),
        "{err}"
    );
    assert!(!alive(worker), "the killed worker was not reaped");
}

use predicates::prelude::PredicateBooleanExt;
