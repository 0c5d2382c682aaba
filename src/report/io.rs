//! `conpar io` results: the table and its sentences, as [`blocks`] every
//! backend renders; CSV writes the table. Pure functions of the document.

use crate::findings::io::IoVerdict;
use crate::kinds::ClientKind;
use crate::results::io::{IoDoc, IoRow};
use crate::table::{Block, Cell, Column, Table, Unit, Value, text};
use crate::units::Nanos;
use crate::words::Secs;

/// The table: one row per (client, cores); CSV's columns in CSV's order.
pub fn table(d: &IoDoc) -> Table {
    let mut t = Table::new(
        "",
        vec![
            Column::new("client", "client"),
            Column::new("cores", "cores"),
            Column::csv_only("threads"),
            Column::csv_only("requests"),
            Column::new("errors", "errors"),
            Column::csv_only("cpu_s"),
            Column::csv_only("latency_s"),
            Column::spread(
                "measured wall [min–max]",
                ["wall_median_s", "wall_min_s", "wall_max_s"],
            ),
            Column::new("predicted", "predicted_wall_s"),
            Column::new("error", "error"),
            Column::new("CPU", "cpu_time_s"),
            Column::new("blocked", "blocked_core_s"),
            Column::new("p50", "p50_s"),
            Column::new("p99", "p99_s"),
            Column::csv_only("max_s"),
            Column::new("req/s", "requests_per_s"),
        ],
    );
    for r in &d.rows {
        let m = &r.measured;
        t.row(vec![
            Cell::label(r.client.name()),
            Cell::label_value(Value::count(r.cores)),
            Cell::label_value(Value::count(r.threads)),
            Cell::label_value(Value::count(r.requests)),
            Cell::measured(Value::count(r.errors)),
            Cell::label_value(Value::secs(r.cpu_s)),
            Cell::label_value(Value::secs(r.latency_s)),
            Cell::measured(Value::spread(&m.wall_s)),
            Cell::predicted(Value::secs(r.predicted.wall_s)),
            Cell::predicted(Value::error(r.error)),
            Cell::measured(Value::secs(m.cpu_time_s)),
            Cell::measured(Value::secs(m.blocked_core_s)),
            Cell::measured(Value::secs(m.p50_s)),
            Cell::measured(Value::secs(m.p99_s)),
            Cell::measured(Value::secs(m.max_s)),
            Cell::measured(Value::Num(m.requests_per_s, Unit::Fixed(0))),
        ]);
    }
    t
}

/// The sentence above the table, the table, the verdicts and the first
/// failed request.
pub fn blocks(d: &IoDoc) -> Vec<Block> {
    let Some(first) = d.rows.first() else {
        return Vec::new();
    };
    let mut b = vec![Block::Line(Cell::note(format!(
        "{} requests, each {} and a {} wait, against {} (one request alone: {}; each connection adds {} of serialized set-up, {} of it in the server)",
        first.requests,
        if first.cpu_s == 0.0 {
            "no CPU work".to_string()
        } else {
            format!("{} of CPU work", Secs(first.cpu_s))
        },
        Secs(first.latency_s),
        d.target,
        Nanos(d.calibration.single_request_ns),
        Nanos(d.calibration.connection_ns),
        Nanos(d.calibration.server_connection_ns)
    )))];
    b.push(Block::Table(table(d)));
    b.extend(
        verdicts(&d.rows)
            .into_iter()
            .map(|v| Block::Line(Cell::note(v.to_string()))),
    );
    if let Some(e) = d.rows.iter().find_map(|r| r.first_error.as_ref()) {
        b.push(Block::Line(Cell::warning(format!(
            "first failed request: {e}"
        ))));
    }
    b
}

/// The terminal text: [`blocks`] through the text backend.
pub fn text(d: &IoDoc) -> String {
    text::blocks(&blocks(d))
}

/// The CSV: one line per (client, cores).
pub fn csv(d: &IoDoc) -> Result<Vec<u8>, ::csv::Error> {
    crate::table::csv::table(&table(d))
}

/// The comparisons of the clients that ran on the same core count.
pub fn verdicts(rows: &[IoRow]) -> Vec<IoVerdict> {
    let mut out = Vec::new();
    // A client with failed requests did less work than asked: its wall says
    // nothing about how fast the work goes, so it is compared with nothing.
    for r in rows.iter().filter(|r| r.errors > 0) {
        out.push(IoVerdict::NotCompared {
            client: r.client,
            cores: r.cores,
            errors: r.errors,
        });
    }
    let find = |k: ClientKind, p: usize| {
        rows.iter()
            .find(|r| r.client == k && r.cores == p && r.errors == 0)
    };
    let mut cores: Vec<usize> = rows.iter().map(|r| r.cores).collect();
    cores.dedup();
    for p in cores {
        if let (Some(b), Some(e)) = (
            find(ClientKind::Blocking, p),
            find(ClientKind::EventLoop, p),
        ) {
            out.push(IoVerdict::LoopAgainstBlocking {
                requests: e.requests,
                cores: p,
                loop_s: e.measured.wall_s.median,
                blocking_s: b.measured.wall_s.median,
            });
        }
        if let (Some(e), Some(pc)) = (
            find(ClientKind::EventLoop, p),
            find(ClientKind::EventLoopPerCore, p),
        ) && p > 1
        {
            out.push(IoVerdict::LoopPerCore {
                cores: p,
                per_core_s: pc.measured.wall_s.median,
                one_loop_s: e.measured.wall_s.median,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{Document, parse};

    fn doc() -> IoDoc {
        let json = include_str!("../../docs/measurements/xeon-16cpu/io.json");
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
}
