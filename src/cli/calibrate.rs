//! `conpar calibrate`: the kernels' tick calibration and contention curves,
//! and the host's overheads, those that grow with P at several counts.

use crate::compare::harness::curves;
use crate::exec::overhead;
use crate::kernel::calibrate;
use crate::measure::{allowed_cpus, cgroup_cpu, confine_to};
use crate::results::calibrate::CalibrateDoc;
use crate::results::calibrate::{AtCount, ContentionCurve};
use crate::results::{Document, Kind};
use crate::stats::Summary;
use crate::units::{Nanos, parse_duration_ns};
use crate::workload::KernelKind;
use anyhow::Context;
use clap::Args;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct CalibrateArgs {
    /// Tick length to calibrate the kernels to.
    #[arg(long, default_value = "10ms", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    tick: u64,
    #[command(flatten)]
    out: super::output::OutputArgs,
}

fn line(o: &mut String, what: &str, s: &Summary) {
    let _ = writeln!(
        o,
        "  {what:<38} {:>9}  [{}–{}]  n={}",
        Nanos(s.median).to_string(),
        Nanos(s.min),
        Nanos(s.max),
        s.n
    );
}

/// The costs measured at several counts and the contention curves, one row
/// each: the median at each count.
fn grows(o: &mut String, costs: &[(&str, &[AtCount])], curves: &[ContentionCurve]) {
    let _ = writeln!(o, "\ncosts that grow with P (median at each count k):");
    for (name, points) in costs {
        let cells: Vec<String> = points
            .iter()
            .map(|a| format!("{}: {}", a.count, Nanos(a.ns.median)))
            .collect();
        let _ = writeln!(o, "  {name:<20} {}", cells.join("  "));
    }
    let _ = writeln!(
        o,
        "\ncontention: one copy's slowdown with k copies on k cores (median [min–max]):"
    );
    for c in curves {
        let cells: Vec<String> = c
            .points
            .iter()
            .map(|p| {
                format!(
                    "{}: {:.2} [{:.2}–{:.2}]",
                    p.copies, p.slowdown.median, p.slowdown.min, p.slowdown.max
                )
            })
            .collect();
        let _ = writeln!(o, "  {:<8} {}", c.kernel.name(), cells.join("  "));
    }
}

pub(super) fn run(a: CalibrateArgs) -> anyhow::Result<ExitCode> {
    let out = super::output::Outputs::probe(&a.out)?;
    let cpus = allowed_cpus();
    let exe = std::env::current_exe().context("cannot find the conpar binary")?;
    let cg = cgroup_cpu();
    let cals = std::thread::scope(|s| {
        s.spawn(|| {
            let _ = confine_to(&[cpus[0]]);
            KernelKind::ALL.map(|k| calibrate(k, a.tick))
        })
        .join()
        .expect("calibration thread")
    });
    let contention: Vec<ContentionCurve> = cals
        .iter()
        .flat_map(|c| curves(c, &[], &cpus, cpus.len()))
        .collect();
    let oh = overhead::measure(&cpus, &exe);
    for why in &oh.unmeasured {
        eprintln!("warning: {why}");
    }
    let doc = CalibrateDoc {
        meta: super::meta(Kind::Calibrate),
        cgroup: cg,
        kernels: cals.to_vec(),
        overheads_ns: oh.clone(),
        contention: contention.clone(),
    };
    out.json(&doc)?;
    if out.wants_csv() {
        out.csv(&crate::report::csv::calibrate(&doc)?)?;
    }
    if !out.stdout_taken() {
        super::out(&text(&a, &doc, cpus[0]))?;
    }
    let doc = Document::Calibrate(doc);
    out.markdown(&doc)?;
    if let Some(dir) = &out.report {
        let index = super::report::write(&[("calibrate".into(), doc)], dir)?;
        super::note(&format!("report written to {}", index.display()));
    }
    out.tell("calibration");
    Ok(ExitCode::SUCCESS)
}

/// The calibration as a terminal table.
fn text(a: &CalibrateArgs, d: &CalibrateDoc, cpu: usize) -> String {
    let (h, cg, cals, oh) = (&d.meta.host, &d.cgroup, &d.kernels, &d.overheads_ns);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "host {}: {} — kernel {}",
        h.hostname, h.cpu_model, h.kernel
    );
    let _ = writeln!(
        o,
        "allowed CPUs {:?} of {}; cgroup CPU quota {}; throttled {} periods ({} µs)\n",
        h.allowed_cpus,
        h.logical_cpus,
        cg.quota_cpus
            .map_or("none".to_string(), |q| format!("{q:.2} CPUs")),
        cg.nr_throttled,
        cg.throttled_us
    );
    let _ = writeln!(
        o,
        "kernels, one tick of {} on CPU {} (median [min–max] over the trials):",
        Nanos(a.tick as f64),
        cpu
    );
    for c in cals {
        let _ = writeln!(
            o,
            "  {:<8} {:>12} iterations/tick  tick {} [{}–{}]  spread {:.1}%",
            c.kernel.name(),
            c.iters_per_tick,
            Nanos(c.tick_median_ns),
            Nanos(c.tick_min_ns),
            Nanos(c.tick_max_ns),
            c.spread() * 100.0
        );
    }
    let _ = writeln!(o, "\noverheads (median [min–max]):");
    line(&mut o, "thread spawn + join", &oh.thread_spawn_join);
    line(&mut o, "fork + exit + wait", &oh.fork);
    line(
        &mut o,
        "start a worker process until ready",
        &oh.process_exec,
    );
    line(
        &mut o,
        "rayon job dispatch (2 threads), per job",
        &oh.pool_dispatch,
    );
    line(
        &mut o,
        "tokio task spawn + await, per task",
        &oh.tokio_spawn,
    );
    line(
        &mut o,
        "context switch, same core",
        &oh.context_switch_same_core,
    );
    match &oh.handoff_cross_core {
        Some(s) => line(&mut o, "hand-off across cores", s),
        None => o.push_str("  hand-off across cores: needs two allowed CPUs\n"),
    }
    line(&mut o, "thread::sleep(1ms) lateness", &oh.sleep_overshoot);
    line(
        &mut o,
        "tokio sleep(10ms) lateness",
        &oh.tokio_sleep_overshoot,
    );
    match &oh.worker_handout {
        Some(h) => line(&mut o, "a task handed to a worker and back", h),
        None => o.push_str("  a task handed to a worker and back: unmeasured\n"),
    }
    for k in KernelKind::ALL {
        let _ = writeln!(
            o,
            "  {:<38} {:>9}  in a new worker {}",
            format!("{} kernel set-up, new thread", k.name()),
            Nanos(oh.setup_ns(k)).to_string(),
            Nanos(oh.worker_setup_ns(k))
        );
    }
    grows(&mut o, &oh.at_counts(), &d.contention);
    o
}
