//! The claims about the serial part: Amdahl's curve and its ceiling, and
//! what 8 cores give. Both read one sweep of amdahl-10 over 1 to P cores.

use super::*;

/// amdahl-10 measured on 1 to P cores (P at most 8), shared by two claims.
pub(super) fn amdahl_run<'a>(env: &'a Env, claim: &str) -> Result<&'a WorkloadRun, TourError> {
    if let Some(v) = env.amdahl.get() {
        return Ok(v);
    }
    let mut w = shipped("amdahl-10");
    w.tick_ns = 2_000_000;
    let cores: Vec<usize> = (1..=env.p(8)).collect();
    let run = measure(env, claim, &w, &[&env.opts.pool], &cores)?;
    if run.rows.is_empty() {
        return Err(err(claim, "no measurement"));
    }
    Ok(env.amdahl.get_or_init(|| run))
}

/// The model's list schedule of `w` on `p` cores: its speedup.
fn model_speedup(w: &Workload, p: usize) -> Result<f64, String> {
    let m = Machine {
        cores: p,
        discipline: Discipline::List,
        io: IoMode::Blocking,
    };
    analyze(w, &m)
        .map(|a| a.metrics.speedup)
        .map_err(|e| e.to_string())
}

/// The row whose prediction missed most, judged.
fn worst_model(run: &WorkloadRun) -> ModelVerdict {
    run.rows
        .iter()
        .map(row_model)
        .max_by(|a, b| {
            let e = |m: &ModelVerdict| (m.within == Some(false), m.error.unwrap_or(0.0).abs());
            let (x, y) = (e(a), e(b));
            x.0.cmp(&y.0).then(x.1.total_cmp(&y.1))
        })
        .unwrap_or_default()
}

pub(super) fn amdahl_claim(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::Amdahl.name();
    let w = shipped("amdahl-10");
    let s = w.serial_fraction();
    let run = amdahl_run(env, c)?;
    let mut points = Vec::new();
    let mut measured = Vec::new();
    for r in &run.rows {
        let law = amdahl(s, r.cores as f64);
        let band = speedup_band(run, r);
        points.push(verdicts::AmdahlPoint {
            cores: r.cores,
            speedup: band,
            law,
            bound_noise: bound_noise(run, r),
            model: model_speedup(&w, r.cores).map_err(|e| err(c, e))?,
            drift: drift_of(r),
            faster: faster(r),
        });
        measured.push(AmdahlPoint {
            cores: r.cores,
            speedup: r.measured.speedup,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
            band: Some(band.into()),
        });
    }
    let mut res = result(Outcome {
        claim: ClaimKind::Amdahl,
        judged: verdicts::amdahl_curve(&points, 1.0 / s),
        model: worst_model(run),
        figures: Figures::Amdahl {
            serial_fraction: s,
            measured,
        },
    });
    with_noise(&mut res, run);
    Ok(res)
}

/// How the speedup on 8 cores was found.
struct Eight {
    band: Band,
    /// Karp–Flatt's serial fraction, when projected from a measurement.
    karp_flatt: Option<f64>,
    /// The model's schedule of the work, when it held the projection down.
    held_at: Option<f64>,
}

/// The speedup on 8 cores: measured, or projected from the widest
/// measurement through Karp–Flatt's serial fraction and Amdahl's law.
fn eight_from(w: &Workload, top: usize, m: Band) -> Eight {
    if top >= 8 {
        return Eight {
            band: m,
            karp_flatt: None,
            held_at: None,
        };
    }
    // Karp–Flatt turns the measured speedup into an experimental serial
    // fraction; Amdahl's law with it projects 8 cores. A higher speedup
    // gives a higher projection, so the band's ends project to its ends.
    let project = |x: f64| {
        let e = karp_flatt(x, top as f64)
            .unwrap_or(w.serial_fraction())
            .max(0.0);
        (e, amdahl(e, 8.0))
    };
    let ((e, mid), (_, lo), (_, hi)) = (project(m.mid), project(m.lo), project(m.hi));
    // Never above what the work allows on 8 cores: the model's schedule of
    // it, itself under its work ÷ span.
    let most = crate::compare::limit(w, StrategyKind::Rayon, 8);
    Eight {
        band: Band {
            lo: lo.min(most),
            mid: mid.min(most),
            hi: hi.min(most),
        },
        karp_flatt: Some(e),
        held_at: (hi > most).then_some(most),
    }
}

pub(super) fn eight_cores(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::EightCores.name();
    let w = shipped("amdahl-10");
    let model8 = model_speedup(&w, 8).map_err(|e| err(c, e))?;
    let run = amdahl_run(env, c)?;
    let r = run.rows.last().ok_or_else(|| err(c, "no measurement"))?;
    let top = r.cores;
    let measured = speedup_band(run, r);
    let (found, projected) = if top >= 2 {
        (eight_from(&w, top, measured), top < 8)
    } else {
        let alone = Eight {
            band: Band::exact(model8),
            karp_flatt: None,
            held_at: None,
        };
        (alone, true)
    };
    let eight = found.band;
    let judged = verdicts::well_below_eight(&verdicts::EightCores {
        top,
        measured,
        law_top: bound(run, r, amdahl(w.serial_fraction(), top as f64)),
        eight,
        projected,
        drift: drift_of(r),
        faster: faster(r),
    });
    let mut res = result(Outcome {
        claim: ClaimKind::EightCores,
        judged,
        // A projection is not a measurement: the model is not judged
        // against one.
        model: if projected {
            ModelVerdict::default()
        } else {
            let why = ModelWhy::Row { why: r.why.clone() };
            model_accuracy(eight, model8, why)
        },
        figures: Figures::EightCores {
            speedup_8: eight.mid,
            speedup_8_band: (eight.lo, eight.hi),
            model_speedup_8: model8,
            serial_fraction: w.serial_fraction(),
            top_cores: Some(top),
            top_speedup: Some(measured.into()),
            karp_flatt: found.karp_flatt,
            held_at: found.held_at,
        },
    });
    res.projected = projected;
    with_noise(&mut res, run);
    Ok(res)
}
