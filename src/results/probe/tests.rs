//! The probe document's round trip and bounds.

use super::*;
use crate::results::{Document, Kind, parse};

/// A document of one level, partial, for tests of readers and renderers.
pub(crate) fn doc() -> ProbeDoc {
    let host = crate::results::tests::host();
    let lat = Latency {
        mean: 0.02,
        p50: 0.02,
        p99: 0.03,
        max: f64::NAN,
    };
    ProbeDoc {
        meta: Meta::new(
            Kind::Probe,
            vec!["conpar".into()],
            "2026-01-01T00:00:00Z".into(),
            host,
        ),
        target: "http://127.0.0.1:1/<x>".into(),
        protocol: Protocol::Http,
        request: "GET /".into(),
        client_threads: 2,
        server_cores: 2,
        server_pid: Some(7),
        spawned: None,
        warmup_s: 0.5,
        duration_s: 2.0,
        max_requests: 10,
        timeout_s: 10.0,
        levels: vec![ProbeLevel {
            n: 1,
            requests: 10,
            errors: 0,
            timeouts: 0,
            unanswered: 0,
            censored: 0,
            connects: 1,
            window_s: 0.2,
            throughput: 50.0,
            latency_s: lat,
            server: None,
            client_cores: 0.01,
            host_idle_cores: Some(1.9),
            little: 1.0,
            first_error: None,
            kernel: None,
            syn_retry_latencies: 0,
        }],
        partial: Some(Partial::ServerExited { pid: 7, n: 2 }),
        analysis: None,
        open: None,
    }
}

/// A document of three levels with an analysis whose verdict has a limit
/// and notes, for tests of renderers.
pub(crate) fn analysed_doc() -> ProbeDoc {
    let mut d = doc();
    d.partial = None;
    let first = d.levels[0].clone();
    for (n, x) in [(4, 190.0), (16, 200.0)] {
        let mut l = first.clone();
        (l.n, l.throughput, l.timeouts, l.unanswered, l.censored) = (n, x, 2, 1, 2);
        l.first_error = Some(RequestFailure::new(FailureKind::Broken, "reset <b>"));
        d.levels.push(l);
    }
    let curve = |archetype, cores| ArchetypeCurve {
        archetype,
        cores,
        throughput: vec![Some(50.0), Some(200.0), Some(200.0)],
        latency_s: vec![Some(0.02), Some(0.02), Some(0.08)],
        residual: Some(0.1),
    };
    let verdict = Verdict {
        finding: Finding::OneCore,
        reason: Reason::OneCore,
        evidence: Evidence {
            x1: 50.0,
            service_time_s: 0.02,
            x_max: 200.0,
            top_n: 16,
            saturated: true,
            cores: 2,
            busiest_share: Some(0.6),
            cpu_share: Some(0.25),
            starved: false,
        },
        best_fit: Some(Archetype::OneCore),
        effective_cores: Some(0.97),
        wanted_cores: Some(0.97),
        knee: Some(4),
        client_bound: true,
        levels_needed: None,
        exceeded: None,
        limit: Some(Limit::Cpu {
            cores: 0.97,
            what: CpuUse::OneCore,
        }),
        syn_retry_latencies: 0,
        notes: vec![
            VerdictNote::ClientBusy,
            VerdictNote::Little { n: 16, ratio: 0.6 },
        ],
    };
    d.analysis = Some(Analysis {
        service_time_s: 0.02,
        server_cpu_per_request_s: Some(0.005),
        archetypes: vec![curve(Archetype::Serial, 1), curve(Archetype::OneCore, 1)],
        usl_sigma: None,
        usl_kappa: None,
        usl_r_squared: None,
        usl_missing: Some(UslMissing::NoCurve),
        verdict,
    });
    d
}

#[test]
fn a_probe_document_round_trips_and_is_bounded() {
    let bytes = serde_json::to_vec(&doc()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["kind"], "probe");
    assert_eq!(v["levels"][0]["latency_s"]["max"], serde_json::Value::Null);
    match parse("p.json", &bytes).unwrap() {
        Document::Probe(p) => {
            assert_eq!(p.target, "http://127.0.0.1:1/<x>");
            assert!(p.levels[0].latency_s.max.is_nan());
        }
        other => panic!("{other:?}"),
    }
    let mut big = doc();
    big.levels = vec![big.levels[0].clone(); MAX_LEVELS + 1];
    let e = parse("p.json", &serde_json::to_vec(&big).unwrap()).unwrap_err();
    assert!(e.to_string().contains("at most 64"), "{e}");
    let a = analysed_doc();
    let back = match parse("p.json", &serde_json::to_vec(&a).unwrap()).unwrap() {
        Document::Probe(p) => p,
        other => panic!("{other:?}"),
    };
    let (v, w) = (
        &a.analysis.unwrap().verdict,
        &back.analysis.unwrap().verdict,
    );
    assert_eq!(
        (&v.reason, &v.notes, v.limit),
        (&w.reason, &w.notes, w.limit)
    );
    assert_eq!(back.levels[1].first_error, a.levels[1].first_error);
    let mut long = analysed_doc();
    long.analysis.as_mut().unwrap().verdict.notes = vec![VerdictNote::ClientBusy; 5];
    let e = parse("p.json", &serde_json::to_vec(&long).unwrap()).unwrap_err();
    assert!(e.to_string().contains("verdict.notes"), "{e}");
    let mut wide = doc();
    wide.levels[0].n = MAX_CLIENTS + 1;
    assert!(parse("p.json", &serde_json::to_vec(&wide).unwrap()).is_err());
}

#[test]
fn a_document_from_before_the_kernel_columns_still_reads() {
    let mut v = serde_json::to_value(doc()).unwrap();
    let level = v["levels"][0].as_object_mut().unwrap();
    for k in ["unanswered", "censored", "kernel", "syn_retry_latencies"] {
        assert!(level.remove(k).is_some(), "{k} is written");
    }
    match parse("p.json", &serde_json::to_vec(&v).unwrap()).unwrap() {
        Document::Probe(p) => {
            let l = &p.levels[0];
            assert_eq!((l.unanswered, l.censored, l.kernel), (0, 0, None));
        }
        other => panic!("{other:?}"),
    }
}

/// A document of two open-loop steps, the second with a finding and a
/// search, for tests of readers and renderers.
pub(crate) fn open_doc() -> ProbeDoc {
    use open::*;
    let p = |x: f64| Percentiles {
        p50: x,
        p90: x,
        p99: 2.0 * x,
        p999: 2.0 * x,
        max: f64::NAN,
    };
    let step = |asked: f64, lat: f64| OpenStep {
        asked,
        achieved: asked,
        repeat: 0,
        scheduled: 100,
        sent: 100,
        answered: 100,
        errors: 0,
        timeouts: 0,
        unanswered: 0,
        dropped: 0,
        late_pool: 0,
        late_client: 0,
        lag_max_s: 0.0,
        in_flight_max: 3,
        connects: 3,
        window_s: 1.0,
        corrected: p(lat),
        uncorrected: p(lat / 4.0),
        slo: Some(SloVerdict::Held),
        notes: Vec::new(),
        first_error: None,
    };
    let mut d = doc();
    d.levels.clear();
    d.partial = None;
    let mut second = step(200.0, 0.08);
    second.slo = Some(SloVerdict::Missed {
        objective: Objective {
            quantile: Quantile::P99,
            max_s: 0.05,
        },
        measured_s: 0.16,
    });
    second.notes.push(ScheduleFinding::Omission {
        quantile: Quantile::P99,
        corrected_s: 0.16,
        uncorrected_s: 0.04,
    });
    second.first_error = Some(RequestFailure::new(FailureKind::Rejected, "HTTP 503 <b>"));
    d.open = Some(OpenLoop {
        max_in_flight: 8,
        slo: vec![Objective {
            quantile: Quantile::P99,
            max_s: 0.05,
        }],
        steps: vec![step(100.0, 0.01), second],
        find_max: Some(FindMax {
            max_rate: Some(100.0),
            above: Some(200.0),
            repeats: 1,
            stop: SearchStop::Steps,
            rates: vec![100.0, 200.0],
        }),
    });
    d
}

#[test]
fn open_loop_steps_round_trip_and_are_bounded() {
    let bytes = serde_json::to_vec(&open_doc()).unwrap();
    match parse("p.json", &bytes).unwrap() {
        Document::Probe(p) => {
            let o = p.open.unwrap();
            assert_eq!(o.steps.len(), 2);
            assert!(o.steps[1].corrected.max.is_nan());
            assert_eq!(o.steps[1].notes, open_doc().open.unwrap().steps[1].notes);
            assert_eq!(o.find_max.unwrap().stop, open::SearchStop::Steps);
        }
        other => panic!("{other:?}"),
    }
    let mut v = serde_json::to_value(doc()).unwrap();
    assert!(v.as_object_mut().unwrap().remove("open").is_some());
    let old = parse("p.json", &serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(matches!(old, Document::Probe(p) if p.open.is_none()));
    let refused = |f: &dyn Fn(&mut open::OpenLoop)| {
        let mut d = open_doc();
        f(d.open.as_mut().unwrap());
        parse("p.json", &serde_json::to_vec(&d).unwrap())
            .unwrap_err()
            .to_string()
    };
    let many = |o: &mut open::OpenLoop| o.steps = vec![o.steps[0].clone(); open::MAX_STEPS + 1];
    assert!(refused(&many).contains("at most 256"));
    assert!(refused(&|o| o.max_in_flight = 0).contains("max_in_flight"));
    assert!(refused(&|o| o.steps[0].asked = 2e6).contains("asked"));
    let notes =
        |o: &mut open::OpenLoop| o.steps[1].notes = vec![o.steps[1].notes[0]; open::MAX_NOTES + 1];
    assert!(refused(&notes).contains("notes"));
    assert!(refused(&|o| o.slo = vec![o.slo[0]; 5]).contains("open.slo"));
}
