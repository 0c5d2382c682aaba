//! `conpar fit`'s document: the USL and Amdahl fitted to anyone's table of
//! concurrency against throughput (or time, or latency).

use super::invalid::at_most_entries;
use super::{Invalid, Meta, nan_null};
use crate::findings::fits::FitMethod;
use crate::findings::fits::{Baseline, NoFit, NoIntervals, ReadNote};
pub use crate::findings::fitted::{Binds, Input};
use crate::findings::fitted::{Estimate, Fitted, Source};
use serde::{Deserialize, Serialize};

/// Most distinct concurrencies one fit holds.
pub const MAX_LEVELS: usize = 4096;
/// Most points of the fitted curve's band.
pub const MAX_BAND: usize = 512;

/// How λ was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// σ, κ and λ by nonlinear least squares on the throughputs.
    Free,
    /// λ held at the measured X(1): the speedups X/X(1) fitted for σ and κ.
    Normalised,
}

/// The whole `conpar fit --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FitDoc {
    #[serde(flatten)]
    pub meta: Meta,
    /// The file read, as named (`standard input` for `-`).
    pub source: String,
    /// What the throughputs were made from.
    pub input: Input,
    /// How λ was found.
    pub method: Method,
    /// Measurements read (rows; repeated N are repeated measurements).
    pub measurements: usize,
    /// What the speedups and Karp–Flatt are against.
    pub baseline: Baseline,
    /// One entry per distinct N, in increasing order.
    pub levels: Vec<Level>,
    /// The USL fit, when there is one (whether it is USL-shaped is in it).
    pub usl: Option<Usl>,
    /// The best-fitting Amdahl serial fraction of the speedups.
    pub amdahl_serial_fraction: Option<f64>,
    /// Its 95 % bootstrap interval.
    pub amdahl_ci95: Option<(f64, f64)>,
    /// Why there is no Amdahl fit (one outside [0, 1] is not Amdahl-shaped,
    /// which the figure itself says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_amdahl: Option<NoFit>,
    /// The fitted throughput and its 95 % band, from the smallest N up.
    pub band: Vec<BandPoint>,
    /// Bootstrap resamples the intervals come from.
    pub resamples: usize,
    /// Why the USL's intervals are missing, when they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_intervals: Option<NoIntervals>,
    /// What was read but not used.
    #[serde(default)]
    pub notes: Vec<ReadNote>,
}

/// One concurrency's measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub n: f64,
    /// How many measurements.
    pub count: usize,
    /// Their mean throughput.
    pub x: f64,
    /// The lowest and highest.
    pub x_min: f64,
    /// The highest.
    pub x_max: f64,
    /// The fitted USL's throughput here.
    #[serde(with = "nan_null")]
    pub fitted: f64,
    /// x over the baseline.
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// Karp–Flatt serial fraction (null at N ≤ 1).
    pub karp_flatt: Option<f64>,
}

/// The fitted USL.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Usl {
    /// Contention σ.
    pub sigma: f64,
    /// Coherency κ.
    pub kappa: f64,
    /// Throughput of one, λ.
    pub lambda: f64,
    /// Coefficient of determination of the fitted throughputs.
    #[serde(with = "nan_null")]
    pub r_squared: f64,
    /// 95 % bootstrap intervals of σ, κ and λ (λ's is null when held fixed).
    pub sigma_ci95: Option<(f64, f64)>,
    /// Of κ.
    pub kappa_ci95: Option<(f64, f64)>,
    /// Of λ.
    pub lambda_ci95: Option<(f64, f64)>,
    /// Where the curve peaks, √((1 − σ)/κ); null when κ ≤ 0 or the fit is
    /// not USL-shaped.
    pub peak_n: Option<f64>,
    /// The whole N at or below the peak.
    pub n_max: Option<u64>,
    /// The fitted throughput at `n_max`.
    pub x_max: Option<f64>,
    /// Which term binds.
    pub binds: Binds,
    /// Whether σ is in [0, 1] and κ ≥ 0.
    pub usl_shaped: bool,
}

/// One point of the fitted curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BandPoint {
    pub n: f64,
    /// The fitted throughput.
    pub x: f64,
    /// The 2.5th percentile of the resampled fits' throughputs (null when unknown).
    pub lo: Option<f64>,
    /// The 97.5th.
    pub hi: Option<f64>,
}

fn positive(what: &'static str, x: f64) -> Result<(), Invalid> {
    if x.is_finite() && x > 0.0 {
        Ok(())
    } else {
        Err(Invalid::NotPositive {
            field: what,
            value: x,
        })
    }
}

impl FitDoc {
    /// How λ was found, as the typed value `words` states.
    pub fn found(&self) -> FitMethod {
        match self.method {
            Method::Free => FitMethod::Free,
            Method::Normalised => FitMethod::Normalised {
                lambda: self.usl.map(|u| u.lambda),
            },
        }
    }

    /// What was fitted, one finding a line: the USL's parameters, its peak and
    /// shape, then Amdahl's serial fraction or why there is none.
    pub fn fitted(&self) -> Vec<Fitted> {
        let est = |value, ci95| Estimate { value, ci95 };
        let mut v = Vec::new();
        if let Some(u) = &self.usl {
            v.extend([
                Fitted::Sigma(est(u.sigma, u.sigma_ci95)),
                Fitted::Kappa(est(u.kappa, u.kappa_ci95)),
                Fitted::Lambda {
                    lambda: est(u.lambda, u.lambda_ci95),
                    held: self.method == Method::Normalised,
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
        match (self.amdahl_serial_fraction, &self.no_amdahl) {
            (_, Some(why)) => v.push(Fitted::NoAmdahl(why.clone())),
            (Some(s), None) if !(0.0..=1.0).contains(&s) => v.push(Fitted::NotAmdahlShaped(s)),
            (Some(s), None) => v.push(Fitted::Amdahl(est(s, self.amdahl_ci95))),
            (None, None) => {}
        }
        v
    }

    /// What was read, as the line `words` states.
    pub fn read(&self) -> Source {
        Source {
            file: self.source.clone(),
            measurements: self.measurements,
            levels: self.levels.len(),
            input: self.input,
        }
    }

    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), Invalid> {
        at_most_entries("levels", self.levels.len(), MAX_LEVELS)?;
        at_most_entries("band", self.band.len(), MAX_BAND)?;
        for l in &self.levels {
            positive("levels[].n", l.n)?;
            positive("levels[].x", l.x)?;
        }
        for b in &self.band {
            positive("band[].n", b.n)?;
            if !b.x.is_finite() {
                return Err(Invalid::NotFinite {
                    field: "band[].x",
                    value: b.x,
                });
            }
        }
        if let Some(n) = self.usl.and_then(|u| u.n_max)
            && n > 1_000_000_000
        {
            return Err(Invalid::AtMost {
                field: "usl.n_max",
                value: n,
                max: 1_000_000_000,
            });
        }
        Ok(())
    }
}
