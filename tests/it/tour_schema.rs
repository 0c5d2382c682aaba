//! Tour documents of schema 3, whose claims held sentences, are refused with
//! the upgrade command named; `scripts/upgrade-results.py` brings them to
//! schema 4 (typed reasons, words told from the figures), and the result
//! parses and renders.

use crate::conpar;
use conpar::results::tour::{ClaimKind, ClaimVerdict, Figures, Reason, Verdict};
use conpar::results::{Document, parse};
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/data/tour-schema-3.json")
}

#[test]
fn a_schema_3_tour_is_refused_then_upgraded_and_rendered() {
    let _shared = crate::shared();
    let old = fixture();
    let refused = conpar().arg("report").arg(&old).output().unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{err}");
    assert!(
        err.contains("schema 3") && err.contains("scripts/upgrade-results.py OLD.json NEW.json"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.json");
    let r = crate::documents::upgrade(&old, &new);
    let said = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{said}");
    assert!(
        said.contains("10 claim reasons in sentences") && said.contains("marked unknown"),
        "{said}"
    );
    let Document::Tour(t) = parse("new.json", &std::fs::read(&new).unwrap()).unwrap() else {
        panic!("not a tour");
    };
    assert_eq!(t.meta.schema, 4);
    assert_eq!(t.claims.len(), 10);
    // Verdicts and figures are kept; the sentences are gone, reasons unknown.
    let old: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture()).unwrap()).unwrap();
    for (c, o) in t.claims.iter().zip(old["claims"].as_array().unwrap()) {
        assert_eq!(c.name.name(), o["name"], "{c:?}");
        assert_eq!(c.reason, Reason::Unknown, "{c:?}");
        assert_eq!(c.figures.is_some(), !o["figures"].is_null(), "{c:?}");
        assert_eq!(c.model_verdict.why, None, "{c:?}");
    }
    let amdahl = t
        .claims
        .iter()
        .find(|c| c.name == ClaimKind::Amdahl)
        .unwrap();
    let Some(Figures::Amdahl { measured, .. }) = &amdahl.figures else {
        panic!("{amdahl:?}");
    };
    assert_eq!(measured.len(), 8);
    assert_eq!(amdahl.verdict, Verdict::Holds);
    assert_eq!(
        amdahl.claim_verdict, None::<ClaimVerdict>,
        "not recorded, not made up"
    );
    // It renders: each claim's section and the summary, through the words.
    for (i, c) in t.claims.iter().enumerate() {
        let s = conpar::report::tour::section(i + 1, c);
        assert!(s.contains(c.name.title()), "{s}");
    }
    let read = conpar()
        .arg("report")
        .arg("-q")
        .arg(&new)
        .arg("--report")
        .arg(dir.path().join("report"))
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
}

/// The shipped tour document is of the current schema, so `conpar report`
/// reads it.
#[test]
fn the_shipped_tour_document_is_current() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/measurements/xeon-16cpu/tour.json");
    let doc = parse("tour.json", &std::fs::read(p).unwrap()).unwrap();
    assert!(matches!(doc, Document::Tour(_)));
}

/// A schema-3 tour naming a claim conpar does not know is refused by the
/// script with the names it accepts, exit 2, nothing written.
#[test]
fn the_script_refuses_a_claim_it_does_not_know() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture()).unwrap()).unwrap();
    doc["claims"][0]["name"] = "<script>".into();
    let old = crate::documents::save(dir.path(), "old.json", &doc);
    let new = dir.path().join("new.json");
    let r = crate::documents::upgrade(&old, &new);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.contains("accepted are interleave-sum") && !err.contains("Traceback"),
        "{err}"
    );
    assert!(!new.exists());
}

/// Every key of `stored` is in `written` with the same value (`written`
/// may add keys an older producer did not write, at their defaults).
fn within(stored: &serde_json::Value, written: &serde_json::Value) -> bool {
    use serde_json::Value::{Array, Object};
    match (stored, written) {
        (Object(s), Object(w)) => s
            .iter()
            .all(|(k, v)| w.get(k).is_some_and(|x| within(v, x))),
        (Array(s), Array(w)) => s.len() == w.len() && s.iter().zip(w).all(|(a, b)| within(a, b)),
        _ => stored == written,
    }
}

/// A stored schema-4 tour of a 16-CPU host, with figures left undefined
/// (`null`): its claims' figures parse and are written back as they were
/// read (null stays null, every number and key kept), and what is written
/// reads back the same, so the figures' layout is unchanged.
#[test]
fn a_stored_tour_keeps_its_figures_layout_both_ways() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/measurements/xeon-16cpu/tour.json");
    let bytes = std::fs::read(&path).unwrap();
    let Document::Tour(t) = parse("tour.json", &bytes).unwrap() else {
        panic!("not a tour");
    };
    let stored: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut nulls = 0;
    for (c, o) in t.claims.iter().zip(stored["claims"].as_array().unwrap()) {
        let written = serde_json::to_value(&c.figures).unwrap();
        assert!(
            within(&o["figures"], &written),
            "{}: {written}",
            c.name.name()
        );
        let again: Option<conpar::results::tour::Figures> =
            serde_json::from_value(written.clone()).unwrap();
        assert_eq!(serde_json::to_value(&again).unwrap(), written);
        nulls += o["figures"].to_string().matches("null").count();
    }
    assert!(nulls > 0, "the document holds undefined figures");
}
