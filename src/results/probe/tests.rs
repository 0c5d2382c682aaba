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
        partial: Some("stopped".into()),
        analysis: None,
        open: None,
    }
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
    second.notes.push(Note {
        finding: ScheduleFinding::Omission {
            quantile: Quantile::P99,
            corrected_s: 0.16,
            uncorrected_s: 0.04,
        },
        text: "coordinated omission <b>".into(),
    });
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
            text: "between 100 and 200".into(),
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
            assert_eq!(
                o.steps[1].notes[0].finding,
                open_doc().open.unwrap().steps[1].notes[0].finding
            );
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
    let notes = |o: &mut open::OpenLoop| {
        o.steps[1].notes = vec![o.steps[1].notes[0].clone(); open::MAX_NOTES + 1]
    };
    assert!(refused(&notes).contains("notes"));
    assert!(refused(&|o| o.slo = vec![o.slo[0]; 5]).contains("objectives"));
}
