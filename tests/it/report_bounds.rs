//! Documents read back by `report`: it removes only the files its manifest
//! records, bounds the charts and rows it draws, writes only finite numbers
//! into SVG, and says "—" where a speedup is not defined.

use crate::conpar;
use crate::documents::{save, shipped};
use serde_json::Value;
use std::path::{Path, PathBuf};
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
    assert!(
        md.contains("| waits | 1 | list |  | blocking | 8 | — |"),
        "{md}"
    );
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
