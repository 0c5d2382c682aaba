//! "The span limits speedup": quicksort with a serial partition against
//! mergesort with a parallel merge, both shipped `conpar workspan`
//! programs, their work and span measured on one worker, then timed on one
//! core and on every allowed core.

use super::*;
use crate::workspan::programs::{Program, Size};
use crate::workspan_run::doc::{predicted_at, speedup};
use crate::workspan_run::predict::reference;
use crate::workspan_run::{PROFILE_RUNS, Plan, Target, least, measure as measure_program};

/// A tenth of the shipped size: 10⁶ elements each.
const SIZE: Size = Size::Times(0.1);

/// T1/T∞ of `p` on one worker, from the least of each figure over
/// [`PROFILE_RUNS`] measurements.
fn parallelism(c: &str, p: Program) -> Result<f64, TourError> {
    let mut inst = p.prepare(SIZE).map_err(|e| err(c, e))?;
    let mut kept: Option<crate::workspan::Profile> = None;
    for _ in 0..PROFILE_RUNS {
        inst.reset();
        let m = crate::workspan::measure(|| inst.run()).map_err(|e| err(c, e))?;
        inst.check().map_err(|e| err(c, e))?;
        kept = Some(kept.map_or(m.profile, |k| least(&k, &m.profile)));
    }
    Ok(kept.map_or(f64::NAN, |k| k.parallelism()))
}

/// `p`'s speedup on all of `cpus` against one of them, with its band, and
/// the speedup its recorded graph's simulated schedule predicts there
/// (Brent's bound when the graph was too large to keep).
fn speedup_on(env: &Env, c: &str, p: Program) -> Result<(Band, f64, bool), TourError> {
    let plan = Plan {
        target: Target::Shipped(p, SIZE),
        counts: vec![1, env.allowed.len()],
        cpus: env.allowed.clone(),
        warmup: env.opts.warmup,
        rule: crate::repeat::Repeat::exactly(env.opts.repeat),
        trials: 0,
        timeout: Duration::from_secs(60),
    };
    let o = measure_program(&plan, &mut |_| {}).map_err(|e| err(c, e))?;
    let (one, all) = (&o.walls[0].1, &o.walls[o.walls.len() - 1].1);
    let s = speedup(one, all);
    let (predicted, _) = predicted_at(&o, env.allowed.len());
    let band = Band {
        lo: s.lo,
        mid: s.mid,
        hi: s.hi,
    };
    Ok((band, reference(&predicted), predicted.simulated.is_some()))
}

pub(super) fn span_limits(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::SpanLimits.name();
    let p = env.allowed.len();
    let (qp, mp) = (
        parallelism(c, Program::Quicksort)?,
        parallelism(c, Program::Mergesort)?,
    );
    let timed = verdicts::span_can_bind(p, qp);
    let (quick, merge) = if timed {
        (
            Some(speedup_on(env, c, Program::Quicksort)?),
            Some(speedup_on(env, c, Program::Mergesort)?.0),
        )
    } else {
        (None, None)
    };
    let (quick, predicted) = match quick {
        Some((band, at, scheduled)) => (Some(band), Some((at, scheduled))),
        None => (None, None),
    };
    let judged = verdicts::span_limits(&verdicts::SpanLimits {
        p,
        quick_parallelism: qp,
        quick,
        merge,
    });
    let model = match (quick, predicted) {
        (Some(q), Some((at, true))) => model_accuracy(q, at, ModelWhy::Schedule { cores: p }),
        (Some(q), Some((at, false))) => model_accuracy(q, at, ModelWhy::Brent { cores: p }),
        _ => ModelVerdict::default(),
    };
    Ok(result(Outcome {
        claim: ClaimKind::SpanLimits,
        judged,
        model,
        figures: Figures::SpanLimits {
            cores: p,
            quicksort_parallelism: qp,
            mergesort_parallelism: mp,
            quicksort_speedup: quick.map(|b| [b.lo, b.mid, b.hi]),
            mergesort_speedup: merge.map(|b| [b.lo, b.mid, b.hi]),
        },
    }))
}
