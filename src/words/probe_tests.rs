//! A few snapshots of the probe's words; every other test asserts on the
//! typed values.

use crate::findings::probe::{
    Evidence, FailureKind, Finding, Limit, Partial, Reason, RequestFailure, Verdict, VerdictNote,
};

fn verdict(reason: Reason) -> Verdict {
    Verdict {
        finding: reason.finding(),
        reason,
        evidence: Evidence {
            x1: 50.0,
            service_time_s: 0.02,
            x_max: 400.0,
            top_n: 16,
            saturated: true,
            cores: 2,
            busiest_share: Some(0.9),
            cpu_share: Some(0.5),
            starved: false,
        },
        best_fit: None,
        effective_cores: Some(0.98),
        wanted_cores: Some(1.0),
        knee: Some(8),
        client_bound: false,
        levels_needed: None,
        exceeded: None,
        limit: None,
        syn_retry_latencies: 0,
        notes: Vec::new(),
    }
}

#[test]
fn a_verdict_in_words_says_each_part_once() {
    let mut v = verdict(Reason::OneThread);
    v.limit = Some(Limit::Waiting { cores: 0.3 });
    v.notes.push(VerdictNote::Little { n: 16, ratio: 0.5 });
    insta::assert_snapshot!(v.to_string(), @"one event loop: the server used 0.98 cores; its busiest thread did 90% of the work, and one thread can never use more than one core; X grows up to N ≈ 8, then stays flat and latency grows ∝ N. What stops X: waiting inside the server: X stopped growing while it used 0.30 cores (a pool, a lock, or something it calls). X(1) = 50 req/s (S = 20.0ms), at most 400 req/s (8.0× X(1)). Little's law: X·R/N was 0.50 at N = 16: fewer than N requests were in flight on average there (connecting, or the client), so that level understates the server.");
    assert_eq!(v.finding, Finding::OneCore);
}

#[test]
fn a_partial_probe_names_the_failure_as_it_came() {
    let p = Partial::LevelFailed {
        n: 4,
        failure: RequestFailure::new(FailureKind::Connect, "Connection refused (os error 111)"),
    };
    insta::assert_snapshot!(p.to_string(), @"level N = 4 stopped: every recent request failed (cannot connect: Connection refused (os error 111)); the levels before it are complete");
}

#[test]
fn a_failure_message_is_bounded_at_a_character_boundary() {
    let long = "é".repeat(crate::findings::probe::MAX_DETAIL);
    let f = RequestFailure::new(FailureKind::Broken, &long);
    assert!(f.detail.len() <= crate::findings::probe::MAX_DETAIL);
    assert_eq!(
        f.detail.chars().count(),
        crate::findings::probe::MAX_DETAIL / 2
    );
}

#[test]
fn what_the_server_sent_is_data_and_worded_here() {
    use crate::findings::probe::Answer;
    let tls = RequestFailure::new(FailureKind::Protocol, "invalid HTTP version parsed")
        .with_answer(Some(Answer::Tls));
    insta::assert_snapshot!(tls.to_string(), @"invalid HTTP version parsed; the server sent a TLS record: the server speaks TLS (https), not plain text");
    let raw = RequestFailure::new(FailureKind::Broken, "reset").with_answer(Some(Answer::Began {
        bytes: "\u{1b}[31mx".into(),
    }));
    // Kept as sent; escaped only where it is printed.
    assert!(raw.to_string().contains('\u{1b}'));
    assert!(!crate::escape::terminal(&raw.to_string()).contains('\u{1b}'));
}
