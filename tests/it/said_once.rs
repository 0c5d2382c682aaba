//! Every sentence is printed at most once where it belongs: once per claim
//! section of the tour (and per claim's CSV row and HTML table row), once
//! per workload's table of `run`. Checked on the
//! real outputs of the mock strategy, whose outcome (faster than possible,
//! suspect) does not depend on the load.

use crate::{UNWRAPPED, conpar, real_work};
use conpar::compare::harness::{Options, run_workload};
use conpar::compare::workload_result;
use conpar::exec::overhead::Overheads;
use conpar::kinds::StrategyKind;
use conpar::workload::builtin;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// The clauses of `text` said more than once: the text unwrapped, cut at
/// sentence and clause marks, clauses shorter than 40 characters (labels,
/// figures alone) left out.
fn repeated(text: &str) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for clause in flat.split(['.', ';', ':', '—']) {
        let clause = clause.trim();
        if clause.chars().count() >= 40 {
            *seen.entry(clause).or_default() += 1;
        }
    }
    let mut twice: Vec<String> = seen
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(c, n)| format!("{n}× {c}"))
        .collect();
    twice.sort();
    twice
}

#[test]
fn the_finder_finds_a_repeated_sentence() {
    let said = "1. x — SUSPECT\n   verdict: faster than possible: 20% under the bound; it ran\n   accuracy: the model misses — faster than possible: 20% under the bound";
    assert_eq!(repeated(said).len(), 0, "short clauses are figures");
    let long = "a sentence long enough to count as one here; and again: a sentence long enough to count as one here";
    assert_eq!(
        repeated(long),
        ["2× a sentence long enough to count as one here"]
    );
}

#[test]
fn each_tour_section_says_each_sentence_once() {
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let (csv, report) = (dir.path().join("tour.csv"), dir.path().join("report"));
    let out = conpar()
        .env(UNWRAPPED.0, UNWRAPPED.1)
        .args([
            "tour",
            "--claim",
            "parallel-max,uneven-idle,amdahl,eight-cores",
            "--pool",
            "mock:0.7",
            "--repeat",
            "3",
        ])
        .arg("--csv")
        .arg(&csv)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    // The mock at 0.7 beats the work's bound: suspect, and said why once.
    // Whether the run's wall also beat its own bound beyond the noise (the
    // words "faster than possible") depends on the host's load; said, it is
    // said once.
    let mut sections = 0;
    for section in text.split("\n\n") {
        assert_eq!(repeated(section), Vec::<String>::new(), "{section}");
        let claim = section
            .split_once(". ")
            .is_some_and(|(n, _)| n.parse::<usize>().is_ok());
        if claim && section.contains("SUSPECT") {
            sections += 1;
            assert!(
                section.matches("faster than possible").count() <= 1,
                "{section}"
            );
        }
    }
    assert!(sections >= 1, "{text}");
    let host_model = "the tick model with this host's measured costs and contention added";
    assert_eq!(text.matches(host_model).count(), 1, "{text}");
    // The same claims as CSV rows and as the HTML page's table rows: each
    // row says each sentence once too.
    let rows = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(rows.lines().count(), 5, "{rows}");
    for row in rows.lines() {
        assert_eq!(repeated(row), Vec::<String>::new(), "{row}");
    }
    let page = std::fs::read_to_string(report.join("index.html")).unwrap();
    let tour = &page[page.find("The tour on").expect("a tour section")..];
    let mut claims = 0;
    for row in tour.split("<tr>").skip(2) {
        let row = row.split("</table>").next().unwrap();
        let words: String = row
            .split(['<', '>'])
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, t)| format!("{t} "))
            .collect();
        assert_eq!(repeated(&words), Vec::<String>::new(), "{words}");
        claims += 1;
    }
    assert!(claims >= 4, "{tour}");
}

#[test]
fn each_run_table_says_each_sentence_once() {
    let _real = real_work();
    let w = builtin("two-tasks").unwrap().unwrap();
    let opts = Options {
        strategies: vec!["mock:0.8".parse().unwrap(), StrategyKind::MOCK],
        cores: vec![1, 2],
        runs: conpar::repeat::Repeat::exactly(3),
        warmup: 1,
        pin: true,
        quantum: 1,
        os_slice_ns: 3_000_000,
        timeout: Duration::from_secs(30),
        worker_exe: PathBuf::from(env!("CARGO_BIN_EXE_conpar")),
        keep_going: false,
    };
    let run = run_workload(&w, &opts, &Overheads::default(), &mut |_| Ok(())).unwrap();
    let doc = workload_result(&run, &w);
    let text = conpar::table::paint::apply(&conpar::report::run::table(&doc, ""), false);
    assert!(text.contains("faster than possible"), "{text}");
    // Each row with its lines is one place; the warnings are another.
    let mut rows: Vec<String> = Vec::new();
    let mut warnings = String::new();
    for line in text.lines() {
        if line.starts_with("warning:") {
            warnings.push_str(line);
            warnings.push('\n');
        } else if line.starts_with(' ') && !rows.is_empty() {
            rows.last_mut().unwrap().push_str(line);
        } else {
            rows.push(line.to_string());
        }
    }
    assert!(!warnings.is_empty(), "{text}");
    for place in rows.iter().chain([&warnings]) {
        assert_eq!(repeated(place), Vec::<String>::new(), "{place}");
    }
}
