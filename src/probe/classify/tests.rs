//! The classifier against synthetic servers of each archetype, and the
//! cases a busy host or a busy client make ambiguous.

use super::*;
use crate::results::probe::{CpuUse, Finding, Limit, Reason, Verdict, VerdictNote};

const NS: [usize; 5] = [1, 2, 4, 8, 16];

/// Levels of a server whose X(N) = min(N·x1, ceiling) and whose CPU is
/// `d` per request.
fn server(x1: f64, ceiling: f64, d: Option<f64>) -> Vec<Point> {
    NS.iter()
        .map(|&n| {
            let x = (n as f64 * x1).min(ceiling);
            Point {
                n,
                requests: 10_000,
                x,
                r: n as f64 / x,
                server_cores: d.map(|d| x * d),
                server_waiting: d.map(|_| 0.0),
                server_cpu_per_request: d,
                busiest_share: d.map(|_| 0.5),
                host_idle: None,
                client_busy: false,
                overflows: Some(0),
                accept_queue: Some(0),
                syn_like: 0,
            }
        })
        .collect()
}

fn verdict(pts: &[Point], c: usize) -> Verdict {
    analyze(pts, c).unwrap().verdict
}

#[test]
fn a_blocking_server_is_serial() {
    // 20 ms sleeps one at a time, 0.2 ms of CPU each.
    let pts = server(50.0, 50.0, Some(0.0002));
    let a = analyze(&pts, 2).unwrap();
    assert_eq!(a.verdict.finding, Finding::Serial, "{:?}", a.verdict);
    assert_eq!(a.verdict.best_fit, Some(Archetype::Serial));
    assert_eq!(a.verdict.knee, Some(1));
    let serial = &a.archetypes[0];
    assert!(serial.residual.unwrap() < 1e-9);
    // Little's law: latency N/X = N·S.
    assert!((serial.latency_s[4].unwrap() - 16.0 / 50.0).abs() < 1e-9);
}

#[test]
fn a_cpu_bound_server_on_one_core_is_one_core_even_when_flat() {
    // 10 ms of CPU per request under a GIL: flat like serial, but busy.
    let pts = server(100.0, 100.0, Some(0.0099));
    let v = verdict(&pts, 2);
    assert_eq!(v.finding, Finding::OneCore, "{:?}", v);
    assert!((v.effective_cores.unwrap() - 0.99).abs() < 0.01);
}

#[test]
fn an_event_loop_grows_to_one_core_then_stays() {
    // S = 100 µs, 25 µs of CPU: the knee at N = 4, ceiling 40,000/s.
    let pts = server(10_000.0, 40_000.0, Some(0.000_025));
    let a = analyze(&pts, 2).unwrap();
    assert_eq!(a.verdict.finding, Finding::OneCore, "{:?}", a.verdict);
    assert_eq!(a.verdict.best_fit, Some(Archetype::OneCore));
    assert_eq!(a.verdict.knee, Some(4));
    assert!(a.usl_sigma.is_some());
}

#[test]
fn the_usl_is_the_nonlinear_fit_conpar_fit_uses() {
    // A curve the linear form and least squares on X itself disagree on.
    let mut pts = server(100.0, 1e9, Some(0.0001));
    for (p, x) in pts.iter_mut().zip([100.0, 190.0, 330.0, 420.0, 380.0]) {
        p.x = x;
    }
    let a = analyze(&pts, 2).unwrap();
    let xs: Vec<(f64, f64)> = pts.iter().map(|p| (p.n as f64, p.x)).collect();
    let nls = crate::model::fit_usl_nls(&xs, crate::model::Lambda::Fixed(100.0)).unwrap();
    let speedups: Vec<(f64, f64)> = xs.iter().map(|&(n, x)| (n, x / 100.0)).collect();
    let lin = crate::model::fit_usl(&speedups).unwrap();
    assert!((a.usl_sigma.unwrap() - nls.sigma).abs() < 1e-9);
    assert!((a.usl_kappa.unwrap() - nls.kappa).abs() < 1e-9);
    assert!(
        (lin.sigma - nls.sigma).abs() > 1e-4,
        "the two forms differ here"
    );
}

#[test]
fn a_parallel_server_reaches_its_cores() {
    // 25 ms of CPU per request, 2 cores.
    let pts = server(40.0, 80.0, Some(0.025));
    let a = analyze(&pts, 2).unwrap();
    assert_eq!(a.verdict.finding, Finding::Parallel, "{:?}", a.verdict);
    assert_eq!(a.verdict.best_fit, Some(Archetype::Parallel));
    assert!((a.verdict.effective_cores.unwrap() - 2.0).abs() < 0.01);
}

#[test]
fn overlapping_waits_are_concurrent_not_cpu_bound() {
    let pts = server(48.0, f64::INFINITY, Some(0.0005));
    let v = verdict(&pts, 2);
    assert_eq!(v.finding, Finding::Concurrent, "{:?}", v);
    assert_eq!(v.knee, None);
    assert_eq!(v.reason, Reason::WaitsOverlap);
}

#[test]
fn without_cpu_the_shape_still_speaks() {
    assert_eq!(
        verdict(&server(50.0, 50.0, None), 2).finding,
        Finding::Serial
    );
    let v = verdict(&server(48.0, f64::INFINITY, None), 2);
    assert_eq!(v.finding, Finding::Concurrent);
    assert_eq!(v.reason, Reason::GrowingNoCpu { beyond_cores: true });
    let v = verdict(&server(10_000.0, 40_000.0, None), 2);
    assert_eq!(v.finding, Finding::None);
    assert_eq!(v.reason, Reason::SaturatedNoCpu);
    let a = analyze(&server(50.0, 50.0, None), 2).unwrap();
    assert_eq!(a.archetypes[1].residual, None);
}

#[test]
fn a_cap_below_the_cores_is_no_archetype() {
    // A pool of 4 sleeping workers: X stops at 4·x1 with the CPU idle.
    let pts = server(50.0, 200.0, Some(0.0002));
    let v = verdict(&pts, 2);
    assert_eq!(v.finding, Finding::None, "{:?}", v);
    assert_eq!(v.reason, Reason::CappedOutside);
}

#[test]
fn a_busy_client_past_the_knee_is_said() {
    let mut pts = server(10_000.0, 40_000.0, Some(0.000_025));
    pts[4].client_busy = true;
    let v = verdict(&pts, 2);
    assert!(v.client_bound, "{v:?}");
    assert!(v.notes.contains(&VerdictNote::ClientBusy), "{v:?}");
}

#[test]
fn no_first_level_no_analysis() {
    assert!(analyze(&[], 2).is_none());
    let pts = server(50.0, 50.0, None);
    assert!(analyze(&pts[1..], 2).is_none());
}

#[test]
fn one_thread_doing_the_work_is_one_event_loop_even_below_a_core() {
    // Redis under a client that cannot push it to a full core: X stops at
    // 0.3 cores' worth, but one thread does all the work.
    let mut pts = server(37_000.0, 150_000.0, Some(0.000_007));
    for p in &mut pts {
        p.server_cores = Some((p.x * 0.000_002).min(0.3));
        p.busiest_share = Some(0.99);
        p.host_idle = Some(0.05);
    }
    let v = verdict(&pts, 2);
    assert_eq!(v.finding, Finding::OneCore, "{:?}", v);
    assert_eq!(v.reason, Reason::OneThread);
    assert!(
        v.notes
            .contains(&VerdictNote::HostFull { idle_cores: 0.05 }),
        "{v:?}"
    );
    // The same load spread over many threads says nothing about one core.
    for p in &mut pts {
        p.busiest_share = Some(0.2);
    }
    assert_eq!(verdict(&pts, 2).reason, Reason::Spread);
}

#[test]
fn a_full_host_cannot_tell_one_core_from_starved_workers() {
    // Two nginx workers compressing while another program holds one core
    // look like a GIL: about one core used, threads queueing for CPUs.
    let mut pts = server(11.0, 11.0, Some(0.086));
    for p in &mut pts {
        p.server_cores = Some(0.99);
        p.server_waiting = Some(0.9);
        p.busiest_share = Some(0.55);
        p.host_idle = Some(0.0);
    }
    let v = verdict(&pts, 2);
    assert_eq!(v.finding, Finding::None, "{:?}", v);
    assert_eq!(v.reason, Reason::HostFull { flat: true });
    assert!(v.evidence.starved, "{v:?}");
    assert!((v.wanted_cores.unwrap() - 1.89).abs() < 1e-9);
    // With a core to spare, one core used is one core.
    for p in &mut pts {
        p.host_idle = Some(0.9);
    }
    assert_eq!(verdict(&pts, 2).finding, Finding::OneCore);
    // One thread is one core, whatever the host.
    for p in &mut pts {
        p.host_idle = Some(0.0);
        p.busiest_share = Some(0.98);
    }
    assert_eq!(verdict(&pts, 2).finding, Finding::OneCore);
}

#[test]
fn a_starved_server_is_not_said_to_wait() {
    // nginx compressing while the host is full: X flat, 0.38 cores used,
    // 2 wanted. The CPUs it queued for, not a pool, kept X flat.
    let mut pts = server(3.0, 3.0, Some(0.17));
    for p in &mut pts {
        (p.server_cores, p.server_waiting) = (Some(0.38), Some(1.6));
        p.host_idle = Some(0.0);
    }
    let v = verdict(&pts, 2);
    assert_eq!(v.reason, Reason::FlatUnloaded, "{v:?}");
    assert_eq!(v.limit, None, "{v:?}");
    // With CPUs to spare, the same server waits.
    for p in &mut pts {
        (p.server_waiting, p.host_idle) = (Some(0.0), Some(1.5));
    }
    let v = verdict(&pts, 2);
    assert!(matches!(v.limit, Some(Limit::Waiting { .. })), "{v:?}");
}

#[test]
fn a_server_that_sleeps_one_at_a_time_is_serial_on_a_full_host_too() {
    let mut pts = server(50.0, 50.0, Some(0.0002));
    for p in &mut pts {
        p.host_idle = Some(0.0);
    }
    assert_eq!(verdict(&pts, 2).finding, Finding::Serial);
}

#[test]
fn clients_not_in_flight_break_littles_law_and_are_said() {
    let mut pts = server(48.0, f64::INFINITY, Some(0.0005));
    pts[4].r /= 2.0;
    let v = verdict(&pts, 2);
    assert!(
        v.notes.contains(&VerdictNote::Little { n: 16, ratio: 0.5 }),
        "{v:?}"
    );
    let kept = verdict(&server(48.0, f64::INFINITY, None), 2);
    assert!(
        !kept
            .notes
            .iter()
            .any(|n| matches!(n, VerdictNote::Little { .. })),
        "{kept:?}"
    );
}

#[test]
fn too_few_levels_cannot_tell() {
    let pts = server(50.0, 50.0, Some(0.0002));
    for k in 1..MIN_LEVELS {
        let v = verdict(&pts[..k], 2);
        assert_eq!(v.finding, Finding::CannotTell, "{:?}", v);
        assert_eq!(v.levels_needed, Some(MIN_LEVELS));
        let ns: Vec<usize> = pts[..k].iter().map(|p| p.n).collect();
        assert_eq!(
            v.reason,
            Reason::TooFewLevels {
                ns,
                needed: MIN_LEVELS
            }
        );
    }
    let v = verdict(&pts[..MIN_LEVELS], 2);
    assert_eq!(v.finding, Finding::Serial, "{:?}", v);
    assert_eq!(v.levels_needed, None);
}

#[test]
fn x_past_one_cores_ceiling_below_a_core_is_not_one_core() {
    // Threads waiting 20 ms with 2 ms of CPU each at N = 1 (a ceiling of
    // 500/s on one core); under load X reaches 720/s on 0.6 cores: the CPU
    // per request fell, so one core is not what limits it.
    let mut pts = server(45.0, 900.0, Some(0.002));
    for p in &mut pts {
        p.server_cores = Some(0.6_f64.min(p.x * 0.002));
        p.busiest_share = Some(0.3);
        p.host_idle = Some(1.0);
    }
    let v = verdict(&pts, 2);
    assert_ne!(v.finding, Finding::OneCore, "{:?}", v);
    assert_eq!(v.finding, Finding::Concurrent, "{:?}", v);
    let e = v.exceeded.expect("the ceiling passed");
    assert_eq!(
        (e.archetype, e.ceiling.round()),
        (Archetype::OneCore, 500.0)
    );
    assert_eq!(v.reason, Reason::PastCeiling);
    assert_eq!((e.n, e.throughput), (16, 720.0), "{e:?}");
    // Within the noise of the ceiling, one core stands.
    for p in &mut pts {
        p.x = p.x.min(520.0);
    }
    let v = verdict(&pts, 2);
    assert_eq!(v.finding, Finding::OneCore, "{:?}", v);
    assert!(v.exceeded.is_none());
}

#[test]
fn dropped_connections_where_x_stops_name_the_accept_backlog() {
    // A sleeping server behind a backlog of 1: X stops at 4·x1 while the
    // kernel drops connections and answers come after SYN retransmits.
    let mut pts = server(50.0, 200.0, Some(0.0002));
    for p in pts.iter_mut().filter(|p| p.n >= 8) {
        p.overflows = Some(40 * p.n as u64);
        p.accept_queue = Some(if p.n == 8 { 6 } else { 2 });
        p.syn_like = 3;
    }
    let v = verdict(&pts, 2);
    let want = Limit::Backlog {
        n: 16,
        overflows: 640,
        queue_max: Some(6),
    };
    assert_eq!(v.limit, Some(want), "{:?}", v);
    assert_eq!(v.finding, Finding::Concurrent, "{:?}", v);
    assert_eq!(v.reason, Reason::Backlog);
    assert_eq!(v.syn_retry_latencies, 6);
    assert!(
        v.notes
            .contains(&VerdictNote::SynRetransmits { answers: 6 }),
        "{v:?}"
    );
    // No drops: the same server idles, so it waits, and what caps it is
    // not known.
    let v = verdict(&server(50.0, 200.0, Some(0.0002)), 2);
    assert!(matches!(v.limit, Some(Limit::Waiting { .. })), "{v:?}");
    assert_eq!(v.finding, Finding::None, "{:?}", v);
    // A server that grows to the last level has no limit to name.
    let v = verdict(&server(50.0, 1e9, Some(0.0002)), 2);
    assert_eq!(v.limit, None);
}

#[test]
fn an_event_loop_at_its_core_is_limited_by_cpu() {
    let mut pts = server(10_000.0, 40_000.0, Some(0.000_025));
    for p in &mut pts {
        p.busiest_share = Some(0.99);
    }
    let v = verdict(&pts, 2);
    match v.limit {
        Some(Limit::Cpu { what, .. }) => assert_eq!(what, CpuUse::OneThread, "{v:?}"),
        other => panic!("{other:?}: {v:?}"),
    }
}

#[test]
fn slow_answers_without_overflows_are_not_called_syn_retransmits() {
    // A one-core server queueing 8 requests of 155 ms answers the last after
    // about 1.2 s: near 1 s, yet no SYN was dropped, the queue never full.
    let mut pts = server(50.0, 200.0, Some(0.0002));
    for p in pts.iter_mut().filter(|p| p.n >= 8) {
        p.syn_like = 5;
        p.overflows = Some(0);
    }
    let v = verdict(&pts, 2);
    let syn = |v: &Verdict| {
        v.notes
            .iter()
            .any(|n| matches!(n, VerdictNote::SynRetransmits { .. }))
    };
    assert!(!syn(&v), "{v:?}");
    for p in pts.iter_mut().filter(|p| p.n >= 8) {
        p.overflows = Some(3);
    }
    assert!(syn(&verdict(&pts, 2)));
}
