use super::*;
use crate::measure::Host;

/// A host of two CPUs, for documents built in tests.
pub(super) fn host() -> Host {
    crate::measure::Host::fixture(2)
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
        claims: vec![tour::ClaimResult::failed(
            tour::ClaimKind::Race,
            "<b>boom</b>",
        )],
    }
}

#[test]
fn a_document_round_trips() {
    let bytes = serde_json::to_vec(&tour_doc()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["kind"], "tour");
    assert_eq!(v["schema"], Kind::Tour.schema());
    assert_eq!(v["conpar_version"], env!("CARGO_PKG_VERSION"));
    match parse("t.json", &bytes).unwrap() {
        Document::Tour(t) => {
            assert_eq!(
                t.claims[0].reason,
                tour::Reason::Failed {
                    message: "<b>boom</b>".into()
                }
            );
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
    assert!(newer.contains("schema 99, newer than"), "{newer}");
    // A schema-2 tour held sentences where schema 3 holds findings: refused,
    // naming the script that upgrades it.
    v["schema"] = 2.into();
    let older = e(&v.to_string());
    assert!(
        older.contains("schema 2") && older.contains("scripts/upgrade-results.py"),
        "{older}"
    );
    // A schema-3 tour held the claims' words as sentences: refused, naming
    // the script.
    v["schema"] = 3.into();
    let older = e(&v.to_string());
    assert!(
        older.contains("schema 3") && older.contains("scripts/upgrade-results.py"),
        "{older}"
    );
    // A kind whose layout did not change stays at schema 2.
    assert_eq!(Kind::Calibrate.schema(), 2);
    assert_eq!(Kind::Run.schema(), SCHEMA);
}

#[test]
fn run_scale_and_fit_from_before_typed_fit_notes_are_refused_naming_the_script() {
    let e = |b: &str| parse("f.json", b.as_bytes()).unwrap_err().to_string();
    for (kind, schema) in [("run", 3), ("scale", 3), ("fit", 2), ("scale", 2)] {
        let old = serde_json::json!({"kind": kind, "schema": schema});
        let said = e(&old.to_string());
        assert!(
            said.contains(&format!("it has schema {schema}, from before"))
                && said.contains("upgrade it with scripts/upgrade-results.py OLD.json NEW.json"),
            "{said}"
        );
    }
    assert_eq!((Kind::Scale.schema(), Kind::Fit.schema()), (4, 3));
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
        "kind": "scale", "schema": 4, "conpar_version": "x", "command": [], "started_at": "",
        "host": host(), "program": ["true"], "shell": false, "rows": [], "projected": [],
        "verdict": {"kind": "linear"}, "fit": { "amdahl_serial_fraction": null, "usl_sigma": null,
        "usl_kappa": null, "usl_r_squared": null, "stops_paying": {"kind": "no-law"},
        "points": [{ "cores": 1_000_000_000u64, "speedup": 1.0, "efficiency": 1.0,
        "karp_flatt": null, "measured": true }] }
    });
    let e = parse("s.json", bad.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("accepted are 1 to 65536"), "{e}");
}

#[test]
fn a_tour_document_s_claims_and_warnings_are_bounded() {
    let mut doc = tour_doc();
    let claim = doc.claims[0].clone();
    doc.claims = vec![claim.clone(); tour::MAX_CLAIMS];
    let bytes = serde_json::to_vec(&doc).unwrap();
    assert!(parse("t.json", &bytes).is_ok());
    doc.claims.push(claim);
    let e = parse("t.json", &serde_json::to_vec(&doc).unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.json: not a valid `tour` document: claims: 1001 entries; at most 1000 are accepted"
    );
    doc.claims.truncate(1);
    doc.claims[0].warnings =
        vec![crate::findings::Warning::CountLeftOut { threads: 2 }; tour::MAX_CLAIM_WARNINGS + 1];
    let e = parse("t.json", &serde_json::to_vec(&doc).unwrap()).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("claims[].warnings: 1001 entries; at most 1000 are accepted"),
        "{e}"
    );
}

#[test]
fn a_scale_document_from_before_intervals_still_parses() {
    let old = serde_json::json!({
        "kind": "scale", "schema": 4, "conpar_version": "x", "command": [], "started_at": "",
        "host": host(), "program": ["true"], "shell": false, "rows": [],
        "projected": [{ "threads": 4, "speedup": 1.5 }],
        "verdict": {"kind": "linear"}, "fit": { "amdahl_serial_fraction": 0.3, "usl_sigma": null,
        "usl_kappa": null, "usl_r_squared": null, "stops_paying": {"kind": "no-law"},
        "points": [{ "cores": 4, "speedup": 1.5, "efficiency": 0.375,
        "karp_flatt": null, "measured": false }] }
    });
    match parse("s.json", old.to_string().as_bytes()).unwrap() {
        Document::Scale(d) => {
            assert!(d.warnings.is_empty() && d.projected[0].interval.is_none());
            assert!(d.fit.serial_fraction_ci95.is_none() && d.fit.points[0].interval.is_none());
            assert_eq!(d.fit.resamples, None);
            assert!(d.fit.withheld.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

fn calibrate_doc() -> calibrate::CalibrateDoc {
    use crate::stats::Summary;
    let s = |x: f64| Summary::of(&[x]).unwrap();
    let at = |count, x| calibrate::AtCount { count, ns: s(x) };
    let cal = crate::kernel::Calibration {
        kernel: crate::workload::KernelKind::Memory,
        tick_ns: 1_000_000,
        iters_per_tick: 10,
        tick_median_ns: 1e6,
        tick_min_ns: 1e6,
        tick_max_ns: 1e6,
        tick_quartiles_ns: None,
        outliers: None,
    };
    calibrate::CalibrateDoc {
        meta: Meta::new(
            Kind::Calibrate,
            vec!["conpar".into()],
            "2026-01-01T00:00:00Z".into(),
            host(),
        ),
        cgroup: crate::measure::CgroupCpu::default(),
        kernels: vec![cal],
        overheads_ns: calibrate::Overheads {
            thread_spawn_join: Some(s(40e3)),
            fork: Some(s(200e3)),
            process_exec: Some(s(1.3e6)),
            pool_dispatch: Some(s(500.0)),
            tokio_spawn: Some(s(800.0)),
            context_switch_same_core: Some(s(3e3)),
            handoff_cross_core: None,
            sleep_overshoot: Some(s(60e3)),
            tokio_sleep_overshoot: Some(s(1e6)),
            thread_spawn_busy: vec![at(1, 70e3), at(16, 72e3)],
            thread_placement: vec![at(1, 0.0), at(2, 3e6)],
            rayon_wake: Vec::new(),
            tokio_wake: Vec::new(),
            workers_first: Vec::new(),
            workers_start: vec![at(1, 1.5e6), at(16, 16e6)],
            workers_stop: vec![at(1, 0.1e6)],
            worker_handout: Some(s(50e3)),
            kernel_setup: Vec::new(),
            worker_kernel_setup: Vec::new(),
            unmeasured: Vec::new(),
        },
        contention: vec![calibrate::ContentionCurve {
            kernel: crate::workload::KernelKind::Memory,
            points: vec![
                calibrate::ContentionPoint {
                    copies: 1,
                    slowdown: s(1.0),
                },
                calibrate::ContentionPoint {
                    copies: 8,
                    slowdown: s(2.1),
                },
            ],
        }],
        workspan_burden: Some(calibrate::WorkspanBurden {
            ns: 900,
            join_ns: 950,
            baseline_ns: 50,
            stolen: 990,
            trials: 1000,
        }),
    }
}

#[test]
fn a_calibration_round_trips_into_the_host_model() {
    let doc = calibrate_doc();
    let bytes = serde_json::to_vec(&doc).unwrap();
    let Document::Calibrate(back) = parse("c.json", &bytes).unwrap() else {
        panic!("a calibrate document")
    };
    assert_eq!(
        back.overheads_ns.workers_start,
        doc.overheads_ns.workers_start
    );
    assert_eq!(back.contention, doc.contention);
    assert_eq!(back.workspan_burden, doc.workspan_burden);
    let c = calibrate::contention(&back.contention);
    assert_eq!(c.slowdown(crate::workload::KernelKind::Memory, 8), 2.1);
    assert_eq!(c.slowdown(crate::workload::KernelKind::Spin, 8), 1.0);
    // A slowdown the model does not take, and absurd counts, are refused.
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    v["contention"][0]["points"][1]["slowdown"]["median"] = (-1.0).into();
    let e = parse("c.json", v.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("slowdown -1 at 8 copies"), "{e}");
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    v["overheads_ns"]["workers_start"][0]["count"] = 0.into();
    let e = parse("c.json", v.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("overheads_ns.workers_start"), "{e}");
    // A cost below 0 or of days is no host's.
    for bad in [-5.0, 1e15] {
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let s = &mut v["overheads_ns"]["thread_spawn_join"];
        *s = serde_json::json!({"median": bad, "min": bad, "max": bad, "n": 1, "ci95": null});
        let e = parse("c.json", v.to_string().as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("overheads_ns.thread_spawn_join"), "{e}");
    }
    // A calibration written before these were measured still reads.
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    for k in ["thread_spawn_busy", "workers_start", "worker_handout"] {
        v["overheads_ns"].as_object_mut().unwrap().remove(k);
    }
    v.as_object_mut().unwrap().remove("contention");
    v.as_object_mut().unwrap().remove("workspan_burden");
    let Ok(Document::Calibrate(old)) = parse("c.json", v.to_string().as_bytes()) else {
        panic!("an older calibration reads")
    };
    assert_eq!(old.workspan_burden, None);
    // A burden above its own join, or more steals than trials, is refused.
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    v["workspan_burden"]["stolen"] = 1001.into();
    let e = parse("c.json", v.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("workspan_burden"), "{e}");
}

#[test]
fn an_unmeasured_overhead_is_absent_and_older_zero_summaries_read_as_unmeasured() {
    let mut doc = calibrate_doc();
    doc.overheads_ns.pool_dispatch = None;
    let v = serde_json::to_value(&doc).unwrap();
    assert!(v["overheads_ns"].get("pool_dispatch").is_none(), "{v}");
    assert!(v["overheads_ns"].get("handoff_cross_core").is_none(), "{v}");
    // A document from before: an unmeasured cost was a summary of no samples,
    // the hand-off across cores null, a kernel's set-up always a summary.
    let mut v: serde_json::Value = serde_json::from_value(v).unwrap();
    let zero = serde_json::json!({
        "median": 0.0, "min": 0.0, "max": 0.0, "n": 0, "ci95": null,
        "mean": null, "sd": null, "samples": []
    });
    let oh = v["overheads_ns"].as_object_mut().unwrap();
    oh.insert("pool_dispatch".into(), zero.clone());
    oh.insert("tokio_spawn".into(), zero.clone());
    oh.insert("handoff_cross_core".into(), serde_json::Value::Null);
    oh.insert("worker_handout".into(), zero.clone());
    oh.insert(
        "kernel_setup".into(),
        serde_json::json!([
            {"kernel": "spin", "ns": zero},
            {"kernel": "memory", "ns": {
                "median": 5.0, "min": 5.0, "max": 5.0, "n": 1, "ci95": null
            }}
        ]),
    );
    let Document::Calibrate(back) = parse("old.json", v.to_string().as_bytes()).unwrap() else {
        panic!("a calibrate document")
    };
    let oh = &back.overheads_ns;
    assert_eq!(oh.pool_dispatch, None);
    assert_eq!(oh.tokio_spawn, None);
    assert_eq!(oh.handoff_cross_core, None);
    assert_eq!(oh.worker_handout, None);
    assert_eq!(oh.fork, doc.overheads_ns.fork);
    assert_eq!(oh.setup(crate::workload::KernelKind::Spin), None);
    assert_eq!(oh.setup_ns(crate::workload::KernelKind::Memory), 5.0);
    let named: Vec<_> = oh.named().into_iter().filter(|n| n.1.is_none()).collect();
    assert_eq!(
        named.iter().map(|n| n.0).collect::<Vec<_>>(),
        [
            "pool_dispatch",
            "tokio_spawn",
            "handoff_cross_core",
            "worker_handout"
        ]
    );
}

#[test]
fn kernel_first_use_costs_are_checked_when_read_back() {
    use crate::results::calibrate::{KernelSetup, Overheads};
    use crate::workload::KernelKind;
    let with = |samples: &[f64]| Overheads {
        kernel_setup: vec![KernelSetup {
            kernel: KernelKind::Memory,
            ns: crate::stats::Summary::of(samples),
        }],
        ..Overheads::default()
    };
    assert!(with(&[1e6, 2e6]).check().is_ok());
    let huge = with(&[1e300]).check().unwrap_err();
    assert_eq!(
        huge,
        Invalid::NotACost {
            field: "overheads_ns.kernel_setup.memory".into(),
            ns: 1e300
        }
    );
    let negative = with(&[-5.0, 1.0]).check().unwrap_err();
    assert_eq!(
        negative,
        Invalid::Summary {
            field: "overheads_ns.kernel_setup.memory".into(),
            why: crate::stats::SummaryError::Figures
        }
    );
    let mut twisted = with(&[1.0, 2.0]);
    if let Some(s) = twisted.kernel_setup[0].ns.as_mut() {
        s.min = 3.0;
    }
    assert!(twisted.check().is_err());
}
