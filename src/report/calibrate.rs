//! `conpar calibrate` as a terminal table: the host, each kernel's tick, the
//! overheads (those not measured said so), the costs that grow with P and the
//! contention curves. A pure function of the document.

use crate::results::calibrate::{AtCount, CalibrateDoc, ContentionCurve, WorkspanBurden};
use crate::stats::Summary;
use crate::units::Nanos;
use std::fmt::Write;

/// `what`'s summary on one line, or that it was not measured.
fn line(o: &mut String, what: &str, s: Option<&Summary>) {
    let _ = match s {
        Some(s) => writeln!(
            o,
            "  {what:<38} {:>9}  [{}–{}]  n={}",
            Nanos(s.median).to_string(),
            Nanos(s.min),
            Nanos(s.max),
            s.n
        ),
        None => writeln!(o, "  {what:<38} not measured"),
    };
}

/// A cost's median, or that it was not measured.
fn median(s: Option<&Summary>) -> String {
    s.map_or("not measured".to_string(), |s| Nanos(s.median).to_string())
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

/// The workspan burden per spawn, or that it was not measured.
fn burden(o: &mut String, b: Option<&WorkspanBurden>) {
    let what = "workspan burden: rayon fork, steal, join";
    let _ = match b {
        Some(b) => writeln!(
            o,
            "  {what:<38} {:>9}  (join {} less {} alone; stolen in {} of {} trials)",
            Nanos(b.ns as f64).to_string(),
            Nanos(b.join_ns as f64),
            Nanos(b.baseline_ns as f64),
            b.stolen,
            b.trials
        ),
        None => writeln!(o, "  {what:<38} not measured"),
    };
}

/// The host, its cgroup and each kernel's tick of `tick_ns`, calibrated on `cpu`.
fn kernels(o: &mut String, d: &CalibrateDoc, tick_ns: u64, cpu: usize) {
    let (h, cg) = (&d.meta.host, &d.cgroup);
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
        Nanos(tick_ns as f64),
        cpu
    );
    for c in &d.kernels {
        let _ = writeln!(
            o,
            "  {:<8} {:>12} iterations/tick  tick {} [{}–{}]  spread {}",
            c.kernel.name(),
            c.iters_per_tick,
            Nanos(c.tick_median_ns),
            Nanos(c.tick_min_ns),
            Nanos(c.tick_max_ns),
            crate::words::Pct::new(c.spread()).places(1)
        );
    }
}

/// The calibration of kernels to `tick_ns` on `cpu`, as a terminal table.
pub fn text(d: &CalibrateDoc, tick_ns: u64, cpu: usize) -> String {
    let oh = &d.overheads_ns;
    let mut o = String::new();
    kernels(&mut o, d, tick_ns, cpu);
    let _ = writeln!(o, "\noverheads (median [min–max]):");
    for (what, s) in [
        ("thread spawn + join", &oh.thread_spawn_join),
        ("fork + exit + wait", &oh.fork),
        ("start a worker process until ready", &oh.process_exec),
        ("rayon job dispatch (2 threads), per job", &oh.pool_dispatch),
        ("tokio task spawn + await, per task", &oh.tokio_spawn),
        ("context switch, same core", &oh.context_switch_same_core),
    ] {
        line(&mut o, what, s.as_ref());
    }
    match &oh.handoff_cross_core {
        Some(s) => line(&mut o, "hand-off across cores", Some(s)),
        None if d.meta.host.allowed_cpus.len() < 2 => {
            o.push_str("  hand-off across cores: needs two allowed CPUs\n")
        }
        None => line(&mut o, "hand-off across cores", None),
    }
    line(
        &mut o,
        "thread::sleep(1ms) lateness",
        oh.sleep_overshoot.as_ref(),
    );
    line(
        &mut o,
        "tokio sleep(10ms) lateness",
        oh.tokio_sleep_overshoot.as_ref(),
    );
    line(
        &mut o,
        "a task handed to a worker and back",
        oh.worker_handout.as_ref(),
    );
    burden(&mut o, d.workspan_burden.as_ref());
    for k in d.kernels.iter().map(|c| c.kernel) {
        let _ = writeln!(
            o,
            "  {:<38} {:>9}  in a new worker {}",
            format!("{} kernel set-up, new thread", k.name()),
            median(oh.setup(k)),
            median(oh.worker_setup(k))
        );
    }
    grows(&mut o, &oh.at_counts(), &d.contention);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspan_burden_is_printed_or_said_unmeasured() {
        let b = WorkspanBurden {
            ns: 900,
            join_ns: 950,
            baseline_ns: 50,
            stolen: 990,
            trials: 1000,
        };
        let mut o = String::new();
        burden(&mut o, Some(&b));
        assert!(o.contains(&Nanos(900.0).to_string()), "{o}");
        assert!(o.contains("stolen in 990 of 1000 trials"), "{o}");
        let mut o = String::new();
        burden(&mut o, None);
        assert!(o.trim_end().ends_with("not measured"), "{o}");
    }
}
