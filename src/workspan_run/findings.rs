//! Why a measured speedup differs from the predicted one, as typed
//! findings. A shortfall is claimed only beyond the noise of the measurement
//! (the rule of [`crate::judge`]); each cause only with its own evidence.
//! Pure: the document's rows and profile in, findings out.

use super::predict::reference;
use crate::judge::{Band, Beyond, beyond, under};
use crate::results::workspan::{Basis, Finding, WorkspanRow};
use crate::workspan::Profile;

/// A contention slowdown below this is not called a bandwidth limit, even
/// when beyond its noise: 5 % slower copies do not explain a shortfall.
const MATERIAL_SLOWDOWN: f64 = 1.05;
/// The one-worker wall must exceed T1 by this much as well as beyond the
/// noise before a serial part outside the regions is claimed.
const MATERIAL_OUTSIDE: f64 = 1.05;
/// Above this many CPUs kept busy by other programs, on average, the host
/// was not quiet enough to blame the memory bus or anything unnamed (the
/// tour's threshold for a suspect verdict).
pub const BUSY_HOST_CPUS: f64 = 0.25;

fn band(r: &WorkspanRow) -> Band {
    Band {
        lo: r.speedup.lo,
        mid: r.speedup.mid,
        hi: r.speedup.hi,
    }
}

/// The findings for `rows` (core counts in increasing order, the first 1)
/// measured against `profile`: each kind once, at the smallest P where a
/// limit of the work binds (too little parallelism, the burden), at the
/// largest where the host's bandwidth or an unexplained loss shows.
/// `regions` says whether the timed runs hold more than the measured
/// regions (a binary: its start, its input, its serial parts), so a serial
/// part outside them can be; a shipped program's timed run is its region.
///
/// With `others_cpus` above [`BUSY_HOST_CPUS`] (CPUs other programs kept
/// busy meanwhile), that comes first, and neither a bandwidth limit, a
/// serial part outside nor an unexplained loss is claimed: each would be
/// theirs as much as the program's. A serial part outside is claimed only
/// where some count falls short of P beyond the noise: a part that does not
/// speed up must show in the speedups.
pub fn findings(
    profile: &Profile,
    rows: &[WorkspanRow],
    regions: bool,
    others_cpus: Option<f64>,
    basis: Basis,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let busy = others_cpus.filter(|&c| c > BUSY_HOST_CPUS);
    if let Some(cpus) = busy {
        out.push(Finding::BusyHost { cpus });
    }
    let short = |r: &WorkspanRow| under(band(r), Band::exact(r.cores as f64)) == Beyond::Yes;
    let outside = if regions && busy.is_none() && rows.iter().any(|r| r.cores > 1 && short(r)) {
        serial_outside(profile, rows)
    } else {
        None
    };
    out.extend(outside);
    // Per row: too little parallelism, the burden, past the bound (kept at
    // the smallest P), the bandwidth, unexplained and contention not seen
    // (kept at the largest).
    let mut kept: [Option<Finding>; 6] = Default::default();
    for r in rows.iter().filter(|r| r.cores > 1) {
        let found = at_row(profile, r, short(r), outside.is_some(), basis);
        for (i, f) in found.into_iter().enumerate() {
            if f.is_some() && (i >= 3 || kept[i].is_none()) {
                kept[i] = f;
            }
        }
    }
    if busy.is_some() {
        (kept[3], kept[4], kept[5]) = (None, None, None);
    }
    let [little, burden, above, bandwidth, unexplained, unseen] = kept;
    out.extend(
        [above, little, burden, bandwidth, unexplained, unseen]
            .into_iter()
            .flatten(),
    );
    out
}

/// What row `r` shows: too little parallelism, the burden, a speedup past
/// min(P, T1/T∞), the bandwidth, an unexplained loss, contention that the
/// timed runs did not show (in that order).
fn at_row(
    profile: &Profile,
    r: &WorkspanRow,
    short: bool,
    outside: bool,
    basis: Basis,
) -> [Option<Finding>; 6] {
    let parallelism = profile.work as f64 / profile.span.max(1) as f64;
    let burdened = profile.work as f64 / profile.burdened_span.max(1) as f64;
    let (p, m, cores) = (r.cores as f64, band(r), r.cores);
    let upper = r.predicted.upper;
    let above = (beyond(m, Band::exact(upper)) == Beyond::Yes).then_some(Finding::AboveBound {
        cores,
        measured: m.mid,
        bound: upper,
    });
    // Past the bound, the span and the burden measured are not what held
    // the runs back: neither is named.
    let bound_holds = above.is_none();
    let little = (short && bound_holds && parallelism < p).then_some(Finding::LittleParallelism {
        cores,
        parallelism,
        measured: m.mid,
    });
    let burden =
        (short && bound_holds && parallelism >= p && burdened < p).then_some(Finding::Burden {
            cores,
            burdened_parallelism: burdened,
            burden_ns: profile.burden,
            spawns: profile.spawns,
        });
    let bandwidth = match (short, &r.contention, r.predicted.host) {
        (true, Some(c), Some(host))
            if c.median >= MATERIAL_SLOWDOWN
                && beyond(Band::of(c), Band::exact(1.0)) == Beyond::Yes
                && beyond(m, Band::exact(host)) != Beyond::Yes =>
        {
            Some(Finding::MemoryBandwidth {
                cores,
                slowdown: c.median,
                measured: m.mid,
                predicted: host,
                basis,
            })
        }
        _ => None,
    };
    let explained = outside || little.is_some() || burden.is_some() || bandwidth.is_some();
    let predicted = reference(&r.predicted);
    let basis = if r.predicted.host.is_none() && r.predicted.simulated.is_none() {
        Basis::Brent
    } else {
        basis
    };
    let unexplained = (!explained && under(m, Band::exact(predicted)) == Beyond::Yes).then_some(
        Finding::Unexplained {
            cores,
            measured: m.mid,
            predicted,
            basis,
        },
    );
    let unseen = match (&r.contention, r.predicted.host) {
        (Some(c), Some(host))
            if bound_holds
                && c.median >= MATERIAL_SLOWDOWN
                && beyond(m, Band::exact(host)) == Beyond::Yes =>
        {
            Some(Finding::ContentionNotSeen {
                cores,
                slowdown: c.median,
                measured: m.mid,
                predicted: host,
            })
        }
        _ => None,
    };
    [little, burden, above, bandwidth, unexplained, unseen]
}

/// The one-worker wall beyond T1 by more than its noise and materially.
fn serial_outside(profile: &Profile, rows: &[WorkspanRow]) -> Option<Finding> {
    let one = rows.first().filter(|r| r.cores == 1)?;
    let work_s = profile.work as f64 / 1e9;
    let wall = Band::of(&one.wall_s);
    (wall.mid > work_s * MATERIAL_OUTSIDE && beyond(wall, Band::exact(work_s)) == Beyond::Yes)
        .then_some(Finding::SerialOutside {
            wall_s: wall.mid,
            work_s,
        })
}
