//! What the report's `run` and `scale` sections share: the laws' curves, the
//! speedup series with measured points and hollow projections, and the table
//! of fitted laws with their 95 % bootstrap intervals and refused projections.

use crate::chart::Series;
use crate::findings::fits::{StopsPaying, Unit as Counted};
use crate::results::scale::{Fit, FitPoint};
use crate::table::{Cell, Column, Table, Value};
use crate::words::scaling::In;

/// Most points a law's curve is drawn with.
const CURVE_POINTS: usize = 200;

pub(super) fn amdahl(s: f64, p: f64) -> f64 {
    1.0 / (s + (1.0 - s) / p)
}

/// The S = P line: drawn for reference, never stretching the y axis.
pub(super) fn ideal(name: &str, top: usize) -> Series {
    Series {
        fit_y: false,
        ..line(name.into(), "#bbb", curve(top, |p| p))
    }
}

/// `f` sampled at up to [`CURVE_POINTS`] core counts from 1 to `top`.
pub(super) fn curve(top: usize, f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let step = top.div_ceil(CURVE_POINTS).max(1);
    let mut xs: Vec<usize> = (1..=top).step_by(step).collect();
    if xs.last() != Some(&top) {
        xs.push(top);
    }
    xs.into_iter().map(|p| (p as f64, f(p as f64))).collect()
}

pub(super) fn line(name: String, color: &str, points: Vec<(f64, f64)>) -> Series {
    Series {
        name,
        color: color.into(),
        points,
        range: None,
        hollow: vec![],
        dashed: true,
        markers: false,
        fit_y: true,
    }
}

/// Measured points (median, with the min–max as error bars) and the fit's
/// projections drawn hollow, with their 95 % interval as error bars; a
/// refused projection is not drawn.
pub(super) fn speedup_series(
    name: &str,
    color: &str,
    pts: &[(usize, f64, f64, f64)],
    fit: Option<&Fit>,
) -> Series {
    let mut points: Vec<(f64, f64)> = pts.iter().map(|p| (p.0 as f64, p.1)).collect();
    let mut range: Vec<(f64, f64)> = pts.iter().map(|p| (p.2, p.3)).collect();
    let mut hollow = vec![false; points.len()];
    let shown = |p: &&FitPoint| !p.measured && !p.interval.is_some_and(|i| i.refused);
    for p in fit.iter().flat_map(|f| &f.points).filter(shown) {
        points.push((p.cores as f64, p.speedup));
        range.push(p.interval.map_or((p.speedup, p.speedup), |i| (i.lo, i.hi)));
        hollow.push(true);
    }
    Series {
        name: name.into(),
        color: color.into(),
        points,
        range: Some(range),
        hollow,
        dashed: false,
        markers: true,
        fit_y: true,
    }
}

/// The fitted laws' table, empty.
pub(super) fn fit_table() -> Table {
    Table::new(
        "",
        [
            "series",
            "speedup by cores (measured)",
            "Karp–Flatt e",
            "Amdahl s (fit)",
            "USL σ, κ (fit)",
            "projected, not measured",
            "stops paying",
        ]
        .map(Column::people)
        .to_vec(),
    )
}

/// One row of the fitted laws' table, its counts in `unit`. Where cores stop
/// paying is in its own column, in its one wording; why a law was not fitted,
/// or where cores stop paying was not drawn, is said in full once per table
/// (`said`), "as above" after.
pub(super) fn fit_row(t: &mut Table, name: &str, fit: &Fit, unit: Counted, said: &mut Vec<String>) {
    let measured: Vec<String> = fit
        .points
        .iter()
        .filter(|p| p.measured)
        .map(|p| format!("{}: {}", p.cores, crate::words::times(p.speedup, 2)))
        .collect();
    let kf: Vec<String> = fit
        .points
        .iter()
        .filter_map(|p| {
            p.karp_flatt
                .filter(|_| p.measured)
                .map(|e| format!("{}: {e:.3}", p.cores))
        })
        .collect();
    let or_dash = |v: Vec<String>| {
        if v.is_empty() {
            "—".into()
        } else {
            v.join(", ")
        }
    };
    let mut once = |text: String| {
        if said.contains(&text) {
            "as above".to_string()
        } else {
            said.push(text.clone());
            text
        }
    };
    let laws = fit.laws();
    let amdahl = laws.amdahl.map_or_else(
        || {
            fit.no_amdahl
                .as_ref()
                .map_or("—".into(), |w| once(w.to_string()))
        },
        |s| format!("{s:.3}"),
    );
    let usl = laws
        .usl
        .map(|u| format!("{u:.3}"))
        .unwrap_or_else(|_| match &fit.no_usl {
            // No law at all: the Amdahl cell said why.
            Some(why) if fit.no_amdahl.as_ref() != Some(why) => once(why.to_string()),
            _ => "—".into(),
        });
    let stops = match fit.stops_paying {
        StopsPaying::Beyond { .. } | StopsPaying::NoLaw => In(&fit.stops_paying, unit).to_string(),
        _ => once(In(&fit.stops_paying, unit).to_string()),
    };
    t.row(vec![
        Cell::label(name),
        Cell::measured(Value::Text(measured.join(", "))),
        Cell::measured(Value::Text(or_dash(kf))),
        Cell::predicted(Value::Text(amdahl)),
        Cell::predicted(Value::Text(usl)),
        Cell::predicted(Value::Text(fit.projections(unit).to_string())),
        Cell::predicted(Value::Text(stops)),
    ]);
}

/// What the fits found beyond their figures, each said once below the
/// table: the shape, withheld projections and missing intervals.
pub(super) fn fit_notes(fits: &[&Fit], unit: Counted) -> String {
    let mut said: Vec<String> = Vec::new();
    for f in fits {
        let notes = f.shape.iter().map(ToString::to_string);
        let notes = notes.chain(f.withheld.iter().map(|w| In(w, unit).to_string()));
        let notes = notes.chain(f.no_intervals.iter().map(|w| In(w, unit).to_string()));
        for n in notes {
            if !said.contains(&n) {
                said.push(n);
            }
        }
    }
    if said.is_empty() {
        return String::new();
    }
    maud::html! { ul { @for n in &said { li { (n) } } } }.into_string()
}

pub(super) const STOPS_PAYING: &str = "<p><em>Stops paying</em>: the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) &lt; 0.5), never later than the USL's peak; not drawn from a fit that is not Amdahl-shaped or from two noisy points.</p>";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::fits::Bound;

    #[test]
    fn stops_paying_is_said_in_one_wording_and_a_reason_once_a_table() {
        let with = |s| Fit {
            stops_paying: s,
            ..Fit::default()
        };
        let mut t = fit_table();
        let mut said = Vec::new();
        let one = StopsPaying::Beyond {
            at: 1,
            by: Bound::Fit,
        };
        for f in [
            with(one),
            with(StopsPaying::NotAmdahlShaped),
            with(StopsPaying::NotAmdahlShaped),
        ] {
            fit_row(&mut t, "s", &f, Counted::Cores, &mut said);
        }
        let o = crate::table::html::table(&t).into_string();
        assert!(o.contains("beyond 1 core<"), "{o}");
        let reason = In(&StopsPaying::NotAmdahlShaped, Counted::Cores).to_string();
        assert_eq!(o.matches(&reason).count(), 1, "{o}");
        assert!(o.contains(">as above<"), "{o}");
    }
}
