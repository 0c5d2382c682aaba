//! `conpar calibrate`'s tables and CSV.

use conpar::report::calibrate::{blocks, csv};
use conpar::results::calibrate::{AtCount, CalibrateDoc};
use conpar::results::{Document, parse};
use conpar::table::{Block, Table, Value};
use conpar::words::calibrate::UNMEASURED;

fn doc() -> CalibrateDoc {
    let json = include_str!("../../../docs/measurements/xeon-16cpu/calibrate.json");
    match parse("calibrate.json", json.as_bytes()) {
        Ok(Document::Calibrate(d)) => d,
        other => panic!("not a calibration: {other:?}"),
    }
}

fn tables(b: &[Block]) -> Vec<&Table> {
    b.iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn every_figure_has_its_cell_and_the_unmeasured_say_so() {
    let mut d = doc();
    d.overheads_ns.fork = None;
    d.workspan_burden = None;
    let b = blocks(&d, Some(3));
    let t = tables(&b);
    assert_eq!(t.len(), 4);
    assert_eq!(t[0].rows.len(), d.kernels.len());
    // Ten overheads, the burden, one set-up row per kernel.
    assert_eq!(t[1].rows.len(), 10 + 1 + d.kernels.len());
    assert_eq!(t[1].rows[1][1].value, Value::Absent(UNMEASURED));
    assert_eq!(t[1].rows[10][1].value, Value::Absent(UNMEASURED));
    let s = d.overheads_ns.thread_spawn_join.as_ref().unwrap();
    assert_eq!(
        t[1].rows[0][1].value,
        Value::nanos_spread(s.median, s.min, s.max)
    );
    assert_eq!(t[2].rows.len(), 7);
    // Each cost's median sits under its own count.
    // A cost measured at one count sits under that count's column, the
    // other costs' cells there empty.
    let mut at4 = d.clone();
    let s4 = s.clone();
    at4.overheads_ns.thread_placement = vec![AtCount { count: 4, ns: s4 }];
    let b4 = blocks(&at4, None);
    let grows = tables(&b4)[2];
    let col = grows
        .columns
        .iter()
        .position(|c| c.heading.as_deref() == Some("k=4"))
        .unwrap();
    assert_eq!(grows.rows[1][col].value, Value::nanos(s.median));
    assert!(
        grows.rows[0]
            .get(col)
            .is_none_or(|c| c.value == Value::Empty)
    );
    assert_eq!(t[3].rows.len(), d.contention.len());
    assert!(conpar::table::text::blocks(&b).contains("on CPU 3"));
}

#[test]
fn the_csv_keeps_its_columns_and_a_row_per_tick_and_overhead() {
    let mut d = doc();
    d.overheads_ns.fork = None;
    let csv = String::from_utf8(csv(&d).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "what,median_ns,min_ns,max_ns,n");
    assert_eq!(lines.len(), 1 + d.kernels.len() + 10);
    let c = &d.kernels[0];
    assert_eq!(
        lines[1],
        format!(
            "tick:{},{:?},{:?},{:?},",
            c.kernel.name(),
            c.tick_median_ns,
            c.tick_min_ns,
            c.tick_max_ns
        )
    );
    assert_eq!(lines[1 + d.kernels.len() + 1], "fork,,,,0");
}
