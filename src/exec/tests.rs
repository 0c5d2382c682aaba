//! The `processes` strategy against fake workers (shell scripts) that break
//! the protocol: each run fails with an error that names the worker and
//! quotes a bounded part of what it sent, and nothing is left running.

use super::StrategyKind;
use super::{ExecError, Plan, strategy};
use crate::kernel::Calibration;
use crate::measure::allowed_cpus;
use crate::workload::{KernelKind, Step, Workload};
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

/// Runs a one-task workload with `script` as the worker; returns the error.
fn run_with_worker(script: &str) -> ExecError {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("worker");
    // `exec` keeps one process per worker, so killing it closes its pipes.
    std::fs::write(&exe, format!("#!/bin/sh\nread -r job\n{script}\n")).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let w = Workload::builder("fake")
        .tick_ns(1_000_000)
        .task("only", &[Step::Cpu(1)])
        .build()
        .unwrap();
    let plan = Plan {
        workload: &w,
        cpus: vec![allowed_cpus()[0]],
        pin: true,
        calibration: Calibration {
            kernel: KernelKind::Spin,
            tick_ns: 1_000_000,
            iters_per_tick: 1,
            tick_median_ns: 1.0,
            tick_min_ns: 1.0,
            tick_max_ns: 1.0,
            tick_quartiles_ns: None,
            outliers: None,
        },
        kernels: Vec::new(),
        quantum: 1,
        os_slice_ns: 3_000_000,
        worker_exe: exe,
        timeout: Duration::from_secs(30),
    };
    let start = Instant::now();
    let mut prepared = strategy(StrategyKind::Processes).prepare(&plan).unwrap();
    let err = prepared.run().unwrap_err();
    // Failing is prompt: the worker is killed, not waited for.
    assert!(start.elapsed() < Duration::from_secs(20), "{err}");
    err
}

#[test]
fn a_malformed_line_fails_the_run_naming_the_worker() {
    // The old text protocol's stats line used to become zeros.
    let err = run_with_worker(
        "echo '{\"msg\":\"ready\"}'\nread -r cmd\necho 'stats 12 x 3'\nexec sleep 60",
    );
    let text = err.to_string();
    assert!(matches!(err, ExecError::Protocol { .. }), "{text}");
    assert!(text.contains("worker 0 (pid "), "{text}");
    assert!(text.contains(r#""stats 12 x 3""#), "{text}");
    assert!(text.contains("task `only`"), "{text}");
}

#[test]
fn a_message_out_of_turn_fails_the_run_naming_the_worker() {
    let err = run_with_worker("echo '{\"msg\":\"done\",\"task\":0}'\nexec sleep 60");
    let text = err.to_string();
    assert!(text.contains("worker 0 (pid "), "{text}");
    assert!(text.contains("where `ready` was expected"), "{text}");
}

#[test]
fn a_huge_line_is_refused_with_a_short_quote() {
    let err = run_with_worker("exec head -c 1000000 /dev/zero");
    let text = err.to_string();
    assert!(
        text.contains("worker 0 (pid ") && text.contains("longer than"),
        "{text}"
    );
    assert!(text.len() < 1000, "{} bytes", text.len());
}

#[test]
fn a_worker_that_exits_early_is_reported_as_died() {
    let err = run_with_worker("exit 3");
    assert!(
        matches!(err, ExecError::WorkerDied { worker: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("exited with status 3"), "{err}");
}
