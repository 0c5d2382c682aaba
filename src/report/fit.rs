//! `conpar fit` results as one table and its lines for every backend. Pure
//! functions of the document; the lines' words are in `words::fit`.

use crate::findings::fits::{Brackets, FitMethod, Unit as Counted};
use crate::findings::fitted::{Against, Estimate, Fitted, Source};
use crate::results::fit::{FitDoc, Method};
use crate::table::{Block, Cell, Column, Role, Table, Unit, Value, text};
use crate::words::scaling::In;

/// How λ was found, as the typed value [`crate::words`] words.
pub fn method(d: &FitDoc) -> FitMethod {
    match d.method {
        Method::Free => FitMethod::Free,
        Method::Normalised => FitMethod::Normalised {
            lambda: d.usl.map(|u| u.lambda),
        },
    }
}

/// What was fitted, one finding a line: the USL's parameters, its peak and
/// shape, then Amdahl's serial fraction or why there is none.
pub fn fitted(d: &FitDoc) -> Vec<Fitted> {
    let est = |value, ci95| Estimate { value, ci95 };
    let mut v = Vec::new();
    if let Some(u) = &d.usl {
        v.extend([
            Fitted::Sigma(est(u.sigma, u.sigma_ci95)),
            Fitted::Kappa(est(u.kappa, u.kappa_ci95)),
            Fitted::Lambda {
                lambda: est(u.lambda, u.lambda_ci95),
                held: d.method == Method::Normalised,
            },
            Fitted::RSquared(u.r_squared),
            Fitted::Peak {
                at: u
                    .peak_n
                    .zip(u.n_max)
                    .zip(u.x_max)
                    .map(|((p, n), x)| (p, n, x)),
                binds: u.binds,
            },
        ]);
        if !u.usl_shaped {
            let (sigma, kappa) = (u.sigma, u.kappa);
            v.push(Fitted::NotUslShaped { sigma, kappa });
        }
    }
    match (d.amdahl_serial_fraction, &d.no_amdahl) {
        (_, Some(why)) => v.push(Fitted::NoAmdahl(why.clone())),
        (Some(s), None) if !(0.0..=1.0).contains(&s) => v.push(Fitted::NotAmdahlShaped(s)),
        (Some(s), None) => v.push(Fitted::Amdahl(est(s, d.amdahl_ci95))),
        (None, None) => {}
    }
    v
}

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
    let source = Source {
        file: d.source.clone(),
        measurements: d.measurements,
        levels: d.levels.len(),
        input: d.input,
    };
    let brackets = d.no_intervals.as_ref().map_or_else(
        || {
            Brackets::Measurements {
                resamples: d.resamples,
            }
            .to_string()
        },
        |why| In(why, Counted::Threads).to_string(),
    );
    let mut b = vec![
        Block::Line(Cell::label(source.to_string())),
        Block::Line(Cell::label(method(d).to_string())),
        Block::Table(levels(d)),
        Block::Line(Cell::label(Against(d.baseline).to_string())),
    ];
    let fitted = fitted(d).into_iter().map(|l| Value::Text(l.to_string()));
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
