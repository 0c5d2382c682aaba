//! The speedups a profile and its fork-join graph predict at P cores, and
//! the default core list. Pure: numbers and the graph in, numbers out (the
//! schedule is simulated, not run).

use crate::results::workspan::Predicted;
use crate::workspan::{Graph, Profile, SimOptions};

/// The predictions at `p` cores from `profile` and, when recorded whole,
/// its `graph`, with `slowdown` the program's own contention at `p` (each
/// copy's time with `p` copies running ÷ its time alone) when measured.
/// The host model simulates the graph's schedule on `p` workers with every
/// strand slowed so and each steal paying the profile's burden; without a
/// whole graph it slows the work in Brent's bound instead. Every figure is
/// capped at what the work allows: min(P, T1/T∞).
pub fn predict(
    profile: &Profile,
    graph: Option<&Graph>,
    p: usize,
    slowdown: Option<f64>,
) -> Predicted {
    let (w, s, pf) = (profile.work as f64, profile.span as f64, p.max(1) as f64);
    let burdened = profile.burdened_span as f64;
    let upper = pf.min(w / s);
    let cap = |x: f64| if x.is_finite() { x.min(upper) } else { upper };
    // Brent's theorem in its exact form: a greedy scheduler on P cores
    // finishes within (T1 − T∞)/P + T∞, so one core takes T1 exactly.
    let parallel = (w - s).max(0.0);
    let slowdown = slowdown.filter(|s| s.is_finite() && *s > 0.0);
    let graph = graph.filter(|g| g.complete() && g.work() > 0);
    let scheduled = |k: f64| {
        let g = graph?;
        let t = g
            .simulate(SimOptions {
                workers: p.max(1),
                burden: profile.burden,
                slowdown: k,
            })
            .ok()?;
        Some(cap(g.work() as f64 / t.time.max(1) as f64))
    };
    let host = slowdown.map(|k| match graph {
        Some(_) => scheduled(k).unwrap_or(f64::NAN),
        None => cap(w / (parallel * k / pf + s)),
    });
    Predicted {
        upper,
        brent: cap(w / (parallel / pf + s)),
        burdened: cap(w / (parallel / pf + burdened)),
        simulated: scheduled(1.0),
        host: host.filter(|h| h.is_finite()),
    }
}

/// The figure a measured speedup is compared with: the host model's, else
/// the simulated schedule's, else Brent's.
pub fn reference(p: &Predicted) -> f64 {
    p.host.or(p.simulated).unwrap_or(p.brent)
}

/// The default core counts: powers of two up to `allowed`, and `allowed`.
pub fn default_counts(allowed: usize) -> Vec<usize> {
    let mut v: Vec<usize> = std::iter::successors(Some(1usize), |k| k.checked_mul(2))
        .take_while(|&k| k <= allowed.max(1))
        .collect();
    if !v.contains(&allowed) && allowed > 0 {
        v.push(allowed);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspan::Clock;

    fn profile(work: u64, span: u64, burdened: u64) -> Profile {
        Profile {
            clock: Clock::Virtual,
            work,
            span,
            burdened_span: burdened,
            burden: 0,
            spawns: 0,
            regions: 1,
        }
    }

    #[test]
    fn predictions_are_exact() {
        // T1 = 1000, T∞ = 10, burdened 50: parallelism 100, burdened 20.
        let pr = profile(1000, 10, 50);
        let at4 = predict(&pr, None, 4, Some(2.0));
        assert_eq!(at4.upper, 4.0);
        // Brent: 1000 ÷ ((1000 − 10)/4 + 10).
        assert_eq!(at4.brent, 1000.0 / 257.5);
        assert_eq!(at4.burdened, 1000.0 / 297.5);
        // Work slowed twice: 1000 ÷ (2 × 990/4 + 10).
        assert_eq!(at4.host, Some(1000.0 / 505.0));
        assert_eq!(predict(&pr, None, 4, None).host, None);
        // Past the parallelism, the upper bound is T1/T∞.
        let at1000 = predict(&profile(1000, 100, 100), None, 1000, Some(0.5));
        assert_eq!(at1000.upper, 10.0);
        assert_eq!(at1000.host, Some(1000.0 / 100.45));
        // Copies faster together than alone (a clock boost) would promise
        // 1000 ÷ 133.75 ≈ 7.5 on 4 cores: capped at 4.
        assert_eq!(predict(&pr, None, 4, Some(0.5)).host, Some(4.0));
        // One core: Brent's exact form gives T1 ÷ T1.
        assert_eq!(predict(&pr, None, 1, None).brent, 1.0);
    }

    /// Quicksort's shape: a serial partition of n units, then the halves.
    fn quick(n: u64) {
        crate::workspan::work(n);
        if n > 1 {
            crate::workspan::join(|| quick(n / 2), || quick(n / 2));
        }
    }

    #[test]
    fn the_host_model_simulates_the_recorded_schedule() {
        let opts = crate::workspan::Options {
            clock: Clock::Virtual,
            burden: 0,
        };
        let m = crate::workspan::measure_with(opts, || quick(8)).unwrap();
        // Work 32, span 15: Brent's bound at 2 is 32 ÷ 23.5; the schedule
        // takes 8 + 12 = 20, and with every strand 1.5× as long (8, 4, 2, 1
        // become 12, 6, 3, 2) 12 + 20 = 32.
        let at2 = predict(&m.profile, Some(&m.graph), 2, Some(1.5));
        assert_eq!(at2.brent, 32.0 / 23.5);
        assert_eq!(at2.simulated, Some(32.0 / 20.0));
        assert_eq!(at2.host, Some(1.0));
        assert_eq!(reference(&at2), 1.0);
        let one = predict(&m.profile, Some(&m.graph), 1, Some(1.0));
        assert_eq!((one.simulated, one.host), (Some(1.0), Some(1.0)));
        // Without contention, the simulated schedule is the reference.
        let bare = predict(&m.profile, Some(&m.graph), 2, None);
        assert_eq!((bare.host, reference(&bare)), (None, 1.6));
        // An incomplete graph falls back to Brent's, slowed.
        let none = predict(
            &m.profile,
            Some(&crate::workspan::Graph::default()),
            2,
            Some(1.0),
        );
        assert_eq!((none.simulated, none.host), (None, Some(32.0 / 23.5)));
    }

    #[test]
    fn counts_are_powers_of_two_and_the_count() {
        assert_eq!(default_counts(1), [1]);
        assert_eq!(default_counts(2), [1, 2]);
        assert_eq!(default_counts(6), [1, 2, 4, 6]);
        assert_eq!(default_counts(8), [1, 2, 4, 8]);
    }
}
