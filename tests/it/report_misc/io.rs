//! `conpar io`'s table, CSV, setup line and verdicts.

use conpar::findings::io::IoVerdict;
use conpar::kinds::ClientKind;
use conpar::report::io::{blocks, csv, table, verdicts};
use conpar::results::io::IoDoc;
use conpar::results::{Document, parse};
use conpar::table::{Block, Value};

fn doc() -> IoDoc {
    let json = include_str!("../../../docs/measurements/xeon-16cpu/io.json");
    match parse("io.json", json.as_bytes()) {
        Ok(Document::Io(d)) => d,
        other => panic!("not an io document: {other:?}"),
    }
}

#[test]
fn the_csv_keeps_its_columns_and_adds_requests_per_second_last() {
    let d = doc();
    let csv = String::from_utf8(csv(&d).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "client,cores,threads,requests,errors,cpu_s,latency_s,wall_median_s,wall_min_s,\
         wall_max_s,predicted_wall_s,error,cpu_time_s,blocked_core_s,p50_s,p99_s,max_s,requests_per_s"
    );
    assert_eq!(lines.len(), d.rows.len() + 1);
    let r = &d.rows[0];
    assert!(lines[1].starts_with(&format!(
        "{},{},{},{},{},",
        r.client.name(),
        r.cores,
        r.threads,
        r.requests,
        r.errors
    )));
}

#[test]
fn people_see_every_row_and_its_figures() {
    let d = doc();
    let t = table(&d);
    let shown: Vec<&str> = t
        .shown()
        .iter()
        .filter_map(|&c| t.columns[c].heading.as_deref())
        .collect();
    assert!(shown.contains(&"p99") && shown.contains(&"req/s") && shown.contains(&"blocked"));
    assert_eq!(t.rows.len(), d.rows.len());
    assert_eq!(
        t.rows[0][7].value,
        Value::spread(&d.rows[0].measured.wall_s)
    );
    let b = blocks(&d);
    let lines = b.iter().filter(|b| matches!(b, Block::Line(_))).count();
    assert_eq!(lines, 1 + verdicts(&d.rows).len());
}

#[test]
fn the_setup_line_carries_the_documents_numbers() {
    let mut d = doc();
    let s = d.setup().unwrap();
    let r = &d.rows[0];
    assert_eq!(
        (s.requests, s.cpu_s, s.latency_s),
        (r.requests, r.cpu_s, r.latency_s)
    );
    assert_eq!(s.target, d.target);
    assert_eq!(s.connection_ns, d.calibration.connection_ns);
    assert_eq!(s.single_request_ns, d.calibration.single_request_ns);
    assert_eq!(s.server_connection_ns, d.calibration.server_connection_ns);
    d.rows.clear();
    assert!(d.setup().is_none() && blocks(&d).is_empty());
}

#[test]
fn verdicts_carry_the_rows_medians_and_skip_failed_clients() {
    let mut d = doc();
    let median = |k: ClientKind, p: usize| {
        d.rows
            .iter()
            .find(|r| r.client == k && r.cores == p)
            .map(|r| r.measured.wall_s.median)
    };
    let v = verdicts(&d.rows);
    let mut pairs = 0;
    for f in &v {
        if let IoVerdict::LoopAgainstBlocking {
            cores,
            loop_s,
            blocking_s,
            ..
        } = *f
        {
            assert_eq!(Some(loop_s), median(ClientKind::EventLoop, cores));
            assert_eq!(Some(blocking_s), median(ClientKind::Blocking, cores));
            pairs += 1;
        }
    }
    assert!(pairs > 0, "{v:?}");
    // A blocking client with failures is named and compared with nothing.
    let i = d
        .rows
        .iter()
        .position(|r| r.client == ClientKind::Blocking)
        .unwrap();
    d.rows[i].errors = 3;
    let (client, cores) = (d.rows[i].client, d.rows[i].cores);
    let v = verdicts(&d.rows);
    assert!(v.contains(&IoVerdict::NotCompared {
        client,
        cores,
        errors: 3
    }));
    assert!(!v.iter().any(|f| matches!(f,
        IoVerdict::LoopAgainstBlocking { cores: c, .. } if *c == cores)));
}
