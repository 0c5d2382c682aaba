//! `conpar report`: a self-contained page with one SVG per chart, holding the
//! data it claims; files from two hosts merge with both labelled.

use crate::conpar;
use predicates::str::contains;
use serde_json::{Value, json};

fn run_doc(host: &str, speedup2: f64) -> Value {
    let row = |strategy: &str, cores: u64, speedup: f64| {
        json!({
            "strategy": strategy, "cores": cores, "repeats": 3, "serial_s": 0.4,
            "measured": { "wall_s": { "median": 0.4 / speedup, "min": 0.39 / speedup, "max": 0.41 / speedup },
                          "speedup": speedup, "utilization": speedup / cores as f64, "context_switches": 10,
                          "loss": { "useful_s": 0.4, "idle_s": 0.01, "blocked_s": 0.0, "overhead_s": 0.005 } },
            "predicted": { "wall_s": 0.4 / cores as f64, "speedup": cores as f64, "utilization": 1.0 },
            "error": 0.01, "amdahl_ceiling": null,
            "timeline": { "tasks": ["A", "B"], "cores": cores, "finish": 200, "slices": [[0, 0, 0, 200, 0], [1, cores - 1, 0, 200, 0]] },
            "model_timeline": { "tasks": ["A", "B"], "cores": cores, "finish": 200, "slices": [[0, 0, 0, 200, 0], [1, cores - 1, 0, 200, 0]] },
        })
    };
    json!({
        "host": { "hostname": host, "allowed_cpus": [0, 1] },
        "workload": "even", "tick_ns": 10000000, "serial_wall_s": 0.4, "serial_fraction": 0.0,
        "rows": [row("rayon", 1, 1.0), row("rayon", 2, speedup2)],
    })
}

fn report(files: &[Value]) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["report".to_string()];
    for (i, f) in files.iter().enumerate() {
        let p = dir.path().join(format!("r{i}.json"));
        std::fs::write(&p, serde_json::to_vec(f).unwrap()).unwrap();
        args.push(p.display().to_string());
    }
    let out = dir.path().join("out");
    args.push("--out".into());
    args.push(out.display().to_string());
    conpar()
        .args(&args)
        .assert()
        .success()
        .stdout(contains("index.html"));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let mut svgs: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    svgs.sort();
    (html, svgs)
}

#[test]
fn the_page_is_self_contained_with_one_svg_per_chart() {
    let _shared = crate::shared();
    let (html, svgs) = report(&[run_doc("alpha", 1.9)]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for external in ["<script", "src=", "href=", "@import", "url("] {
        assert!(
            !html.contains(external),
            "the page refers to something outside it: {external}"
        );
    }
    // Speedup, two Gantt charts (measured and model) and the loss breakdown.
    assert_eq!(
        svgs,
        [
            "gantt-even-measured.svg",
            "gantt-even-model.svg",
            "loss-even.svg",
            "speedup-even.svg"
        ]
    );
    assert_eq!(html.matches("<svg").count(), svgs.len());
    // The speedup chart holds the measured points it claims: 1.00× and 1.90×.
    assert!(
        html.contains("1 cores, 1.00×") && html.contains("2 cores, 1.90×"),
        "{html}"
    );
    assert_eq!(html.matches(r#"class="slice""#).count(), 4);
    // The charts' structure, timings aside: their titles in page order.
    let titles: Vec<&str> = html
        .split(r#"font-weight="bold">"#)
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    insta::assert_snapshot!("report_chart_titles", titles.join("\n"));
}

#[test]
fn two_hosts_merge_into_labelled_series() {
    let _shared = crate::shared();
    let (html, _) = report(&[run_doc("alpha", 1.9), run_doc("beta", 1.5)]);
    assert!(
        html.contains(r#"data-name="rayon · alpha (2 CPUs)""#),
        "{html}"
    );
    assert!(html.contains(r#"data-name="rayon · beta (2 CPUs)""#));
    assert!(html.contains("2 cores, 1.50×") && html.contains("2 cores, 1.90×"));
}

#[test]
fn files_that_are_not_results_are_refused() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.json");
    std::fs::write(&p, "{\"hello\": 1}").unwrap();
    conpar()
        .arg("report")
        .arg(&p)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .failure()
        .stderr(contains("none of the files is a conpar result"));
    std::fs::write(&p, "{oops").unwrap();
    conpar()
        .arg("report")
        .arg(&p)
        .assert()
        .failure()
        .stderr(contains("x.json:1:2: not valid JSON"));
}
