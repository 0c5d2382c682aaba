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
