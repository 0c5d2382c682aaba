//! `conpar scale` against a load of the project's own with a known serial
//! part, and against commands that fail, hang or do not exist.

use crate::{conpar, real_work};
use conpar::measure::allowed_cpus;
use predicates::str::contains;
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_conpar");

#[test]
fn the_fitted_serial_fraction_matches_the_known_one() {
    let _real = real_work();
    if allowed_cpus().len() < 2 {
        eprintln!("skipped: one allowed CPU");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("scale.json");
    let scan = || {
        // 40 units alone, 200 split over the threads: s = 40 / 240 = 0.167.
        conpar()
            .args(["scale", "--threads", "1,2", "-r", "5", "--json"])
            .arg(&json)
            .args([
                "--",
                EXE,
                "__scaleload",
                "--serial",
                "40",
                "--parallel",
                "200",
            ])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        v
    };
    // Tolerance 0.2: on this shared 2-core machine (and in a debug build,
    // whose spin loop works memory harder) two threads run up to a third
    // slower each than one alone, which a fit from two thread counts reads as
    // serial work; fits from 0.12 to 0.36 were seen for the true 0.167. A
    // broken scan reads about 1 (no speedup) or far below 0. Up to three
    // scans; one must come close.
    let close = |v: &serde_json::Value| {
        (v["fit"]["amdahl_serial_fraction"].as_f64().unwrap() - 40.0 / 240.0).abs() < 0.2
    };
    let mut v = scan();
    for _ in 0..2 {
        if close(&v) {
            break;
        }
        v = scan();
    }
    assert!(
        close(&v),
        "fitted s = {}",
        v["fit"]["amdahl_serial_fraction"]
    );
    // Two counts of an Amdahl program: a ceiling of 1/s, said as a figure.
    let verdict = &v["verdict"];
    assert!(
        verdict["kind"] == "ceiling" || verdict["kind"] == "ceiling-below-measured",
        "{verdict}"
    );
    assert_eq!(
        verdict["s"], v["fit"]["amdahl_serial_fraction"],
        "{verdict}"
    );
    assert!(
        v["fit"]["usl_sigma"].is_null(),
        "two thread counts cannot fit the USL"
    );
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for k in [
        "threads",
        "measured",
        "speedup",
        "efficiency",
        "karp_flatt",
        "oversubscribed",
    ] {
        assert!(rows[1].get(k).is_some(), "row lacks {k}");
    }
    assert!(rows[1]["measured"]["cpu_s"].as_f64().unwrap() > 0.1);
    assert_eq!(v["program"][0], EXE);
    assert_eq!(v["kind"], "scale");
}

#[test]
fn threads_reach_the_command_through_placeholders_and_variables() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    conpar()
        .args(["scale", "--threads", "1,3", "-r", "1", "-w", "0", "--shell", "--"])
        .arg(format!("echo {{threads}} $CONPAR_THREADS $RAYON_NUM_THREADS $OMP_NUM_THREADS $TOKIO_WORKER_THREADS >> {}", log.display()))
        .assert()
        .success()
        .stdout(contains("3!").or(contains("      3")));
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text, "1 1 1 1 1\n3 3 3 3 3\n");
}

#[test]
fn a_failing_command_stops_the_scan_with_its_stderr() {
    let _shared = crate::shared();
    conpar()
        .args([
            "scale",
            "--threads",
            "1",
            "--shell",
            "--",
            "echo boom >&2; exit 7",
        ])
        .assert()
        .failure()
        .stderr(
            contains("exited with status 7")
                .and(contains("boom"))
                .and(contains("--keep-going")),
        );
    conpar()
        .args([
            "scale",
            "--threads",
            "1",
            "-r",
            "2",
            "--keep-going",
            "--shell",
            "--",
            "exit 7",
        ])
        .assert()
        .failure()
        .stderr(contains("every run with 1 thread failed"));
}

#[test]
fn a_hanging_command_is_killed_with_its_group() {
    let _shared = crate::shared();
    let start = Instant::now();
    conpar()
        .args([
            "scale",
            "--threads",
            "1",
            "-r",
            "1",
            "-w",
            "0",
            "--timeout",
            "300ms",
            "--shell",
            "--",
            "sleep 30 & sleep 30",
        ])
        .timeout(Duration::from_secs(20))
        .assert()
        .failure()
        .stderr(contains(
            "ran past the 300ms timeout and was killed with its process group",
        ));
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_missing_command_is_a_clear_error() {
    let _shared = crate::shared();
    conpar()
        .args(["scale", "--", "no-such-program-anywhere"])
        .assert()
        .failure()
        .stderr(contains(
            "cannot start `no-such-program-anywhere`: No such file or directory",
        ));
}

use predicates::prelude::PredicateBooleanExt;
