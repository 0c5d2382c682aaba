use super::*;
use crate::findings::fits::ReadNote;

fn ok(s: &str) -> Table {
    read("t.csv", s.as_bytes()).unwrap()
}

fn bad(s: &str) -> String {
    read("t.csv", s.as_bytes()).unwrap_err().to_string()
}

#[test]
fn columns_are_found_by_any_accepted_name_in_any_case() {
    let t = ok("Concurrency, QPS\n1,10\n2,18\n4,30\n4,32\n");
    assert_eq!(t.input, Input::Throughput);
    assert_eq!(
        t.rows,
        vec![(1.0, 10.0), (2.0, 18.0), (4.0, 30.0), (4.0, 32.0)]
    );
    let bom = ok("\u{feff}N,X\n1,1\n2,2\n3,3\n");
    assert_eq!(bom.rows.len(), 3);
    let t = ok("threads,R\n1,0.5\n2,0.5\n4,1\n");
    assert_eq!(t.input, Input::Latency);
    assert_eq!(t.rows, vec![(1.0, 2.0), (2.0, 4.0), (4.0, 4.0)]);
    let t = ok("cores,wall\n1,8\n1,12\n2,5\n4,4\n");
    assert_eq!(t.input, Input::Time);
    assert_eq!(t.rows[2], (2.0, 2.0));
    assert_eq!(t.rows[3], (4.0, 2.5));
}

#[test]
fn throughput_comes_before_latency_and_the_other_is_noted() {
    let t = ok("n,latency,x\n1,1,1\n2,1,2\n3,1,3\n");
    assert_eq!(t.input, Input::Throughput);
    assert_eq!(
        t.notes,
        vec![ReadNote::ColumnUnused {
            column: "latency".into(),
            used: "x".into()
        }]
    );
}

#[test]
fn bad_tables_are_refused_with_line_and_value() {
    let e = bad("n,x\n1,10\n2,abc\n3,30\n");
    assert!(e.starts_with("t.csv:3:") && e.contains("`abc`"), "{e}");
    let e = bad("n,x\n1,10\n2,NaN\n3,30\n");
    assert!(e.starts_with("t.csv:3:") && e.contains("NaN"), "{e}");
    let e = bad("n,x\n1,10\n2,-4\n3,30\n");
    assert!(
        e.contains(":3:") && e.contains("-4") && e.contains("positive"),
        "{e}"
    );
    let e = bad("n,x\n0,10\n2,4\n3,30\n");
    assert!(e.contains(":2:") && e.contains("N = 0"), "{e}");
    let e = bad("n,x\n1,10\n2,20\n2,21\n");
    assert!(
        e.contains("2 distinct N") && e.contains("at least 3"),
        "{e}"
    );
    let e = bad("n,throughput,x\n1,1,1\n");
    assert!(
        e.contains("t.csv:1:") && e.contains("`throughput` and `x`"),
        "{e}"
    );
    let e = bad("n,n\n1,1\n");
    assert!(e.contains("`n` and `n`"), "{e}");
    let e = bad("n,speed\n1,1\n");
    assert!(
        e.contains("unknown column `speed`") && e.contains("qps"),
        "{e}"
    );
    let e = bad("x\n1\n");
    assert!(e.contains("no column of N"), "{e}");
    let e = bad("n,x\n1,10\n2\n");
    assert!(e.contains("t.csv:3"), "{e}");
    let e = bad("n,time\n2,1\n3,1\n4,1\n");
    assert!(e.contains("N = 1"), "{e}");
    assert!(bad("  \n").contains("empty"));
}

#[test]
fn rows_and_distinct_n_are_bounded() {
    let mut s = String::from("n,x\n");
    for i in 0..=MAX_ROWS {
        s.push_str(&format!("{},1\n", i % 5 + 1));
    }
    assert!(bad(&s).contains(&format!("at most {MAX_ROWS}")));
    let mut s = String::from("n,x\n");
    for i in 0..=MAX_LEVELS {
        s.push_str(&format!("{},1\n", i + 1));
    }
    assert!(bad(&s).contains(&format!("at most {MAX_LEVELS}")));
    assert!(bad("n,x\n1e8,1\n2,1\n3,1\n").contains("at most"));
}

#[test]
fn terminal_controls_in_names_are_escaped() {
    let e = bad("n,\u{1b}[31mred\n1,1\n");
    assert!(!e.contains('\u{1b}'), "{e:?}");
}

#[test]
fn documents_of_other_kinds_are_refused_by_kind() {
    let doc = serde_json::json!({"kind": "tour", "schema": 4, "conpar_version": "0", "command": [],
        "started_at": "x", "host": {"hostname": "h", "allowed_cpus": [0], "logical_cpus": 1,
        "cgroup_cpu_quota": null, "cpu_model": "c", "kernel": "k"}, "seconds": 1.0, "claims": []});
    let e = read("d.json", doc.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`tour` document") && e.contains("scale and probe"),
        "{e}"
    );
}

#[test]
fn a_probe_document_gives_its_levels_throughputs() {
    let level = |n: usize, x: Option<f64>| {
        serde_json::json!({"n": n, "requests": 10, "errors": 0, "timeouts": 0, "connects": n,
            "window_s": 1.0, "throughput": x, "latency_s": {"mean": 0.01, "p50": 0.01,
            "p99": 0.02, "max": 0.03}, "server": null, "client_cores": 0.1,
            "host_idle_cores": null, "little": 1.0, "first_error": null})
    };
    let doc = serde_json::json!({"kind": "probe", "schema": crate::results::Kind::Probe.schema(), "conpar_version": "0",
        "command": [], "started_at": "x", "host": {"hostname": "h", "allowed_cpus": [0],
        "logical_cpus": 1, "cgroup_cpu_quota": null, "cpu_model": "c", "kernel": "k"},
        "target": "http://127.0.0.1:1/", "protocol": "http", "request": "GET /",
        "client_threads": 1, "server_cores": 1, "server_pid": null, "spawned": null,
        "warmup_s": 0.1, "duration_s": 1.0, "max_requests": 10, "timeout_s": 1.0,
        "levels": [level(1, Some(100.0)), level(2, Some(190.0)), level(4, None),
            level(8, Some(300.0))],
        "partial": null, "analysis": null});
    let t = read("p.json", doc.to_string().as_bytes()).unwrap();
    assert_eq!(t.input, Input::ProbeDocument);
    assert_eq!(t.rows, vec![(1.0, 100.0), (2.0, 190.0), (8.0, 300.0)]);
    assert_eq!(t.notes, vec![ReadNote::LevelsLeftOut { levels: 1 }]);
}
