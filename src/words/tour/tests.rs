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
