//! The model's own speed. The target: 100,000 tasks with 10^9 ticks of work in
//! all, on 1,024 cores, scheduled by the list discipline in well under one
//! second — the event-driven simulator touches each step once, not each tick.
//! Round-robin is measured too: its cost grows with the number of preemptions.

use conpar::model::{Discipline, IoMode, Machine, simulate};
use conpar::workload::{Step, Workload};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// 100,000 tasks of 9,000 to 11,000 ticks: 10^9 ticks in all.
fn big() -> Workload {
    let mut b = Workload::builder("big");
    for i in 0..100_000u64 {
        // Sizes spread ±1000 around 10,000, summing to exactly 10^9.
        let delta = ((i / 2) * 7919) % 2001;
        let size = if i % 2 == 0 {
            10_000 + delta - 1000
        } else {
            10_000 + 1000 - delta
        };
        b = b.task(&format!("t{i}"), &[Step::Cpu(size)]);
    }
    let w = b.build().expect("valid");
    assert_eq!(w.work(), 1_000_000_000);
    w
}

fn bench(c: &mut Criterion) {
    let w = big();
    let mut g = c.benchmark_group("model");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let list = Machine {
        cores: 1024,
        discipline: Discipline::List,
        io: IoMode::Blocking,
    };
    g.bench_function("list/100k-tasks/1e9-ticks/1024-cores", |b| {
        b.iter(|| black_box(simulate(black_box(&w), &list).expect("schedules")))
    });
    // Round-robin with 1,024 cores and 100,000 tasks preempts at every quantum
    // while the queue is long: a quantum of 1,000 ticks gives ~10^6 slices.
    let rr = Machine {
        cores: 1024,
        discipline: Discipline::RoundRobin { quantum: 1000 },
        io: IoMode::Blocking,
    };
    g.bench_function("round-robin-q1000/100k-tasks/1e9-ticks/1024-cores", |b| {
        b.iter(|| black_box(simulate(black_box(&w), &rr).expect("schedules")))
    });
    let mixed = conpar::workload::builtin("mixed-io")
        .expect("shipped")
        .expect("valid");
    let m = Machine {
        cores: 2,
        discipline: Discipline::RoundRobin { quantum: 1 },
        io: IoMode::Async,
    };
    g.bench_function("round-robin-q1/mixed-io/2-cores", |b| {
        b.iter(|| black_box(simulate(black_box(&mixed), &m).expect("schedules")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
