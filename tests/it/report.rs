//! `conpar report`: a self-contained page with one SVG per chart, holding the
//! data it claims; documents from two hosts merge with both labelled; every
//! command's document renders; foreign, older and newer files are refused.

use crate::conpar;
use predicates::str::contains;
use serde_json::Value;
use std::sync::OnceLock;

/// A real `conpar run` document (rayon on 1 and 2 cores), made once.
fn real_run() -> Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r.json");
        conpar()
            .args([
                "run",
                "two-tasks",
                "-s",
                "rayon",
                "-c",
                "1,2",
                "-r",
                "1",
                "--tick",
                "1ms",
                "--json",
            ])
            .arg(&f)
            .assert()
            .success();
        serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap()
    })
    .clone()
}

/// The real document as if from `host`, with the 2-core speedup set.
fn run_doc(host: &str, speedup2: f64) -> Value {
    let mut v = real_run();
    v["host"]["hostname"] = host.into();
    v["workloads"][0]["rows"][1]["measured"]["speedup"] = speedup2.into();
    v
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
    let _guard = crate::real_work();
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
            "gantt-two-tasks-measured.svg",
            "gantt-two-tasks-model.svg",
            "loss-two-tasks.svg",
            "speedup-two-tasks.svg"
        ]
    );
    assert_eq!(html.matches("<svg").count(), svgs.len());
    assert!(html.contains("2 cores, 1.90×"), "{html}");
    // The page says where it came from.
    assert!(html.contains("conpar run two-tasks"));
    let titles: Vec<&str> = html
        .split(r#"font-weight="bold">"#)
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    insta::assert_snapshot!("report_chart_titles", titles.join("\n"));
}

#[test]
fn two_hosts_merge_into_labelled_series() {
    let _guard = crate::real_work();
    let (html, _) = report(&[run_doc("alpha", 1.9), run_doc("beta", 1.5)]);
    assert!(html.contains(r#"data-name="rayon · alpha ("#), "{html}");
    assert!(html.contains(r#"data-name="rayon · beta ("#));
    assert!(html.contains("2 cores, 1.50×") && html.contains("2 cores, 1.90×"));
    // The hosts side by side, row by row, and the words the tables use.
    assert!(html.contains("<h3>Hosts side by side</h3>"), "{html}");
    assert!(html.contains("<td>1.50×</td>") && html.contains("<td>1.90×</td>"));
    assert!(html.contains("<em>Stops paying</em>"));
    assert!(html.contains("<th>allowed CPUs</th>"));
}

#[test]
fn markup_from_a_result_file_is_escaped() {
    let _guard = crate::real_work();
    let mut v = run_doc("<b>h</b>", 1.9);
    let payload = "<img src=x onerror=alert(1)>";
    v["workloads"][0]["workload"] = payload.into();
    // A row's why is a typed finding: no string of it reaches the page.
    v["command"] = serde_json::json!([payload]);
    let (html, _) = report(&[v]);
    assert!(!html.contains("<img") && !html.contains("<b>h"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // A strategy that is not one of conpar's is refused, not rendered.
    let mut v = run_doc("h", 1.9);
    v["workloads"][0]["rows"][0]["strategy"] = payload.into();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.json");
    std::fs::write(&p, v.to_string()).unwrap();
    conpar()
        .arg("report")
        .arg(&p)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .code(1)
        .stderr(contains("e.json: not a valid `run` document"))
        .stderr(contains("unknown strategy"));
}

#[test]
fn files_that_are_not_results_are_refused_by_name() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.json");
    let refused = |body: &str, says: &str| {
        std::fs::write(&p, body).unwrap();
        conpar()
            .arg("report")
            .arg(&p)
            .arg("--out")
            .arg(dir.path().join("o"))
            .assert()
            .failure()
            .stderr(contains(says.to_string()));
    };
    refused("{\"hello\": 1}", "x.json is not a conpar result");
    refused("{oops", "x.json:1:2: not valid JSON");
    refused("", "x.json is empty");
    refused(r#"{"workload": "even", "rows": []}"#, "before schema 2");
    refused(r#"{"kind": "run", "schema": 7}"#, "schema 7, newer than");
    assert!(!dir.path().join("o").exists());
}
