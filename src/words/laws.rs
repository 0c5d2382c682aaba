//! The words of the laws fitted to one sweep ([`Laws`]): a figure with its
//! interval, a projection, the cells of the report's table of fitted laws
//! and the terminal's line of one strategy built from the same cells, and
//! the caveats below them. A reason given twice in one place is said in
//! full once, "as above" after.

use super::scaling::In;
use super::{Count, times};
use crate::findings::fits::{
    Brackets, Estimate, Laws, NoFit, Projected, StopsPaying, Unit, UslEstimate,
};
use std::fmt;

/// `0.123 [0.101–0.150]`: to the formatter's precision (3 places unless
/// told), with the 95 % interval when there is one.
impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(3);
        write!(f, "{:.d$}", self.value)?;
        match self.ci95 {
            Some((lo, hi)) => write!(f, " [{lo:.d$}–{hi:.d$}]"),
            None => Ok(()),
        }
    }
}

/// `σ = 0.012 [0.010–0.015], κ = 0.0012 [0.0008–0.0016] (R² 0.998)`.
impl fmt::Display for UslEstimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, k) = (self.sigma, self.kappa);
        write!(f, "σ = {s:.3}, κ = {k:.4} (R² {:.3})", self.r_squared)
    }
}

/// One projection: `8 cores 1.62× [1.41×–1.80×]`, or why it is refused;
/// one held at what the work allows says so.
impl fmt::Display for In<'_, Projected> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0;
        let (count, s) = (Count(p.at, self.1.noun()), p.speedup);
        match p.ci95 {
            _ if p.capped => write!(
                f,
                "{count} {s:.2}× (the work's limit: T1/T∞ and the model's schedule)"
            ),
            Some((lo, hi)) if p.refused => write!(
                f,
                "{count} refused ({s:.2}×, but [{lo:.2}×–{hi:.2}×] is wider than that)"
            ),
            Some((lo, hi)) => write!(f, "{count} {s:.2}× [{lo:.2}×–{hi:.2}×]"),
            None => write!(f, "{count} {s:.2}×"),
        }
    }
}

/// `note` the first time it is said among `said`, "as above" after.
pub fn once(said: &mut Vec<String>, note: String) -> String {
    if said.contains(&note) {
        return "as above".into();
    }
    said.push(note.clone());
    note
}

/// The fitted laws of one sweep, one text per figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    /// `1: 1.00×, 2: 1.96×`.
    pub measured: String,
    /// `e(2)=0.020 e(4)=0.031`, or `—`.
    pub karp_flatt: String,
    /// Amdahl's serial fraction, or `— (why)`.
    pub amdahl: String,
    /// The USL's σ and κ, or `— (why)`.
    pub usl: String,
    /// Where one more stops paying, in its one wording.
    pub stops_paying: String,
    /// The projections, or `—`.
    pub projected: String,
}

/// `—`, with why when it is known (once among `said`).
fn missing(why: &Option<NoFit>, said: &mut Vec<String>) -> String {
    why.as_ref().map_or("—".into(), |w| {
        format!("— ({})", once(said, w.to_string()))
    })
}

/// The items joined by `sep`, or `—` for none.
fn list(items: Vec<String>, sep: &str) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join(sep)
    }
}

/// Each figure of `l` in words, its counts in `unit`; a reason or a
/// "stops paying" that is not a count is said once among `said`.
pub fn cells(l: &Laws, unit: Unit, said: &mut Vec<String>) -> Cells {
    let stops = In(&l.stops_paying, unit).to_string();
    Cells {
        measured: list(
            (l.measured.iter())
                .map(|(n, s)| format!("{n}: {}", times(*s, 2)))
                .collect(),
            ", ",
        ),
        karp_flatt: list(
            (l.karp_flatt.iter())
                .map(|(n, e)| format!("e({n})={e:.3}"))
                .collect(),
            " ",
        ),
        amdahl: l
            .amdahl
            .as_ref()
            .map_or_else(|w| missing(w, said), |e| e.to_string()),
        usl: l
            .usl
            .as_ref()
            .map_or_else(|w| missing(w, said), |u| u.to_string()),
        stops_paying: match l.stops_paying {
            StopsPaying::Beyond { .. } | StopsPaying::NoLaw => stops,
            _ => once(said, stops),
        },
        projected: list(
            l.projected
                .iter()
                .map(|p| In(p, unit).to_string())
                .collect(),
            ", ",
        ),
    }
}

/// The terminal's line of one strategy's fitted laws: why no law was
/// fitted, or Karp–Flatt, Amdahl, the USL, where cores stop paying and the
/// projections.
pub fn line(l: &Laws, unit: Unit, said: &mut Vec<String>) -> String {
    if let (Err(Some(why)), Err(_)) = (&l.amdahl, &l.usl) {
        return format!("no law fitted: {}", once(said, why.to_string()));
    }
    let c = cells(l, unit, said);
    format!(
        "Karp–Flatt {}; Amdahl s = {}; USL {}; stops paying {}; projected (not measured) {}",
        c.karp_flatt, c.amdahl, c.usl, c.stops_paying, c.projected
    )
}

/// What the fit found beyond its figures, one sentence each: how it is not
/// Amdahl-shaped (after `mark`), projections withheld, intervals missing.
pub fn caveats(l: &Laws, unit: Unit, mark: &str) -> Vec<String> {
    let shape = l.shape.iter().map(|n| format!("{mark}{n}"));
    let withheld = l.withheld.iter().map(|w| In(w, unit).to_string());
    shape
        .chain(withheld)
        .chain(l.no_intervals.iter().map(|w| In(w, unit).to_string()))
        .collect()
}

/// The heading of the terminal's scaling lines, with where the brackets
/// come from when there are any.
pub fn scaling_head(resamples: Option<usize>) -> String {
    match resamples {
        Some(n) => format!(
            "scaling (from the measured speedups; {}):",
            Brackets::RunsBaselineFixed { resamples: n }
        ),
        None => "scaling (from the measured speedups):".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::fits::NoFit;

    fn projected(ci95: Option<(f64, f64)>, refused: bool, capped: bool) -> String {
        let p = Projected {
            at: 8,
            speedup: 3.1,
            ci95,
            refused,
            capped,
        };
        In(&p, Unit::Cores).to_string()
    }

    #[test]
    fn a_projection_says_its_interval_its_refusal_or_its_cap() {
        assert_eq!(
            projected(Some((2.9, 3.3)), false, false),
            "8 cores 3.10× [2.90×–3.30×]"
        );
        assert_eq!(projected(None, false, false), "8 cores 3.10×");
        let refused = projected(Some((-1.0, 4.0)), true, false);
        assert_eq!(
            refused,
            "8 cores refused (3.10×, but [-1.00×–4.00×] is wider than that)"
        );
        assert!(projected(Some((2.9, 3.3)), false, true).contains("the work's limit"));
    }

    #[test]
    fn an_estimate_has_the_precision_asked_for_and_its_interval() {
        let e = Estimate {
            value: 0.12345,
            ci95: Some((0.1, 0.2)),
        };
        assert_eq!(e.to_string(), "0.123 [0.100–0.200]");
        assert_eq!(format!("{e:.4}"), "0.1235 [0.1000–0.2000]");
    }

    #[test]
    fn no_law_is_one_line_and_its_reason_is_said_once() {
        let why = NoFit::NoCpuWork;
        let l = Laws {
            measured: vec![(1, 1.0)],
            karp_flatt: vec![],
            amdahl: Err(Some(why.clone())),
            usl: Err(Some(why.clone())),
            stops_paying: StopsPaying::NoLaw,
            projected: vec![],
            shape: None,
            withheld: vec![],
            no_intervals: None,
        };
        let mut said = Vec::new();
        let first = line(&l, Unit::Cores, &mut said);
        assert_eq!(first, format!("no law fitted: {why}"));
        assert_eq!(line(&l, Unit::Cores, &mut said), "no law fitted: as above");
        let c = cells(&l, Unit::Cores, &mut Vec::new());
        assert_eq!((c.karp_flatt.as_str(), c.projected.as_str()), ("—", "—"));
        assert_eq!(c.usl, "— (as above)");
    }
}
