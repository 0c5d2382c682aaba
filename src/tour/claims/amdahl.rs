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
            drift: Drift::of(r),
            faster: faster(r),
        });
        measured.push(format!(
            "{} core{}: {} (law {law:.2}×)",
            r.cores,
            if r.cores == 1 { "" } else { "s" },
            band.show("×"),
        ));
    }
    let top = run.rows.last().map_or(1, |r| r.cores);
    let projected: Vec<String> = [4usize, 8, 16, 64]
        .into_iter()
        .filter(|&p| p > top)
        .map(|p| format!("{p}: {:.2}×", amdahl(s, p as f64)))
        .collect();
    let mut res = result(Outcome {
        name: c,
        says: "If 10% of the work must run alone, speedup follows Amdahl's law — 1.82× on 2 cores, 4.71× on 8 — and no number of cores makes the whole more than 10× faster.",
        predicted: (
            format!(
                "S(P) = 1/(0.1 + 0.9/P): 1.82× at 2, 4.71× at 8, ceiling 10×{}",
                if projected.is_empty() {
                    String::new()
                } else {
                    format!("; projected (not measured here) {}", projected.join(", "))
                }
            ),
            format!("{:.2}× at {top} cores, never 10×", amdahl(s, top as f64)),
        ),
        measured: (
            measured.join(", "),
            format!(
                "{:.2}× at {top} cores",
                run.rows.last().map_or(0.0, |r| r.measured.speedup)
            ),
        ),
        judged: verdicts::amdahl_curve(&points, 1.0 / s),
        model: worst_model(run),
        command: "conpar run amdahl-10 -s rayon --cores all; conpar model amdahl-10 -c 1,2,4,8,16,64",
        figures: Figures::Amdahl {
            serial_fraction: s,
            measured: run
                .rows
                .iter()
                .map(|r| AmdahlPoint {
                    cores: r.cores,
                    speedup: r.measured.speedup,
                    wall_s: r.measured.wall_s.clone(),
                    tick_drift: r.tick_drift,
                })
                .collect(),
        },
    });
    with_noise(&mut res, run);
    Ok(res)
}

/// The speedup on 8 cores: measured, or projected from the widest
/// measurement through Karp–Flatt's serial fraction and Amdahl's law.
fn eight_from(w: &Workload, top: usize, m: Band) -> (Band, String) {
    if top >= 8 {
        return (m, format!("measured on 8 cores: {}", m.show("×")));
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
    let band = Band {
        lo: lo.min(most),
        mid: mid.min(most),
        hi: hi.min(most),
    };
    (
        band,
        format!(
            "projected, not measured (this host allows {top} cores): Karp–Flatt e = {e:.3} from {} on {top} cores gives {} on 8{}",
            m.show("×"),
            band.show("×"),
            if hi > most {
                format!(", held at most at the model's schedule of the work, {most:.2}×")
            } else {
                String::new()
            }
        ),
    )
}

pub(super) fn eight_cores(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::EightCores.name();
    let w = shipped("amdahl-10");
    let model8 = model_speedup(&w, 8).map_err(|e| err(c, e))?;
    let run = amdahl_run(env, c)?;
    let r = run.rows.last().ok_or_else(|| err(c, "no measurement"))?;
    let top = r.cores;
    let measured = speedup_band(run, r);
    let (eight, how, projected) = if top >= 2 {
        let (b, how) = eight_from(&w, top, measured);
        (b, how, top < 8)
    } else {
        (
            Band::exact(model8),
            format!("projected by the model alone (this host allows 1 core): {model8:.2}×"),
            true,
        )
    };
    let judged = verdicts::well_below_eight(&verdicts::EightCores {
        top,
        measured,
        law_top: bound(run, r, amdahl(w.serial_fraction(), top as f64)),
        eight,
        projected,
        drift: Drift::of(r),
        faster: faster(r),
    });
    let mut res = result(Outcome {
        name: c,
        says: "Serial steps, uneven tasks and coordination keep real speedup on 8 cores well below 8×; 4–6× is a good result.",
        predicted: (
            format!(
                "the model schedules amdahl-10 on 8 cores at {model8:.2}× (Amdahl: {:.2}×)",
                amdahl(w.serial_fraction(), 8.0)
            ),
            format!("{model8:.2}× on 8 cores"),
        ),
        measured: (how, format!("{:.2}× on 8 cores", eight.mid)),
        judged,
        // A projection is not a measurement: the model is not judged
        // against one.
        model: if projected {
            ModelVerdict::default()
        } else {
            model_accuracy(eight, model8, Maybe(r.why.as_ref()).to_string())
        },
        command: "conpar model amdahl-10 -c 1,2,4,8; conpar run amdahl-10 --cores all",
        figures: Figures::EightCores {
            speedup_8: eight.mid,
            speedup_8_band: (eight.lo, eight.hi),
            model_speedup_8: model8,
        },
    });
    res.projected = projected;
    with_noise(&mut res, run);
    Ok(res)
}
