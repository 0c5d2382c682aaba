//! `conpar io` results: the table and its sentences, as [`blocks`] every
//! backend renders; CSV writes the table. Pure functions of the document.

use super::table::{Block, Cell, Column, Table, Unit, Value, text};
use crate::kinds::ClientKind;
use crate::results::io::{IoDoc, IoRow};
use crate::units::Nanos;
use crate::words::{Count, Secs};

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
            .map(|v| Block::Line(Cell::note(v))),
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
    super::table::csv::table(&table(d))
}

/// Plain sentences comparing the clients that ran on the same core count.
pub fn verdicts(rows: &[IoRow]) -> Vec<String> {
    let mut out = Vec::new();
    // A client with failed requests did less work than asked: its wall says
    // nothing about how fast the work goes, so it is compared with nothing.
    for r in rows.iter().filter(|r| r.errors > 0) {
        out.push(format!(
            "{} on {}: {} failed, so it is not compared with the others.",
            r.client,
            Count(r.cores, "core"),
            Count(r.errors, "request")
        ));
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
            out.push(format!(
                "One event loop finished the same {} requests {:.1}× sooner than one blocking thread ({} against {}), each on one thread ({} rows).",
                e.requests,
                b.measured.wall_s.median / e.measured.wall_s.median,
                Secs(e.measured.wall_s.median),
                Secs(b.measured.wall_s.median),
                crate::words::Count(p, "core")
            ));
        }
        if let (Some(e), Some(pc)) = (
            find(ClientKind::EventLoop, p),
            find(ClientKind::EventLoopPerCore, p),
        ) && p > 1
        {
            let ratio = e.measured.wall_s.median / pc.measured.wall_s.median;
            out.push(format!(
                "One event loop per core on {p} cores took {} against one loop's {}: {:.2}× — {}",
                Secs(pc.measured.wall_s.median),
                Secs(e.measured.wall_s.median),
                ratio,
                if ratio > 1.2 {
                    "the CPU work was the bottleneck, so more loops helped (parallelism)"
                } else {
                    "waiting was the bottleneck, so one loop was already enough (concurrency)"
                }
            ));
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
}
