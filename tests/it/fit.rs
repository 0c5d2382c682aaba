//! `conpar fit` as a user runs it: the reference dataset as a CSV in a
//! temporary directory gives the reference figures in its JSON document;
//! standard input, a `scale` document and the shared output flags work; bad
//! tables are refused with exit status 2, naming the line and the value.

use crate::{conpar, shared};
use predicates::prelude::{PredicateBooleanExt, PredicateBoxExt};
use predicates::str::contains;

const CISCO: &str = include_str!("../../docs/data/cisco.csv");

fn rel(got: &serde_json::Value, want: f64) -> bool {
    let got = got.as_f64().unwrap_or(f64::NAN);
    ((got - want) / want).abs() <= 1e-5
}

#[test]
fn the_reference_dataset_gives_the_reference_fit() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("cisco.csv");
    std::fs::write(&csv, CISCO).unwrap();
    let rep = dir.path().join("rep");
    let out = crate::stdout_of(
        conpar()
            .args(["fit", "--json", "-", "--report"])
            .arg(&rep)
            .arg(&csv),
    );
    let html = std::fs::read_to_string(rep.join("index.html")).unwrap();
    assert!(html.contains("95% band, upper") && html.contains("N_max = 35"));
    let d: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(d["kind"], "fit");
    assert_eq!(d["method"], "free");
    assert_eq!(d["input"], "throughput");
    let u = &d["usl"];
    assert!(rel(&u["sigma"], 0.02671591), "{u}");
    assert!(rel(&u["kappa"], 7.690945e-4), "{u}");
    assert!(rel(&u["lambda"], 995.6486), "{u}");
    assert_eq!(u["n_max"], 35);
    assert!(rel(&u["x_max"], 12341.7454), "{u}");
    assert_eq!(u["binds"], "contention");
    let (lo, hi) = (
        u["sigma_ci95"][0].as_f64().unwrap(),
        u["sigma_ci95"][1].as_f64().unwrap(),
    );
    assert!(lo < 0.02671591 && 0.02671591 < hi);
    assert_eq!(d["levels"].as_array().unwrap().len(), 32);
    // What was written reads back through the contract.
    conpar::results::parse("fit.json", &out).unwrap();
}

#[test]
fn normalised_says_so_and_stdin_reads_the_same_table() {
    let _shared = shared();
    let out = conpar()
        .args(["fit", "--normalised", "-"])
        .write_stdin(CISCO)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("normalised: λ held at the measured X(1) = 955.2"),
        "{text}"
    );
    assert!(text.contains("σ (contention) = 0.02072"), "{text}");
    assert!(text.contains("κ (coherency)  = 0.0008612"), "{text}");
}

#[test]
fn every_output_flag_writes_its_file() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(
        p("t.csv"),
        "Threads,Latency\n1,0.010\n2,0.011\n4,0.014\n8,0.025\n8,0.026\n",
    )
    .unwrap();
    conpar()
        .arg("fit")
        .arg(p("t.csv"))
        .arg("--json")
        .arg(p("f.json"))
        .arg("--csv")
        .arg(p("f.csv"))
        .arg("--markdown")
        .arg(p("f.md"))
        .arg("--report")
        .arg(p("rep"))
        .assert()
        .success();
    let csv = std::fs::read_to_string(p("f.csv")).unwrap();
    assert!(
        csv.starts_with("n,count,x,x_min,x_max,fitted,speedup,karp_flatt\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 5, "a header and four levels: {csv}");
    // N = 8 twice: their mean of 8/0.025 and 8/0.026.
    let d: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p("f.json")).unwrap()).unwrap();
    assert_eq!(d["input"], "latency");
    let x8 = d["levels"][3]["x"].as_f64().unwrap();
    assert!((x8 - (320.0 + 8.0 / 0.026) / 2.0).abs() < 1e-9, "{x8}");
    assert!(
        std::fs::read_to_string(p("f.md"))
            .unwrap()
            .contains("| N | runs |")
    );
    let html = std::fs::read_to_string(p("rep/index.html")).unwrap();
    assert!(
        html.contains("conpar fit") && html.contains("USL fit"),
        "no fit section"
    );
    // Five rows at four N: too many resamples draw under three distinct N.
    assert_eq!(d["no_intervals"]["kind"], "too-few-refits", "{d}");
    assert_eq!(d["no_intervals"]["resamples"], 1000, "{d}");
    assert!(d["usl"]["sigma_ci95"].is_null());
    assert!(p("rep/fit-0.svg").exists());
}

#[test]
fn bad_tables_exit_2_naming_line_and_value() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 6] = [
        ("n,x\n1,10\n2,NaN\n3,30\n", &["t.csv:3", "NaN"]),
        ("n,x\n1,10\n2,-5\n3,30\n", &["t.csv:3", "-5", "positive"]),
        ("n,x\n1,10\n2,12\n", &["2 distinct N", "at least 3"]),
        ("n,x,qps\n1,1,1\n", &["t.csv:1", "`x` and `qps`"]),
        (
            "n,speed\n1,1\n",
            &["unknown column `speed`", "throughput, x, qps, rps"],
        ),
        ("n,x\n1,10\n2,ten\n3,30\n", &["t.csv:3", "`ten`"]),
    ];
    for (table, wants) in cases {
        std::fs::write(dir.path().join("t.csv"), table).unwrap();
        let mut want = contains("Usage: conpar fit").boxed();
        for w in wants {
            want = want.and(contains(*w)).boxed();
        }
        conpar()
            .current_dir(dir.path())
            .args(["fit", "t.csv"])
            .assert()
            .code(2)
            .stderr(want);
    }
    conpar()
        .current_dir(dir.path())
        .args(["fit", "missing.csv"])
        .assert()
        .code(2)
        .stderr(contains("missing.csv: no such file"));
    let big = dir.path().join("big.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(conpar::input::MAX_INPUT_BYTES + 1).unwrap();
    conpar()
        .arg("fit")
        .arg(&big)
        .assert()
        .code(2)
        .stderr(contains("larger than the limit"));
}

fn scale_doc() -> conpar::results::scale::ScaleDoc {
    use conpar::results::scale::{Fit, ScaleDoc, ScaleMeasured, ScaleRow};
    use conpar::results::{Kind, Meta};
    let host = conpar::measure::Host {
        hostname: "h".into(),
        allowed_cpus: vec![0, 1],
        logical_cpus: 2,
        cgroup_cpu_quota: None,
        cpu_model: "c".into(),
        kernel: "k".into(),
    };
    let row = |threads: usize, walls: &[f64]| ScaleRow {
        threads,
        measured: ScaleMeasured {
            wall_s: conpar::stats::Summary::of(walls).unwrap(),
            cpu_s: 1.0,
            utilization: 1.0,
        },
        speedup: 1.0,
        efficiency: 1.0,
        karp_flatt: None,
        oversubscribed: false,
        failures: 0,
        stopped: None,
    };
    ScaleDoc {
        meta: Meta::new(Kind::Scale, vec!["conpar".into()], "t".into(), host),
        program: vec!["true".into()],
        shell: false,
        rows: vec![
            row(1, &[10.0, 10.2, 9.8]),
            row(2, &[6.0, 6.1, 5.9]),
            row(4, &[4.0, 4.1, 3.9]),
        ],
        fit: Fit::default(),
        projected: vec![],
        verdict: conpar::findings::fits::Verdict::Linear,
        warnings: vec![],
    }
}

#[test]
fn a_scale_document_is_read_as_times() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let scale = dir.path().join("scale.json");
    std::fs::write(&scale, serde_json::to_vec(&scale_doc()).unwrap()).unwrap();
    let out = crate::stdout_of(conpar().args(["fit", "--json", "-"]).arg(&scale));
    let d: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(d["input"], "scale_document");
    assert_eq!(d["measurements"], 9);
    let levels = d["levels"].as_array().unwrap();
    assert_eq!(levels.len(), 3);
    // X = T(1)/T(N), T(1) the mean of the one-thread runs (10 s).
    let x2 = levels[1]["x"].as_f64().unwrap();
    let want = (10.0 / 6.0 + 10.0 / 6.1 + 10.0 / 5.9) / 3.0;
    assert!((x2 - want).abs() < 1e-12, "{x2} against {want}");
    // Speedups 1, 5/3, 2.5 at the medians: Amdahl s near 0.2.
    let s = d["amdahl_serial_fraction"].as_f64().unwrap();
    assert!((s - 0.2).abs() < 0.01, "{s}");
    // A fit document is no sweep to fit again: refused by kind.
    let again = dir.path().join("fit.json");
    std::fs::write(&again, &out).unwrap();
    conpar()
        .arg("fit")
        .arg(&again)
        .assert()
        .code(2)
        .stderr(contains("`fit` document holds no sweep"));
}

#[test]
fn the_quote_in_docs_fit_md_is_what_fit_prints() {
    let _shared = shared();
    let root = env!("CARGO_MANIFEST_DIR");
    let page = std::fs::read_to_string(format!("{root}/docs/fit.md")).unwrap();
    let quoted = page
        .split("$ conpar fit docs/data/cisco.csv\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/fit.md quotes `conpar fit docs/data/cisco.csv`");
    let out = crate::stdout_of(
        conpar()
            .current_dir(root)
            .env("COLUMNS", "100")
            .args(["fit", "docs/data/cisco.csv"]),
    );
    assert_eq!(String::from_utf8_lossy(&out), quoted);
}
