//! A shipped program measured in-process: work and span with
//! `workspan::measure`, its contention with one-worker copies on pinned
//! one-thread pools, and timed runs on a pool of P threads, each pinned to
//! its own CPU, with instrumentation off.
//!
//! A program whose work is proportional to its size (the scan, the
//! reduction) is contended as its P-thread run is: P copies each over 1/P
//! of the input at once, so their footprint is one input's, against one
//! worker over the whole input ÷ P. P copies of the whole input would hold
//! P inputs and each stream all of it, which overstated the slowdown the
//! P-thread run suffers. The others run P whole copies against one alone.

use super::{Error, Event, Outcome, PROFILE_RUNS, Plan, copies, least, room_for_copies};
use crate::measure::{confine_to, mono_ns};
use crate::repeat::{Stopped, stop};
use crate::stats::Summary;
use crate::workspan::programs::{Instance, Program, Size};
use crate::workspan::{Graph, Profile};
use std::sync::Mutex;

/// A pool of `cpus.len()` threads, thread i pinned to `cpus[i]`.
pub(super) fn pinned_pool(cpus: &[usize]) -> Result<rayon::ThreadPool, Error> {
    let pins = cpus.to_vec();
    rayon::ThreadPoolBuilder::new()
        .num_threads(cpus.len())
        .start_handler(move |i| {
            // Pinning is best effort: a CPU taken away since is left to
            // the scheduler rather than failing the run.
            let _ = confine_to(&[pins[i % pins.len()]]);
        })
        .build()
        .map_err(|e| Error::Pool {
            threads: cpus.len(),
            message: e.to_string(),
        })
}

pub(super) fn measure(
    plan: &Plan,
    program: Program,
    size: Size,
    on: &mut dyn FnMut(Event),
) -> Result<Outcome, Error> {
    let mut inst = program.prepare(size)?;
    on(Event::Measuring);
    let mut profile: Option<Profile> = None;
    let mut graph: Option<Graph> = None;
    for _ in 0..PROFILE_RUNS {
        inst.reset();
        let m = crate::workspan::measure(|| inst.run())?;
        inst.check()?;
        let p = m.profile;
        // The graph of the run with the least work: the least disturbed.
        if profile.is_none_or(|q| p.work < q.work) {
            graph = Some(m.graph);
        }
        profile = Some(profile.map_or(p, |q| least(&q, &p)));
        on(Event::RunDone);
    }
    let profile = profile.expect("at least one measurement");
    let mut contention = Vec::new();
    let mut no_room = Vec::new();
    let mut walls = Vec::new();
    for &p in &plan.counts {
        if p > 1 && plan.trials > 0 {
            on(Event::Contention(p));
            match contended(plan, program, size, p, &mut *inst, on)? {
                Some(s) => contention.push((p, s)),
                None => no_room.push(p),
            }
        }
        on(Event::Timing(p));
        let (s, stopped) = timed(plan, &mut *inst, p, on)?;
        walls.push((p, s, stopped));
    }
    Ok(Outcome {
        profile,
        graph,
        input: inst.describe(),
        walls,
        contention,
        no_room,
        others_cpus: None,
    })
}

/// Each copy's slowdown with `p` copies at once; `None` when they would
/// not fit in memory. `whole` is the program at `size`, to time alone.
fn contended(
    plan: &Plan,
    program: Program,
    size: Size,
    p: usize,
    whole: &mut dyn Instance,
    on: &mut dyn FnMut(Event),
) -> Result<Option<Summary>, Error> {
    let part = size.factor() / p as f64;
    let split = program.work_linear_in_size() && part >= Size::MIN;
    let (copy_size, copies_of_whole) = if split {
        (Size::Times(part), 1)
    } else {
        (size, p as u64)
    };
    if whole.footprint().saturating_mul(copies_of_whole) > room_for_copies() {
        return Ok(None);
    }
    let mut copies: Vec<(rayon::ThreadPool, Mutex<Box<dyn Instance>>)> = Vec::with_capacity(p);
    for &cpu in &plan.cpus[..p] {
        copies.push((
            pinned_pool(&[cpu])?,
            Mutex::new(program.prepare(copy_size)?),
        ));
    }
    let timed = |pool: &rayon::ThreadPool, inst: &mut dyn Instance| {
        inst.reset();
        let t = mono_ns();
        pool.install(|| inst.run());
        (mono_ns() - t) as f64 / 1e9
    };
    let one = |i: usize| -> Result<f64, Error> {
        let (pool, inst) = &copies[i];
        let mut guard = inst.lock().unwrap_or_else(|e| e.into_inner());
        Ok(timed(pool, &mut **guard))
    };
    let first = &copies[0].0;
    let mut alone = || -> Result<f64, Error> {
        if split {
            Ok(timed(first, &mut *whole) / p as f64)
        } else {
            one(0)
        }
    };
    let s = copies::slowdowns(p, plan.trials, &mut alone, &one, &mut || on(Event::RunDone))?;
    whole.check()?;
    for (_, inst) in &copies {
        inst.lock().unwrap_or_else(|e| e.into_inner()).check()?;
    }
    Ok(s)
}

/// Warm-up and timed runs on `p` pinned threads until the rule stops them;
/// the result checked after the last.
fn timed(
    plan: &Plan,
    inst: &mut dyn Instance,
    p: usize,
    on: &mut dyn FnMut(Event),
) -> Result<(Summary, Stopped), Error> {
    let pool = pinned_pool(&plan.cpus[..p])?;
    let (mut walls, mut spent) = (Vec::new(), 0.0);
    for i in 0.. {
        inst.reset();
        let t = mono_ns();
        pool.install(|| inst.run());
        let s = (mono_ns() - t) as f64 / 1e9;
        on(Event::RunDone);
        if i < plan.warmup {
            continue;
        }
        walls.push(s);
        spent += s;
        if let Some(stopped) = stop(&plan.rule, &walls, spent) {
            inst.check()?;
            let summary = Summary::of(&walls).expect("finite walls");
            return Ok((summary, stopped));
        }
    }
    unreachable!("the rule stops at max_runs")
}
