//! A few snapshots of the tour's words, from typed values.

use super::*;
use crate::findings::tour::{Reason, Undecided};

fn claim(name: ClaimKind, v: ClaimVerdict, reason: Reason) -> ClaimResult {
    let mut c = ClaimResult::failed(name, "");
    c.claim_verdict = Some(v);
    c.verdict = v.verdict();
    c.reason = reason;
    c
}

#[test]
fn the_summary_counts_projections_from_the_typed_values() {
    let too_few = Reason::Undecided(Undecided::NotEnoughCpus { needs: 7, has: 2 });
    let mut eight = claim(
        ClaimKind::EightCores,
        ClaimVerdict::NotMeasured,
        Reason::Unknown,
    );
    eight.projected = true;
    let results = [
        claim(
            ClaimKind::Race,
            ClaimVerdict::Holds,
            Reason::Lost { updates: 5 },
        ),
        claim(ClaimKind::SpanLimits, ClaimVerdict::NotMeasured, too_few),
        eight,
    ];
    assert_eq!(
        tally(&results, 1.0),
        "1 of 1 measured claims hold on this host (2 not measured here, 1 of them projected); the tour took 1.0 s."
    );
}

#[test]
fn reasons_in_words() {
    let c = claim(
        ClaimKind::SpanLimits,
        ClaimVerdict::NotMeasured,
        Reason::Undecided(Undecided::NotEnoughCpus { needs: 7, has: 2 }),
    );
    assert_eq!(
        reason(&c),
        "this host allows 2 CPUs; the claim needs 7",
        "no figures: the generic words"
    );
    let figure = Interval {
        lo: 1.5,
        mid: 1.6,
        hi: 1.7,
    };
    let c = claim(
        ClaimKind::ParallelMax,
        ClaimVerdict::DoesNotHold,
        Reason::FarBelow {
            figure,
            target: 2.0,
            tolerance: 0.1,
            why: None,
        },
    );
    assert_eq!(
        reason(&c),
        "1.60× [1.50–1.70] is more than 10% below the claim's 2.00×"
    );
    let bound = ThreadBound {
        bounded_by: Some(ThreadLimit::Nproc),
        limits: vec![(ThreadLimit::Nproc, 900), (ThreadLimit::Memory, 5000)],
    };
    assert_eq!(
        bound.to_string(),
        "bounded by RLIMIT_NPROC (half of it) (RLIMIT_NPROC (half of it) allows 900, memory (a quarter of MemAvailable) allows 5000)"
    );
}

#[test]
fn every_verdict_has_its_word() {
    let words: Vec<String> = [
        ClaimVerdict::Holds,
        ClaimVerdict::DoesNotHold,
        ClaimVerdict::CannotTell,
        ClaimVerdict::Suspect,
        ClaimVerdict::Error,
        ClaimVerdict::NotMeasured,
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        words,
        [
            "holds",
            "does not hold",
            "cannot tell",
            "suspect",
            "error",
            "not measured here"
        ]
    );
}

#[test]
fn a_claim_is_told_from_its_figures() {
    let wall = crate::stats::Summary::of(&[0.060, 0.062, 0.064]).unwrap();
    let mut c = claim(ClaimKind::ParallelMax, ClaimVerdict::Holds, Reason::Unknown);
    c.figures = Some(Figures::ParallelMax {
        cores: 2,
        speedup: 1.95,
        predicted_speedup: 2.0,
        wall_s: wall,
        tick_drift: None,
        model_wall_ticks: Some(3),
        serial_s: 0.121,
        strategy: Some(crate::kinds::StrategyKind::Rayon),
    });
    let t = told(&c);
    assert_eq!(t.predicted, "wall 3 ticks = the max, speedup 2.00×");
    assert_eq!(
        t.measured,
        "rayon on 2 cores: 62.0ms [60.0ms–64.0ms] against a serial 121ms: 1.95×"
    );
    assert_eq!(
        (t.predicted_short.as_str(), t.measured_short.as_str()),
        ("2.00× on 2 cores", "1.95× on 2 cores")
    );
    // A figure an upgraded document did not record reads as unknown.
    if let Some(Figures::ParallelMax {
        model_wall_ticks,
        serial_s,
        ..
    }) = &mut c.figures
    {
        *model_wall_ticks = None;
        *serial_s = f64::NAN;
    }
    let t = told(&c);
    assert!(
        t.predicted.starts_with("wall — ticks") && t.measured.contains("serial —"),
        "{t:?}"
    );
}
