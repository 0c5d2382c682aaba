//! The probe's table and CSV: undefined figures, censored latencies, the header.

use super::*;
use crate::words::probe::TimedOut;

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
    let said = lines(&d).before[0].clone();
    let want = TimedOut {
        n: 1,
        timeouts: 3,
        unanswered: 3,
        censored: 3,
        deadline_s: 10.0,
    };
    assert_eq!(said, want.to_string());
    assert_eq!(summary(&d).matches(&said).count(), 1);
}

/// Every line below the levels, in every backend, exactly once: the
/// verdict is never said twice ("one core: one core:" was), and a server's
/// bytes are escaped for each output.
#[test]
fn each_backend_says_every_line_once() {
    let d = crate::results::probe::tests::analysed_doc();
    let l = lines(&d);
    let all: Vec<&String> = l
        .before
        .iter()
        .chain(&l.usl)
        .chain(&l.verdict)
        .chain(&l.partial)
        .collect();
    assert!(all.len() >= 6, "{all:?}");
    let text = table(&d);
    let doc = crate::results::Document::Probe(d.clone());
    let md = crate::report::markdown::render(&doc);
    let html = crate::report::html::build(&[("p".into(), doc)]).html;
    for t in &all {
        assert_eq!(text.matches(&*terminal(t)).count(), 1, "{t}\n{text}");
        let esc = crate::escape::html(t);
        assert_eq!(html.matches(&*esc).count(), 1, "{t}");
    }
    assert!(!md.contains("<b>") && !html.contains("reset <b>"), "{md}");
    let v = &l.verdict[0];
    assert!(!v.contains("one core: one core"), "{v}");
    assert!(!html.contains("one core: one core"));
    assert_eq!(md.matches("What stops X").count(), 1, "{md}");
    assert_eq!(html.matches("What stops X").count(), 1);
    // One column list: every title in Markdown and HTML, every head in the text.
    for c in &columns::LEVEL {
        assert!(text.contains(c.head), "{}", c.head);
        let th = format!("<th>{}</th>", crate::escape::html(c.title));
        assert!(html.contains(&th), "{th}");
        assert!(
            md.contains(c.title.split(' ').next().unwrap()),
            "{}",
            c.title
        );
    }
}
