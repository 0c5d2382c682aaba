//! Documents from before the fitted laws' notes were typed findings (`run`
//! and `scale` schema 3, `fit` schema 2): refused by `report` naming the
//! upgrade script, and upgraded by `scripts/upgrade-results.py` into
//! documents that parse and render, with what the stored figures allow
//! re-derived as typed findings.

use crate::documents::{save, shipped};
use crate::{conpar, shared};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// `report` refuses `old` naming the script; the script upgrades it (its
/// standard error returned) and `report` renders the result.
fn refused_then_upgraded(dir: &Path, old: &Value) -> (Value, String) {
    let old = save(dir, "old.json", old);
    let refused = conpar().arg("report").arg(&old).output().unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{err}");
    assert!(
        err.contains("upgrade it with scripts/upgrade-results.py OLD.json NEW.json"),
        "{err}"
    );
    let new: PathBuf = dir.join("new.json");
    let r = crate::documents::upgrade(&old, &new);
    let said = String::from_utf8_lossy(&r.stderr).into_owned();
    assert!(r.status.success(), "{said}");
    let read = conpar().arg("report").arg(&new).output().unwrap();
    assert!(
        read.status.success() && !read.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let up = serde_json::from_slice(&std::fs::read(&new).unwrap()).unwrap();
    (up, said)
}

#[test]
fn a_schema_3_run_is_refused_then_upgraded_to_the_same_figures() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let now = shipped("run-nopin.json");
    let mut old = now.clone();
    old["schema"] = 3.into();
    let (up, said) = refused_then_upgraded(dir.path(), &old);
    assert_eq!(up, now, "{said}");
}

/// A schema-3 `scale` document as conpar wrote it: its notes and verdict
/// sentences, a count for where threads stop paying, one refused projection.
fn scale_3() -> Value {
    let mut d = json!({
        "kind": "scale", "schema": 3, "conpar_version": "0.1.0", "command": ["conpar", "scale"],
        "started_at": "2026-01-01T00:00:00Z", "program": ["true"], "shell": false,
        "rows": [], "projected": [],
        "verdict": "Amdahl s ≈ 0.100: at most 10.0× on any number of cores; beyond 4 threads each one adds less than half a core; too noisy to project to 16 threads",
        "warnings": [],
        "fit": {
            "amdahl_serial_fraction": 0.1, "usl_sigma": null, "usl_kappa": null,
            "usl_r_squared": null, "stops_paying": 4,
            "usl_note": "the USL fit needs at least 3 distinct core counts including 1, got 2",
            "points": [
                {"cores": 1, "speedup": 1.0, "efficiency": 1.0, "karp_flatt": null, "measured": true},
                {"cores": 2, "speedup": 1.8, "efficiency": 0.9, "karp_flatt": 0.11, "measured": true},
                {"cores": 8, "speedup": 4.7, "efficiency": 0.59, "karp_flatt": 0.1, "measured": false,
                 "interval": {"median": 4.7, "lo": 3.0, "hi": 6.0, "refused": false}},
                {"cores": 16, "speedup": 6.4, "efficiency": 0.4, "karp_flatt": 0.1, "measured": false,
                 "interval": {"median": 6.4, "lo": 1.0, "hi": 9.0, "refused": true}}
            ],
            "serial_fraction_ci95": [0.08, 0.12], "usl_ci95": null, "resamples": 1000,
            "projection_note": "too noisy to project to 16 threads: the 95% interval there is wider than the speedup itself"
        }
    });
    d["host"] = shipped("run-nopin.json")["host"].clone();
    d
}

#[test]
fn a_schema_3_scale_is_upgraded_with_its_findings_re_derived() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let (up, said) = refused_then_upgraded(dir.path(), &scale_3());
    assert_eq!(up["schema"], 4);
    let fit = &up["fit"];
    assert_eq!(
        fit["stops_paying"],
        json!({"kind": "beyond", "at": 4, "by": "not-recorded"})
    );
    assert_eq!(
        fit["no_usl"],
        json!({"kind": "too-few-counts", "law": "usl", "need": 3, "got": 2})
    );
    assert_eq!(
        fit["withheld"],
        json!([{"kind": "too-noisy", "counts": [16], "all": false, "widest": 2}])
    );
    for gone in ["usl_note", "projection_note"] {
        assert!(fit.get(gone).is_none(), "{fit}");
    }
    // The verdict, made again from the figures: a ceiling of 1/s.
    assert_eq!(up["verdict"]["kind"], "ceiling", "{}", up["verdict"]);
    assert_eq!(up["verdict"]["ceiling"], 10.0);
    assert_eq!(up["verdict"]["stops_paying"], fit["stops_paying"]);
    // The old verdict sentence is what could not be re-derived as it was.
    assert!(said.contains("1 note of the fitted laws"), "{said}");
}

#[test]
fn a_schema_2_fit_is_upgraded_with_its_baseline_and_notes_typed() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "n,latency,x\n1,1,10\n2,1,19\n4,1,35\n8,1,60\n").unwrap();
    let out = crate::stdout_of(conpar().args(["fit", "--json", "-"]).arg(&csv));
    let now: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(now["schema"], 3);
    assert_eq!(now["baseline"], json!({"kind": "measured-x1", "x": 10.0}));
    let mut old = now.clone();
    old["schema"] = 2.into();
    old["baseline"] = "the measured X(1) = 10.00".into();
    old["notes"] = json!(["column `latency` was read but not used: x comes first"]);
    old["interval_note"] = "only 700 of 1000 resamples could be refitted".into();
    let (up, said) = refused_then_upgraded(dir.path(), &old);
    assert_eq!(up["baseline"], now["baseline"]);
    assert_eq!(up["notes"], now["notes"]);
    assert_eq!(
        up["notes"][0],
        json!({"kind": "column-unused", "column": "latency", "used": "x"})
    );
    assert!(up.get("interval_note").is_none());
    assert!(said.contains("1 note of"), "{said}");
}

#[test]
fn an_upgrade_of_a_document_out_of_shape_is_refused_without_a_traceback() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let mut bad = scale_3();
    bad["fit"] = 5.into();
    let old = save(dir.path(), "old.json", &bad);
    let new = dir.path().join("new.json");
    let r = crate::documents::upgrade(&old, &new);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a `fit` is not an object") && !err.contains("Traceback"),
        "{err}"
    );
    assert!(!new.exists());
}
