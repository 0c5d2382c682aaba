use super::*;
use crate::findings::tour::{Interval, Reason, Undecided};
use crate::model::amdahl;

fn i(lo: f64, mid: f64, hi: f64) -> Interval {
    Interval { lo, mid, hi }
}

fn b(lo: f64, mid: f64, hi: f64) -> Band {
    Band { lo, mid, hi }
}

fn speedup(serial: f64, wall: (f64, f64, f64)) -> Band {
    Band::ratio(Band::exact(serial), b(wall.0, wall.1, wall.2))
}

fn capped_at<'a>(m: Band, target: f64) -> Capped<'a> {
    Capped {
        m,
        target,
        bound: Band::exact(target),
        short: None,
        drift: Drift::default(),
        faster: None,
    }
}

// The three contradictions seen on a 16-CPU host, fed back in.

#[test]
fn thirty_two_threads_faster_than_the_pool_is_not_a_slowdown() {
    // 32 threads 133 ms against the pool's 193 ms [131–211].
    let j = many_threads_slower(&Switching {
        threads: Band::exact(0.133),
        pool: b(0.131, 0.193, 0.211),
        faster: None,
    });
    assert_ne!(j.verdict, Holds, "{j:?}");
    let figure = match &j.reason {
        Reason::Compared { figure, .. } => *figure,
        Reason::Undecided(Undecided::WithinNoise { figure, .. }) => *figure,
        r => panic!("{r:?}"),
    };
    assert!((figure.mid - (1.0 - 0.311)).abs() < 1e-3, "{j:?}");
}

#[test]
fn uneven_idle_above_its_bound_is_suspect() {
    // 5 one-tick tasks on 4 cores: 36.9 ms [36.4–37.9] against a 100.2 ms
    // serial baseline is 2.71×, where 2.50× is the most they allow.
    let m = speedup(2.7147 * 0.0369, (0.0364, 0.0369, 0.0379));
    let c = capped_at(m, 2.5);
    let j = capped(&c);
    assert_eq!(j.verdict, Suspect, "{j:?}");
    assert!(
        matches!(j.reason, Reason::BeyondBound { excess, drift, .. }
            if (excess - 0.086).abs() < 1e-3 && drift == Drift::default()),
        "{j:?}"
    );
    // With the drift measured, the reason carries it.
    let during = Drift {
        during: Some(-0.081),
        baseline: None,
    };
    let j = capped(&Capped { drift: during, ..c });
    assert!(
        matches!(j.reason, Reason::BeyondBound { drift, .. } if drift == during),
        "{j:?}"
    );
}

#[test]
fn amdahl_fifteen_per_cent_below_is_not_on_the_curve() {
    // (cores, measured speedup, wall min, median, max) from the 16-CPU tour.
    let rows = [
        (1, 0.99383, 0.204688, 0.205112, 0.205528),
        (2, 1.82819, 0.111671, 0.111996, 0.113034),
        (4, 2.92806, 0.069133, 0.069265, 0.069589),
        (7, 3.99033, 0.050068, 0.050414, 0.050788),
        (8, 4.00367, 0.044554, 0.049652, 0.050098),
    ];
    let points: Vec<AmdahlPoint> = rows
        .iter()
        .map(|&(p, s, lo, mid, hi)| AmdahlPoint {
            cores: p,
            speedup: speedup(s * mid, (lo, mid, hi)),
            law: amdahl(0.1, p as f64),
            bound_noise: 0.0,
            model: amdahl(0.1, p as f64),
            drift: Drift::default(),
            faster: None,
        })
        .collect();
    let j = amdahl_curve(&points, 10.0);
    assert_ne!(j.verdict, Holds, "{j:?}");
    assert!(
        matches!(&j.reason, Reason::Undecided(Undecided::StraddlesTheCurve { cores: 8, figure, .. })
            if (figure.mid - 4.0037).abs() < 1e-3),
        "{j:?}"
    );
    // Without the wide 8-core run, 4.00× is plainly off the curve.
    let mut tight = points;
    tight[4].speedup = b(3.97, 4.0, 4.03);
    let j = amdahl_curve(&tight, 10.0);
    assert_eq!(j.verdict, DoesNotHold, "{j:?}");
    let Reason::BelowTheCurve {
        cores, figure, law, ..
    } = j.reason
    else {
        panic!("{j:?}")
    };
    assert_eq!(cores, 8);
    assert!((1.0 - figure.mid / law - 0.15).abs() < 0.01, "{j:?}");
}

#[test]
fn one_core_never_decides_a_law() {
    let point = |cores, speedup| AmdahlPoint {
        cores,
        speedup,
        law: amdahl(0.1, cores as f64),
        bound_noise: 0.0,
        model: amdahl(0.1, cores as f64),
        drift: Drift::default(),
        faster: None,
    };
    // 1.03× on one core is beyond S(1) = 1, but S(1) = 1 for any serial
    // fraction: it says nothing of Amdahl's law.
    let alone = [point(1, b(1.025, 1.03, 1.035))];
    let j = amdahl_curve(&alone, 10.0);
    assert_eq!(j.verdict, NotMeasured);
    assert_eq!(
        j.reason,
        Reason::Undecided(Undecided::NotEnoughCpus { needs: 2, has: 1 })
    );
    let both = [
        point(1, b(1.025, 1.03, 1.035)),
        point(2, b(1.78, 1.8, 1.82)),
    ];
    let j = amdahl_curve(&both, 10.0);
    assert_eq!(j.verdict, Holds, "{j:?}");
}

// Each judgment both ways, and into "cannot tell".

#[test]
fn near_the_target_both_ways() {
    assert_eq!(capped(&capped_at(b(1.9, 1.95, 2.0), 2.0)).verdict, Holds);
    let j = capped(&capped_at(b(0.6, 0.66, 0.7), 2.0));
    assert_eq!(j.verdict, DoesNotHold);
    assert_eq!(
        j.reason,
        Reason::FarBelow {
            figure: i(0.6, 0.66, 0.7),
            target: 2.0,
            tolerance: TOLERANCE,
            why: None
        }
    );
    // A band that reaches the target is consistent with the claim.
    assert_eq!(capped(&capped_at(b(1.5, 1.8, 2.1), 2.0)).verdict, Holds);
    let j = capped(&capped_at(b(1.6, 1.75, 1.9), 2.0));
    assert_eq!(j.verdict, CannotTell, "{j:?}");
    assert!(
        matches!(j.reason, Reason::Undecided(Undecided::Straddles { floor, .. })
            if (floor - 1.8).abs() < 1e-9),
        "{j:?}"
    );
    // A row that beat the model's lower bound is suspect whatever the figure.
    let j = capped(&Capped {
        faster: Some(&crate::findings::Why::FasterThanPossible {
            under: 0.1,
            bound_s: 1.0,
            drift: -0.09,
            cause: crate::findings::Cause::SpedUp,
        }),
        ..capped_at(b(1.9, 1.95, 2.0), 2.0)
    });
    assert_eq!(j.verdict, Suspect);
    assert!(
        matches!(j.reason, Reason::FasterThanPossible { .. }),
        "{j:?}"
    );
}

#[test]
fn taking_turns_needs_the_order_and_the_sum() {
    let c = capped_at(b(0.97, 0.98, 0.99), 1.0);
    assert_eq!(taking_turns("A B A B", "A B A B", &c).verdict, Holds);
    let j = taking_turns("A A B B", "A B A B", &c);
    assert_eq!(j.verdict, DoesNotHold);
    assert_eq!(
        j.reason,
        Reason::OtherOrder {
            seen: "A A B B".into(),
            model: "A B A B".into()
        }
    );
    // The median above what one core can do, within the noise: on the
    // bound, so the claim holds, and the reason says so.
    let c = capped_at(b(0.99, 1.02, 1.04), 1.0);
    let j = taking_turns("A B", "A B", &c);
    assert_eq!(j.verdict, Holds, "{j:?}");
    assert!(
        matches!(j.reason, Reason::Near { noise: Some(n), .. } if n > 0.0),
        "{j:?}"
    );
    // Beyond it by more than the noise of both: suspect.
    let c = capped_at(b(1.045, 1.05, 1.055), 1.0);
    let j = taking_turns("A B", "A B", &c);
    assert_eq!(j.verdict, Suspect, "{j:?}");
    // One CPU cannot show two tasks at the same instant.
    assert_eq!(at_the_max(1, &c).verdict, NotMeasured);
}

#[test]
fn threads_slower_both_ways() {
    let s = |threads, pool| Switching {
        threads,
        pool,
        faster: None,
    };
    let j = many_threads_slower(&s(b(0.13, 0.135, 0.14), b(0.1, 0.101, 0.102)));
    assert_eq!(j.verdict, Holds, "{j:?}");
    assert!(
        matches!(j.reason, Reason::Compared { threshold, .. } if threshold == 1.0),
        "{j:?}"
    );
    assert_eq!(
        many_threads_slower(&s(b(0.1, 0.1, 0.1), b(0.3, 0.3, 0.3))).verdict,
        DoesNotHold
    );
    assert_eq!(
        many_threads_slower(&s(b(0.1, 0.104, 0.11), b(0.1, 0.101, 0.11))).verdict,
        CannotTell
    );
}

#[test]
fn eight_cores_both_ways() {
    let e = |measured, eight| EightCores {
        top: 8,
        measured,
        law_top: Band::exact(amdahl(0.1, 8.0)),
        eight,
        projected: false,
        drift: Drift {
            during: Some(0.0),
            baseline: Some(0.0),
        },
        faster: None,
    };
    let j = well_below_eight(&e(b(4.1, 4.2, 4.3), b(4.1, 4.2, 4.3)));
    assert_eq!(j.verdict, Holds, "{j:?}");
    assert_eq!(
        well_below_eight(&e(b(4.1, 4.2, 4.3), b(7.7, 7.8, 7.9))).verdict,
        DoesNotHold
    );
    assert_eq!(
        well_below_eight(&e(b(5.2, 5.3, 5.4), b(5.2, 5.3, 5.4))).verdict,
        Suspect
    );
    // On 2 cores, 8 is a projection: not measured here, whatever it says.
    let j = well_below_eight(&EightCores {
        top: 2,
        measured: b(1.7, 1.75, 1.8),
        law_top: Band::exact(amdahl(0.1, 2.0)),
        projected: true,
        ..e(b(1.7, 1.75, 1.8), b(3.6, 4.2, 4.7))
    });
    assert_eq!(j.verdict, NotMeasured, "{j:?}");
    assert_eq!(
        j.reason,
        Reason::Undecided(Undecided::Projected {
            needs: 8,
            has: 2,
            figure: i(3.6, 4.2, 4.7),
            would: Holds
        })
    );
}

#[test]
fn io_claims_both_ways() {
    let (k, l) = (20, 0.01);
    assert_eq!(
        event_loop_sooner(k, l, b(0.22, 0.23, 0.24), b(0.012, 0.013, 0.014)).verdict,
        Holds
    );
    assert_eq!(
        event_loop_sooner(k, l, b(0.22, 0.23, 0.24), b(0.2, 0.21, 0.22)).verdict,
        DoesNotHold
    );
    assert_eq!(
        event_loop_sooner(k, l, b(0.02, 0.03, 0.04), b(0.01, 0.011, 0.012)).verdict,
        Suspect
    );
    let cpu = 0.08;
    assert_eq!(
        loops_per_core(2, b(0.09, 0.091, 0.092), b(0.048, 0.05, 0.052), cpu).verdict,
        Holds
    );
    assert_eq!(
        loops_per_core(2, b(0.09, 0.091, 0.092), b(0.095, 0.1, 0.11), cpu).verdict,
        DoesNotHold
    );
    assert_eq!(
        loops_per_core(2, b(0.05, 0.05, 0.05), b(0.03, 0.03, 0.03), cpu).verdict,
        Suspect
    );
    assert_eq!(
        loops_per_core(2, b(0.09, 0.091, 0.1), b(0.085, 0.09, 0.095), cpu).verdict,
        CannotTell
    );
}

#[test]
fn sharing_claims_both_ways() {
    assert_eq!(
        lost_updates(2, 10, 0, 0).reason,
        Reason::Lost { updates: 10 }
    );
    assert_eq!(
        lost_updates(1, 0, 0, 0).reason,
        Reason::Undecided(Undecided::NoLossOnOneCpu)
    );
    assert_eq!(lost_updates(2, 10, 0, 0).verdict, Holds);
    assert_eq!(lost_updates(2, 0, 0, 0).verdict, DoesNotHold);
    assert_eq!(lost_updates(1, 0, 0, 0).verdict, CannotTell);
    assert_eq!(lost_updates(2, 10, 1, 0).verdict, Suspect);
    assert_eq!(deadlocked(true, 1, true).verdict, Holds);
    assert_eq!(deadlocked(false, 0, true).verdict, DoesNotHold);
}
