use super::*;
use crate::kinds::StrategyKind;

#[test]
fn stops_paying_has_one_wording_and_counts_its_noun() {
    let beyond = |at, by| StopsPaying::Beyond { at, by };
    // The live bug this replaced: "stops paying beyond 1 cores".
    assert_eq!(
        In(&beyond(1, Bound::Fit), Unit::Cores).to_string(),
        "beyond 1 core"
    );
    assert_eq!(
        In(&beyond(4, Bound::Fit), Unit::Threads).to_string(),
        "beyond 4 threads"
    );
    assert!(
        In(&beyond(2, Bound::Work), Unit::Cores)
            .to_string()
            .starts_with("beyond 2 cores (what the work allows")
    );
}

/// Every finding of the fitted laws in words, one a line.
fn every() -> Vec<String> {
    let c = Unit::Cores;
    let sp = [
        StopsPaying::Beyond {
            at: 8,
            by: Bound::Peak,
        },
        StopsPaying::NotWithin { searched: 65536 },
        StopsPaying::NotAmdahlShaped,
        StopsPaying::NoisyTick { spread: 0.3 },
        StopsPaying::NoLaw,
        StopsPaying::NotRecorded,
    ];
    let withheld = [
        Withheld::Impossible,
        Withheld::NoisyTick { spread: 0.12 },
        Withheld::TooNoisy {
            counts: vec![8],
            all: false,
            widest: 4,
        },
        Withheld::TooNoisy {
            counts: vec![8, 16],
            all: true,
            widest: 4,
        },
    ];
    let nofit = [
        NoFit::OneThread {
            strategy: StrategyKind::Interleave,
        },
        NoFit::MostlyWaiting {
            io_ticks: 40,
            work_ticks: 8,
        },
        NoFit::NoCpuWork,
        NoFit::BadSpeedup { speedup: None },
        NoFit::NoCurve,
    ];
    let too_few = NoFit::TooFewCounts {
        law: Law::Usl,
        need: 3,
        got: 2,
    };
    let shape = NotAmdahl {
        off: OffShape::KappaNegative { kappa: -0.012 },
        cause: ShapeCause::BendsUp,
    };
    let mut v: Vec<String> = sp.iter().map(|s| In(s, c).to_string()).collect();
    v.extend(withheld.iter().map(|w| In(w, c).to_string()));
    v.extend(nofit.iter().map(ToString::to_string));
    v.push(too_few.to_string());
    v.push(format!("{too_few:#}"));
    v.push(shape.to_string());
    v.push(In(&NoIntervals::NoSpread { at: 1, runs: 0 }, Unit::Threads).to_string());
    v.push(
        Verdict::Ceiling {
            s: 0.1,
            ci95: Some((0.08, 0.12)),
            ceiling: 10.0,
            stops_paying: StopsPaying::Beyond {
                at: 4,
                by: Bound::Fit,
            },
        }
        .to_string(),
    );
    v.push(
        ReadNote::LevelsLeftOut { levels: 1 }.to_string()
            + "; "
            + &Baseline::FittedLambda { lambda: 995.6486 }.to_string(),
    );
    v
}

#[test]
fn fitted_laws_findings_in_words() {
    insta::assert_snapshot!(every().join("\n"));
}
