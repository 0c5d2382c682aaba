//! Hostile output and numbers: a scanned program's error output that tries
//! to steer the terminal or outlive the timeout, and result files whose
//! summaries and intervals do not add up.

use crate::{conpar, real_work};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn a_programs_error_output_cannot_steer_the_terminal() {
    let _shared = crate::shared();
    let out = conpar()
        .args(["scale", "-t", "1", "-r", "1", "--warmup", "0", "--"])
        .args([
            "sh",
            "-c",
            "printf '\\033]0;pwned\\007\\033[31mRED' >&2; exit 3",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("RED"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

#[test]
fn a_grandchild_holding_error_output_open_does_not_outlast_the_timeout() {
    let _shared = crate::shared();
    let t0 = std::time::Instant::now();
    conpar()
        .args([
            "scale",
            "-t",
            "1",
            "-r",
            "1",
            "--warmup",
            "0",
            "--timeout",
            "1s",
        ])
        .args([
            "--",
            "sh",
            "-c",
            "setsid sh -c 'sleep 20; echo late >&2' & sleep 3",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("timeout"));
    // 1 s of timeout and a moment for the error output, not the 20 s the
    // grandchild keeps it open.
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(12),
        "{:?}",
        t0.elapsed()
    );
}

/// A scale document whose numbers were edited: each edit is refused by
/// `report` and `diff` with the field named, never rendered or compared.
#[test]
fn summaries_and_intervals_that_do_not_add_up_are_refused() {
    let _guard = real_work();
    let good = crate::json_doc(&[
        "scale", "-q", "-t", "1,2", "-r", "3", "-w", "0", "--", "true",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("good.json");
    std::fs::write(&base, good.to_string()).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 5] = [
        ("samples are not", |v| {
            // The median tripled while the raw times stay: a hidden change.
            let w = &mut v["rows"][0]["measured"]["wall_s"];
            for k in ["median", "min", "max"] {
                w[k] = (w[k].as_f64().unwrap() * 3.0).into();
            }
        }),
        ("above 0", |v| {
            v["rows"][0]["measured"]["wall_s"] =
                serde_json::json!({"median": 0, "min": 0, "max": 0, "n": 3, "samples": [0, 0, 0]});
        }),
        ("at most 1000", |v| {
            let w = &mut v["rows"][0]["measured"]["wall_s"];
            w["samples"] = serde_json::json!(vec![1.0; 2000]);
        }),
        ("not an interval", |v| {
            v["fit"]["serial_fraction_ci95"] = serde_json::json!([5, -5]);
        }),
        ("fit.stops_paying", |v| {
            v["fit"]["stops_paying"] =
                serde_json::json!({"kind": "beyond", "at": u64::MAX, "by": "fit"});
        }),
    ];
    for (said, edit) in edits {
        let mut v = good.clone();
        edit(&mut v);
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, v.to_string()).unwrap();
        conpar()
            .arg("report")
            .arg(&bad)
            .arg("--out")
            .arg(dir.path().join("r"))
            .assert()
            .failure()
            .stderr(contains(said).and(contains("bad.json")));
        conpar()
            .arg("diff")
            .arg(&base)
            .arg(&bad)
            .assert()
            .failure()
            .stderr(contains(said));
    }
}
