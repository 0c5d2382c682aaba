//! The words of the laws fitted to one sweep ([`Sweep`]): the cells of
//! the report's table of fitted laws, the terminal's line of one strategy
//! built from the same cells, and the caveats below them. A reason given
//! twice in one place is said in full once, "as above" after. A figure's
//! own words (an estimate, the USL, a projection) are `words::fit`'s.

use super::scaling::In;
use super::times;
use crate::findings::fits::{Brackets, NoFit, StopsPaying, Unit};
use crate::findings::fitted::Sweep;

/// `note` if it is not yet among `said` (where it now is), else nothing.
pub fn first(said: &mut Vec<String>, note: String) -> Option<String> {
    (!said.contains(&note)).then(|| {
        said.push(note.clone());
        note
    })
}

/// `note` the first time it is said among `said`, "as above" after.
pub fn once(said: &mut Vec<String>, note: String) -> String {
    first(said, note).unwrap_or_else(|| "as above".into())
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
pub fn cells(l: &Sweep, unit: Unit, said: &mut Vec<String>) -> Cells {
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
        amdahl: (l.laws.amdahl).map_or_else(|| missing(&l.no_amdahl, said), |e| format!("{e:.3}")),
        usl: (l.laws.usl.as_ref()).map_or_else(|w| missing(w, said), |u| format!("{u:.3}")),
        stops_paying: match l.stops_paying {
            StopsPaying::Beyond { .. } | StopsPaying::NoLaw => stops,
            _ => once(said, stops),
        },
        projected: l.projected.to_string(),
    }
}

/// The terminal's line of one strategy's fitted laws: why no law was
/// fitted, or Karp–Flatt, Amdahl, the USL, where cores stop paying and the
/// projections.
pub fn line(l: &Sweep, unit: Unit, said: &mut Vec<String>) -> String {
    if let (Some(why), None, Err(_)) = (&l.no_amdahl, l.laws.amdahl, &l.laws.usl) {
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
pub fn caveats(l: &Sweep, unit: Unit, mark: &str) -> Vec<String> {
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
    use crate::findings::fitted::{Laws, Projections};

    #[test]
    fn no_law_is_one_line_and_its_reason_is_said_once() {
        let why = NoFit::NoCpuWork;
        let l = Sweep {
            measured: vec![(1, 1.0)],
            karp_flatt: vec![],
            laws: Laws {
                amdahl: None,
                usl: Err(Some(why.clone())),
            },
            no_amdahl: Some(why.clone()),
            stops_paying: StopsPaying::NoLaw,
            projected: Projections(vec![]),
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
