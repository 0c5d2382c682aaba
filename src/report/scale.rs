//! `conpar scale` results: the table (every backend, CSV with the
//! projections after the measured rows), the fit and the verdict. Pure
//! functions of the document.

use crate::findings::fits::{Brackets, Unit as Counted};
use crate::results::scale::{Fit, ScaleDoc, SpeedupInterval};
use crate::table::{Block, Cell, Column, Table, Unit, Value, text};
use crate::words::Count;
use crate::words::scaling::In;

/// `[lo–hi]` of an interval, or nothing.
pub fn bracket(ci: Option<(f64, f64)>, digits: usize) -> String {
    ci.map_or(String::new(), |(lo, hi)| {
        format!(" [{lo:.digits$}–{hi:.digits$}]")
    })
}

/// The fitted USL in words, σ to `digits` places and κ to one more, each
/// with its interval: `σ = 0.0123 [0.0101–0.0150], κ = …`; `None` without a fit.
pub fn usl_words(f: &Fit, digits: usize) -> Option<String> {
    f.usl().map(|u| {
        format!(
            "σ = {:.digits$}{}, κ = {:.k$}{} (R² {:.3})",
            u.sigma,
            bracket(f.usl_ci95.map(|c| c.sigma), digits),
            u.kappa,
            bracket(f.usl_ci95.map(|c| c.kappa), digits + 1),
            u.r_squared,
            k = digits + 1
        )
    })
}

/// One projection in words: `4 threads 1.62× [1.41×–1.80×]`, or why it is
/// refused; `capped` when it was held at what the work allows.
pub fn projected(
    count: usize,
    unit: Counted,
    speedup: f64,
    ci: Option<&SpeedupInterval>,
    capped: bool,
) -> String {
    let count = Count(count, unit.noun());
    if capped {
        return format!("{count} {speedup:.2}× (the work's limit: T1/T∞ and the model's schedule)");
    }
    match ci {
        Some(i) if i.refused => format!(
            "{count} refused ({speedup:.2}×, but [{:.2}×–{:.2}×] is wider than that)",
            i.lo, i.hi
        ),
        Some(i) => format!("{count} {speedup:.2}× [{:.2}×–{:.2}×]", i.lo, i.hi),
        None => format!("{count} {speedup:.2}×"),
    }
}

/// The fitted laws in one line, each with its 95 % interval in brackets.
pub fn fit_line(f: &Fit) -> String {
    format!(
        "Amdahl s = {}; USL {}",
        f.amdahl_serial_fraction.map_or("—".into(), |x| format!(
            "{x:.3}{}",
            bracket(f.serial_fraction_ci95, 3)
        )),
        usl_words(f, 4).unwrap_or_else(|| format!(
            "— ({})",
            f.no_usl
                .as_ref()
                .map_or("no fit".into(), |why| format!("{why:#}"))
        ))
    )
}

/// Where the brackets come from, or why there are none.
pub fn interval_words(f: &Fit, unit: Counted) -> Option<String> {
    match (&f.no_intervals, f.resamples) {
        (Some(why), _) => Some(format!("intervals {}", In(why, unit))),
        (None, Some(n)) => Some(Brackets::Runs { resamples: n }.to_string()),
        (None, None) => None,
    }
}

/// How the scanned program is shown: its argv, or `sh -c '…'`.
pub fn shown(d: &ScaleDoc) -> String {
    let joined = d.program.join(" ");
    if d.shell {
        format!("sh -c '{joined}'")
    } else {
        joined
    }
}

/// The columns, CSV's in CSV's order.
fn columns() -> Vec<Column> {
    vec![
        Column::new("threads", "threads"),
        Column::spread(
            "wall [min–max]",
            ["wall_median_s", "wall_min_s", "wall_max_s"],
        ),
        Column::new("CPU", "cpu_s"),
        Column::new("util", "utilization"),
        Column::new("speedup", "speedup"),
        Column::new("efficiency", "efficiency"),
        Column::new("Karp–Flatt", "karp_flatt"),
        Column::csv_only("oversubscribed"),
        Column::csv_only("measured"),
        Column::csv_only("speedup_lo"),
        Column::csv_only("speedup_hi"),
        Column::csv_only("refused"),
        Column::people(""),
    ]
}

/// The measured thread counts, one row each.
pub fn rows(d: &ScaleDoc) -> Table {
    let mut t = Table::new("", columns());
    for r in &d.rows {
        let failed = if r.failures > 0 {
            Cell::warning(format!("({} failed)", Count(r.failures, "run")))
        } else {
            Cell::empty()
        };
        t.row(vec![
            Cell::label_value(
                Value::count(r.threads).flagged("", if r.oversubscribed { "!" } else { "" }),
            ),
            Cell::measured(Value::spread(&r.measured.wall_s)),
            Cell::measured(Value::secs(r.measured.cpu_s)),
            Cell::measured(Value::pct(r.measured.utilization, 0)),
            Cell::measured(Value::ratio(r.speedup)),
            Cell::measured(Value::pct(r.efficiency, 0)),
            Cell::measured(Value::Num(r.karp_flatt.unwrap_or(f64::NAN), Unit::Fixed(3))),
            Cell::measured(Value::Bool(r.oversubscribed)),
            Cell::measured(Value::Bool(true)),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            failed,
        ]);
    }
    t
}

/// The lines below the table: the fit, the projections, where the brackets
/// come from, what `!` means and the verdict.
fn below(d: &ScaleDoc) -> Vec<Block> {
    let f = &d.fit;
    let mut b = vec![Block::Line(Cell::note(format!("fit: {}", fit_line(f))))];
    let projected: Vec<String> = d
        .projected
        .iter()
        .map(|p| {
            projected(
                p.threads,
                Counted::Threads,
                p.speedup,
                p.interval.as_ref(),
                false,
            )
        })
        .collect();
    if !projected.is_empty() {
        b.push(Block::Line(Cell::note(format!(
            "projected, not measured: {}",
            projected.join(", ")
        ))));
    }
    if let Some(w) = interval_words(f, Counted::Threads) {
        b.push(Block::Line(Cell::note(w)));
    }
    if d.rows.iter().any(|r| r.oversubscribed) {
        b.push(Block::Line(Cell::note(
            "! more threads than allowed CPUs: oversubscribed",
        )));
    }
    b.push(Block::Line(Cell::note(d.verdict.to_string())));
    b.extend(
        f.withheld
            .iter()
            .map(|w| Block::Line(Cell::note(In(w, Counted::Threads).to_string()))),
    );
    b
}

/// The document for every backend: the program, the table, the lines
/// below it and the warnings.
pub fn blocks(d: &ScaleDoc) -> Vec<Block> {
    let mut b = vec![Block::Line(Cell::label(shown(d))), Block::Table(rows(d))];
    b.extend(below(d));
    b.extend(
        crate::words::warning_lines(&d.warnings)
            .into_iter()
            .map(|w| Block::Line(Cell::warning(w))),
    );
    b
}

/// The terminal's table, fit and verdict (the command prints the warnings
/// on standard error).
pub fn table(d: &ScaleDoc) -> String {
    let mut b = vec![Block::Line(Cell::label(shown(d))), Block::Table(rows(d))];
    let mut o = text::blocks(&b);
    b = below(d);
    o.push('\n');
    o.push_str(&text::blocks(&b));
    o
}

/// The CSV: the measured thread counts, then the projections.
pub fn csv(d: &ScaleDoc) -> Result<Vec<u8>, ::csv::Error> {
    let mut t = rows(d);
    for p in &d.projected {
        let i = p.interval.as_ref();
        t.row(vec![
            Cell::label_value(Value::count(p.threads)),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            Cell::predicted(Value::ratio(p.speedup)),
            Cell::predicted(Value::pct(p.speedup / p.threads as f64, 0)),
            Cell::empty(),
            Cell::empty(),
            Cell::predicted(Value::Bool(false)),
            Cell::predicted(i.map_or(Value::Empty, |i| Value::ratio(i.lo))),
            Cell::predicted(i.map_or(Value::Empty, |i| Value::ratio(i.hi))),
            Cell::predicted(i.map_or(Value::Empty, |i| Value::Bool(i.refused))),
        ]);
    }
    crate::table::csv::table(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn doc() -> ScaleDoc {
        use crate::results::scale::{Projection, ScaleMeasured, ScaleRow};
        use crate::results::{Kind, Meta};
        let host = crate::measure::Host::fixture(1);
        let row = |threads: usize, walls: &[f64], failures: usize| ScaleRow {
            threads,
            measured: ScaleMeasured {
                wall_s: crate::stats::Summary::of(walls).unwrap(),
                cpu_s: 1.0,
                utilization: 0.5,
            },
            speedup: 10.0 / walls[0],
            efficiency: 10.0 / walls[0] / threads as f64,
            karp_flatt: (threads > 1).then_some(0.25),
            oversubscribed: threads > 1,
            failures,
            stopped: None,
        };
        let interval = SpeedupInterval {
            median: 2.0,
            lo: 1.5,
            hi: 2.5,
            refused: false,
        };
        ScaleDoc {
            meta: Meta::new(Kind::Scale, vec!["conpar".into()], "t".into(), host),
            program: vec!["=x".into()],
            shell: false,
            rows: vec![row(1, &[10.0, 10.2, 9.8], 0), row(2, &[6.0, 6.1, 5.9], 2)],
            fit: Fit::default(),
            projected: vec![Projection {
                threads: 4,
                speedup: 2.0,
                interval: Some(interval),
            }],
            verdict: crate::findings::fits::Verdict::Linear,
            warnings: vec![],
        }
    }

    #[test]
    fn the_csv_writes_measured_rows_then_projections_under_its_columns() {
        let csv = String::from_utf8(csv(&doc()).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "threads,wall_median_s,wall_min_s,wall_max_s,cpu_s,utilization,speedup,efficiency,\
             karp_flatt,oversubscribed,measured,speedup_lo,speedup_hi,refused"
        );
        assert_eq!(lines[1], "1,10.0,9.8,10.2,1.0,0.5,1.0,1.0,,false,true,,,");
        assert!(lines[2].starts_with("2,6.0,5.9,6.1,") && lines[2].ends_with(",0.25,true,true,,,"));
        assert_eq!(lines[3], "4,,,,,,2.0,0.5,,,false,1.5,2.5,false");
    }

    #[test]
    fn the_terminal_flags_oversubscription_and_failed_runs() {
        let t = table(&doc());
        let rows: Vec<&str> = t.lines().collect();
        assert!(rows[4].trim_start().starts_with("2!"), "{t}");
        assert!(rows[4].ends_with("(2 runs failed)"), "{t}");
        assert!(t.contains("! more threads than allowed CPUs"), "{t}");
        assert!(
            t.contains("projected, not measured: 4 threads 2.00× [1.50×–2.50×]"),
            "{t}"
        );
    }
}
