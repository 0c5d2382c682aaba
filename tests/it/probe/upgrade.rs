//! Schema-2 probe documents (written by the conpar before schema 3, kept
//! in `data/`) are refused by `report` naming the upgrade script; the
//! script brings them to schema 3, the sentences dropped and their typed
//! values re-derived from the stored figures, and `report` draws them.

use crate::conpar;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/probe/data")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// `doc` refused by `report` naming the script, then upgraded; the new
/// document, what the script said, and `report`'s success.
fn upgrade(dir: &Path, doc: &Value) -> (Value, String) {
    let old = dir.join("old.json");
    std::fs::write(&old, doc.to_string()).unwrap();
    let refused = conpar().arg("report").arg(&old).output().unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{err}");
    assert!(err.contains("scripts/upgrade-results.py"), "{err}");
    let new: PathBuf = dir.join("new.json");
    let r = crate::documents::upgrade(&old, &new);
    let said = String::from_utf8_lossy(&r.stderr).into_owned();
    assert!(r.status.success(), "{said}");
    let up: Value = serde_json::from_slice(&std::fs::read(&new).unwrap()).unwrap();
    assert_eq!(up["schema"], 3);
    let read = conpar()
        .arg("report")
        .arg(&new)
        .arg("--report")
        .arg(dir.join("r"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&read.stderr);
    assert!(read.status.success(), "{err}");
    let page = std::fs::read_to_string(dir.join("r/index.html")).unwrap();
    assert!(page.contains("Probed servers"), "{page}");
    (up, said)
}

#[test]
fn a_schema_2_closed_loop_probe_is_refused_then_upgraded_with_its_reason() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let mut doc = fixture("schema-2-closed.json");
    // A partial probe whose last level failed, as the old conpar said it.
    doc["partial"] = "level N = 16 stopped: every recent request failed (cannot connect to conpar://127.0.0.1:1: Connection refused (os error 111)); the levels before it are complete".into();
    doc["levels"][2]["first_error"] = "cannot connect: Connection refused (os error 111)".into();
    let (up, said) = upgrade(dir.path(), &doc);
    assert!(
        said.contains("the verdict's sentence was dropped"),
        "{said}"
    );
    let v = &up["analysis"]["verdict"];
    assert!(v.get("text").is_none(), "{v}");
    assert_eq!(v["reason"]["kind"], "waits-overlap", "{v}");
    assert_eq!(v["finding"], "concurrent", "{v}");
    assert_eq!(v["evidence"]["top_n"], 16, "{v}");
    assert_eq!(v["evidence"]["x1"], doc["levels"][0]["throughput"], "{v}");
    assert_eq!(
        v["notes"],
        serde_json::json!([{"kind": "host-full", "idle_cores": 0.1}])
    );
    let failure =
        serde_json::json!({"kind": "connect", "detail": "Connection refused (os error 111)"});
    assert_eq!(
        up["partial"],
        serde_json::json!({"kind": "level-failed", "n": 16, "failure": failure})
    );
    assert_eq!(up["levels"][2]["first_error"], failure);
    // Every figure of the levels is kept as it was.
    assert_eq!(up["levels"][1], doc["levels"][1]);
}

#[test]
fn a_schema_2_open_loop_probe_keeps_its_findings_typed() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let doc = fixture("schema-2-open.json");
    let (up, said) = upgrade(dir.path(), &doc);
    assert!(said.contains("the search's sentence was dropped"), "{said}");
    let old = doc["open"]["steps"].as_array().unwrap();
    let new = up["open"]["steps"].as_array().unwrap();
    assert_eq!(old.len(), new.len());
    let mut findings = 0;
    for (o, n) in old.iter().zip(new) {
        let typed: Vec<&Value> = o["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| &n["finding"])
            .collect();
        let kept: Vec<&Value> = n["notes"].as_array().unwrap().iter().collect();
        assert_eq!(typed, kept);
        findings += kept.len();
    }
    assert!(findings > 0, "{doc}");
    let f = &up["open"]["find_max"];
    assert!(f.get("text").is_none(), "{f}");
    assert_eq!(f["rates"], doc["open"]["find_max"]["rates"]);
}
