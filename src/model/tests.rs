use super::*;
use crate::timeline::{State, Timeline};
use crate::workload::{Step, Workload};
use proptest::prelude::*;

const RR1: Discipline = Discipline::RoundRobin { quantum: 1 };

fn machine(cores: usize, discipline: Discipline, io: IoMode) -> Machine {
    Machine {
        cores,
        discipline,
        io,
    }
}

/// The task running on `core` at each tick, `.` when idle, lower case when blocked.
fn schedule(t: &Timeline, core: u32) -> String {
    let mut cells = vec![".".to_string(); t.wall() as usize];
    for s in t.core_slices(core) {
        for c in &mut cells[s.start as usize..s.end as usize] {
            let name = &t.tasks[s.task as usize];
            *c = if s.state == State::Run {
                name.clone()
            } else {
                name.to_lowercase()
            };
        }
    }
    cells.join(" ")
}

fn two_tasks() -> Workload {
    Workload::builder("two-tasks")
        .task("A", &[Step::Cpu(3)])
        .task("B", &[Step::Cpu(3)])
        .build()
        .unwrap()
}

#[test]
fn golden_one_core_interleaves_at_the_sum() {
    let w = two_tasks();
    let t = simulate(&w, &machine(1, RR1, IoMode::Blocking)).unwrap();
    assert_eq!(schedule(&t, 0), "A B A B A B");
    let m = t.metrics(w.work());
    assert_eq!((m.wall, m.idle, m.blocked), (6, 0, 0));
    assert_eq!(m.speedup, 1.0);
    assert_eq!(m.utilization, 1.0);
}

#[test]
fn golden_two_cores_finish_at_the_max() {
    let w = two_tasks();
    for d in [RR1, Discipline::List] {
        let t = simulate(&w, &machine(2, d, IoMode::Blocking)).unwrap();
        assert_eq!(schedule(&t, 0), "A A A");
        assert_eq!(schedule(&t, 1), "B B B");
        let m = t.metrics(w.work());
        assert_eq!(m.wall, 3);
        assert_eq!(m.speedup, 2.0);
        assert_eq!(m.utilization, 1.0);
    }
}

#[test]
fn golden_five_on_four() {
    let w = Workload::builder("five-on-four")
        .tasks("T", 5, &[Step::Cpu(1)])
        .build()
        .unwrap();
    for d in [RR1, Discipline::List] {
        let t = simulate(&w, &machine(4, d, IoMode::Blocking)).unwrap();
        let m = t.metrics(w.work());
        assert_eq!(m.wall, 2);
        assert_eq!(m.speedup, 2.5);
        assert_eq!(m.utilization, 0.625);
        assert_eq!(m.idle, 3);
        assert_eq!(schedule(&t, 0), "T1 T5");
        assert_eq!(schedule(&t, 3), "T4 .");
    }
}

#[test]
fn golden_amdahl_ten_percent() {
    // 10 ticks alone, 90 in 30 equal tasks.
    let w = Workload::builder("amdahl-10")
        .serial(5, 5)
        .tasks("T", 30, &[Step::Cpu(3)])
        .build()
        .unwrap();
    assert!((w.serial_fraction() - 0.1).abs() < 1e-12);
    assert!((amdahl_ceiling(w.serial_fraction()) - 10.0).abs() < 1e-9);
    assert!((amdahl(w.serial_fraction(), 2.0) - 20.0 / 11.0).abs() < 1e-12);
    assert!((amdahl(w.serial_fraction(), 8.0) - 80.0 / 17.0).abs() < 1e-12);
    // The schedule meets Amdahl exactly where the parallel part divides evenly.
    let t = simulate(&w, &machine(2, Discipline::List, IoMode::Blocking)).unwrap();
    let m = t.metrics(w.work());
    assert_eq!(m.wall, 55);
    assert!((m.speedup - 20.0 / 11.0).abs() < 1e-12);
    assert_eq!(schedule(&t, 1).split(' ').filter(|c| *c == ".").count(), 10);
}

fn blocking_vs_async() -> Workload {
    Workload::builder("blocking-vs-async")
        .task("A", &[Step::Cpu(1), Step::Io(3), Step::Cpu(1)])
        .task("B", &[Step::Cpu(3)])
        .build()
        .unwrap()
}

#[test]
fn golden_blocking_io_holds_the_core() {
    let w = blocking_vs_async();
    let t = simulate(&w, &machine(1, Discipline::List, IoMode::Blocking)).unwrap();
    assert_eq!(schedule(&t, 0), "A a a a A B B B");
    let m = t.metrics(w.work());
    assert_eq!((m.wall, m.blocked, m.idle), (8, 3, 0));
    assert_eq!(m.speedup, 0.625);
}

#[test]
fn golden_async_io_frees_the_core() {
    let w = blocking_vs_async();
    let t = simulate(&w, &machine(1, Discipline::List, IoMode::Async)).unwrap();
    assert_eq!(schedule(&t, 0), "A B B B A");
    let m = t.metrics(w.work());
    assert_eq!((m.wall, m.blocked, m.idle), (5, 0, 0));
    assert_eq!(m.speedup, 1.0);
}

#[test]
fn round_robin_quantum_two_and_io() {
    let w = Workload::builder("x")
        .task("A", &[Step::Cpu(3)])
        .task("B", &[Step::Cpu(1), Step::Io(2), Step::Cpu(2)])
        .build()
        .unwrap();
    let rr2 = Discipline::RoundRobin { quantum: 2 };
    let t = simulate(&w, &machine(1, rr2, IoMode::Async)).unwrap();
    // A runs its quantum, B runs 1 and leaves for I/O, A finishes, the core
    // idles until B returns at tick 5.
    assert_eq!(schedule(&t, 0), "A A B A . B B");
    let t = simulate(&w, &machine(1, rr2, IoMode::Blocking)).unwrap();
    assert_eq!(schedule(&t, 0), "A A B b b B B A");
}

#[test]
fn trailing_io_counts_in_the_wall() {
    let w = Workload::builder("x")
        .task("A", &[Step::Cpu(1), Step::Io(5)])
        .build()
        .unwrap();
    let t = simulate(&w, &machine(1, Discipline::List, IoMode::Async)).unwrap();
    assert_eq!(t.metrics(w.work()).wall, 6);
}

#[test]
fn bad_machines_are_refused() {
    let w = two_tasks();
    assert_eq!(
        simulate(&w, &machine(0, Discipline::List, IoMode::Async)),
        Err(ModelError::Cores(0))
    );
    assert_eq!(
        simulate(
            &w,
            &machine(1, Discipline::RoundRobin { quantum: 0 }, IoMode::Async)
        ),
        Err(ModelError::Quantum)
    );
}

#[test]
fn round_robin_skips_idle_boundaries() {
    // Two long tasks on two cores never wait: one slice each, however small q is.
    let w = Workload::builder("x")
        .task("A", &[Step::Cpu(1_000_000_000)])
        .task("B", &[Step::Cpu(1_000_000_000)])
        .build()
        .unwrap();
    let t = simulate(&w, &machine(2, RR1, IoMode::Blocking)).unwrap();
    assert_eq!(t.slices.len(), 2);
}

fn arb_workload() -> impl Strategy<Value = Workload> {
    let step = prop_oneof![3 => (1u64..6).prop_map(Step::Cpu), 1 => (1u64..6).prop_map(Step::Io)];
    let task = prop::collection::vec(step, 1..5);
    (prop::collection::vec(task, 1..9), 0u64..4, 0u64..4).prop_map(|(tasks, b, a)| {
        let mut builder = Workload::builder("random").serial(b, a);
        for (i, steps) in tasks.iter().enumerate() {
            builder = builder.task(&format!("T{i}"), steps);
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
        .prop_map(|(cores, discipline, io)| Machine {
            cores,
            discipline,
            io,
        })
}

proptest! {
    #[test]
    fn schedules_keep_every_invariant(w in arb_workload(), m in arb_machine()) {
        let t = simulate(&w, &m).unwrap();
        prop_assert!(t.check_well_formed().is_ok(), "{:?}", t.check_well_formed());
        // Every CPU tick of every task is scheduled exactly once.
        let per_task = t.work_per_task();
        for (i, task) in w.tasks.iter().enumerate() {
            prop_assert_eq!(per_task[i], task.cpu_ticks());
        }
        let mx = t.metrics(w.work());
        prop_assert_eq!(mx.useful, t.total(State::Run));
        // Blocked core-time is exactly the blocking waits.
        let waits: u64 = w.tasks.iter().flat_map(|t| &t.steps).filter_map(|s| match s { Step::Io(n) => Some(*n), _ => None }).sum();
        prop_assert_eq!(mx.blocked, if m.io == IoMode::Blocking { waits } else { 0 });
        let p = m.cores as f64;
        let (t1, tinf) = (w.work() as f64, w.span() as f64);
        prop_assert!(mx.wall as f64 >= (t1 / p).max(tinf) - 1e-9);
        if !w.has_io() {
            prop_assert!(mx.wall as f64 <= t1 / p + tinf + 1e-9);
        }
        prop_assert!(mx.speedup <= p + 1e-9);
        prop_assert_eq!(mx.useful + mx.idle + mx.blocked, m.cores as u64 * mx.wall);
        // Deterministic.
        prop_assert_eq!(simulate(&w, &m).unwrap(), t);
    }

    #[test]
    fn the_slice_bound_before_simulating_holds(w in arb_workload(), m in arb_machine()) {
        if let Discipline::RoundRobin { quantum } = m.discipline {
            let t = simulate(&w, &m).unwrap();
            let run = t.slices.iter().filter(|s| s.state == State::Run).count() as u64;
            prop_assert!(sim::min_slices(&w, &m, quantum) <= run);
        }
    }

    #[test]
    fn extension_matches_tick_by_tick_round_robin(w in arb_workload(), cores in 1usize..4, io in prop_oneof![Just(IoMode::Blocking), Just(IoMode::Async)]) {
        // Splitting each task's CPU into 1-tick steps must not change the
        // schedule under round-robin q = 1, since steps do not reset quanta.
        let m = machine(cores, RR1, io);
        let mut b = Workload::builder("split").serial(w.serial_before, w.serial_after);
        for task in &w.tasks {
            let steps: Vec<Step> = task.steps.iter().flat_map(|s| match *s {
                Step::Cpu(n) => vec![Step::Cpu(1); n as usize],
                io => vec![io],
            }).collect();
            b = b.task(&task.name, &steps);
        }
        let split = b.build().unwrap();
        let a = simulate(&w, &m).unwrap();
        let c = simulate(&split, &m).unwrap();
        for core in 0..cores as u32 {
            prop_assert_eq!(schedule(&a, core), schedule(&c, core));
        }
    }
}

#[test]
fn a_hopeless_round_robin_is_refused_before_it_allocates() {
    let w = Workload::builder("huge")
        .task("A", &[Step::Cpu(1_000_000_000_000)])
        .task("B", &[Step::Cpu(1_000_000_000_000)])
        .build()
        .unwrap();
    let e = simulate(&w, &machine(1, RR1, IoMode::Blocking)).unwrap_err();
    assert_eq!(
        e,
        ModelError::TooManySlices {
            at_least: 1_000_000_000_000
        }
    );
    assert!(e.to_string().contains("above the limit of 4000000"), "{e}");
    // On two cores nobody waits: one slice each.
    let t = simulate(&w, &machine(2, RR1, IoMode::Blocking)).unwrap();
    assert_eq!(t.slices.len(), 2);
}
