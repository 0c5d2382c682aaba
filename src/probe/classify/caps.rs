//! Whether the measured X passed the ceiling of the archetype the server's
//! CPU pointed to: one core's (1/d) or C cores' (C/d), with d the server's
//! CPU per request at N = 1, never below X(1). A ceiling passed beyond the noise of both
//! figures (`crate::judge`) while the server used less than those cores
//! means that archetype's prediction is wrong for this server, so it is not
//! the finding. Pure: points in, the first such level out.

use super::Point;
use crate::judge::{Band, Beyond, beyond};
use crate::results::probe::{Archetype, Exceeded};

/// d's relative noise from run to run, besides its clock's resolution.
const CPU_NOISE: f64 = 0.1;
/// The coarsest CPU clock `/proc` keeps (a clock tick), s.
const TICK_S: f64 = 0.01;
/// X's relative noise besides counting (1/√requests).
const X_NOISE: f64 = 0.05;
/// Cores used below this share of the archetype's: the server was not at
/// the ceiling the archetype says stops it.
const UNDER: f64 = 0.8;

/// The first level past `a`'s ceiling beyond the noise while the server
/// used under its cores; None when none is, or the CPU is not known.
pub(super) fn exceeded(a: Archetype, pts: &[Point], c: usize) -> Option<Exceeded> {
    let k = match a {
        Archetype::OneCore => 1,
        Archetype::Parallel => c,
        Archetype::Serial => return None,
    };
    let first = pts.first()?;
    let d = first.server_cpu_per_request.filter(|d| *d > 0.0)?;
    let cpu_s = d * first.requests.max(1) as f64;
    // As the archetype's curve has it: never below X(1).
    let ceiling = (k as f64 / d).max(first.x);
    let bound = Band::relative(ceiling, CPU_NOISE + TICK_S / cpu_s);
    pts.iter().filter(|p| p.n > 1).find_map(|p| {
        let cores = p.server_cores?;
        let counted = 1.0 / (p.requests.max(1) as f64).sqrt();
        let x = Band::relative(p.x, X_NOISE + counted);
        (beyond(x, bound) == Beyond::Yes && cores < UNDER * k as f64).then_some(Exceeded {
            archetype: a,
            ceiling,
            n: p.n,
            throughput: p.x,
            server_cores: cores,
        })
    })
}
