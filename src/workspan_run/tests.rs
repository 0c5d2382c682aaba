//! Tests of the pure parts: findings from given rows.

use super::findings::findings;
use super::predict::predict;
use crate::repeat::Stopped;
use crate::results::workspan::{Basis, Finding, Speedup, WorkspanRow};
use crate::stats::Summary;
use crate::workspan::{Clock, Profile};

/// T1 = 1 s, T∞ = 1 ms (parallelism 1000), burdened T∞ 2 ms.
fn wide() -> Profile {
    Profile {
        clock: Clock::Real,
        work: 1_000_000_000,
        span: 1_000_000,
        burdened_span: 2_000_000,
        burden: 5_000,
        spawns: 200,
        regions: 1,
    }
}

/// A row at `cores` whose walls are `walls` s and whose one-core walls are
/// `base`; `slowdowns` the contention trials.
fn row(
    profile: &Profile,
    cores: usize,
    base: &[f64],
    walls: &[f64],
    slowdowns: &[f64],
) -> WorkspanRow {
    let b = Summary::of(base).unwrap();
    let w = Summary::of(walls).unwrap();
    let (blo, bhi) = b.interval();
    let (wlo, whi) = w.interval();
    let contention = Summary::of(slowdowns);
    let predicted = predict(profile, None, cores, contention.as_ref().map(|c| c.median));
    let mid = b.median / w.median;
    WorkspanRow {
        cores,
        wall_s: w,
        speedup: Speedup {
            lo: blo / whi,
            mid,
            hi: bhi / wlo,
        },
        error: mid / predicted.host.unwrap_or(predicted.brent) - 1.0,
        predicted,
        contention,
        stopped: Stopped::MaxRuns,
    }
}

const BASE: [f64; 5] = [1.0, 1.001, 0.999, 1.0, 1.002];

/// One core at `BASE`, and two cores with `walls` and `contention`.
fn pair(p: &Profile, walls: &[f64], contention: &[f64]) -> [WorkspanRow; 2] {
    [
        row(p, 1, &BASE, &BASE, &[]),
        row(p, 2, &BASE, walls, contention),
    ]
}

#[test]
fn a_speedup_at_p_finds_nothing() {
    let p = wide();
    let rows = pair(&p, &[0.5, 0.501, 0.499, 0.5, 0.5], &[1.0, 1.01, 0.99]);
    assert_eq!(findings(&p, &rows, true, None, Basis::Brent), []);
}

#[test]
fn too_little_parallelism_is_named_where_it_binds() {
    // Parallelism 1.5: two cores give at most 1.5.
    let p = Profile {
        span: 666_666_667,
        burdened_span: 666_666_667,
        ..wide()
    };
    let rows = pair(&p, &[0.67, 0.671, 0.669, 0.67, 0.67], &[1.0, 1.0, 1.0]);
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::LittleParallelism { cores: 2, parallelism, .. }] if (parallelism - 1.5).abs() < 1e-6),
        "{f:?}"
    );
}

#[test]
fn contention_explains_a_memory_bound_shortfall() {
    let p = wide();
    let rows = pair(&p, &[0.8, 0.801, 0.799, 0.8, 0.8], &[1.6, 1.61, 1.59]);
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::MemoryBandwidth { cores: 2, slowdown, basis: Basis::Brent, .. }] if slowdown == 1.6),
        "{f:?}"
    );
    // With a recorded graph, the host model's figure is the schedule's.
    let f = findings(&p, &rows, true, None, Basis::Schedule);
    assert!(
        matches!(
            f[..],
            [Finding::MemoryBandwidth {
                basis: Basis::Schedule,
                ..
            }]
        ),
        "{f:?}"
    );
}

#[test]
fn noise_is_no_shortfall() {
    // A median of 1.8 whose runs range down to 0.45 s and up to 0.7 s: the
    // band reaches 2, so no shortfall is claimed.
    let p = wide();
    let rows = pair(&p, &[0.45, 0.7, 0.555, 0.6, 0.5], &[1.0, 1.0, 1.0]);
    assert_eq!(findings(&p, &rows, true, None, Basis::Brent), []);
}

#[test]
fn a_serial_part_outside_and_an_unexplained_loss() {
    // One worker takes 1.5 s for 1 s of work: a serial part outside.
    let p = wide();
    let slow = [1.5, 1.501, 1.499, 1.5, 1.5];
    let rows = [
        row(&p, 1, &slow, &slow, &[]),
        row(
            &p,
            2,
            &slow,
            &[1.0, 1.001, 0.999, 1.0, 1.0],
            &[1.0, 1.0, 1.0],
        ),
    ];
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(matches!(f[..], [Finding::SerialOutside { .. }]), "{f:?}");
    // A wall beyond T1 that still speeds up twice on two cores shows no
    // part that does not speed up: nothing is claimed.
    let scaling = [
        row(&p, 1, &slow, &slow, &[]),
        row(
            &p,
            2,
            &slow,
            &[0.75, 0.751, 0.749, 0.75, 0.75],
            &[1.0, 1.0, 1.0],
        ),
    ];
    assert_eq!(findings(&p, &scaling, true, None, Basis::Brent), []);
    // A shipped program's timed run is its region: the same walls are an
    // unexplained loss there, not a part outside.
    let f = findings(&p, &rows, false, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::Unexplained { cores: 2, .. }]),
        "{f:?}"
    );
    // The same loss with the walls matching the work has no cause named.
    let rows = pair(&p, &[0.7, 0.701, 0.699, 0.7, 0.7], &[1.0, 1.0, 1.0]);
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::Unexplained { cores: 2, .. }]),
        "{f:?}"
    );
}

#[test]
fn the_burden_binds_where_the_span_does_not() {
    // Parallelism 1000, burdened parallelism 1.2.
    let p = Profile {
        burdened_span: 833_333_334,
        ..wide()
    };
    let rows = pair(&p, &[0.85, 0.851, 0.849, 0.85, 0.85], &[1.0, 1.0, 1.0]);
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(
        matches!(
            f[..],
            [Finding::Burden {
                cores: 2,
                spawns: 200,
                ..
            }]
        ),
        "{f:?}"
    );
}

#[test]
fn region_lines_add_up_and_bad_ones_are_named() {
    use super::Error;
    use super::binary::sum_regions;
    let line = |name: &str, p: &Profile| {
        serde_json::to_string(&crate::workspan::RegionLine {
            name: name.into(),
            profile: Some(*p),
            error: None,
        })
        .unwrap()
    };
    let p = wide();
    let two = format!("{}\n\n{}\n", line("a", &p), line("b", &p));
    let sum = sum_regions("f", two.as_bytes()).unwrap();
    assert_eq!(
        (sum.work, sum.span, sum.regions),
        (2 * p.work, 2 * p.span, 2)
    );
    let e = sum_regions("f", format!("{}\nnot json\n", line("a", &p)).as_bytes()).unwrap_err();
    assert!(matches!(e, Error::Record { line: 2, .. }), "{e}");
    let failed = r#"{"name":"r","error":"a strand panicked"}"#;
    let e = sum_regions("f", failed.as_bytes()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "region `r` of the program was not measured: a strand panicked"
    );
    let e = sum_regions("f", b"").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no work or span recorded: is it built against conpar::workspan?"
    );
}

#[test]
fn a_busy_host_is_named_and_blames_nothing_it_could_fake() {
    let p = wide();
    let rows = pair(&p, &[0.8, 0.801, 0.799, 0.8, 0.8], &[1.6, 1.61, 1.59]);
    let f = findings(&p, &rows, true, Some(1.2), Basis::Brent);
    assert_eq!(f, [Finding::BusyHost { cpus: 1.2 }]);
    // Nor a serial part outside, on a busy host.
    let slow = [1.5, 1.501, 1.499, 1.5, 1.5];
    let outside = [
        row(&p, 1, &slow, &slow, &[]),
        row(
            &p,
            2,
            &slow,
            &[1.0, 1.001, 0.999, 1.0, 1.0],
            &[1.0, 1.0, 1.0],
        ),
    ];
    let f = findings(&p, &outside, true, Some(1.2), Basis::Brent);
    assert_eq!(f, [Finding::BusyHost { cpus: 1.2 }]);
    // A quiet host: the bandwidth is named.
    let f = findings(&p, &rows, true, Some(0.1), Basis::Brent);
    assert!(matches!(f[..], [Finding::MemoryBandwidth { .. }]), "{f:?}");
}

#[test]
fn a_speedup_past_the_bound_is_named() {
    // Parallelism 1.5, yet 1.9× on two cores: T1 or T∞ was overstated.
    let p = Profile {
        span: 666_666_667,
        burdened_span: 666_666_667,
        ..wide()
    };
    let rows = pair(&p, &[0.526, 0.527, 0.525, 0.526, 0.526], &[1.0, 1.0, 1.0]);
    let f = findings(&p, &rows, false, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::AboveBound { cores: 2, bound, .. }] if (bound - 1.5).abs() < 1e-6),
        "{f:?}"
    );
}

#[test]
fn the_least_of_two_profiles_is_figure_by_figure_and_still_a_profile() {
    let a = wide();
    let b = Profile {
        work: 900_000_000,
        span: 3_000_000,
        burdened_span: 3_500_000,
        ..wide()
    };
    let l = super::least(&a, &b);
    assert_eq!(
        (l.work, l.span, l.burdened_span),
        (900_000_000, 1_000_000, 2_000_000)
    );
    assert!(l.span <= l.work && l.burdened_span >= l.span);
    assert_eq!((l.spawns, l.regions), (a.spawns, a.regions));
}

#[test]
fn contention_the_timed_runs_did_not_show_is_named() {
    // The copies ran 1.6× slower together (host model about 1.25×), but two
    // cores measured 1.9×, beyond the noise and below min(P, T1/T∞).
    let p = wide();
    let rows = pair(&p, &[0.526, 0.527, 0.525, 0.526, 0.526], &[1.6, 1.61, 1.59]);
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::ContentionNotSeen { cores: 2, slowdown, measured, predicted }]
            if slowdown == 1.6 && (measured - 1.901).abs() < 0.01 && predicted < 1.3),
        "{f:?}"
    );
    // The same speedup with no contention measured: below the prediction,
    // not above it.
    let rows = pair(&p, &[0.526, 0.527, 0.525, 0.526, 0.526], &[1.0, 1.01, 0.99]);
    let f = findings(&p, &rows, true, None, Basis::Brent);
    assert!(
        matches!(f[..], [Finding::Unexplained { cores: 2, .. }]),
        "{f:?}"
    );
}
