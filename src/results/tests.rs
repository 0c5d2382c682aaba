use super::*;
use crate::measure::Host;

fn host() -> Host {
    Host {
        hostname: "h".into(),
        allowed_cpus: vec![0, 1],
        logical_cpus: 2,
        cgroup_cpu_quota: None,
        cpu_model: "cpu".into(),
        kernel: "6".into(),
    }
}

fn tour_doc() -> tour::TourDoc {
    tour::TourDoc {
        meta: Meta::new(
            Kind::Tour,
            vec!["conpar".into()],
            "2026-01-01T00:00:00Z".into(),
            host(),
        ),
        seconds: 1.5,
        claims: vec![tour::ClaimResult::failed("race", "<b>boom</b>")],
    }
}

#[test]
fn a_document_round_trips() {
    let bytes = serde_json::to_vec(&tour_doc()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["kind"], "tour");
    assert_eq!(v["schema"], SCHEMA);
    assert_eq!(v["conpar_version"], env!("CARGO_PKG_VERSION"));
    match parse("t.json", &bytes).unwrap() {
        Document::Tour(t) => {
            assert_eq!(t.claims[0].reason, "<b>boom</b>");
            assert_eq!(t.meta.host, host());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn foreign_old_and_newer_files_are_refused_by_name() {
    let e = |b: &str| parse("f.json", b.as_bytes()).unwrap_err().to_string();
    assert!(e("").contains("f.json is empty"));
    assert!(e("{").contains("f.json:1:1: not valid JSON"));
    assert!(e(r#"{"name": 1}"#).contains("f.json is not a conpar result"));
    assert!(e(r#"[{"workload": "even"}]"#).contains("a list"));
    assert!(e(r#"{"workload": "even", "rows": []}"#).contains("before schema 2"));
    assert!(e(r#"{"kind": "<script>", "schema": 2}"#).contains("its kind is"));
    let mut v = serde_json::to_value(tour_doc()).unwrap();
    v["schema"] = 99.into();
    let newer = e(&v.to_string());
    assert!(
        newer.contains("schema 99") && newer.contains("schema 2"),
        "{newer}"
    );
}

#[test]
fn wrong_types_and_absurd_counts_are_refused() {
    let mut v = serde_json::to_value(tour_doc()).unwrap();
    v["seconds"] = "soon".into();
    let e = parse("t.json", v.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.json: not a valid `tour` document"), "{e}");
    let bad = serde_json::json!({
        "kind": "scale", "schema": 2, "conpar_version": "x", "command": [], "started_at": "",
        "host": host(), "program": ["true"], "shell": false, "rows": [], "projected": [],
        "verdict": "", "fit": { "amdahl_serial_fraction": null, "usl_sigma": null,
        "usl_kappa": null, "usl_r_squared": null, "stops_paying": null,
        "points": [{ "cores": 1_000_000_000u64, "speedup": 1.0, "efficiency": 1.0,
        "karp_flatt": null, "measured": true }] }
    });
    let e = parse("s.json", bad.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("accepted are 1 to 65536"), "{e}");
}
