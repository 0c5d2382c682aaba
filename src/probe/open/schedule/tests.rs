//! The schedule and the correction against a fake clock, exactly.

use super::*;

const MS: u64 = 1_000_000;

#[test]
fn requests_are_due_at_whole_periods_from_the_offset() {
    let s = Schedule {
        rate: 3.0,
        offset_ns: 500,
    };
    assert_eq!(s.due(0), 500);
    assert_eq!(s.due(1), 333_333_833);
    assert_eq!(s.due(2), 666_667_167);
    assert_eq!(s.due(3), 1_000_000_500);
    assert_eq!(s.due_by(499), 0);
    assert_eq!(s.due_by(500), 1);
    assert_eq!(s.due_by(1_000_000_499), 3);
    assert_eq!(s.due_by(1_000_000_500), 4);
    let k = Schedule {
        rate: 2000.0,
        offset_ns: 0,
    };
    assert_eq!(k.due(7), 3_500_000);
    assert_eq!(k.due_by(1_000_000_000), 2001);
}

/// A serial server behind `conns` connections, on a fake clock: each
/// request is sent when due and a connection is free, served in turn for
/// `service(i)`. The sends and their answers' times.
fn simulate(s: Schedule, n: u64, conns: usize, service: impl Fn(u64) -> u64) -> Vec<(Send, u64)> {
    let mut free_at = vec![0u64; conns];
    let (mut server_free, mut last_sent) = (0u64, 0u64);
    (0..n)
        .map(|i| {
            let intended = s.due(i);
            let ready = intended.max(last_sent);
            let (c, &at) = free_at.iter().enumerate().min_by_key(|&(_, t)| *t).unwrap();
            let sent = ready.max(at);
            last_sent = sent;
            let done = sent.max(server_free) + service(i);
            server_free = done;
            free_at[c] = done;
            let send = Send {
                intended,
                ready,
                woke: ready,
                sent,
            };
            (send, done)
        })
        .collect()
}

#[test]
fn a_stall_is_charged_to_every_request_due_during_it() {
    // 100 requests a second, 1 ms each, the eleventh stalls 200 ms; one
    // connection, as a closed loop of one client would have.
    let s = Schedule {
        rate: 100.0,
        offset_ns: 0,
    };
    let runs = simulate(s, 100, 1, |i| if i == 10 { 200 * MS } else { MS });
    let (send, done) = runs[11];
    assert_eq!(send.sent, 300 * MS);
    assert_eq!(send.latencies(done), (191 * MS, MS));
    assert_eq!(send.lateness(), Lateness::Pool);
    // Request 12 got its connection at once, but only after the dispatcher
    // had waited for request 11's: late for want of a connection too.
    let (twelve, _) = runs[12];
    assert_eq!((twelve.ready, twelve.sent), (300 * MS, 301 * MS));
    assert_eq!(twelve.lateness(), Lateness::Pool);
    let corrected: Vec<u64> = runs.iter().map(|(s, d)| s.latencies(*d).0).collect();
    let uncorrected: Vec<u64> = runs.iter().map(|(s, d)| s.latencies(*d).1).collect();
    // Uncorrected, only the stalled request is slow: what a closed loop sees.
    assert_eq!(uncorrected.iter().filter(|&&l| l > MS).count(), 1);
    // Corrected, the 21 requests due during the stall or queued in its wake
    // waited for it too: request k (11 to 31) is answered at 290 + k ms.
    assert_eq!(corrected.iter().filter(|&&l| l > 10 * MS).count(), 22);
    assert_eq!(corrected[29], 29 * MS);
    assert_eq!(corrected[31], 11 * MS);
    assert_eq!(corrected[32], 2 * MS);
}

#[test]
fn enough_connections_keep_the_schedule_and_the_two_latencies_agree() {
    let s = Schedule {
        rate: 100.0,
        offset_ns: 0,
    };
    let runs = simulate(s, 100, 4, |_| 3 * MS);
    for (send, done) in runs {
        assert_eq!(send.lateness(), Lateness::OnTime);
        assert_eq!(send.latencies(done), (3 * MS, 3 * MS));
    }
}

#[test]
fn a_late_client_with_a_free_connection_is_behind() {
    let late = Send {
        intended: 10 * MS,
        ready: 10 * MS,
        woke: 15 * MS,
        sent: 15 * MS,
    };
    assert_eq!(late.lateness(), Lateness::Client);
    assert_eq!(late.lag(), 5 * MS);
    let tick = Send {
        intended: 10 * MS,
        ready: 10 * MS,
        woke: 11 * MS,
        sent: 12 * MS,
    };
    assert_eq!(tick.lateness(), Lateness::OnTime);
    let waited = Send {
        intended: 10 * MS,
        ready: 10 * MS,
        woke: 11 * MS,
        sent: 40 * MS,
    };
    assert_eq!(waited.lateness(), Lateness::Pool);
    assert_eq!(waited.censored(1_000 * MS), (1_030 * MS, 1_000 * MS));
    // Free at 40 ms (the send before left then), awake at 80: 30 ms of
    // the lag were the connections', 40 the client's own.
    let slept = Send {
        intended: 10 * MS,
        ready: 40 * MS,
        woke: 80 * MS,
        sent: 80 * MS,
    };
    assert_eq!(slept.lateness(), Lateness::Client);
}
