//! What a measured run says about its own noise: the drift check that marks
//! a run faster than possible, significance marks, raw samples with mean and
//! σ in the document. Driven through the harness by the mock, whose outcome
//! does not depend on how loaded the machine is.

use crate::real_work;
use conpar::compare::harness::{Options, run_workload};
use conpar::compare::workload_result;
use conpar::exec::overhead::Overheads;
use conpar::findings::Why;
use conpar::kinds::StrategyKind;
use conpar::report::run::table;
use conpar::stats::Summary;
use conpar::workload::builtin;
use std::path::PathBuf;
use std::time::Duration;

/// Overheads of nothing: the mock pays none.
fn free() -> Overheads {
    let zero = || Some(Summary::of(&[0.0]).unwrap());
    Overheads {
        thread_spawn_join: zero(),
        fork: zero(),
        process_exec: zero(),
        pool_dispatch: zero(),
        tokio_spawn: zero(),
        context_switch_same_core: zero(),
        handoff_cross_core: None,
        sleep_overshoot: zero(),
        tokio_sleep_overshoot: zero(),
        ..Overheads::default()
    }
}

/// The harness's options for `strategies` on `cores`, pinned, one warm-up.
fn options(
    strategies: Vec<StrategyKind>,
    cores: Vec<usize>,
    runs: conpar::repeat::Repeat,
) -> Options {
    Options {
        strategies,
        cores,
        runs,
        warmup: 1,
        pin: true,
        quantum: 1,
        os_slice_ns: 3_000_000,
        timeout: Duration::from_secs(30),
        worker_exe: PathBuf::from(env!("CARGO_BIN_EXE_conpar")),
        keep_going: false,
    }
}

#[test]
fn a_run_faster_than_its_tick_is_never_as_predicted() {
    let _real = real_work();
    let w = builtin("two-tasks").unwrap().unwrap();
    let opts = options(
        vec!["mock:0.8".parse().unwrap(), StrategyKind::MOCK],
        vec![1, 2],
        conpar::repeat::Repeat::exactly(3),
    );
    let run = run_workload(&w, &opts, &free(), &mut |_| Ok(())).unwrap();
    let doc = workload_result(&run, &w);
    assert_eq!(doc.rows.len(), 4);
    for r in &doc.rows {
        assert!(r.tick_drift.is_some_and(f64::is_finite), "{r:?}");
        if r.strategy == StrategyKind::MOCK {
            // The model itself: exactly at the prediction, within the noise.
            assert!(!r.faster_than_possible, "{:?}", r.why);
            assert_eq!(r.error_significant, Some(false), "{r:?}");
        } else {
            // 20 % under max(T1/P, T∞): no run can do that.
            assert!(r.faster_than_possible, "{:?}", r.why);
            // The why is the bound beaten, with the drift measured around
            // it, never "as the model predicts".
            assert!(
                matches!(r.why, Some(Why::FasterThanPossible { under, .. }) if (under - 0.2).abs() < 0.01),
                "{:?}",
                r.why
            );
            assert_eq!(r.error_significant, Some(true), "{r:?}");
        }
        let wall = &r.measured.wall_s;
        assert_eq!(wall.samples.len(), 3, "{wall:?}");
        assert!(wall.mean.is_some() && wall.sd.is_some(), "{wall:?}");
    }
    let warned = doc
        .warnings
        .iter()
        .filter(|w| matches!(w, conpar::findings::Warning::FasterThanPossible { .. }));
    assert_eq!(warned.count(), 2, "{:?}", doc.warnings);
    let text = table(&doc, "");
    assert!(text.contains("faster than possible"), "{text}");
    assert!(text.contains("~+0.0%"), "{text}");
    assert!(text.contains("~ error within the noise"), "{text}");
    // The report's page says the same warnings as the terminal.
    let run_doc = conpar::results::run::RunDoc {
        meta: conpar::results::Meta::new(
            conpar::results::Kind::Run,
            vec!["conpar".into()],
            "2026-01-01T00:00:00Z".into(),
            conpar::measure::host(),
        ),
        overheads_ns: free(),
        workloads: vec![doc],
    };
    let page = conpar::report::html::build(&[(
        "this run".into(),
        conpar::results::Document::Run(run_doc),
    )])
    .html;
    let said =
        "warning: mock:0.8 on 1 core and mock:0.8 on 2 cores finished faster than the work allows";
    assert_eq!(page.matches(said).count(), 1, "{page}");
}

/// Adaptive repetitions end for each of their three reasons, and the row
/// says which: a steady strategy once its interval is tight, a jittery one
/// at `max_runs`, and any once the time budget is spent.
#[test]
fn adaptive_runs_stop_and_say_why() {
    use conpar::repeat::{Repeat, Stopped};
    let _real = real_work();
    let w = builtin("two-tasks").unwrap().unwrap();
    let measure = |strategy: &str, runs: Repeat| {
        let opts = options(vec![strategy.parse().unwrap()], vec![2], runs);
        let run = run_workload(&w, &opts, &free(), &mut |_| Ok(())).unwrap();
        workload_result(&run, &w).rows.remove(0)
    };
    let rule = Repeat {
        min_runs: 3,
        max_runs: 9,
        target_width: 0.02,
        budget_s: 60.0,
    };
    let steady = measure("mock", rule);
    assert_eq!(steady.stopped, Some(Stopped::TightEnough), "{steady:?}");
    assert_eq!(steady.repeats, 3);
    let jittery = measure("mock:1~0.2", rule);
    assert_eq!(jittery.stopped, Some(Stopped::MaxRuns), "{jittery:?}");
    assert_eq!(jittery.repeats, 9);
    assert_eq!(jittery.measured.wall_s.samples.len(), 9);
    let short = Repeat {
        budget_s: 1e-6,
        ..rule
    };
    let spent = measure("mock:1~0.2", short);
    assert_eq!(spent.stopped, Some(Stopped::Budget), "{spent:?}");
    assert_eq!(spent.repeats, 3);
    let exact = measure("mock:1~0.2", Repeat::exactly(4));
    assert_eq!((exact.repeats, exact.stopped), (4, Some(Stopped::MaxRuns)));
}
