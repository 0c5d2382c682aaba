//! `conpar fit` results as one table and its lines for every backend. Pure
//! functions of the document; the lines' words are in `words::fit`.

use crate::findings::fits::{Brackets, Unit as Counted};
use crate::findings::fitted::Against;
use crate::results::fit::FitDoc;
use crate::table::{Block, Cell, Column, Role, Table, Unit, Value, text};
use crate::words::scaling::In;

/// The levels: one row per concurrency, the measured mean beside the fit.
pub fn levels(d: &FitDoc) -> Table {
    let columns = vec![
        Column::new("N", "n"),
        Column::new("runs", "count"),
        Column::spread("X [min–max]", ["x", "x_min", "x_max"]),
        Column::new("fitted", "fitted"),
        Column::new("speedup", "speedup"),
        Column::new("Karp–Flatt", "karp_flatt"),
    ];
    let mut t = Table::new("", columns);
    for l in &d.levels {
        let (median, lo, hi) = (l.x, l.x_min, l.x_max);
        t.row(vec![
            Cell::label_value(Value::Num(l.n, Unit::N)),
            Cell::label_value(Value::count(l.count)),
            Cell::measured(Value::Spread {
                median,
                lo,
                hi,
                unit: Unit::Sig,
            }),
            Cell::predicted(Value::Num(l.fitted, Unit::Sig)),
            Cell::measured(Value::ratio(l.speedup)),
            Cell::measured(Value::Num(l.karp_flatt.unwrap_or(f64::NAN), Unit::Fixed(4))),
        ]);
    }
    t
}

/// The source and the method, the levels, then the parameters and notes.
pub fn blocks(d: &FitDoc) -> Vec<Block> {
    let resamples = d.resamples;
    let brackets = match &d.no_intervals {
        Some(why) => In(why, Counted::Threads).to_string(),
        None => Brackets::Measurements { resamples }.to_string(),
    };
    let mut b = vec![
        Block::Line(Cell::label(d.read().to_string())),
        Block::Line(Cell::label(d.found().to_string())),
        Block::Table(levels(d)),
        Block::Line(Cell::label(Against(d.baseline).to_string())),
    ];
    let fitted = d.fitted().into_iter().map(|l| Value::Text(l.to_string()));
    b.extend(fitted.map(|l| Block::Line(Cell::new(l, Role::Predicted))));
    b.push(Block::Line(Cell::label(brackets)));
    let notes = d.notes.iter().map(|n| Cell::note(format!("note: {n}")));
    b.extend(notes.map(Block::Line));
    b
}

/// The levels, the parameters and the notes, for the terminal.
pub fn table(d: &FitDoc) -> String {
    text::blocks(&blocks(d))
}

/// The CSV: one row per concurrency.
pub fn csv(d: &FitDoc) -> Result<Vec<u8>, ::csv::Error> {
    crate::table::csv::table(&levels(d))
}
