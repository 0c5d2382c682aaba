//! The host model against the tick model, and hand-computed contention.

use super::*;
use crate::timeline::{Slice, State, Timeline, Unit};
use crate::workload::{KernelKind, Step, Workload};
use proptest::prelude::*;

fn machine(cores: usize, discipline: Discipline, io: IoMode) -> Machine {
    Machine {
        cores,
        discipline,
        io,
    }
}

/// Slices in one canonical order: the two simulators emit them at different
/// moments, so only the set is the schedule.
fn canonical(mut t: Timeline) -> Timeline {
    t.slices.sort_by_key(|s: &Slice| (s.core, s.start, s.task));
    t
}

fn arb_workload() -> impl Strategy<Value = Workload> {
    let step = prop_oneof![3 => (1u64..7).prop_map(Step::Cpu), 1 => (1u64..7).prop_map(Step::Io)];
    let kernel = prop_oneof![
        Just(None),
        Just(Some(KernelKind::Memory)),
        Just(Some(KernelKind::Hash))
    ];
    let task = (prop::collection::vec(step, 1..5), kernel);
    (prop::collection::vec(task, 1..10), 0u64..4, 0u64..4).prop_map(|(tasks, b, a)| {
        let mut builder = Workload::builder("random").serial(b, a);
        for (i, (steps, k)) in tasks.iter().enumerate() {
            builder = match k {
                Some(k) => builder.task_on(&format!("T{i}"), *k, steps),
                None => builder.task(&format!("T{i}"), steps),
            };
        }
        builder.build().unwrap()
    })
}

fn arb_machine() -> impl Strategy<Value = Machine> {
    (
        1usize..6,
        prop_oneof![
            Just(Discipline::List),
            (1u64..4).prop_map(|quantum| Discipline::RoundRobin { quantum })
        ],
        prop_oneof![Just(IoMode::Blocking), Just(IoMode::Async)],
    )
        .prop_map(|(cores, discipline, io)| machine(cores, discipline, io))
}

/// Curves that are measured yet flat: every point exactly 1.
fn flat_measured() -> Contention {
    let flat = Curve::new(vec![(1, 1.0), (2, 1.0), (8, 1.0)]).unwrap();
    Contention::none()
        .with(KernelKind::Spin, flat.clone())
        .with(KernelKind::Memory, flat.clone())
        .with(KernelKind::Hash, flat)
}

proptest! {
    #[test]
    fn flat_curves_and_no_delays_give_the_tick_model_exactly(w in arb_workload(), m in arb_machine()) {
        let tick = simulate(&w, &m).unwrap();
        for contention in [Contention::none(), flat_measured()] {
            let zero = Delays { release: vec![0.0; w.tasks.len()], core_start: vec![0.0; m.cores] };
            for delays in [Delays::default(), zero] {
                let rates = simulate_rates(&w, &m, &contention, &delays).unwrap();
                prop_assert_eq!(rates.wall(), tick.wall() as f64);
                prop_assert_eq!(
                    canonical(rates.timeline(Unit::Ticks, 1.0)),
                    canonical(tick.clone())
                );
            }
        }
    }

    #[test]
    fn contention_never_makes_a_schedule_shorter(w in arb_workload(), m in arb_machine(), s in 1.0f64..4.0) {
        let tick = simulate(&w, &m).unwrap();
        let c = Contention::none()
            .with(KernelKind::Memory, Curve::new(vec![(2, s), (4, 2.0 * s)]).unwrap())
            .with(KernelKind::Spin, Curve::new(vec![(3, s)]).unwrap());
        let rates = simulate_rates(&w, &m, &c, &Delays::default()).unwrap();
        // List scheduling is not monotone in general, but on one core nothing
        // runs beside anything, so contention changes nothing there.
        if m.cores == 1 {
            prop_assert_eq!(rates.wall(), tick.wall() as f64);
        }
        // Every tick of work is done exactly once.
        let mut work = vec![0.0; rates.tasks.len()];
        for s in &rates.slices {
            if s.state == State::Run {
                work[s.task as usize] += s.work;
            }
        }
        for (i, task) in w.tasks.iter().enumerate() {
            prop_assert!((work[i] - task.cpu_ticks() as f64).abs() < 1e-6);
        }
    }
}

fn two_memory_tasks(a: u64, b: u64) -> Workload {
    Workload::builder("memory")
        .kernel(KernelKind::Memory)
        .task("A", &[Step::Cpu(a)])
        .task("B", &[Step::Cpu(b)])
        .build()
        .unwrap()
}

#[test]
fn two_memory_bound_tasks_share_the_bandwidth_by_hand() {
    // Two copies run at half speed each (s(2) = 2): A (4 ticks) and B (6)
    // together for 8 ticks do 4 ticks of work each; A is done. B then runs
    // alone at full speed for its last 2: wall 10, where the tick model says 6.
    let w = two_memory_tasks(4, 6);
    let c = Contention::none().with(KernelKind::Memory, Curve::new(vec![(2, 2.0)]).unwrap());
    let m = machine(2, Discipline::List, IoMode::Blocking);
    let s = simulate_rates(&w, &m, &c, &Delays::default()).unwrap();
    assert_eq!(s.wall(), 10.0);
    let slices: Vec<(u32, u32, f64, f64, f64)> = s
        .slices
        .iter()
        .map(|x| (x.task, x.core, x.start, x.end, x.work))
        .collect();
    assert_eq!(slices, [(0, 0, 0.0, 8.0, 4.0), (1, 1, 0.0, 10.0, 6.0)]);
    assert_eq!(simulate(&w, &m).unwrap().wall(), 6);
    // A spin task beside them competes with neither.
    let mixed = Workload::builder("mixed")
        .kernel(KernelKind::Memory)
        .task("A", &[Step::Cpu(4)])
        .task_on("S", KernelKind::Spin, &[Step::Cpu(4)])
        .build()
        .unwrap();
    assert_eq!(
        simulate_rates(&mixed, &m, &c, &Delays::default())
            .unwrap()
            .wall(),
        4.0
    );
}

#[test]
fn releases_and_core_starts_delay_the_schedule() {
    let w = two_memory_tasks(3, 3);
    let m = machine(2, Discipline::List, IoMode::Blocking);
    // B is released at 1.5; core 1 starts at 0.5: B begins at 1.5, ends at 4.5.
    let d = Delays {
        release: vec![0.0, 1.5],
        core_start: vec![0.0, 0.5],
    };
    let s = simulate_rates(&w, &m, &Contention::none(), &d).unwrap();
    assert_eq!(s.wall(), 4.5);
    // Core 0 starts late: A goes to core 1 at 0.5 and B to core 0 at 2.
    let late = Delays {
        release: vec![],
        core_start: vec![2.0, 0.5],
    };
    let s = simulate_rates(&w, &m, &Contention::none(), &late).unwrap();
    assert_eq!(s.wall(), 5.0);
    let t = s.timeline(Unit::Nanos, 1000.0);
    assert_eq!(t.slices[0].core, 1);
    assert_eq!((t.slices[0].start, t.slices[0].end), (500, 3500));
    assert!(
        simulate_rates(
            &w,
            &m,
            &Contention::none(),
            &Delays {
                release: vec![-1.0],
                core_start: vec![]
            }
        )
        .is_err()
    );
}

#[test]
fn round_robin_under_contention_keeps_its_quantum_in_time() {
    // One core, q = 2: A and B alternate every 2 ticks of time; contention
    // never applies on one core, so the tick model's A A B B A B holds.
    let w = two_memory_tasks(3, 3);
    let c = Contention::none().with(KernelKind::Memory, Curve::new(vec![(2, 2.0)]).unwrap());
    let m = machine(1, Discipline::RoundRobin { quantum: 2 }, IoMode::Blocking);
    let s = simulate_rates(&w, &m, &c, &Delays::default()).unwrap();
    let order: Vec<(u32, f64)> = s.slices.iter().map(|x| (x.task, x.start)).collect();
    assert_eq!(order, [(0, 0.0), (1, 2.0), (0, 4.0), (1, 5.0)]);
}

#[test]
fn staggered_starts_on_very_many_cores_are_refused_before_the_schedule_runs() {
    // 65,536 cores starting one after another: 65,536 events, each looking at
    // every core, is past MAX_WORK; refused at once instead of after it.
    let w = two_memory_tasks(3, 3);
    let cores = 65_536;
    let m = machine(cores, Discipline::List, IoMode::Blocking);
    let d = Delays {
        release: vec![],
        core_start: (0..cores).map(|c| c as f64 * 0.001).collect(),
    };
    let started = std::time::Instant::now();
    let e = simulate_rates(&w, &m, &Contention::none(), &d).unwrap_err();
    assert!(e.to_string().contains("look at cores more than"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
