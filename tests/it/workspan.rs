//! `conpar workspan`: a shipped program's document parses back and renders;
//! a user's binary is measured through its regions; a binary that never
//! calls the library, one that hangs and one that crashes are each a clear
//! error; mistakes on the command line exit 2.

use crate::{conpar, stdout_of};
use conpar::results::{Document, parse};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::time::{Duration, Instant};

/// `-c 1,2` where this process may use two CPUs, `-c 1` where only one.
fn counts() -> (&'static str, Vec<usize>) {
    if conpar::measure::allowed_cpus().len() >= 2 {
        ("1,2", vec![1, 2])
    } else {
        ("1", vec![1])
    }
}

fn workspan_doc(bytes: &[u8]) -> conpar::results::workspan::WorkspanDoc {
    match parse("stdout", bytes).expect("a valid document") {
        Document::Workspan(d) => d,
        other => panic!("not a workspan document: {:?}", other.meta().kind),
    }
}

#[test]
fn a_shipped_program_gives_a_document_that_parses_back_and_renders() {
    let _cores = crate::real_work();
    let (list, want) = counts();
    let out = stdout_of(conpar().args([
        "workspan", "fib", "--size", "small", "-c", list, "-r", "3", "--trials", "2", "--json", "-",
    ]));
    let d = workspan_doc(&out);
    assert_eq!(d.rows.iter().map(|r| r.cores).collect::<Vec<_>>(), want);
    let p = d.profile;
    assert!(
        p.work >= p.span && p.span > 0 && p.burdened_span >= p.span,
        "{p:?}"
    );
    assert!(p.spawns > 0, "fib forks: {p:?}");
    assert_eq!(d.rows[0].speedup.mid, 1.0);
    let parallelism = p.work as f64 / p.span as f64;
    for r in &d.rows {
        let upper = (r.cores as f64).min(parallelism);
        assert_eq!(r.predicted.upper, upper);
        assert!(r.predicted.brent <= upper && r.predicted.burdened <= r.predicted.brent);
        assert!(r.predicted.host.is_none_or(|h| h <= upper));
        assert_eq!(r.wall_s.n, 3);
        // A trial of copies after each of the 3 rounds of timed runs, more
        // than the 2 asked for.
        let trials = r.contention.as_ref().map(|c| c.n);
        assert_eq!(trials, (r.cores > 1).then_some(3), "{r:?}");
    }
    // Rendered back: Markdown and the HTML report with its chart.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ws.csv");
    let _ = stdout_of(
        conpar()
            .args([
                "workspan", "fib", "--size", "small", "-c", "1", "-r", "1", "-w", "0",
            ])
            .arg("--csv")
            .arg(&csv),
    );
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(
        csv.starts_with("cores,wall_median_s,") && csv.lines().count() == 2,
        "{csv}"
    );
    let file = dir.path().join("ws.json");
    std::fs::write(&file, &out).unwrap();
    let md = conpar::report::markdown::render(&Document::Workspan(d.clone()));
    assert!(
        md.contains("conpar workspan") && md.contains("fib(29)"),
        "{md}"
    );
    let report = dir.path().join("report");
    conpar()
        .args(["report", "--report"])
        .arg(&report)
        .arg(&file)
        .assert()
        .success();
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(
        html.contains("conpar workspan") && html.contains("span: T1/T∞"),
        "{html}"
    );
}

#[test]
fn a_document_whose_span_exceeds_its_work_is_refused() {
    let _shared = crate::shared();
    let good = stdout_of(conpar().args([
        "workspan", "fib", "--size", "small", "-c", "1", "-r", "1", "-w", "0", "--json", "-",
    ]));
    let mut v: serde_json::Value = serde_json::from_slice(&good).unwrap();
    let work = v["profile"]["work"].as_u64().unwrap();
    v["profile"]["span"] = serde_json::json!(work + 1);
    let bad = serde_json::to_vec(&v).unwrap();
    let e = parse("bad.json", &bad).unwrap_err().to_string();
    assert!(e.contains("accepted are 0 < span ≤ work"), "{e}");
}

#[test]
fn a_binary_built_against_the_library_is_measured_through_its_regions() {
    let _cores = crate::real_work();
    let me = assert_cmd::cargo::cargo_bin("conpar");
    let out = stdout_of(
        conpar()
            .args(["workspan", "-c", "1", "-r", "2", "--json", "-", "--"])
            .arg(&me)
            .args(["__workspanload", "fib", "--regions", "2"]),
    );
    let d = workspan_doc(&out);
    assert_eq!(d.profile.regions, 2, "two regions add up");
    assert!(d.profile.spawns > 0);
    assert!(matches!(
        d.subject,
        conpar::results::workspan::Subject::Binary { ref argv } if argv.last().map(String::as_str) == Some("2")
    ));
}

#[test]
fn a_binary_that_never_calls_the_library_is_a_clear_error() {
    let _shared = crate::shared();
    conpar()
        .args(["workspan", "-c", "1", "--", "true"])
        .assert()
        .code(1)
        .stderr(contains(
            "no work or span recorded: is it built against conpar::workspan?",
        ));
}

#[test]
fn a_hanging_binary_is_killed_at_the_timeout() {
    let _shared = crate::shared();
    let start = Instant::now();
    conpar()
        .args([
            "workspan",
            "-c",
            "1",
            "--timeout",
            "300ms",
            "--",
            "sleep",
            "30",
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
fn a_crashing_binary_reports_its_status_and_stderr() {
    let _shared = crate::shared();
    conpar()
        .args([
            "workspan",
            "-c",
            "1",
            "--",
            "sh",
            "-c",
            "echo boom >&2; exit 3",
        ])
        .assert()
        .failure()
        .stderr(contains("exited with status 3").and(contains("boom")));
}

#[test]
fn usage_errors_exit_2() {
    let _shared = crate::shared();
    let too_many = (conpar::measure::allowed_cpus().len() + 1).to_string();
    let cases: [(&[&str], &str); 6] = [
        (&["workspan", "fib", "--", "true"], "cannot be used with"),
        (
            &["workspan", "--size", "small", "--", "true"],
            "--size is for a shipped program",
        ),
        (
            &["workspan", "fib", "-c", &too_many],
            "each thread runs on its own CPU",
        ),
        (&["workspan", "fibonacci"], "possible values"),
        (
            &["workspan", "fib", "--size", "0"],
            "is not a size: accepted are",
        ),
        (&["workspan"], "required"),
    ];
    for (args, says) in cases {
        conpar().args(args).assert().code(2).stderr(contains(says));
    }
}
