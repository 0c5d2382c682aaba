//! One CLI grammar: usage errors exit 2 with a suggestion in every command,
//! `all` in every core list, `--quiet`, colour only when asked for, shell
//! completions, and a shipped name that a directory cannot hide.

use crate::conpar;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn every_command_says_what_it_accepts_and_exits_2() {
    let _shared = crate::shared();
    let cases: [&[&str]; 8] = [
        &["model", "two-task"],
        &["run", "two-task"],
        &["run", "even", "-s", "rayn"],
        &["run", "even", "--kernel", "spn"],
        &["tour", "--claim", "amdhal"],
        &["io", "--clients", "evnt-loop"],
        &["scale", "-t", "0", "--", "true"],
        &["run", "even", "-c", "5000"],
    ];
    for args in cases {
        conpar().args(args).assert().code(2).stderr(
            contains("did you mean")
                .or(contains("similar value"))
                .or(contains("accepted are")),
        );
    }
    conpar()
        .args(["io", "-c", "64"])
        .assert()
        .code(2)
        .stderr(contains("--oversubscribe"));
}

#[test]
fn all_is_a_core_list_everywhere() {
    let _guard = crate::real_work();
    let cpus = conpar::measure::allowed_cpus().len();
    let v = |args: &[&str]| {
        let mut all = vec![args[0], "-q"];
        all.extend(&args[1..]);
        crate::json_doc(&all)
    };
    let model = v(&["model", "two-tasks", "-c", "all"]);
    assert_eq!(model["runs"].as_array().unwrap().len(), cpus);
    let io = v(&[
        "io",
        "-c",
        "all",
        "-k",
        "4",
        "--latency",
        "2ms",
        "--clients",
        "event-loop",
        "-r",
        "1",
    ]);
    assert_eq!(io["rows"].as_array().unwrap().len(), cpus);
    let scale = v(&["scale", "-t", "all", "-r", "1", "-w", "0", "--", "true"]);
    assert_eq!(scale["rows"].as_array().unwrap().len(), cpus);
}

#[test]
fn quiet_prints_results_only() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let out = conpar()
        .args(["--quiet", "model", "two-tasks", "--json"])
        .arg(dir.path().join("m.json"))
        .arg("--report")
        .arg(dir.path().join("rep"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("wall"));
    // Without it, the same run says where its files went.
    conpar()
        .args(["model", "two-tasks", "--json"])
        .arg(dir.path().join("m.json"))
        .assert()
        .success()
        .stderr(contains("written to"));
}

#[test]
fn colour_only_when_asked_for() {
    let _shared = crate::shared();
    let tour = |extra: &[&str], no_color: bool| {
        let mut c = conpar();
        c.args(["tour", "--claim", "deadlock", "-r", "1"])
            .args(extra);
        if no_color {
            c.env("NO_COLOR", "1");
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(tour(&["--color", "always"], false).contains('\u{1b}'));
    assert!(!tour(&["--color", "never"], false).contains('\u{1b}'));
    assert!(!tour(&[], true).contains('\u{1b}'));
}

#[test]
fn completions_and_the_manual_generate() {
    let _shared = crate::shared();
    for shell in ["bash", "zsh", "fish"] {
        conpar()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(contains("conpar").and(contains("oversubscribe")));
    }
    conpar()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH conpar"));
}

#[test]
fn a_directory_does_not_hide_a_shipped_workload() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("two-tasks")).unwrap();
    conpar()
        .current_dir(dir.path())
        .args(["model", "two-tasks"])
        .assert()
        .success()
        .stdout(contains("wall"));
    std::fs::remove_dir(dir.path().join("two-tasks")).unwrap();
    std::fs::write(
        dir.path().join("two-tasks"),
        "name = \"mine\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
    )
    .unwrap();
    conpar()
        .current_dir(dir.path())
        .args(["model", "two-tasks"])
        .assert()
        .success()
        .stdout(contains("mine"))
        .stderr(contains("using it, not the shipped workload"));
}

#[test]
fn adaptive_repetitions_say_what_ended_them() {
    let _guard = crate::real_work();
    let scan = |extra: &[&str]| {
        let mut args = vec!["scale", "-q", "-t", "1", "-w", "0"];
        args.extend(extra);
        args.extend(["--", "sleep", "0.01"]);
        let v = crate::json_doc(&args);
        let row = &v["rows"][0];
        (
            row["measured"]["wall_s"]["n"].as_u64().unwrap(),
            row["stopped"].as_str().unwrap().to_string(),
        )
    };
    // A 100 % band is met as soon as the minimum is done.
    assert_eq!(
        scan(&[
            "--min-runs",
            "3",
            "--max-runs",
            "9",
            "--target-width",
            "100"
        ]),
        (3, "tight-enough".into())
    );
    // A band no run can meet ends at the maximum.
    assert_eq!(
        scan(&[
            "--min-runs",
            "2",
            "--max-runs",
            "4",
            "--target-width",
            "0.0001"
        ]),
        (4, "max-runs".into())
    );
    // A spent budget ends it after the minimum.
    assert_eq!(
        scan(&[
            "--min-runs",
            "2",
            "--max-runs",
            "50",
            "--target-width",
            "0.0001",
            "--budget",
            "1us"
        ]),
        (2, "budget".into())
    );
    assert_eq!(scan(&["-r", "2"]), (2, "max-runs".into()));
}

#[test]
fn warmup_is_a_flag_of_every_measuring_command() {
    let _shared = crate::shared();
    let cases: [&[&str]; 4] = [
        &["run", "even", "--warmup", "101"],
        &["io", "--warmup", "101"],
        &["scale", "--warmup", "101", "--", "true"],
        &["tour", "--warmup", "21"],
    ];
    for args in cases {
        conpar()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("warm").or(contains("0..=20")));
    }
    conpar()
        .args(["tour", "--claim", "race", "-r", "1", "--warmup", "0", "-q"])
        .assert()
        .success();
}

#[test]
fn a_workload_that_only_waits_has_no_speedup_to_show() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("waits.toml");
    std::fs::write(
        &w,
        "name = \"waits\"\n[[task]]\nname = \"A\"\nsteps = [\"io 3\"]\n[[task]]\nname = \"B\"\nsteps = [\"io 2\"]\n",
    )
    .unwrap();
    conpar()
        .args(["model", "-c", "2"])
        .arg(&w)
        .assert()
        .success()
        .stdout(contains("no CPU work").and(contains("Amdahl").not()));
}

#[test]
fn run_and_scale_help_say_what_stops_paying_means() {
    let _shared = crate::shared();
    for cmd in ["run", "scale"] {
        conpar()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(contains("\"Stops paying\" is the smallest core count"));
    }
}

#[test]
fn flags_that_cannot_work_are_usage_errors() {
    let _shared = crate::shared();
    for args in [
        &["scale", "--min-runs", "10", "--max-runs", "5", "--", "true"][..],
        &["run", "even", "--min-runs", "4", "--max-runs", "3"],
        &["scale", "-r", "4", "--budget", "1s", "--", "true"],
        &["run", "even", "-r", "4", "--target-width", "5"],
        &["model", "two-tasks", "--report", "-"],
        &["report", "x.json", "--out", "-"],
        &["run", "even", "--tick", "20s"],
        &["run", "even", "even"],
        &["run", "even", "-s", "rayon,rayon"],
        &["io", "--latency", "601s"],
        &["model", "two-tasks", "--json", "x.json", "--csv", "x.json"],
    ] {
        conpar().args(args).assert().code(2);
    }
}

#[test]
fn an_adaptive_flag_alone_makes_the_runs_adaptive() {
    let _guard = crate::real_work();
    let v = crate::json_doc(&[
        "scale",
        "-q",
        "-t",
        "1",
        "-w",
        "0",
        "--max-runs",
        "2",
        "--",
        "true",
    ]);
    // --max-runs 2 alone: at most 2 runs (the default minimum of 3 yields).
    assert!(v["rows"][0]["measured"]["wall_s"]["n"].as_u64().unwrap() <= 2);
    let v = crate::json_doc(&[
        "scale",
        "-q",
        "-t",
        "1",
        "-w",
        "0",
        "--target-width",
        "100",
        "--",
        "true",
    ]);
    assert_eq!(v["rows"][0]["stopped"], "tight-enough", "{v}");
}

#[test]
fn a_missing_file_or_a_directory_named_on_the_command_line_is_a_usage_error() {
    let _shared = crate::shared();
    for args in [
        &["model", "/"][..],
        &[
            "model",
            "two-tasks",
            "--calibration",
            "/no/such/calibration.json",
        ],
        &["diff", "/no/such/a.json", "/no/such/b.json"],
        &["report", "/no/such/run.json"],
        &["serve", "--bind", "0.0.0.0:0"],
    ] {
        conpar().args(args).assert().code(2);
    }
}
