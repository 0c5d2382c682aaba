//! `conpar scale`'s document, and the fitted laws of any sweep over core or
//! thread counts (also used per strategy by `run`).

use super::invalid::at_most_entries;
use super::{Invalid, Meta, check_cores, check_summary, nan_null};
use crate::findings::fits::{NoFit, NoIntervals, NotAmdahl, StopsPaying, Unit, Verdict, Withheld};
use crate::findings::fitted::{
    Estimate, Interval, Laws, Projected, Projections, Sweep, UslFigures,
};
use crate::model::UslFit;
use crate::stats::Summary;
use serde::{Deserialize, Serialize};

/// Most points one fit may hold.
pub const MAX_POINTS: usize = 4096;

/// The whole `conpar scale --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScaleDoc {
    /// The header (`command` is conpar's own command line).
    #[serde(flatten)]
    pub meta: Meta,
    /// The program that was scanned, as given after `--`.
    pub program: Vec<String>,
    /// Whether it ran through `sh -c`.
    pub shell: bool,
    /// One row per thread count, in increasing order.
    pub rows: Vec<ScaleRow>,
    /// The fitted laws.
    pub fit: Fit,
    /// Projections beyond the measured counts, not measured.
    pub projected: Vec<Projection>,
    /// The verdict on the fit.
    pub verdict: Verdict,
    /// What makes these figures less certain, in words (noisy runs, a first
    /// run apart, outliers); empty in documents from before they were kept.
    #[serde(default)]
    pub warnings: Vec<crate::findings::Warning>,
}

/// One thread count's measurements.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScaleRow {
    pub threads: usize,
    /// Wall and CPU time.
    pub measured: ScaleMeasured,
    /// Wall at one thread ÷ wall here.
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// speedup ÷ threads.
    #[serde(with = "nan_null")]
    pub efficiency: f64,
    /// Karp–Flatt serial fraction (null at one thread).
    pub karp_flatt: Option<f64>,
    /// More threads than allowed CPUs.
    pub oversubscribed: bool,
    /// Runs that failed (with --keep-going).
    pub failures: usize,
    /// What ended the timed runs (adaptive repetitions).
    #[serde(default)]
    pub stopped: Option<crate::repeat::Stopped>,
}

/// Wall and CPU time of one thread count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScaleMeasured {
    /// Wall-clock over the timed runs, s.
    pub wall_s: Summary,
    /// Median CPU time (user + system), s.
    pub cpu_s: f64,
    /// CPU time ÷ (threads × wall).
    #[serde(with = "nan_null")]
    pub utilization: f64,
}

/// A projected point.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Projection {
    pub threads: usize,
    /// Speedup on the fitted curve.
    pub speedup: f64,
    /// Its 95 % bootstrap interval; null when unknown (one run per count)
    /// and in documents from before intervals.
    #[serde(default)]
    pub interval: Option<SpeedupInterval>,
}

/// A 95 % percentile-bootstrap interval of a projected speedup.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpeedupInterval {
    /// Median of the resampled projections.
    pub median: f64,
    /// Its 2.5th percentile.
    pub lo: f64,
    /// Its 97.5th percentile.
    pub hi: f64,
    /// Wider than the projected speedup itself (hi − lo > speedup): too noisy
    /// to project, so the projection is refused.
    pub refused: bool,
}

impl SpeedupInterval {
    /// The interval as the finding a projection's words state.
    pub fn typed(self) -> Interval {
        Interval {
            lo: self.lo,
            hi: self.hi,
            refused: self.refused,
        }
    }
}

impl ScaleDoc {
    /// The projections, in threads.
    pub fn projections(&self) -> Projections {
        let each = self.projected.iter().map(|p| Projected {
            count: p.threads,
            unit: Unit::Threads,
            speedup: p.speedup,
            interval: p.interval.map(SpeedupInterval::typed),
            capped: false,
        });
        Projections(each.collect())
    }
}

/// 95 % bootstrap intervals of the USL's two parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UslIntervals {
    /// Of contention σ.
    pub sigma: (f64, f64),
    /// Of coherency κ.
    pub kappa: (f64, f64),
}

/// One point of a sweep, measured or projected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitPoint {
    pub cores: usize,
    /// Speedup (measured, or projected when `measured` is false).
    #[serde(with = "nan_null")]
    pub speedup: f64,
    /// speedup ÷ P.
    #[serde(with = "nan_null")]
    pub efficiency: f64,
    /// Karp–Flatt serial fraction (null at P = 1).
    pub karp_flatt: Option<f64>,
    /// False for projections.
    pub measured: bool,
    /// A projection's 95 % bootstrap interval (null for measured points, and
    /// when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<SpeedupInterval>,
    /// For a projection the fitted curve put higher: the most the work
    /// allows at this count (its work ÷ span, and the model's schedule),
    /// which `speedup` and `interval` were capped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<f64>,
}

/// The laws fitted to a sweep, with what they found as typed values
/// ([`crate::findings::fits`]), never sentences.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Fit {
    /// Best-fitting Amdahl serial fraction.
    pub amdahl_serial_fraction: Option<f64>,
    /// Why there is no Amdahl fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_amdahl: Option<NoFit>,
    /// USL contention σ.
    pub usl_sigma: Option<f64>,
    /// USL coherency κ.
    pub usl_kappa: Option<f64>,
    /// USL goodness of fit.
    pub usl_r_squared: Option<f64>,
    /// Why there is no USL fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_usl: Option<NoFit>,
    /// Where one more core stops adding half a core of speedup on the
    /// fitted curve, or why that is not said.
    pub stops_paying: StopsPaying,
    /// How the sweep is not Amdahl-shaped and the likely cause; absent when
    /// it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<NotAmdahl>,
    /// Why projections were not made or not drawn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<Withheld>,
    /// Measured points, then projected ones.
    #[serde(default)]
    pub points: Vec<FitPoint>,
    /// 95 % bootstrap interval of the Amdahl serial fraction (null when
    /// unknown).
    #[serde(default)]
    pub serial_fraction_ci95: Option<(f64, f64)>,
    /// 95 % bootstrap intervals of the USL's σ and κ (null when unknown).
    #[serde(default)]
    pub usl_ci95: Option<UslIntervals>,
    /// How many bootstrap resamples of the runs the intervals come from.
    #[serde(default)]
    pub resamples: Option<usize>,
    /// Why there are no intervals, when there are none (one run per count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_intervals: Option<NoIntervals>,
}

impl Fit {
    /// What the fitted laws found, as one typed value with its numbers, its
    /// counts in `unit`.
    pub fn sweep(&self, unit: Unit) -> Sweep {
        let measured = self.points.iter().filter(|p| p.measured);
        Sweep {
            measured: measured.clone().map(|p| (p.cores, p.speedup)).collect(),
            karp_flatt: measured
                .filter_map(|p| Some((p.cores, p.karp_flatt?)))
                .collect(),
            laws: self.laws(),
            no_amdahl: self.no_amdahl.clone(),
            stops_paying: self.stops_paying,
            projected: self.projections(unit),
            shape: self.shape,
            withheld: self.withheld.clone(),
            no_intervals: self.no_intervals,
        }
    }

    /// The USL fit, when there is one.
    pub fn usl(&self) -> Option<UslFit> {
        Some(UslFit {
            sigma: self.usl_sigma?,
            kappa: self.usl_kappa?,
            r_squared: self.usl_r_squared.unwrap_or(f64::NAN),
        })
    }

    /// The fitted laws with their intervals, as one line states them.
    pub fn laws(&self) -> Laws {
        let est = |value, ci95| Estimate { value, ci95 };
        Laws {
            amdahl: self
                .amdahl_serial_fraction
                .map(|s| est(s, self.serial_fraction_ci95)),
            usl: self
                .usl()
                .map(|u| UslFigures {
                    sigma: est(u.sigma, self.usl_ci95.map(|c| c.sigma)),
                    kappa: est(u.kappa, self.usl_ci95.map(|c| c.kappa)),
                    r_squared: u.r_squared,
                })
                .ok_or_else(|| self.no_usl.clone()),
        }
    }

    /// The points projected, not measured, their counts in `unit`.
    pub fn projections(&self, unit: Unit) -> Projections {
        let each = self.points.iter().filter(|p| !p.measured);
        Projections(
            each.map(|p| Projected {
                count: p.cores,
                unit,
                speedup: p.speedup,
                interval: p.interval.map(SpeedupInterval::typed),
                capped: p.limit.is_some(),
            })
            .collect(),
        )
    }

    /// The largest measured count (1 when none was).
    pub fn widest_measured(&self) -> usize {
        self.points
            .iter()
            .filter(|p| p.measured)
            .map(|p| p.cores)
            .max()
            .unwrap_or(1)
    }

    /// Bounds the points a renderer draws.
    pub fn check(&self) -> Result<(), Invalid> {
        at_most_entries("fit.points", self.points.len(), MAX_POINTS)?;
        for p in &self.points {
            check_cores("fit.points[].cores", p.cores)?;
            if let Some(i) = &p.interval {
                forwards("fit.points[].interval", (i.lo, i.hi))?;
            }
        }
        match self.stops_paying {
            StopsPaying::Beyond { at, .. } => check_cores("fit.stops_paying.at", at)?,
            StopsPaying::NotWithin { searched } => {
                check_cores("fit.stops_paying.searched", searched)?
            }
            _ => {}
        }
        for w in &self.withheld {
            if let Withheld::TooNoisy { counts, widest, .. } = w {
                at_most_entries("fit.withheld[].counts", counts.len(), MAX_POINTS)?;
                check_cores("fit.withheld[].widest", *widest)?;
            }
        }
        if let Some(ci) = self.serial_fraction_ci95 {
            forwards("fit.serial_fraction_ci95", ci)?;
        }
        if let Some(u) = &self.usl_ci95 {
            forwards("fit.usl_ci95.sigma", u.sigma)?;
            forwards("fit.usl_ci95.kappa", u.kappa)?;
        }
        if let Some(n) = self.resamples.filter(|&n| n > MAX_RESAMPLES) {
            return Err(Invalid::AtMost {
                field: "fit.resamples",
                value: n as u64,
                max: MAX_RESAMPLES as u64,
            });
        }
        Ok(())
    }
}

/// Most bootstrap resamples a fit may claim.
const MAX_RESAMPLES: usize = 1_000_000;

/// An interval read from a file: finite, and running forwards.
fn forwards(what: &'static str, (lo, hi): (f64, f64)) -> Result<(), Invalid> {
    if lo.is_finite() && hi.is_finite() && lo <= hi {
        Ok(())
    } else {
        Err(Invalid::Interval {
            field: what,
            lo,
            hi,
        })
    }
}

impl ScaleDoc {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), Invalid> {
        at_most_entries("rows", self.rows.len(), MAX_POINTS)?;
        for r in &self.rows {
            check_cores("rows[].threads", r.threads)?;
            check_summary("rows[].measured.wall_s", &r.measured.wall_s, true)?;
        }
        for p in &self.projected {
            check_cores("projected[].threads", p.threads)?;
            if let Some(i) = &p.interval {
                forwards("projected[].interval", (i.lo, i.hi))?;
            }
        }
        self.fit.check()
    }
}
