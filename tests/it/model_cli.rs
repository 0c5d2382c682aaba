//! `conpar model`: golden scenarios through the CLI, rejections, snapshots.

use crate::conpar;
use predicates::str::contains;
use serde_json::Value;

/// The `runs` of `conpar model ARGS --json -`: the one run's object when
/// there is one, else the list.
fn json(args: &[&str]) -> Value {
    let mut all = vec!["model"];
    all.extend(args);
    let doc = crate::json_doc(&all);
    assert_eq!(doc["kind"], "model");
    let doc: conpar::results::model::ModelDoc =
        serde_json::from_value(doc).expect("the model document type");
    let runs = serde_json::to_value(&doc.runs).unwrap();
    match runs.as_array().map(Vec::len) {
        Some(1) => runs[0].clone(),
        _ => runs,
    }
}

#[test]
fn golden_scenarios_through_the_cli() {
    let _shared = crate::shared();
    let v = json(&[
        "two-tasks",
        "-c",
        "1",
        "-d",
        "round-robin",
        "--quantum",
        "1",
    ]);
    assert_eq!(v["wall_ticks"], 6);
    assert_eq!(v["speedup"], 1.0);
    let order: Vec<&str> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["task"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["A", "B", "A", "B", "A", "B"]);
    let v = json(&["two-tasks", "-c", "2"]);
    assert_eq!(
        (v["wall_ticks"].as_u64(), v["speedup"].as_f64()),
        (Some(3), Some(2.0))
    );
    let v = json(&["five-on-four", "-c", "4"]);
    assert_eq!(v["wall_ticks"], 2);
    assert_eq!(v["speedup"], 2.5);
    assert_eq!(v["utilization"], 0.625);
    assert_eq!(v["idle_core_ticks"], 3);
    let v = json(&["amdahl-10", "-c", "2"]);
    assert_eq!(
        v["amdahl_ceiling"]
            .as_f64()
            .map(|x| (x * 1e9).round() / 1e9),
        Some(10.0)
    );
    assert!((v["amdahl_speedup"].as_f64().unwrap() - 1.818_181_818).abs() < 1e-6);
    let v = json(&["blocking-vs-async", "--io", "blocking"]);
    assert_eq!(
        (v["wall_ticks"].as_u64(), v["blocked_core_ticks"].as_u64()),
        (Some(8), Some(3))
    );
    assert_eq!(v["speedup"], 0.625);
    let v = json(&["blocking-vs-async", "--io", "async"]);
    assert_eq!(
        (v["wall_ticks"].as_u64(), v["blocked_core_ticks"].as_u64()),
        (Some(5), Some(0))
    );
    assert_eq!(v["speedup"], 1.0);
}

#[test]
fn json_has_the_contract_keys() {
    let _shared = crate::shared();
    let v = json(&["blocking-vs-async"]);
    for key in [
        "workload",
        "cores",
        "discipline",
        "io",
        "serial_ticks",
        "wall_ticks",
        "speedup",
        "utilization",
        "idle_core_ticks",
        "blocked_core_ticks",
        "amdahl_ceiling",
        "timeline",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for s in v["timeline"].as_array().unwrap() {
        for key in ["task", "core", "start", "end", "state"] {
            assert!(s.get(key).is_some(), "slice lacks {key}");
        }
    }
    insta::assert_json_snapshot!("blocking_vs_async_json", v);
    let several = json(&["two-tasks", "-c", "1,2"]);
    assert_eq!(several.as_array().map(Vec::len), Some(2));
}

#[test]
fn gantt_snapshots() {
    let _shared = crate::shared();
    let text = |args: &[&str]| {
        let out = conpar().arg("model").args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    insta::assert_snapshot!(
        "two_tasks_rr_one_core",
        text(&["two-tasks", "-d", "round-robin"])
    );
    insta::assert_snapshot!("blocking_vs_async_blocking", text(&["blocking-vs-async"]));
    insta::assert_snapshot!("amdahl_sweep", text(&["amdahl-10", "-c", "1,2,4,8"]));
    insta::assert_snapshot!(
        "many_small_compressed",
        text(&["many-small", "-c", "4", "--width", "40"])
    );
}

fn write(dir: &tempfile::TempDir, body: &str) -> String {
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, body).unwrap();
    p.display().to_string()
}

#[test]
fn bad_workloads_are_refused_with_file_line_column() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "speed = 3\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            ":1:1: unknown field `speed`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"nap 2\"]\n",
            ":3:10: unknown step kind `nap` in `nap 2`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 0\"]\n",
            ":3:10: tick count 0 in `cpu 0`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"io -1\"]\n",
            ":3:10: tick count `-1` in `io -1`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu lots\"]\n",
            ":3:10: tick count `lots` in `cpu lots`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = []\n",
            ":3:9: task `A` has no steps",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n[[task]]\nname = \"A\"\nsteps = [\"cpu 2\"]\n",
            ":5:8: duplicate task name `A`",
        ),
        (
            "tick = \"ten\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            ":1:8: tick: `ten` is not a duration",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\ncount = 1000000000\n",
            ":4:9: count = 1000000000: accepted is a whole number from 1 to 1000000",
        ),
    ];
    for (body, want) in cases {
        let path = write(&dir, body);
        conpar()
            .args(["model", &path])
            .assert()
            .failure()
            .stderr(contains(format!("{path}{want}")));
    }
    conpar()
        .args(["model", "no-such.toml"])
        .assert()
        .failure()
        .stderr(contains("no-such.toml").and(contains("shipped: two-tasks")));
}

#[test]
fn bad_arguments_are_refused() {
    let _shared = crate::shared();
    conpar()
        .args(["model", "two-tasks", "--cores", "0"])
        .assert()
        .code(2)
        .stderr(contains("accepted are `all`, or whole numbers from 1"));
    conpar()
        .args(["model", "two-tasks", "--cores", "70000"])
        .assert()
        .code(2)
        .stderr(contains("--cores 70000: accepted are 1 to 65536"));
    conpar()
        .args(["model", "two-tasks", "--quantum", "2"])
        .assert()
        .failure()
        .stderr(contains("round-robin only"));
    conpar()
        .args(["model", "two-tasks", "-d", "fifo"])
        .assert()
        .failure()
        .stderr(contains("possible values: list, round-robin"));
    conpar()
        .args(["model", "two-tasks", "-d", "round-robin", "--quantum", "0"])
        .assert()
        .failure()
        .stderr(contains("quantum 0"));
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn a_saved_calibration_drives_the_host_model() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("cal.json");
    conpar()
        .args(["calibrate", "--tick", "1ms", "--json"])
        .arg(&cal)
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&std::fs::read(&cal).unwrap()).unwrap();
    let memory = doc["contention"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kernel"] == "memory")
        .expect("a memory curve");
    assert_eq!(memory["points"][0]["copies"], 1);
    let start_1 = doc["overheads_ns"]["workers_start"][0]["ns"]["median"]
        .as_f64()
        .unwrap();
    let path = cal.to_str().unwrap();
    // On one core nothing runs beside anything: the bare host model is the
    // tick model, exactly; with `processes`, exactly one worker start more.
    let bare = json(&["even", "-c", "1", "--calibration", path]);
    assert_eq!(
        bare["host"]["wall_ticks"],
        bare["wall_ticks"].as_f64().unwrap()
    );
    let v = json(&[
        "even",
        "-c",
        "1,2",
        "--calibration",
        path,
        "--strategy",
        "processes",
    ]);
    let one = &v[0]["host"];
    assert_eq!(one["strategy"], "processes");
    let start = one["costs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "worker_start")
        .expect("a worker start")["s"]
        .as_f64()
        .unwrap();
    assert!(
        (start * 1e9 - start_1).abs() < 1e-3,
        "{start} s vs {start_1} ns"
    );
    assert!(v[1]["host"]["wall_s"].as_f64().unwrap() > 0.0);
    // Without --calibration nothing changes: no host entry at all.
    assert!(json(&["even", "-c", "1"]).get("host").is_none());
    // A document of another kind is refused by name.
    let model_doc = dir.path().join("model.json");
    conpar()
        .args(["model", "even", "--json"])
        .arg(&model_doc)
        .assert()
        .success();
    conpar()
        .args(["model", "even", "--calibration"])
        .arg(&model_doc)
        .assert()
        .code(2)
        .stderr(contains("is a `model` document; --calibration takes one written by `conpar calibrate --json FILE`"));
    conpar()
        .args(["model", "even", "--strategy", "rayon"])
        .assert()
        .code(2)
        .stderr(contains("--calibration"));
}

#[test]
fn work_that_only_waits_has_no_speedup_to_show() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "name = \"waits\"\ntick = \"5ms\"\n[[task]]\nname = \"A\"\nsteps = [\"io 2\"]\ncount = 4\n",
    );
    let out = conpar().args(["model", &f, "-c", "1,2"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("no CPU work: speedup is not defined"),
        "{text}"
    );
    for never in ["0.000×", "∞", "NaN", "—×"] {
        assert!(!text.contains(never), "{never} in:\n{text}");
    }
}
