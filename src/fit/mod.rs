//! `conpar fit`: the USL and Amdahl fitted to anyone's measurements of
//! concurrency against throughput (or time, or latency), with bootstrap
//! intervals, the peak and which term binds. Reading the table
//! (`table.rs`), the intervals (`boot.rs`). Pure: bytes in, a document out.

mod boot;
pub mod table;

use crate::compare::scaling::no_fit;
use crate::findings::fits::Baseline;
use crate::model::{FitError, Lambda, UslNls, fit_amdahl, fit_usl_nls, karp_flatt};
use crate::results::Meta;
use crate::results::fit::{Binds, FitDoc, Level, Method, Usl};
pub use table::{Problem, Table, TableError, read};

/// Why the fit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The normalised fit holds λ at X(1), which was not measured.
    #[error(
        "the normalised fit holds λ at the measured X(1), and {0} has no rows at N = 1; leave out --normalised to fit λ too"
    )]
    NoOne(String),
    /// The USL could not be fitted at all.
    #[error("{0}")]
    Fit(#[from] FitError),
}

/// The document for `table` read from `source`, λ found by `method`.
pub fn analyse(
    meta: Meta,
    source: &str,
    table: &Table,
    method: Method,
) -> Result<FitDoc, AnalysisError> {
    let rows = &table.rows;
    let x1 = mean_at(rows, 1.0);
    let lambda = match (method, x1) {
        (Method::Free, _) => Lambda::Free,
        (Method::Normalised, Some(x1)) => Lambda::Fixed(x1),
        (Method::Normalised, None) => {
            return Err(AnalysisError::NoOne(
                crate::escape::terminal(source).into_owned(),
            ));
        }
    };
    let usl = fit_usl_nls(rows, lambda)?;
    let (base, baseline) = match x1 {
        Some(x) => (x, Baseline::MeasuredX1 { x }),
        None => (usl.lambda, Baseline::FittedLambda { lambda: usl.lambda }),
    };
    let speedups: Vec<(f64, f64)> = rows.iter().map(|&(n, x)| (n, x / base)).collect();
    let (amdahl, no_amdahl) = match fit_amdahl(&speedups) {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(no_fit(e))),
    };
    let boot = boot::resample(rows, lambda, base, &usl);
    let mut result = usl_result(&usl, &boot);
    if !result.usl_shaped {
        result.peak_n = None;
        result.n_max = None;
        result.x_max = None;
    }
    Ok(FitDoc {
        meta,
        source: source.to_string(),
        input: table.input,
        method,
        measurements: rows.len(),
        baseline,
        levels: levels(rows, &usl, base),
        usl: Some(result),
        amdahl_serial_fraction: amdahl,
        amdahl_ci95: boot.amdahl,
        no_amdahl,
        band: boot.band.into_iter().filter(|p| p.x.is_finite()).collect(),
        resamples: boot.resamples,
        no_intervals: boot.note,
        notes: table.notes.clone(),
    })
}

fn mean_at(rows: &[(f64, f64)], n: f64) -> Option<f64> {
    let at: Vec<f64> = rows.iter().filter(|r| r.0 == n).map(|r| r.1).collect();
    (!at.is_empty()).then(|| at.iter().sum::<f64>() / at.len() as f64)
}

fn usl_result(u: &UslNls, b: &boot::Boot) -> Usl {
    let shaped = (0.0..=1.0).contains(&u.sigma) && u.kappa >= 0.0;
    let peak = u.shape().peak_cores();
    let (peak_n, n_max, x_max) = if peak.is_finite() && peak <= 1e9 {
        let n = peak.floor().max(1.0);
        (Some(peak), Some(n as u64), Some(u.throughput(n)))
    } else {
        (None, None, None)
    };
    let binds = if u.sigma > u.kappa {
        Binds::Contention
    } else if u.kappa > u.sigma {
        Binds::Coherency
    } else {
        Binds::Neither
    };
    Usl {
        sigma: u.sigma,
        kappa: u.kappa,
        lambda: u.lambda,
        r_squared: u.r_squared,
        sigma_ci95: b.sigma,
        kappa_ci95: b.kappa,
        lambda_ci95: b.lambda,
        peak_n,
        n_max,
        x_max,
        binds,
        usl_shaped: shaped,
    }
}

fn levels(rows: &[(f64, f64)], u: &UslNls, base: f64) -> Vec<Level> {
    let mut ns: Vec<f64> = rows.iter().map(|r| r.0).collect();
    ns.sort_unstable_by(f64::total_cmp);
    ns.dedup();
    ns.iter()
        .map(|&n| {
            let xs: Vec<f64> = rows.iter().filter(|r| r.0 == n).map(|r| r.1).collect();
            let x = xs.iter().sum::<f64>() / xs.len() as f64;
            Level {
                n,
                count: xs.len(),
                x,
                x_min: xs.iter().copied().fold(f64::INFINITY, f64::min),
                x_max: xs.iter().copied().fold(0.0, f64::max),
                fitted: u.throughput(n),
                speedup: x / base,
                karp_flatt: karp_flatt(x / base, n),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
