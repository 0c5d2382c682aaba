//! CSV of every document kind: each kind's table through the table model's
//! CSV backend (`crate::table::csv`). Pure: documents in, bytes out.

use crate::results::calibrate::CalibrateDoc;
use crate::results::io::IoDoc;
use crate::results::model::ModelRun;
use crate::results::run::WorkloadResult;
use crate::results::scale::ScaleDoc;
use crate::results::tour::ClaimResult;

/// `conpar run`: one line per (workload, strategy, cores).
pub fn run(workloads: &[WorkloadResult]) -> Result<Vec<u8>, csv::Error> {
    super::run::csv(workloads)
}

/// `conpar model`: one line per schedule.
pub fn model(runs: &[ModelRun]) -> Result<Vec<u8>, csv::Error> {
    super::model::csv(runs)
}

/// `conpar io`: one line per (client, cores).
pub fn io(d: &IoDoc) -> Result<Vec<u8>, csv::Error> {
    super::io::csv(d)
}

/// `conpar scale`: measured thread counts, then projections.
pub fn scale(d: &ScaleDoc) -> Result<Vec<u8>, csv::Error> {
    super::scale::csv(d)
}

/// `conpar fit`: one row per concurrency, the measured mean beside the fit.
pub fn fit(d: &crate::results::fit::FitDoc) -> Result<Vec<u8>, csv::Error> {
    super::fit::csv(d)
}

/// `conpar tour`: one line per claim.
pub fn tour(claims: &[ClaimResult]) -> Result<Vec<u8>, csv::Error> {
    crate::table::csv::table(&super::tour::table(claims))
}

/// `conpar calibrate`: one line per kernel tick and per overhead, in ns.
pub fn calibrate(d: &CalibrateDoc) -> Result<Vec<u8>, csv::Error> {
    super::calibrate::csv(d)
}
