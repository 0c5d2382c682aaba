//! The words of every warning, and their grouping.

use super::*;
use crate::kinds::StrategyKind;

fn pair(cores: usize) -> Subject {
    Subject::Pair {
        strategy: StrategyKind::Threads,
        cores,
    }
}

/// One of every warning, with numbers chosen so each word is checked.
fn every() -> Vec<Warning> {
    let remedy = Remedy {
        runs: 10,
        tick: true,
    };
    vec![
        Warning::NoisyCalibration {
            spread: 0.2,
            lo_ns: 1.9e6,
            hi_ns: 2.3e6,
            quartiles: true,
            tick_ns: 2e6,
            outliers: 1,
            max_ns: 4.49e6,
            remedy,
        },
        Warning::FirstRunApart {
            what: Subject::SerialBaseline,
            apart: 0.3,
            remedy,
        },
        Warning::Outliers {
            what: pair(1),
            outliers: 2,
            runs: 7,
            remedy,
        },
        Warning::BudgetSpent {
            what: pair(2),
            runs: 4,
            ci95: false,
            width: 0.123,
        },
        Warning::TickDrift {
            what: pair(1),
            drift: -0.13,
            remedy,
        },
        Warning::TickDrift {
            what: pair(2),
            drift: 0.3,
            remedy,
        },
        Warning::BaselineDrift {
            what: pair(1),
            drift: 0.22,
            remedy,
        },
        Warning::BaselineDrift {
            what: pair(2),
            drift: 0.67,
            remedy,
        },
        Warning::BaselineDrift {
            what: Subject::Pair {
                strategy: StrategyKind::Rayon,
                cores: 2,
            },
            drift: -0.08,
            remedy: Remedy {
                runs: 20,
                tick: false,
            },
        },
        Warning::FasterThanPossible { what: pair(1) },
        Warning::FasterThanPossible { what: pair(2) },
        Warning::NoisyRuns {
            what: Subject::Threads { threads: 2 },
            lo_s: 0.5,
            hi_s: 0.62,
            median_s: 0.55,
            ci95: false,
            runs: 3,
        },
        Warning::CountLeftOut { threads: 1 },
        Warning::MeasuredAgain {
            claim: "amdahl".into(),
            first: 3,
            again: 6,
        },
        Warning::BusyHost {
            claim: "amdahl".into(),
            cpus: 0.8,
        },
    ]
}

#[test]
fn warnings_in_words() {
    insta::assert_snapshot!(lines(&every()).join("\n"));
}

#[test]
fn one_explanation_for_several_subjects() {
    let w = every();
    let said = lines(&w);
    // Two tick drifts, two baselines slowed alike and two runs faster than
    // possible share their words; a baseline that ran fast has its own.
    assert_eq!(said.len(), w.len() - 3, "{said:#?}");
    let drift = said.iter().filter(|l| l.contains("reference tick")).count();
    assert_eq!(drift, 1, "{said:#?}");
    let slowed = said
        .iter()
        .filter(|l| l.contains("something else slowed it"))
        .map(|l| l.matches("something else slowed it").count())
        .collect::<Vec<_>>();
    assert_eq!(slowed, [1], "{said:#?}");
    assert!(said.iter().any(|l| l.starts_with(
        "threads on 1 core and threads on 2 cores finished faster than the work allows"
    )));
}

#[test]
fn findings_serialise_as_tagged_numbers() {
    let v = serde_json::to_value(Warning::TickDrift {
        what: pair(2),
        drift: 0.3,
        remedy: Remedy {
            runs: 10,
            tick: false,
        },
    })
    .unwrap();
    assert_eq!(
        v,
        serde_json::json!({"kind": "tick-drift", "what": {"of": "pair",
            "strategy": "threads", "cores": 2}, "drift": 0.3,
            "remedy": {"runs": 10, "tick": false}})
    );
    let back: Warning = serde_json::from_value(v).unwrap();
    assert!(matches!(back, Warning::TickDrift { drift, .. } if drift == 0.3));
}
