//! A `workspan` document of schema 2, from before the predictions simulated
//! the recorded fork-join graph, is refused by `report` naming the upgrade
//! script; the script brings it to schema 3 with every figure kept, and
//! `report` reads it. A fresh document says its graph was recorded whole and
//! holds the simulated schedule beside Brent's bound.

use crate::{conpar, stdout_of};
use conpar::results::workspan::{Basis, Finding, GraphRecord};
use conpar::results::{Document, parse};
use serde_json::Value;

fn fresh() -> Value {
    let out = stdout_of(conpar().args([
        "workspan", "fib", "--size", "small", "-c", "1", "-r", "1", "-w", "0", "--json", "-",
    ]));
    serde_json::from_slice(&out).expect("JSON")
}

#[test]
fn a_fresh_document_holds_its_graph_and_the_simulated_schedule() {
    let _cores = crate::real_work();
    let d = match parse("stdout", &serde_json::to_vec(&fresh()).unwrap()).unwrap() {
        Document::Workspan(d) => d,
        other => panic!("not a workspan document: {:?}", other.meta().kind),
    };
    assert_eq!(d.meta.schema, 3);
    assert!(
        matches!(d.graph, GraphRecord::Recorded { nodes } if nodes > 0),
        "{:?}",
        d.graph
    );
    // One worker runs the graph's work exactly: 1×.
    assert_eq!(d.rows[0].predicted.simulated, Some(1.0));
}

#[test]
fn a_schema_2_workspan_document_is_refused_then_upgraded_by_the_script() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = {
        let _cores = crate::real_work();
        fresh()
    };
    let _shared = crate::shared();
    // Schema 2's layout: no graph, no simulated schedule, findings without
    // their basis (one made up, with its figures, to see it kept).
    doc["schema"] = 2.into();
    doc.as_object_mut().unwrap().remove("graph");
    for r in doc["rows"].as_array_mut().unwrap() {
        r["predicted"].as_object_mut().unwrap().remove("simulated");
    }
    doc["findings"] = serde_json::json!([
        {"finding": "unexplained", "cores": 1, "measured": 0.5, "predicted": 1.0}
    ]);
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_vec(&doc).unwrap()).unwrap();
    let refused = conpar().arg("report").arg(&old).output().unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{err}");
    assert!(
        err.contains("scripts/upgrade-results.py") && err.contains("fork-join graph"),
        "{err}"
    );
    let new = dir.path().join("new.json");
    let r = crate::documents::upgrade(&old, &new);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let bytes = std::fs::read(&new).unwrap();
    let d = match parse("new.json", &bytes).expect("the upgraded document parses") {
        Document::Workspan(d) => d,
        other => panic!("not a workspan document: {:?}", other.meta().kind),
    };
    assert_eq!(d.graph, GraphRecord::NotRecorded);
    assert_eq!(
        d.findings,
        [Finding::Unexplained {
            cores: 1,
            measured: 0.5,
            predicted: 1.0,
            basis: Basis::Brent
        }]
    );
    let up: Value = serde_json::from_slice(&bytes).unwrap();
    for (o, n) in doc["rows"].as_array().unwrap().iter().zip(d.rows.iter()) {
        assert_eq!(o["predicted"]["brent"].as_f64(), Some(n.predicted.brent));
        assert_eq!(n.predicted.simulated, None);
    }
    assert_eq!(up["profile"], doc["profile"]);
    let read = conpar().arg("report").arg(&new).output().unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
}
