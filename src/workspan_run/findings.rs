//! Why a measured speedup differs from the predicted one, as typed
//! findings. A shortfall is claimed only beyond the noise of the measurement
//! (the rule of [`crate::judge`]); each cause only with its own evidence.
//! Pure: the document's rows and profile in, findings out.

use crate::judge::{Band, Beyond, beyond, under};
use crate::results::workspan::{Finding, WorkspanRow};
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
    let parallelism = profile.work as f64 / profile.span.max(1) as f64;
    let burdened = profile.work as f64 / profile.burdened_span.max(1) as f64;
    let (mut little, mut burden, mut bandwidth, mut unexplained) = (None, None, None, None);
    for r in rows.iter().filter(|r| r.cores > 1) {
        let p = r.cores as f64;
        let m = band(r);
        let short = short(r);
        let predicted = r.predicted.host.unwrap_or(r.predicted.brent);
        let mut explained = outside.is_some();
        if short && parallelism < p {
            explained = true;
            little.get_or_insert(Finding::LittleParallelism {
                cores: r.cores,
                parallelism,
                measured: m.mid,
            });
        }
        if short && parallelism >= p && burdened < p {
            explained = true;
            burden.get_or_insert(Finding::Burden {
                cores: r.cores,
                burdened_parallelism: burdened,
                burden_ns: profile.burden,
                spawns: profile.spawns,
            });
        }
        if let (true, Some(c), Some(host)) = (short, &r.contention, r.predicted.host)
            && c.median >= MATERIAL_SLOWDOWN
            && beyond(Band::of(c), Band::exact(1.0)) == Beyond::Yes
        {
            explained = true;
            bandwidth = Some(Finding::MemoryBandwidth {
                cores: r.cores,
                slowdown: c.median,
                measured: m.mid,
                predicted: host,
            });
        }
        if !explained && under(m, Band::exact(predicted)) == Beyond::Yes {
            unexplained = Some(Finding::Unexplained {
                cores: r.cores,
                measured: m.mid,
                predicted,
            });
        }
    }
    if busy.is_some() {
        (bandwidth, unexplained) = (None, None);
    }
    out.extend(
        [little, burden, bandwidth, unexplained]
            .into_iter()
            .flatten(),
    );
    out
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
