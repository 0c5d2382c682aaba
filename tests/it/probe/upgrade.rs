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
    assert_eq!(up["schema"], 4);
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

/// A schema-3 probe whose failures held conpar's own words is refused
/// naming the script; the script makes those words typed (`wrong`) and
/// keeps the message from outside as the detail, and a failure in no
/// words the script knows is kept whole.
#[test]
fn a_schema_3_probe_gets_its_failures_typed() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let (up, _) = upgrade(dir.path(), &fixture("schema-3-failed.json"));
    let failures: Vec<&Value> = (0..4).map(|i| &up["levels"][i]["first_error"]).collect();
    let wrong = |i: usize| failures[i]["wrong"].clone();
    assert_eq!(
        wrong(0),
        serde_json::json!({"kind": "not-protocol", "expected": "http"})
    );
    assert_eq!(failures[0]["detail"], "invalid HTTP version parsed");
    assert_eq!(failures[0]["answer"]["bytes"], "SSH-2.0-OpenSSH");
    assert_eq!(wrong(1), serde_json::json!({"kind": "status", "code": 503}));
    assert_eq!(failures[1]["detail"], "Service Unavailable");
    assert_eq!(wrong(2), serde_json::json!({"kind": "no-answer"}));
    assert_eq!(failures[2]["detail"], "");
    assert!(failures[3].get("wrong").is_none(), "{}", failures[3]);
    assert_eq!(
        failures[3]["detail"],
        "connection reset by peer (os error 104)"
    );
    let partial = &up["partial"]["failure"];
    assert_eq!(
        partial["wrong"],
        serde_json::json!({"kind": "too-long", "cap": 8388608})
    );
    // The words come back from the typed values, each once.
    let doc = match conpar::results::parse("new", up.to_string().as_bytes()).unwrap() {
        conpar::results::Document::Probe(d) => d,
        _ => panic!("not a probe"),
    };
    let below = conpar::table::text::blocks(&conpar::report::probe::below(&doc));
    for said in [
        "first failure at N = 1: the answer is not HTTP/1.x: invalid HTTP version parsed; its answer began SSH-2.0-OpenSSH",
        "the answer is longer than 8388608 bytes (--max-response)",
    ] {
        assert_eq!(below.matches(said).count(), 1, "{said}\n{below}");
    }
}
