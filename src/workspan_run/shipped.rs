//! A shipped program measured in-process: work and span with
//! `workspan::measure`, its contention with one-worker copies on pinned
//! one-thread pools, and timed runs on a pool of P threads, each pinned to
//! its own CPU, with instrumentation off. The timed runs at every count and
//! the contention trials take turns, round by round, so that all of them see
//! the same state of the host.
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
    let (walls, contention, no_room) = interleaved(plan, program, size, &mut *inst, on)?;
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

/// What [`interleaved`] measured: the walls at each count, the contention
/// at each count > 1, and the counts whose copies did not fit in memory.
type Timed = (
    Vec<(usize, Summary, Stopped)>,
    Vec<(usize, Summary)>,
    Vec<usize>,
);

/// The timed runs at every count and the contention trials, in rounds: each
/// round one run at each count whose rule has not stopped, then one trial of
/// copies at each count > 1, against that round's run on one thread. The speedups and the contention
/// then rest on the same minutes: on a host whose memory speed drifts, runs
/// at one count taken before those at another would measure the drift.
fn interleaved(
    plan: &Plan,
    program: Program,
    size: Size,
    inst: &mut dyn Instance,
    on: &mut dyn FnMut(Event),
) -> Result<Timed, Error> {
    let mut no_room = Vec::new();
    let mut contenders = Vec::new();
    for &p in plan.counts.iter().filter(|&&p| p > 1 && plan.trials > 0) {
        on(Event::Contention(p));
        match Contender::new(plan, program, size, p, inst)? {
            Some(c) => contenders.push((p, c, Vec::new())),
            None => no_room.push(p),
        }
    }
    let mut lanes = Vec::with_capacity(plan.counts.len());
    for &p in &plan.counts {
        on(Event::Timing(p));
        let pool = pinned_pool(&plan.cpus[..p])?;
        for _ in 0..plan.warmup {
            run_on(&pool, inst);
            on(Event::RunDone);
        }
        lanes.push((p, pool, Vec::new(), 0.0, None));
    }
    loop {
        let (mut owed, mut ran) = (false, false);
        for (_, pool, walls, spent, stopped) in lanes.iter_mut().filter(|l| l.4.is_none()) {
            let s = run_on(pool, inst);
            on(Event::RunDone);
            walls.push(s);
            *spent += s;
            *stopped = stop(&plan.rule, walls, *spent);
            owed |= stopped.is_none();
            ran = true;
        }
        // A trial every round that timed runs took, and more after them
        // until each count has `plan.trials`.
        for (_, c, ratios) in contenders
            .iter_mut()
            .filter(|c| ran || c.2.len() < plan.trials)
        {
            ratios.extend(c.trial()?);
            on(Event::RunDone);
            owed |= ratios.len() < plan.trials;
        }
        if !owed {
            break;
        }
    }
    inst.check()?;
    // One worker alone is the timed run on one thread: its median is the
    // base of every count's slowdown, as it is of the measured speedup.
    let one_core = lanes
        .iter()
        .find(|l| l.0 == 1)
        .and_then(|l| Summary::of(&l.2))
        .map(|s| s.median);
    let mut contention = Vec::new();
    for (p, c, together) in contenders {
        c.check(inst)?;
        let ratios = c.slowdowns(&together, one_core, inst)?;
        contention.extend(Summary::of(&ratios).map(|s| (p, s)));
    }
    let walls = lanes
        .into_iter()
        .map(|(p, _, walls, _, stopped)| {
            let summary = Summary::of(&walls).expect("finite walls");
            (p, summary, stopped.expect("every lane stopped"))
        })
        .collect();
    Ok((walls, contention, no_room))
}

/// One run of `inst` on `pool`, timed, s.
fn run_on(pool: &rayon::ThreadPool, inst: &mut dyn Instance) -> f64 {
    inst.reset();
    let t = mono_ns();
    pool.install(|| inst.run());
    let s = (mono_ns() - t) as f64 / 1e9;
    // A finished pool's idle workers spin a while before they sleep; the
    // next run, on other pools pinned to the same CPUs, waits them out.
    std::thread::sleep(SETTLE);
    s
}

/// How long a pool's idle workers are given to fall asleep.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(10);

/// P one-worker copies of a program, each on a pinned pool of its own, and
/// how their time together compares with one worker alone.
struct Contender {
    copies: Vec<(rayon::ThreadPool, Mutex<Box<dyn Instance>>)>,
    /// Each copy runs 1/P of the input, against the whole ÷ P alone.
    split: bool,
}

impl Contender {
    /// The copies at `p`; `None` when they would not fit in memory. `whole`
    /// is the program at `size`, to time alone.
    fn new(
        plan: &Plan,
        program: Program,
        size: Size,
        p: usize,
        whole: &dyn Instance,
    ) -> Result<Option<Contender>, Error> {
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
        let mut copies = Vec::with_capacity(p);
        for &cpu in &plan.cpus[..p] {
            copies.push((
                pinned_pool(&[cpu])?,
                Mutex::new(program.prepare(copy_size)?),
            ));
        }
        Ok(Some(Contender { copies, split }))
    }

    /// One trial: the copies' mean time when run at once, s.
    fn trial(&self) -> Result<Option<f64>, Error> {
        let all = copies::together(self.copies.len(), &|i| self.one(i))?;
        let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
        Ok((mean.is_finite() && mean > 0.0).then_some(mean))
    }

    /// Copy `i` run alone on its pool, s.
    fn one(&self, i: usize) -> Result<f64, Error> {
        let (pool, inst) = &self.copies[i];
        let mut guard = inst.lock().unwrap_or_else(|e| e.into_inner());
        Ok(run_on(pool, &mut **guard))
    }

    /// Each trial's mean time over one worker's alone: `one_core`, the
    /// median of the timed runs on one thread (the whole program; ÷ P for
    /// copies over 1/P of the input), or one worker timed now where there
    /// is none.
    fn slowdowns(
        &self,
        together: &[f64],
        one_core: Option<f64>,
        whole: &mut dyn Instance,
    ) -> Result<Vec<f64>, Error> {
        let p = self.copies.len();
        let whole_alone = match one_core {
            Some(s) => s,
            None if self.split => run_on(&self.copies[0].0, whole),
            None => self.one(0)?,
        };
        let alone = if self.split {
            whole_alone / p as f64
        } else {
            whole_alone
        };
        Ok(together
            .iter()
            .map(|t| t / alone)
            .filter(|r| r.is_finite() && *r > 0.0)
            .collect())
    }

    /// Every copy's result checked.
    fn check(&self, whole: &mut dyn Instance) -> Result<(), Error> {
        whole.check()?;
        for (_, inst) in &self.copies {
            inst.lock().unwrap_or_else(|e| e.into_inner()).check()?;
        }
        Ok(())
    }
}
