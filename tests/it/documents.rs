//! Documents read back: `diff` accounts for every row (lost, failed, refused,
//! measured under other conditions), and `report` bounds what it writes and
//! deletes only its own files.

use crate::conpar;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A real document from another host, shipped in docs/measurements.
fn shipped(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/measurements/xeon-16cpu");
    serde_json::from_slice(&std::fs::read(p.join(name)).unwrap()).unwrap()
}

fn save(dir: &Path, name: &str, v: &Value) -> PathBuf {
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
        err.contains("2 rows lost, failed or not comparable"),
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

fn model_doc(dir: &Path, name: &str, workload: &str) -> PathBuf {
    let f = dir.join(name);
    conpar()
        .args(["model", workload, "-c", "1,2", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(f.is_file());
    f
}

fn report(files: &[&Path], out: &Path) -> std::process::Output {
    conpar()
        .args(["report", "-q"])
        .args(files)
        .arg("--report")
        .arg(out)
        .output()
        .unwrap()
}

fn svgs(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    v.sort();
    v
}

#[test]
fn report_removes_only_the_files_its_manifest_records() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    // A user's files with the names of conpar's charts, and a planted manifest
    // that names a file the report never wrote.
    for f in ["model-mine.svg", "speedup-readme.svg", "notes.txt"] {
        std::fs::write(out.join(f), "mine").unwrap();
    }
    std::fs::write(
        out.join(".conpar-report-files"),
        "../escape.svg\nnotes.txt\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("escape.svg"), "mine").unwrap();
    let a = model_doc(dir.path(), "a.json", "two-tasks");
    let b = model_doc(dir.path(), "b.json", "uneven");
    let r = report(&[&a], &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let first: Vec<String> = svgs(&out)
        .into_iter()
        .filter(|n| !["model-mine.svg", "speedup-readme.svg"].contains(&n.as_str()))
        .collect();
    assert!(!first.is_empty());
    let manifest = std::fs::read_to_string(out.join(".conpar-report-files")).unwrap();
    assert!(
        first.iter().all(|n| manifest.lines().any(|l| l == n)),
        "{manifest}"
    );
    // The second report draws other charts: the first report's go, the user's stay.
    let r = report(&[&b], &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let now = svgs(&out);
    for f in ["model-mine.svg", "speedup-readme.svg"] {
        assert!(now.contains(&f.to_string()), "{now:?}");
        assert_eq!(std::fs::read_to_string(out.join(f)).unwrap(), "mine");
    }
    assert!(first.iter().all(|n| !now.contains(n)), "{first:?} {now:?}");
    assert!(out.join("notes.txt").is_file() && dir.path().join("escape.svg").is_file());
}

/// Every attribute and label of every file in `dir`: no `inf`, `NaN` or
/// saturated integer anywhere in the markup.
fn assert_finite_markup(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        for bad in [
            "=\"inf",
            "=\"-inf",
            "=\"NaN",
            ">NaN<",
            "9223372036854775807",
        ] {
            assert!(!text.contains(bad), "{} holds {bad}", p.display());
        }
    }
}

#[test]
fn extreme_numbers_give_finite_svg() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let m = model_doc(dir.path(), "m.json", "two-tasks");
    let mut model: Value = serde_json::from_slice(&std::fs::read(&m).unwrap()).unwrap();
    model["runs"][1]["timeline"][1]["end"] = u64::MAX.into();
    let mut io = shipped("io.json");
    io["rows"][0]["predicted"]["wall_s"] = 1.7e308.into();
    io["rows"][1]["predicted"]["wall_s"] = (-1.7e308).into();
    for (name, doc) in [("model.json", &model), ("io.json", &io)] {
        let f = save(dir.path(), name, doc);
        let out = dir.path().join(format!("r-{name}"));
        let r = report(&[&f], &out);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_finite_markup(&out);
    }
    // The slice that ends at u64::MAX is labelled by its magnitude.
    let page = std::fs::read_to_string(dir.path().join("r-model.json/index.html")).unwrap();
    assert!(page.contains("1.84e19 ticks"), "the Gantt's end label");
}

/// A workload of only `io` steps: no CPU work, so no speedup.
const WAITS: &str =
    "name = \"waits\"\ntick = \"5ms\"\n\n[[task]]\nname = \"t\"\nsteps = [\"io 2\"]\ncount = 4\n";

/// `command` on the waits workload with every output: (JSON, CSV, Markdown,
/// the report's page and charts).
fn every_output(dir: &Path, command: &[&str]) -> (Value, String, String, String) {
    let w = dir.join("waits.toml");
    std::fs::write(&w, WAITS).unwrap();
    let r = conpar()
        .arg(command[0])
        .arg(&w)
        .args(&command[1..])
        .arg("-q")
        .args([
            "--json",
            "o.json",
            "--csv",
            "o.csv",
            "--markdown",
            "o.md",
            "--report",
            "rep",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let mut page = read("rep/index.html");
    for e in std::fs::read_dir(dir.join("rep")).unwrap() {
        page.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    (
        serde_json::from_str(&read("o.json")).unwrap(),
        read("o.csv"),
        read("o.md"),
        page,
    )
}

#[test]
fn a_model_without_cpu_work_says_speedup_is_not_defined_in_every_output() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let (json, csv, md, page) = every_output(dir.path(), &["model", "-c", "1,2"]);
    for r in json["runs"].as_array().unwrap() {
        assert!(
            r["speedup"].is_null() && r["amdahl_speedup"].is_null(),
            "{r}"
        );
    }
    assert!(csv.contains("waits,1,list,,blocking,0,8,,"), "{csv}");
    assert!(md.contains("| waits | 1 | 8 | — |"), "{md}");
    for bad in ["0.000×", "1.000×", "NaN", "∞"] {
        assert!(!page.contains(bad) && !md.contains(bad), "{bad}");
    }
}

#[test]
fn a_run_without_cpu_work_says_speedup_is_not_defined_in_every_output() {
    let _guard = crate::real_work();
    let dir = tempfile::tempdir().unwrap();
    let (json, _, md, page) = every_output(
        dir.path(),
        &["run", "-s", "threads", "-c", "1,2", "-r", "1"],
    );
    assert!(json["workloads"][0]["rows"][0]["measured"]["speedup"].is_null());
    assert!(md.contains("| — |"), "{md}");
    for bad in ["NaN", "0.000×", "Amdahl, s ="] {
        assert!(!page.contains(bad) && !md.contains(bad), "{bad}");
    }
}

#[test]
fn a_report_of_thousands_of_runs_draws_a_bounded_number_and_says_what_it_left_out() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.json");
    let r = conpar()
        .args(["model", "two-tasks", "-q", "-c", "1-3000", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = dir.path().join("r");
    let r = report(&[&f], &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let files = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(files, 60 + 2, "60 charts, the page and the manifest");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.len() < 4 << 20, "{} bytes", page.len());
    assert!(page.contains("2940 Gantt charts of the model left out"));
    assert!(page.contains("2500 more rows not shown"));
}
