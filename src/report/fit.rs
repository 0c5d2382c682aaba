//! `conpar fit` results in words and as one table for every backend. Pure
//! functions of the document.

use crate::findings::fits::{Brackets, FitMethod, Unit as Counted};
use crate::results::fit::{Binds, FitDoc, Method, Usl};
use crate::table::{Block, Cell, Column, Role, Table, Unit, Value, text};
use crate::words::scaling::{In, NotAmdahlShaped, NotUslShaped};

use crate::words::sig;

fn ci(c: Option<(f64, f64)>) -> String {
    c.map_or(String::new(), |(lo, hi)| {
        format!(" [{}, {}]", sig(lo), sig(hi))
    })
}

/// How λ was found, as the typed value [`crate::words`] words.
pub fn method(d: &FitDoc) -> FitMethod {
    match d.method {
        Method::Free => FitMethod::Free,
        Method::Normalised => FitMethod::Normalised {
            lambda: d.usl.map(|u| u.lambda),
        },
    }
}

/// The fitted parameters, one per line, each with its 95 % interval.
pub fn parameter_lines(d: &FitDoc) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(u) = &d.usl {
        v.push(format!(
            "σ (contention) = {}{}",
            sig(u.sigma),
            ci(u.sigma_ci95)
        ));
        v.push(format!(
            "κ (coherency)  = {}{}",
            sig(u.kappa),
            ci(u.kappa_ci95)
        ));
        v.push(format!(
            "λ (X at N = 1) = {}{}{}",
            sig(u.lambda),
            ci(u.lambda_ci95),
            if d.method == Method::Normalised {
                " (held)"
            } else {
                ""
            }
        ));
        v.push(format!("R² = {:.5}", u.r_squared));
        v.push(peak_words(u));
        if !u.usl_shaped {
            v.push(
                NotUslShaped {
                    sigma: u.sigma,
                    kappa: u.kappa,
                }
                .to_string(),
            );
        }
    }
    match (d.amdahl_serial_fraction, &d.no_amdahl) {
        (_, Some(why)) => v.push(format!("Amdahl: {why:#}")),
        (Some(s), None) if !(0.0..=1.0).contains(&s) => {
            v.push(format!("Amdahl: {}", NotAmdahlShaped(s)));
        }
        (Some(s), None) => v.push(format!(
            "Amdahl serial fraction s = {}{}: speedup at most {}×",
            sig(s),
            ci(d.amdahl_ci95),
            if s > 0.0 { sig(1.0 / s) } else { "∞".into() }
        )),
        (None, None) => {}
    }
    v
}

/// The peak and which term binds.
pub fn peak_words(u: &Usl) -> String {
    let binds = match u.binds {
        Binds::Contention => "contention binds (σ > κ): queueing for something shared",
        Binds::Coherency => {
            "coherency binds (κ > σ): keeping copies agreed costs more than waiting"
        }
        Binds::Neither => "σ = κ: neither term binds more",
    };
    match (u.peak_n, u.n_max, u.x_max) {
        (Some(p), Some(n), Some(x)) => format!(
            "peak at N = {} (N_max = {n}), X_max = {}; {binds}",
            sig(p),
            sig(x)
        ),
        _ => format!("no peak (κ ≤ 0, or not USL-shaped); {binds}"),
    }
}

/// The levels: one row per concurrency, the measured mean beside the fit.
pub fn levels(d: &FitDoc) -> Table {
    let mut t = Table::new(
        "",
        vec![
            Column::new("N", "n"),
            Column::new("runs", "count"),
            Column::spread("X [min–max]", ["x", "x_min", "x_max"]),
            Column::new("fitted", "fitted"),
            Column::new("speedup", "speedup"),
            Column::new("Karp–Flatt", "karp_flatt"),
        ],
    );
    for l in &d.levels {
        t.row(vec![
            Cell::label_value(Value::Num(l.n, Unit::N)),
            Cell::label_value(Value::count(l.count)),
            Cell::measured(Value::Spread {
                median: l.x,
                lo: l.x_min,
                hi: l.x_max,
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
    let mut b = vec![
        Block::Line(Cell::label(format!(
            "{}: {} measurements at {} concurrencies; {}",
            d.source,
            d.measurements,
            d.levels.len(),
            d.input.words(),
        ))),
        Block::Line(Cell::label(method(d).to_string())),
        Block::Table(levels(d)),
        Block::Line(Cell::label(format!(
            "speedup and Karp–Flatt against {}",
            d.baseline
        ))),
    ];
    b.extend(
        parameter_lines(d)
            .into_iter()
            .map(|l| Block::Line(Cell::new(Value::Text(l), Role::Predicted))),
    );
    b.push(Block::Line(Cell::label(
        d.no_intervals.as_ref().map_or_else(
            || {
                Brackets::Measurements {
                    resamples: d.resamples,
                }
                .to_string()
            },
            |why| In(why, Counted::Threads).to_string(),
        ),
    )));
    b.extend(
        d.notes
            .iter()
            .map(|n| Block::Line(Cell::note(format!("note: {n}")))),
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{Kind, Meta};

    fn doc(m: Method) -> FitDoc {
        let host = crate::measure::Host::fixture(1);
        let meta = Meta::new(Kind::Fit, vec!["conpar".into()], "t".into(), host);
        let t = crate::fit::read("c.csv", include_bytes!("../../docs/data/cisco.csv")).unwrap();
        crate::fit::analyse(meta, "c.csv", &t, m).unwrap()
    }

    #[test]
    fn the_method_carries_the_lambda_it_held() {
        assert_eq!(method(&doc(Method::Free)), FitMethod::Free);
        assert_eq!(
            method(&doc(Method::Normalised)),
            FitMethod::Normalised {
                lambda: Some(955.16)
            }
        );
    }
}
