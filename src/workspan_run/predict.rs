//! The speedups a profile predicts at P cores, and the default core list.
//! Pure: numbers in, numbers out.

use crate::results::workspan::Predicted;
use crate::workspan::Profile;

/// The predictions at `p` cores from `profile`, with `slowdown` the
/// program's own contention at `p` (each copy's time with `p` copies
/// running ÷ its time alone) when measured. Every figure is capped at what
/// the work allows: min(P, T1/T∞).
pub fn predict(profile: &Profile, p: usize, slowdown: Option<f64>) -> Predicted {
    let (w, s, pf) = (profile.work as f64, profile.span as f64, p.max(1) as f64);
    let burdened = profile.burdened_span as f64;
    let upper = pf.min(w / s);
    let cap = |x: f64| if x.is_finite() { x.min(upper) } else { upper };
    // Brent's theorem in its exact form: a greedy scheduler on P cores
    // finishes within (T1 − T∞)/P + T∞, so one core takes T1 exactly.
    let parallel = (w - s).max(0.0);
    let host = slowdown
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(|k| cap(w / (parallel * k / pf + s)));
    Predicted {
        upper,
        brent: cap(w / (parallel / pf + s)),
        burdened: cap(w / (parallel / pf + burdened)),
        host,
    }
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
        let at4 = predict(&pr, 4, Some(2.0));
        assert_eq!(at4.upper, 4.0);
        // Brent: 1000 ÷ ((1000 − 10)/4 + 10).
        assert_eq!(at4.brent, 1000.0 / 257.5);
        assert_eq!(at4.burdened, 1000.0 / 297.5);
        // Work slowed twice: 1000 ÷ (2 × 990/4 + 10).
        assert_eq!(at4.host, Some(1000.0 / 505.0));
        assert_eq!(predict(&pr, 4, None).host, None);
        // Past the parallelism, the upper bound is T1/T∞.
        let at1000 = predict(&profile(1000, 100, 100), 1000, Some(0.5));
        assert_eq!(at1000.upper, 10.0);
        assert_eq!(at1000.host, Some(1000.0 / 100.45));
        // Copies faster together than alone (a clock boost) would promise
        // 1000 ÷ 133.75 ≈ 7.5 on 4 cores: capped at 4.
        assert_eq!(predict(&pr, 4, Some(0.5)).host, Some(4.0));
        // One core: Brent's exact form gives T1 ÷ T1.
        assert_eq!(predict(&pr, 1, None).brent, 1.0);
    }

    #[test]
    fn counts_are_powers_of_two_and_the_count() {
        assert_eq!(default_counts(1), [1]);
        assert_eq!(default_counts(2), [1, 2]);
        assert_eq!(default_counts(6), [1, 2, 4, 6]);
        assert_eq!(default_counts(8), [1, 2, 4, 8]);
    }
}
