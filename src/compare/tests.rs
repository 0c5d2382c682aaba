use super::*;
use crate::kinds::CostKind;
use crate::results::run::Cost;
use loss::split;

fn core_time(cores: usize, wall: f64, busy: f64, blocked: f64, serial: f64) -> CoreTime {
    CoreTime {
        cores,
        wall_ns: wall,
        busy_ns: busy,
        blocked_ns: blocked,
        serial_ns: serial,
        ..CoreTime::default()
    }
}

pub(super) fn predicted(idle: f64, costs: Vec<Cost>) -> Predicted {
    Predicted {
        wall_s: 1.0,
        speedup: 1.0,
        utilization: 1.0,
        overhead_s: 0.0,
        model: ModelSide {
            cores: 2,
            discipline: "list".into(),
            quantum: None,
            io: "blocking".into(),
            wall_ticks: 1,
        },
        idle_fraction: idle,
        blocked_fraction: 0.0,
        costs,
        wall_range_s: None,
    }
}

#[test]
fn loss_adds_up() {
    let l = split(&core_time(2, 1e9, 1.5e9, 0.2e9, 1.4e9));
    let total = l.useful_s + l.idle_s + l.blocked_s + l.overhead_s;
    assert!((total - 2.0).abs() < 1e-9, "{l:?}");
    assert!((l.overhead_s - 0.1).abs() < 1e-9);
    assert!((l.contention_s - 0.1).abs() < 1e-9);
    assert!((l.idle_s - 0.3).abs() < 1e-9);
}

#[test]
fn start_up_and_dispatch_come_out_of_idle_and_never_exceed_it() {
    let mut t = core_time(2, 1e9, 1.5e9, 0.2e9, 1.4e9);
    t.startup_ns = 0.1e9;
    t.dispatch_ns = 0.05e9;
    let l = split(&t);
    assert!((l.idle_s - 0.15).abs() < 1e-9, "{l:?}");
    assert!((l.overhead_s - 0.25).abs() < 1e-9, "{l:?}");
    assert!((l.startup_s + l.dispatch_s + l.contention_s - l.overhead_s).abs() < 1e-9);
    t.startup_ns = 5e9;
    let l = split(&t);
    assert!((l.startup_s - 0.3).abs() < 1e-9 && l.dispatch_s == 0.0 && l.idle_s == 0.0);
}

/// The shares and costs of a [`Why::Losses`].
fn losses(w: Why) -> (Vec<Share>, Option<f64>, Vec<(CostKind, f64)>) {
    match w {
        Why::Losses {
            shares,
            beyond_model,
            costs,
            ..
        } => (shares, beyond_model, costs),
        other => panic!("{other:?}"),
    }
}

#[test]
fn why_follows_the_numbers() {
    let l = split(&core_time(2, 1e9, 1.0e9, 0.0, 1.0e9));
    let none = predicted(0.0, Vec::new());
    let (shares, _, _) = losses(explain(
        StrategyKind::Rayon,
        KernelKind::Spin,
        2,
        &l,
        &none,
        0.0,
    ));
    assert_eq!(
        shares,
        [Share::IdleBeyondModel {
            idle: 0.5,
            model: 0.0
        }]
    );
    let full = split(&core_time(2, 1e9, 2e9, 0.0, 2e9));
    let as_predicted = explain(StrategyKind::Rayon, KernelKind::Spin, 2, &full, &none, 0.0);
    assert_eq!(losses(as_predicted.clone()), (vec![], None, vec![]));
    assert_eq!(as_predicted.to_string(), "as the model predicts");
    let slow = split(&core_time(2, 1e9, 2e9, 0.0, 1.6e9));
    let (shares, beyond, _) = losses(explain(
        StrategyKind::Rayon,
        KernelKind::Memory,
        2,
        &slow,
        &none,
        0.2,
    ));
    assert!(
        matches!(shares.as_slice(), [Share::Contention { memory: true, share }] if (share - 0.2).abs() < 1e-9),
        "{shares:?}"
    );
    // One share said: how far the model is off beyond its costs is said too.
    assert_eq!(beyond, Some(0.2));
    let costs = predicted(
        0.0,
        vec![
            Cost {
                kind: CostKind::WorkerStart,
                s: 0.0152,
            },
            Cost {
                kind: CostKind::Handout,
                s: 0.0,
            },
        ],
    );
    let why = explain(
        StrategyKind::Processes,
        KernelKind::Spin,
        2,
        &full,
        &costs,
        0.0,
    );
    // A cost of nothing is not named.
    assert_eq!(losses(why).2, [(CostKind::WorkerStart, 0.0152)]);
}

#[test]
fn the_work_limits_every_projection() {
    use crate::workload::builtin;
    let two = builtin("two-tasks").unwrap().unwrap();
    // Two tasks: never above 2×, whatever the core count.
    for p in [2, 4, 8, 202] {
        assert_eq!(super::limit(&two, StrategyKind::Rayon, p), 2.0, "{p}");
    }
    assert_eq!(super::limit(&two, StrategyKind::Rayon, 1), 1.0);
    // Uneven work: the model's own schedule on 8 cores, not the fit's.
    let uneven = builtin("uneven").unwrap().unwrap();
    let model = crate::model::analyze(
        &uneven,
        &StrategyKind::Rayon.machine(8, 1, 0, uneven.tick_ns),
    )
    .unwrap()
    .metrics
    .speedup;
    assert_eq!(super::limit(&uneven, StrategyKind::Rayon, 8), model);
    assert!(model < 2.0, "{model}");
    // A one-thread strategy and work that only waits get no law at all.
    use crate::findings::fits::NoFit;
    assert_eq!(
        super::no_law(StrategyKind::Interleave, &two),
        Some(NoFit::OneThread {
            strategy: StrategyKind::Interleave
        })
    );
    assert!(super::no_law(StrategyKind::Rayon, &two).is_none());
    let waits = builtin("blocking-vs-async").unwrap().unwrap();
    let waiting = NoFit::MostlyWaiting {
        io_ticks: waits.io_ticks(),
        work_ticks: waits.work(),
    };
    assert_eq!(
        super::no_law(StrategyKind::Rayon, &waits),
        (waits.io_ticks() > waits.work()).then_some(waiting)
    );
}
