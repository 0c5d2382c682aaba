//! `conpar io` results: the table and its sentences, as [`blocks`] every
//! backend renders; CSV writes the table. Pure functions of the document.

use crate::findings::io::{ClientWall, IoVerdict};
use crate::results::io::{IoDoc, IoRow};
use crate::table::{Block, Cell, Column, Table, Unit, Value};
use crate::words::io::first_failure;

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

/// The line above the table, the table, the verdicts and the first failed
/// request.
pub fn blocks(d: &IoDoc) -> Vec<Block> {
    let Some(setup) = d.setup() else {
        return Vec::new();
    };
    let mut b = vec![
        Block::Line(Cell::note(setup.to_string())),
        Block::Table(table(d)),
    ];
    b.extend(
        verdicts(&d.rows)
            .into_iter()
            .map(|v| Block::Line(Cell::note(v.to_string()))),
    );
    if let Some(e) = d.rows.iter().find_map(|r| r.first_error.as_ref()) {
        b.push(Block::Line(Cell::warning(first_failure(e))));
    }
    b
}

/// The CSV: one line per (client, cores).
pub fn csv(d: &IoDoc) -> Result<Vec<u8>, ::csv::Error> {
    crate::table::csv::table(&table(d))
}

/// The comparisons of the clients that ran on the same core count.
pub fn verdicts(rows: &[IoRow]) -> Vec<IoVerdict> {
    let walls: Vec<ClientWall> = rows.iter().map(ClientWall::from).collect();
    crate::findings::io::verdicts(&walls)
}
