//! `conpar run` results as a terminal table, Gantt pairs and scaling lines.
//! Pure functions of the document.

use super::gantt;
use super::text::{num, times};
use crate::escape::terminal;
use crate::findings::fits::{NoFit, StopsPaying, Unit};
use crate::results::run::{Row, WorkloadResult};
use crate::results::scale::Fit;
use crate::units::Nanos;
use crate::words::scaling::In;
use crate::words::{Pct, Secs, Spread};
use std::fmt::Write;

/// The table for one workload.
pub fn table(run: &WorkloadResult, description: &str) -> String {
    let mut o = String::new();
    let c = &run.calibration;
    let _ = writeln!(
        o,
        "{}{}",
        terminal(&run.workload),
        if description.is_empty() {
            String::new()
        } else {
            format!(" — {}", terminal(description))
        }
    );
    let _ = writeln!(
        o,
        "kernel {}: one tick = {} [{}–{}] (spread {}); serial baseline {}\n",
        c.kernel.name(),
        Nanos(c.tick_median_ns),
        Nanos(c.tick_min_ns),
        Nanos(c.tick_max_ns),
        Pct::new(c.spread()).places(1),
        Spread {
            median: run.serial_wall_s,
            lo: run.serial.as_ref().map_or(run.serial_wall_s, |s| s.min),
            hi: run.serial.as_ref().map_or(run.serial_wall_s, |s| s.max),
        }
    );
    let _ = writeln!(
        o,
        "{:<10} {:>5}  {:>26}  {:>9}  {:>7}  {:>15}  {:>7}  {:>13}  {:>6}",
        "strategy",
        "cores",
        "measured wall [min–max]",
        "predicted",
        "error",
        "speedup m/p",
        "Amdahl",
        "util m/p",
        "ctxsw"
    );
    for r in &run.rows {
        row_lines(&mut o, r);
    }
    o.push_str(&scaling(run));
    o.push_str(&footnotes(run));
    o
}

/// One row of the table and its loss breakdown.
fn row_lines(o: &mut String, r: &Row) {
    let m = &r.measured;
    let wall = Spread::of(&m.wall_s).to_string();
    let _ = writeln!(
        o,
        "{:<10} {:>5}  {:>26}  {:>9}  {}  {:>15}  {:>6}×  {:>13}  {:>6}",
        r.strategy.to_string(),
        format!("{}{}", r.cores, if r.oversubscribed { "!" } else { "" }),
        wall,
        Secs(r.predicted.wall_s),
        super::paint::mark(
            &format!("{:>7}", error_cell(r)),
            super::paint::error_tone(r.error, r.error_significant)
        ),
        format!(
            "{} / {}",
            times(m.speedup, 2),
            times(r.predicted.speedup, 2)
        ),
        num(r.amdahl_ceiling, 1),
        format!(
            "{} / {}",
            Pct::new(m.utilization),
            Pct::new(r.predicted.utilization)
        ),
        m.context_switches
    );
    let l = m.loss.fractions();
    let _ = writeln!(
        o,
        "{:<10} {:>5}  ↳ useful {}, idle {}, blocked {}, overhead {} — {}",
        "",
        "",
        Pct::new(l[0]),
        Pct::new(l[1]),
        Pct::new(l[2]),
        Pct::new(l[3]),
        terminal(&crate::words::Maybe(r.why.as_ref()).to_string())
    );
}

/// What the marks mean, and the warnings about noise.
fn footnotes(run: &WorkloadResult) -> String {
    let mut o = String::new();
    if run.rows.iter().any(|r| r.oversubscribed) {
        let _ = writeln!(
            o,
            "\n! more cores than this process may use: oversubscribed"
        );
    }
    if run.rows.iter().any(|r| r.error_significant == Some(false)) {
        o.push_str(
            "\n~ error within the noise: the prediction, or the range its measured costs' own noise allows, meets the measured wall's 95% interval of the median (min–max with fewer than 6 runs), so the difference may be chance\n",
        );
    }
    for w in crate::words::warning_lines(&run.warnings) {
        let _ = writeln!(o, "warning: {}", terminal(&w));
    }
    o
}

/// The error column: `+12.3%`, or `~+1.2%` when the prediction lies within
/// the measured noise.
fn error_cell(r: &Row) -> String {
    let noise = if r.error_significant == Some(false) {
        "~"
    } else {
        ""
    };
    format!("{noise}{}", Pct::new(r.error).places(1).signed())
}

/// The real timeline of `r` drawn under the model's, on the same scale.
pub fn gantt_pair(r: &Row, width: usize) -> String {
    let (Some(real), Some(model)) = (&r.timeline, &r.model_timeline) else {
        return String::new();
    };
    let (real, model) = (&real.timeline(), &model.timeline());
    let wall = real.wall().max(model.wall()).max(1);
    let cell = wall.div_ceil(width.max(10) as u64);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} on {} — measured (1 cell = {}):",
        r.strategy,
        crate::words::Count(r.cores, "core"),
        Nanos(cell as f64)
    );
    o.push_str(&gantt::render_cells(
        real,
        cell,
        wall.div_ceil(cell) as usize,
    ));
    let _ = writeln!(
        o,
        "model ({} {} I/O, same scale):",
        r.predicted.model.discipline, r.predicted.model.io
    );
    o.push_str(&gantt::render_cells(
        model,
        cell,
        wall.div_ceil(cell) as usize,
    ));
    o
}

/// Per strategy with two or more core counts: Karp–Flatt, the fitted laws,
/// where adding cores stops paying, and projections marked as such; a note
/// that several strategies share is said once.
pub fn scaling(run: &WorkloadResult) -> String {
    let mut o = String::new();
    let mut said = Said::default();
    for sf in &run.scaling {
        let a = &sf.fit;
        if o.is_empty() {
            o.push_str("\nscaling (from the measured speedups");
            if let Some(n) = run.scaling.iter().find_map(|f| f.fit.resamples) {
                let _ = write!(
                    o,
                    "; [brackets]: 95% intervals from {n} bootstrap resamples of the runs, each pair's serial baseline held fixed"
                );
            }
            o.push_str("):\n");
        }
        let name = sf.strategy.to_string();
        if let (None, None, Some(why)) = (a.amdahl_serial_fraction, a.usl(), &a.no_amdahl) {
            let _ = writeln!(
                o,
                "  {name:<10} no law fitted: {}",
                said.once(&why.to_string())
            );
            continue;
        }
        let _ = writeln!(o, "  {name:<10} {}", strategy_line(a, &mut said));
        let notes = a.shape.iter().map(|n| format!("! {n}"));
        let notes = notes.chain(a.withheld.iter().map(|w| In(w, Unit::Cores).to_string()));
        let notes = notes.chain(
            a.no_intervals
                .iter()
                .map(|w| In(w, Unit::Cores).to_string()),
        );
        for note in notes.collect::<Vec<_>>() {
            if said.first(&note) {
                let _ = writeln!(o, "  {:<10} {}", "", terminal(&note));
            }
        }
    }
    o
}

/// One strategy's fitted laws, where cores stop paying and its projections.
fn strategy_line(a: &Fit, said: &mut Said) -> String {
    let kf: Vec<String> = a
        .points
        .iter()
        .filter(|p| p.measured)
        .filter_map(|p| p.karp_flatt.map(|e| format!("e({})={e:.3}", p.cores)))
        .collect();
    let proj: Vec<String> = a
        .points
        .iter()
        .filter(|p| !p.measured)
        .map(|p| {
            super::scale::projected(
                p.cores,
                Unit::Cores,
                p.speedup,
                p.interval.as_ref(),
                p.limit.is_some(),
            )
        })
        .collect();
    let none = |why: &Option<NoFit>, said: &mut Said| {
        why.as_ref().map_or("—".into(), |w| {
            format!("— ({})", said.once(&w.to_string()))
        })
    };
    format!(
        "Karp–Flatt {}; Amdahl s = {}; USL {}; stops paying {}; projected (not measured) {}",
        if kf.is_empty() {
            "—".into()
        } else {
            kf.join(" ")
        },
        a.amdahl_serial_fraction.map_or_else(
            || none(&a.no_amdahl, said),
            |v| format!("{v:.3}{}", super::scale::bracket(a.serial_fraction_ci95, 3))
        ),
        a.usl().map_or_else(
            || none(&a.no_usl, said),
            |u| format!(
                "σ = {:.3}{}, κ = {:.4}{}, R² {:.3}",
                u.sigma,
                super::scale::bracket(a.usl_ci95.map(|c| c.sigma), 3),
                u.kappa,
                super::scale::bracket(a.usl_ci95.map(|c| c.kappa), 4),
                u.r_squared
            )
        ),
        match a.stops_paying {
            StopsPaying::Beyond { .. } | StopsPaying::NoLaw =>
                In(&a.stops_paying, Unit::Cores).to_string(),
            _ => said.once(&In(&a.stops_paying, Unit::Cores).to_string()),
        },
        if proj.is_empty() {
            "—".into()
        } else {
            proj.join(", ")
        },
    )
}

/// The notes already said in one section, so that each is said once.
#[derive(Default)]
struct Said(Vec<String>);

impl Said {
    /// Whether `note` is said here for the first time (and is now said).
    fn first(&mut self, note: &str) -> bool {
        let new = !self.0.iter().any(|n| n == note);
        if new {
            self.0.push(note.to_string());
        }
        new
    }

    /// `note`, escaped, the first time; "as above" after.
    fn once(&mut self, note: &str) -> String {
        if self.first(note) {
            terminal(note).into_owned()
        } else {
            "as above".into()
        }
    }
}
