//! The result contract: every command's `--json` is one typed document that
//! `report` renders; `-` is standard output; CSV keeps hostile names in one
//! field; names get suggestions; outputs are checked before any work and never
//! written through a planted link.

use crate::conpar;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

#[test]
fn every_command_writes_one_document_to_stdout_and_report_renders_it() {
    let _guard = crate::real_work();
    let dir = tempfile::tempdir().unwrap();
    let runs: [(&str, &[&str]); 6] = [
        ("model", &["model", "two-tasks", "-c", "1,2"]),
        (
            "run",
            &[
                "run",
                "two-tasks",
                "-s",
                "rayon",
                "-c",
                "1",
                "-r",
                "1",
                "--tick",
                "1ms",
            ],
        ),
        (
            "io",
            &[
                "io",
                "-k",
                "5",
                "--latency",
                "5ms",
                "--clients",
                "event-loop",
                "-c",
                "1",
                "-r",
                "1",
            ],
        ),
        (
            "scale",
            &["scale", "-t", "1", "-r", "1", "-w", "0", "--", "true"],
        ),
        ("tour", &["tour", "--claim", "race", "-r", "1"]),
        ("calibrate", &["calibrate", "--tick", "1ms"]),
    ];
    let mut files = Vec::new();
    for (kind, args) in runs {
        let v = crate::json_doc(args);
        assert_eq!(v["kind"], kind);
        assert_eq!(
            v["schema"],
            serde_json::from_value::<conpar::results::Kind>(v["kind"].clone())
                .unwrap()
                .schema()
        );
        assert!(v["started_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(v["command"][1], args[0]);
        let bytes = serde_json::to_vec(&v).unwrap();
        conpar::results::parse(kind, &bytes).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let f = dir.path().join(format!("{kind}.json"));
        std::fs::write(&f, bytes).unwrap();
        files.push(f);
    }
    let out = dir.path().join("rep");
    conpar()
        .arg("report")
        .args(&files)
        .arg("--report")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for section in [
        "The model",
        "Blocking against async I/O",
        "conpar scale",
        "The tour on",
        "Calibration of",
    ] {
        assert!(html.contains(section), "no {section} section");
    }
}

#[test]
fn a_hostile_name_stays_one_csv_field() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("w.toml");
    std::fs::write(
        &w,
        "name = \"=a,\\\"b\\\"\\nc\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 2\"]\n",
    )
    .unwrap();
    let out = crate::stdout_of(conpar().arg("model").arg(&w).args(["--csv", "-"]));
    let mut r = csv::Reader::from_reader(&out[..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].len(), r.headers().unwrap().len());
    // The name whole, its leading `=` defused for spreadsheets.
    assert_eq!(&rows[0][0], "'=a,\"b\"\nc");
}

#[test]
fn misspelt_names_get_a_suggestion_and_exit_2() {
    let _shared = crate::shared();
    for (args, want) in [
        (&["run", "even", "-s", "rayn"][..], "rayon"),
        (&["run", "even", "--kernel", "memroy"][..], "memory"),
        (&["tour", "--claim", "amdhal"][..], "amdahl"),
        (&["io", "--clients", "evnt-loop"][..], "event-loop"),
    ] {
        conpar()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("did you mean").or(contains("similar")))
            .stderr(contains(want));
    }
}

#[test]
fn outputs_are_checked_before_any_work() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("same");
    conpar()
        .args(["model", "two-tasks", "--json"])
        .arg(&same)
        .arg("--csv")
        .arg(&same)
        .assert()
        .failure()
        .stderr(contains("both name"));
    let file = dir.path().join("f");
    std::fs::write(&file, "x").unwrap();
    let start = std::time::Instant::now();
    conpar()
        .args(["run", "even", "--report"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(contains("is not a directory"));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    // A read-only result is not silently replaced.
    let ro = dir.path().join("ro.json");
    std::fs::write(&ro, "{}").unwrap();
    std::fs::set_permissions(&ro, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
    conpar()
        .args(["model", "two-tasks", "--json"])
        .arg(&ro)
        .assert()
        .failure()
        .stderr(contains("read-only"));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "{}");
}

#[test]
fn a_planted_link_at_the_old_temporary_name_is_not_followed() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("victim"), "precious").unwrap();
    let run = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "ln -s victim .out.json.$$.tmp && exec {} model two-tasks --json out.json",
            env!("CARGO_BIN_EXE_conpar")
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("results written to out.json"), "{stderr}");
    assert!(String::from_utf8_lossy(&run.stdout).contains("core 0 |AAABBB|"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim")).unwrap(),
        "precious"
    );
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(v["kind"], "model");
}

#[test]
fn diff_finds_a_regression_beyond_the_noise_and_not_within_it() {
    let _guard = crate::real_work();
    let dir = tempfile::tempdir().unwrap();
    let scan = |name: &str, secs: &str| {
        let f = dir.path().join(name);
        conpar()
            .args(["scale", "-q", "-t", "1", "-r", "3", "-w", "0", "--json"])
            .arg(&f)
            .args(["--", "sleep", secs])
            .assert()
            .success();
        f
    };
    let (fast, slow) = (scan("fast.json", "0.02"), scan("slow.json", "0.2"));
    conpar()
        .arg("diff")
        .arg(&fast)
        .arg(&slow)
        .args(["--fail-on-regression", "50"])
        .assert()
        .code(4)
        .stdout(contains("SLOWER"));
    conpar()
        .arg("diff")
        .arg(&fast)
        .arg(&fast)
        .args(["--fail-on-regression", "1"])
        .assert()
        .success()
        .stdout(contains("no change"));
    let model = dir.path().join("m.json");
    conpar()
        .args(["model", "two-tasks", "--json"])
        .arg(&model)
        .assert()
        .success();
    conpar()
        .arg("diff")
        .arg(&fast)
        .arg(&model)
        .assert()
        .code(2)
        .stderr(contains("different kinds"));
}

#[test]
fn markdown_tables_paste() {
    let _shared = crate::shared();
    conpar()
        .args(["model", "two-tasks", "-c", "1,2", "--markdown", "-"])
        .assert()
        .success()
        .stdout(
            contains("| workload | cores | discipline | quantum | I/O | wall (ticks) |")
                .and(contains("| two-tasks | 2 | list |  | blocking | 3 |")),
        );
}
