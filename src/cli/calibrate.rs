//! `conpar calibrate`: the kernels' tick calibration and contention curves,
//! and the host's overheads, those that grow with P at several counts.

use crate::compare::harness::curves;
use crate::exec::overhead;
use crate::kernel::calibrate_on;
use crate::measure::{allowed_cpus, cgroup_cpu};
use crate::results::calibrate::CalibrateDoc;
use crate::results::calibrate::{ContentionCurve, WorkspanBurden};
use crate::results::{Document, Kind};
use crate::units::parse_duration_ns;
use crate::workload::KernelKind;
use anyhow::Context;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct CalibrateArgs {
    /// Tick length to calibrate the kernels to.
    #[arg(long, default_value = "10ms", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    tick: u64,
    #[command(flatten)]
    out: super::output::OutputArgs,
}

pub(super) fn run(a: CalibrateArgs) -> anyhow::Result<ExitCode> {
    let out = super::output::Outputs::probe(&a.out)?;
    let cpus = allowed_cpus();
    let exe = std::env::current_exe().context("cannot find the conpar binary")?;
    // The contention curves run the memory kernel on every CPU at once,
    // beside the calibration's thread.
    crate::kernel::check_memory(cpus.len() + 1)?;
    let cg = cgroup_cpu();
    let cals = calibrate_on(cpus[0], KernelKind::ALL, a.tick);
    let contention: Vec<ContentionCurve> = cals
        .iter()
        .flat_map(|c| curves(c, &[], &cpus, cpus.len()))
        .collect();
    let oh = overhead::measure(&cpus, &exe);
    for why in &oh.unmeasured {
        super::warn(why);
    }
    let burden = workspan_burden();
    let doc = CalibrateDoc {
        meta: super::meta(Kind::Calibrate),
        cgroup: cg,
        kernels: cals.to_vec(),
        overheads_ns: oh.clone(),
        contention: contention.clone(),
        workspan_burden: burden,
    };
    out.json(&doc)?;
    if out.wants_csv() {
        out.csv(&crate::report::calibrate::csv(&doc)?)?;
    }
    if !out.stdout_taken() {
        let blocks = crate::report::calibrate::blocks(&doc, Some(cpus[0]));
        super::out(&super::prose(&crate::table::text::blocks(&blocks)))?;
    }
    let doc = Document::Calibrate(doc);
    out.finish("calibrate", doc, "calibration")?;
    Ok(ExitCode::SUCCESS)
}

/// rayon's fork, steal and join, as `workspan` measures its burden; a
/// warning when it cannot be measured.
fn workspan_burden() -> Option<WorkspanBurden> {
    match crate::workspan::measure_burden() {
        Ok(b) => Some(WorkspanBurden {
            ns: b.ns,
            join_ns: b.join_ns,
            baseline_ns: b.baseline_ns,
            stolen: b.stolen as u64,
            trials: b.trials as u64,
        }),
        Err(e) => {
            super::warn(&format!("the workspan burden was not measured: {e}"));
            None
        }
    }
}
