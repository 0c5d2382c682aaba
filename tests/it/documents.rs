//! Documents read back by `diff`: every row accounted for (lost, failed,
//! refused, measured under other conditions); and old result files upgraded
//! by `scripts/upgrade-results.py`. The report's side is in `report_bounds.rs`.

use crate::conpar;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A real document from another host, shipped in docs/measurements.
pub(crate) fn shipped(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/measurements/xeon-16cpu");
    serde_json::from_slice(&std::fs::read(p.join(name)).unwrap()).unwrap()
}

/// `scripts/upgrade-results.py OLD NEW`, its output captured.
pub(crate) fn upgrade(old: &Path, new: &Path) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/upgrade-results.py");
    std::process::Command::new("python3")
        .arg(&script)
        .args([old.as_os_str(), new.as_os_str()])
        .output()
        .expect("python3 runs")
}

pub(crate) fn save(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let f = dir.join(name);
    std::fs::write(&f, v.to_string()).unwrap();
    f
}

/// `conpar diff OLD NEW EXTRA…`: (status, standard output, standard error).
fn diff(old: &Path, new: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = conpar()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn diff_reports_lost_rows_and_failures_and_they_fail_the_gate() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let old = shipped("run-nopin.json");
    let mut new = old.clone();
    let w = &mut new["workloads"][0];
    let lost = w["rows"].as_array_mut().unwrap().remove(0);
    let what = format!(
        "even {} {} cores",
        lost["strategy"].as_str().unwrap(),
        lost["cores"]
    );
    w["failures"] = serde_json::json!(["processes on 1 core: timed out after 200ms"]);
    w["tick_ns"] = 40_000_000.into();
    let (o, n) = (
        save(dir.path(), "old.json", &old),
        save(dir.path(), "new.json", &new),
    );
    let (code, out, err) = diff(&o, &n, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 of 4 old and 3 new rows compared"), "{out}");
    assert!(out.contains("LOST") && out.contains(&what), "{out}");
    assert!(
        out.contains("FAILED") && out.contains("timed out after 200ms"),
        "{out}"
    );
    assert!(
        out.contains("tick: 10.0ms in the old document, 40.0ms in the new (3 rows)"),
        "{out}"
    );
    let (code, _, err) = diff(&o, &n, &["--fail-on-regression", "50"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("1 of the old rows lost, 1 failures, 0 rows with failed"),
        "{err}"
    );
    // The same document passes its own gate.
    let (code, out, err) = diff(&o, &o, &["--fail-on-regression", "50"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 of 4 old and 4 new rows compared") && !out.contains("LOST"));
    // A new document that lost every row is a regression, not a usage error.
    new["workloads"][0]["rows"] = serde_json::json!([]);
    new["workloads"][0]["scaling"] = serde_json::json!([]);
    let n = save(dir.path(), "empty.json", &new);
    let (code, out, err) = diff(&o, &n, &["--fail-on-regression", "50"]);
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("0 of 4 old and 0 new rows compared"), "{out}");
}

#[test]
fn diff_refuses_io_rows_whose_requests_failed_and_names_what_differs() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let old = shipped("io.json");
    let mut new = old.clone();
    // Every request of the first row failed at once: "98 % faster".
    let r = &mut new["rows"][0];
    r["errors"] = 50.into();
    r["first_error"] = "connection refused".into();
    let w = &mut r["measured"]["wall_s"];
    for k in ["median", "min", "max"] {
        w[k] = (w[k].as_f64().unwrap() * 0.02).into();
    }
    if let Some(s) = w.get_mut("samples").and_then(Value::as_array_mut) {
        for x in s {
            *x = (x.as_f64().unwrap() * 0.02).into();
        }
    }
    new["rows"][1]["latency_s"] = 0.05.into();
    new["host"]["hostname"] = "elsewhere".into();
    let (o, n) = (
        save(dir.path(), "old.json", &old),
        save(dir.path(), "new.json", &new),
    );
    let (code, out, err) = diff(&o, &n, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 of 5 old and 5 new rows compared"), "{out}");
    assert!(
        out.contains("NOT COMPARED") && out.contains("blocking 16 cores: new: 50 failed requests"),
        "{out}"
    );
    assert!(!out.contains("faster"), "{out}");
    assert!(
        out.contains("latency: 20.0ms in the old document, 50.0ms in the new (1 row)"),
        "{out}"
    );
    assert!(
        out.contains("host: ") && out.contains("elsewhere (16 CPUs) in the new"),
        "{out}"
    );
    let (code, _, err) = diff(&o, &n, &["--fail-on-regression", "50"]);
    assert_eq!(code, 4, "{err}");
    // A failure only in the old document is not compared, and is no regression.
    let (code, out, err) = diff(&n, &o, &["--fail-on-regression", "50"]);
    assert!(
        out.contains("blocking 16 cores: old: 50 failed requests"),
        "{out}"
    );
    assert_ne!(code, 4, "{err}");
}

#[test]
fn diff_refuses_scale_rows_with_failed_runs() {
    let _guard = crate::real_work();
    let old = crate::json_doc(&[
        "scale", "-q", "-t", "1,2", "-r", "1", "-w", "0", "--", "true",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let mut new = old.clone();
    new["rows"][1]["failures"] = 2.into();
    let (o, n) = (
        save(dir.path(), "old.json", &old),
        save(dir.path(), "new.json", &new),
    );
    let (code, out, err) = diff(&o, &n, &["--fail-on-regression", "1000"]);
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("2 threads: new: 2 failed runs"), "{out}");
    assert!(out.contains("1 of 2 old and 2 new rows compared"), "{out}");
}

/// `scripts/upgrade-results.py` on hostile input: refused with a message and
/// status 2, never read without bound, never a traceback, nothing written.
#[test]
fn the_upgrade_script_refuses_devices_and_documents_of_the_wrong_shape() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/upgrade-results.py");
    let wrong = save(dir.path(), "wrong.json", &serde_json::json!([{"rows": []}]));
    let out = dir.path().join("out.json");
    let cases: [(&Path, &str); 2] = [
        (Path::new("/dev/zero"), "/dev/zero: not a regular file"),
        (&wrong, "has no field 'overheads_ns'"),
    ];
    for (input, said) in cases {
        let started = std::time::Instant::now();
        let r = std::process::Command::new("python3")
            .arg(&script)
            .args(["run".as_ref(), input.as_os_str(), out.as_os_str()])
            .args([
                "--started-at",
                "2026-01-01T00:00:00Z",
                "--command",
                "conpar run",
            ])
            .output()
            .expect("python3 runs");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{err}");
        assert!(err.contains(said) && !err.contains("Traceback"), "{err}");
        assert!(started.elapsed().as_secs() < 30);
        assert!(!out.exists());
    }
}

/// A schema-2 tour, whose warnings were sentences, is refused by `report`
/// naming the script; the script brings it to schema 3, dropping the
/// sentences with a note and keeping every figure, and `report` reads it.
#[test]
fn a_schema_2_document_is_refused_then_upgraded_by_the_script() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/upgrade-results.py");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(root.join("docs/measurements/xeon-16cpu/tour.json")).unwrap(),
    )
    .unwrap();
    doc["schema"] = 2.into();
    doc["claims"][0]["warnings"] = serde_json::json!(["the first timed run took 30 % longer"]);
    let old = save(dir.path(), "old.json", &doc);
    let refused = conpar().arg("report").arg(&old).output().unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{err}");
    assert!(err.contains("scripts/upgrade-results.py"), "{err}");
    let new = dir.path().join("new.json");
    let r = std::process::Command::new("python3")
        .arg(&script)
        .args([old.as_os_str(), new.as_os_str()])
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{said}");
    assert!(said.contains("1 warning in sentences"), "{said}");
    let up: Value = serde_json::from_slice(&std::fs::read(&new).unwrap()).unwrap();
    assert_eq!(up["schema"], 4);
    assert_eq!(up["claims"][0]["warnings"], serde_json::json!([]));
    // Figures of the current layout are kept as they were.
    let kept = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .zip(up["claims"].as_array().unwrap())
        .filter(|(old, _)| !old["figures"].is_null())
        .inspect(|(old, new)| assert_eq!(old["figures"], new["figures"]))
        .count();
    assert!(kept > 0, "{doc}");
    let read = conpar().arg("report").arg(&new).output().unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
}
