//! The search for the highest rate that holds the latency objectives:
//! doubling from the first rate until one does not hold (halving when the
//! first does not), then bisecting the bracket geometrically until its ends
//! are within the precision asked. Each rate is run up to `repeats` times
//! and holds when most of its runs hold (a tie is a miss), so one hiccup of
//! a busy host does not decide it; its runs stop once the outcome is
//! decided. The answer is an interval: the highest rate that held, and the
//! lowest above it that did not. Bounded by steps, by the highest rate allowed and by a
//! time budget the caller checks. Pure: the caller runs each step.

use crate::results::probe::open::SearchStop;

/// The search's bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// The first rate, req/s.
    pub start: f64,
    /// The highest rate tried, req/s.
    pub max_rate: f64,
    /// The lowest rate tried when the first does not hold, req/s.
    pub min_rate: f64,
    /// Runs of each rate.
    pub repeats: usize,
    /// Most steps (runs) in all.
    pub max_steps: usize,
    /// Stop when the bracket's upper end ÷ its lower is at most this.
    pub precision: f64,
}

/// What the search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The highest rate that held every repeat.
    pub held: Option<f64>,
    /// The lowest rate above it that did not.
    pub above: Option<f64>,
    /// Why it stopped.
    pub stop: SearchStop,
    /// The rates tried, in order.
    pub rates: Vec<f64>,
}

/// Runs the search; `run(rate, repeat)` runs one step and says whether it
/// held, `out_of_time()` whether the budget is spent.
pub fn search(
    plan: &Plan,
    run: &mut dyn FnMut(f64, usize) -> bool,
    out_of_time: &mut dyn FnMut() -> bool,
) -> Found {
    // Every rate run lies inside the bracket so far, so the highest held
    // is below the lowest missed.
    let (mut held, mut above): (Option<f64>, Option<f64>) = (None, None);
    let (mut rate, mut steps, mut rates) = (plan.start.min(plan.max_rate), 0, Vec::new());
    let stop = loop {
        if steps + plan.repeats > plan.max_steps {
            break SearchStop::Steps;
        }
        if out_of_time() {
            break SearchStop::Budget;
        }
        rates.push(rate);
        // A majority of the runs decides; a tie is a miss. The runs stop
        // as soon as the outcome is decided.
        let (mut holds, mut ok) = (0, false);
        for r in 0..plan.repeats {
            steps += 1;
            holds += usize::from(run(rate, r));
            if 2 * holds > plan.repeats {
                ok = true;
                break;
            }
            if 2 * (r + 1 - holds) >= plan.repeats {
                break;
            }
        }
        if ok {
            held = Some(held.map_or(rate, |h: f64| h.max(rate)));
        } else {
            above = Some(above.map_or(rate, |a: f64| a.min(rate)));
        }
        rate = match (held, above) {
            (Some(h), None) if h >= plan.max_rate => break SearchStop::RateCap,
            (Some(h), None) => (2.0 * h).min(plan.max_rate),
            (None, Some(a)) if a / 2.0 < plan.min_rate => break SearchStop::FirstMissed,
            (None, Some(a)) => a / 2.0,
            (Some(h), Some(a)) if a / h <= plan.precision => break SearchStop::Narrow,
            (Some(h), Some(a)) => (h * a).sqrt(),
            (None, None) => unreachable!("a rate was just run"),
        };
    };
    Found {
        held,
        above,
        stop,
        rates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            start: 10.0,
            max_rate: 100_000.0,
            min_rate: 0.5,
            repeats: 2,
            max_steps: 64,
            precision: 1.1,
        }
    }

    #[test]
    fn a_server_that_holds_up_to_50_is_bracketed_within_the_precision() {
        let mut runs = Vec::new();
        let f = search(
            &plan(),
            &mut |r, k| {
                runs.push((r, k));
                r <= 50.0
            },
            &mut || false,
        );
        assert_eq!(f.stop, SearchStop::Narrow);
        let (h, a) = (f.held.unwrap(), f.above.unwrap());
        assert!(h <= 50.0 && a > 50.0 && a / h <= 1.1, "{h} {a}");
        assert_eq!(&f.rates[..4], &[10.0, 20.0, 40.0, 80.0]);
        // Of two runs, one miss decides (a tie); a rate held ran twice.
        assert_eq!(runs[6..8], [(80.0, 0), ((40.0f64 * 80.0).sqrt(), 0)]);
        assert_eq!(runs.iter().filter(|r| r.0 == 40.0).count(), 2);
    }

    #[test]
    fn most_runs_decide_a_rate_so_one_hiccup_does_not() {
        let p = Plan {
            repeats: 3,
            ..plan()
        };
        let mut runs = 0;
        // Every rate's first run misses; below 50 the other two hold.
        let f = search(
            &p,
            &mut |r, k| {
                runs += 1;
                k > 0 && r <= 50.0
            },
            &mut || false,
        );
        let (h, a) = (f.held.unwrap(), f.above.unwrap());
        assert!(h <= 50.0 && a > 50.0 && a / h <= 1.1, "{h} {a}");
        // A rate held ran 3 times; one missed stopped after its second miss.
        assert!(runs <= 3 * f.rates.len());
        let mut twice = 0;
        let f = search(
            &p,
            &mut |r, _| {
                twice += usize::from(r == 80.0);
                r < 50.0
            },
            &mut || false,
        );
        assert_eq!(twice, 2);
        assert!(f.held.unwrap() < 50.0);
    }

    #[test]
    fn the_search_is_bounded_by_rate_steps_and_time() {
        let p = Plan {
            max_rate: 35.0,
            ..plan()
        };
        let f = search(&p, &mut |_, _| true, &mut || false);
        assert_eq!(
            (f.stop, f.held, f.above),
            (SearchStop::RateCap, Some(35.0), None)
        );
        assert_eq!(f.rates, [10.0, 20.0, 35.0]);
        let p = Plan {
            max_steps: 5,
            ..plan()
        };
        let f = search(&p, &mut |_, _| true, &mut || false);
        assert_eq!((f.stop, f.rates.len()), (SearchStop::Steps, 2));
        let mut calls = 0;
        let f = search(&plan(), &mut |_, _| true, &mut || {
            calls += 1;
            calls > 3
        });
        assert_eq!((f.stop, f.held), (SearchStop::Budget, Some(40.0)));
    }

    #[test]
    fn a_first_rate_too_high_halves_and_one_never_held_says_so() {
        let f = search(&plan(), &mut |r, _| r <= 3.0, &mut || false);
        assert_eq!(&f.rates[..3], &[10.0, 5.0, 2.5]);
        assert!(f.held.unwrap() <= 3.0 && f.above.unwrap() > 3.0);
        let f = search(&plan(), &mut |_, _| false, &mut || false);
        assert_eq!((f.stop, f.held), (SearchStop::FirstMissed, None));
        assert_eq!(f.rates, [10.0, 5.0, 2.5, 1.25, 0.625]);
    }
}
