//! Costs as functions of P, and predictions with a fixed host.

use super::costs::at_count;
use super::*;
use crate::kinds::CostKind;
use crate::model::{Contention, Curve, analyze};
use crate::results::calibrate::{AtCount, Overheads};
use crate::stats::Summary;
use crate::workload::{Step, Workload};

fn ns(x: f64) -> Summary {
    Summary::of(&[x]).unwrap()
}

fn at(points: &[(usize, f64)]) -> Vec<AtCount> {
    points
        .iter()
        .map(|&(count, x)| AtCount { count, ns: ns(x) })
        .collect()
}

/// A host where nothing costs anything but what a test sets: what was not
/// measured adds nothing.
fn free() -> Overheads {
    Overheads {
        worker_handout: Some(ns(0.0)),
        ..Overheads::default()
    }
}

fn wall_ms(kind: StrategyKind, p: usize, w: &Workload, oh: &Overheads, c: &Contention) -> f64 {
    let a = analyze(w, &kind.machine(p, 1, 3_000_000, w.tick_ns)).unwrap();
    let host = HostCosts {
        overheads: oh,
        contention: c,
        ends: None,
    };
    predict(kind, p, w, &a, 1e6, &host)
        .unwrap()
        .predicted
        .wall_s
        * 1e3
}

fn cost(kind: StrategyKind, p: usize, w: &Workload, oh: &Overheads, which: CostKind) -> f64 {
    let a = analyze(w, &kind.machine(p, 1, 3_000_000, w.tick_ns)).unwrap();
    let host = HostCosts {
        overheads: oh,
        contention: &Contention::none(),
        ends: None,
    };
    let pred = predict(kind, p, w, &a, 1e6, &host).unwrap().predicted;
    pred.costs
        .iter()
        .filter(|c| c.kind == which)
        .map(|c| c.s * 1e3)
        .sum()
}

fn even(n: u64, ticks: u64) -> Workload {
    Workload::builder("even")
        .tick_ns(1_000_000)
        .tasks("T", n, &[Step::Cpu(ticks)])
        .build()
        .unwrap()
}

#[test]
fn counts_interpolate_and_extend_their_line() {
    let v = at(&[(1, 1.0), (2, 3.0), (4, 7.0)]);
    assert_eq!(at_count(&v, 1), Some(1.0));
    assert_eq!(at_count(&v, 3), Some(5.0));
    // The least-squares slope through the three points is 2: 7 + 2 × 12.
    assert!((at_count(&v, 16).unwrap() - 31.0).abs() < 1e-9);
    // Never below the first, never falling beyond the last.
    assert_eq!(at_count(&at(&[(2, 4.0)]), 1), Some(4.0));
    assert_eq!(at_count(&at(&[(1, 5.0), (2, 3.0)]), 8), Some(3.0));
    assert_eq!(at_count(&[], 4), None);
}

#[test]
fn free_costs_and_flat_curves_give_the_tick_model() {
    let w = even(8, 5);
    for kind in StrategyKind::ALL {
        for p in [1, 2, 4, 16] {
            let a = analyze(&w, &kind.machine(p, 1, 3_000_000, w.tick_ns)).unwrap();
            assert_eq!(
                wall_ms(kind, p, &w, &free(), &Contention::none()),
                a.metrics.wall as f64,
                "{kind} on {p}"
            );
        }
    }
}

#[test]
fn worker_start_grows_with_p_as_measured() {
    // Starting k workers took 1 + 0.5·k ms, measured at 1, 2 and 4.
    let mut oh = free();
    oh.workers_start = at(&[(1, 1.5e6), (2, 2.0e6), (4, 3.0e6)]);
    oh.workers_stop = at(&[(1, 0.1e6), (4, 0.4e6)]);
    oh.worker_handout = Some(ns(10e3));
    let w = even(8, 5);
    let p = StrategyKind::Processes;
    // Every core starts at start(P); then ⌈8/P⌉ tasks of 5 ms each, and as
    // many hand-outs of 10 µs; stop(P) last.
    assert!((wall_ms(p, 1, &w, &oh, &Contention::none()) - (1.5 + 40.0 + 0.08 + 0.1)).abs() < 1e-9);
    assert!((wall_ms(p, 4, &w, &oh, &Contention::none()) - (3.0 + 10.0 + 0.02 + 0.4)).abs() < 1e-9);
    // At 16, beyond the widest measurement: the line goes on, 3 + 0.5 × 12.
    assert!((cost(p, 16, &w, &oh, CostKind::WorkerStart) - 9.0).abs() < 1e-9);
    assert!((cost(p, 16, &w, &oh, CostKind::WorkerStop) - 1.6).abs() < 1e-9);
    // An older calibration without counts: P forks + one exec.
    let mut old = free();
    old.fork = Some(ns(0.2e6));
    old.process_exec = Some(ns(1.3e6));
    assert!((cost(p, 16, &w, &old, CostKind::WorkerStart) - (16.0 * 0.2 + 1.3)).abs() < 1e-9);
}

#[test]
fn one_spawner_releases_threads_one_after_another() {
    // 64 one-tick tasks (1 ms) on 16 cores; the spawner makes a thread every
    // 0.1 ms: the last is released at 6.3 ms and ends at 7.3, where the tick
    // model says 4 ms.
    let mut oh = free();
    oh.thread_spawn_busy = at(&[(1, 0.2e6), (16, 0.1e6)]);
    let w = even(64, 1);
    let t = StrategyKind::Threads;
    assert!((wall_ms(t, 16, &w, &oh, &Contention::none()) - 7.3).abs() < 1e-6);
    assert!((cost(t, 16, &w, &oh, CostKind::ThreadSpawn) - 3.3).abs() < 1e-6);
    // On one core the work, not the spawner, is the bottleneck: the spawns
    // hide behind it except the wait for the first... which is 0.
    assert!((wall_ms(t, 1, &w, &oh, &Contention::none()) - 64.0).abs() < 1e-6);
}

#[test]
fn a_moved_thread_waits_for_its_core() {
    // Two 3-tick tasks on two cores; the second thread waits 3.4 ms to be
    // moved to the idle core: 3 + 3.4, as `threads` on two-tasks measured.
    let mut oh = free();
    oh.thread_placement = at(&[(1, 0.0), (2, 3.4e6)]);
    let w = even(2, 3);
    assert!((wall_ms(StrategyKind::Threads, 2, &w, &oh, &Contention::none()) - 6.4).abs() < 1e-6);
    assert!((cost(StrategyKind::Threads, 2, &w, &oh, CostKind::Placement) - 3.4).abs() < 1e-6);
    // Pools pay nothing of it.
    assert_eq!(
        wall_ms(StrategyKind::Rayon, 2, &w, &oh, &Contention::none()),
        3.0
    );
}

#[test]
fn memory_contention_slows_every_strategy_that_runs_copies_at_once() {
    // Bandwidth for 2.5 copies: s(4) = 4 / 2.5. Eight 5-tick memory tasks on
    // four cores: two rounds of 5 × 1.6 ms.
    let c = Contention::none().with(
        crate::workload::KernelKind::Memory,
        Curve::new(vec![(2, 1.0), (4, 1.6)]).unwrap(),
    );
    let mut w = even(8, 5);
    w.set_kernel(crate::workload::KernelKind::Memory);
    for kind in [
        StrategyKind::Rayon,
        StrategyKind::Tokio,
        StrategyKind::Processes,
    ] {
        assert!(
            (wall_ms(kind, 4, &w, &free(), &c) - 16.0).abs() < 1e-9,
            "{kind}"
        );
    }
    // interleave runs one copy: no contention.
    assert_eq!(wall_ms(StrategyKind::Interleave, 4, &w, &free(), &c), 40.0);
}

#[test]
fn workers_that_start_one_after_another_take_work_as_they_come() {
    // In a `processes` run on 2 cores the first worker began at 1 ms, the
    // last at 2 ms. Three 3 ms tasks: core 0 runs two from 1 (to 7), core 1
    // one from 2 (to 5): 7 ms, where workers all ready at 2 ms would take 8.
    let mut oh = free();
    oh.workers_first = at(&[(2, 1e6)]);
    oh.workers_start = at(&[(2, 2e6)]);
    let w = even(3, 3);
    let p = StrategyKind::Processes;
    assert!((wall_ms(p, 2, &w, &oh, &Contention::none()) - 7.0).abs() < 1e-9);
    oh.workers_first.clear();
    assert!((wall_ms(p, 2, &w, &oh, &Contention::none()) - 8.0).abs() < 1e-9);
}
