//! The probe's table and CSV: undefined figures, censored latencies, the header.

use super::*;

#[test]
fn an_empty_probe_csv_still_has_its_header_and_it_names_every_field() {
    let mut d = crate::results::probe::tests::doc();
    let full = String::from_utf8(csv(&d).unwrap()).unwrap();
    d.levels.clear();
    let empty = String::from_utf8(csv(&d).unwrap()).unwrap();
    assert_eq!(empty, format!("{}\n", CSV_HEADER.join(",")));
    assert_eq!(full.lines().next(), empty.lines().next());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(CsvRow {
        n: 1,
        requests: 0,
        errors: 0,
        timeouts: 0,
        unanswered: 0,
        censored: 0,
        connects: 0,
        window_s: 0.0,
        throughput: None,
        latency_mean_s: None,
        latency_p50_s: None,
        latency_p99_s: None,
        latency_max_s: None,
        server_cpu_s: None,
        server_cores: None,
        server_busiest_thread_cores: None,
        server_waiting_cores: None,
        server_threads: None,
        client_cores: 0.0,
        host_idle_cores: None,
        little: None,
        serial_x: None,
        one_core_x: None,
        parallel_x: None,
        listen_overflows: None,
        listen_drops: None,
        syn_retrans: None,
        tcp_timeouts: None,
        accept_queue_max: None,
        syn_retry_latencies: 0,
        first_error: String::new(),
    })
    .unwrap();
    let serde_header = String::from_utf8(w.into_inner().unwrap()).unwrap();
    assert_eq!(serde_header.lines().next(), empty.lines().next());
}

#[test]
fn undefined_figures_are_dashes_not_nan() {
    let mut l = crate::results::probe::tests::doc().levels[0].clone();
    l.throughput = f64::NAN;
    l.little = f64::NAN;
    for x1 in [Some(0.0), Some(f64::NAN), None] {
        let r = row(&l, x1);
        assert!(!r.contains("NaN") && !r.contains("inf"), "{r}");
        assert!(r.contains('—'), "{r}");
    }
}

#[test]
fn censored_latencies_are_marked_and_explained() {
    let mut d = crate::results::probe::tests::doc();
    let l = &mut d.levels[0];
    (l.timeouts, l.unanswered, l.censored) = (3, 3, 3);
    let r = row(l, Some(50.0));
    assert!(r.contains("≥"), "{r}");
    let t = summary(&d);
    assert!(
        t.contains("3 requests timed out, 3 of them still unanswered"),
        "{t}"
    );
}
