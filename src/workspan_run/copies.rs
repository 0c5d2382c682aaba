//! A program's own contention at P: P one-worker copies at once, each on
//! its own CPU, against what one copy would take alone, timed just before
//! (as the kernels' contention curves do). Memory-bound code slows;
//! compute-bound does not.

use crate::stats::Summary;

/// Runs `one(i)` for each i in 0..k at once on threads of their own, each
/// starting when all are ready; their times, s.
pub(super) fn together<E: Send>(
    k: usize,
    one: &(dyn Fn(usize) -> Result<f64, E> + Sync),
) -> Result<Vec<f64>, E> {
    let ready = std::sync::Barrier::new(k);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|i| {
                let ready = &ready;
                s.spawn(move || {
                    ready.wait();
                    one(i)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a copy's thread does not panic"))
            .collect()
    })
}

/// `trials` trials at k copies: each the copies' mean time over `alone()`,
/// what one copy takes alone, timed just before.
pub(super) fn slowdowns<E: Send>(
    k: usize,
    trials: usize,
    alone: &mut dyn FnMut() -> Result<f64, E>,
    one: &(dyn Fn(usize) -> Result<f64, E> + Sync),
    done: &mut dyn FnMut(),
) -> Result<Option<Summary>, E> {
    let mut ratios = Vec::with_capacity(trials);
    for _ in 0..trials.max(1) {
        let alone = alone()?;
        let all = together(k, one)?;
        let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
        let r = mean / alone;
        if r.is_finite() && r > 0.0 {
            ratios.push(r);
        }
        done();
    }
    Ok(Summary::of(&ratios))
}
