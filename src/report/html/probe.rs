//! The report's section for probe documents: X(N) and latency(N) as
//! measured beside the three archetypes' curves, the levels as a table and
//! the verdict. Every string from a document is escaped; N is drawn on a
//! log₂ axis so that 1, 2, 4 … 256 are evenly spaced.

use super::{Labelled, slug};
use crate::chart::{PALETTE, Series, esc, line_chart};
use crate::report::probe;
use crate::results::probe::{Archetype, ProbeDoc};
use crate::table::html;
use std::fmt::Write;

const CURVE_COLORS: [&str; 3] = ["#999999", "#D55E00", "#009E73"];

fn log2(n: usize) -> f64 {
    (n as f64).log2()
}

fn measured(name: &str, pts: Vec<(f64, f64)>, range: Option<Vec<(f64, f64)>>) -> Series {
    Series {
        name: name.to_string(),
        color: PALETTE[0].to_string(),
        hollow: vec![false; pts.len()],
        points: pts,
        range,
        dashed: false,
        markers: false,
        fit_y: true,
    }
}

/// The archetypes' curves of `d`, `pick` choosing throughput or latency.
fn archetype_series(d: &ProbeDoc, scale: f64, latency: bool) -> Vec<Series> {
    let Some(a) = &d.analysis else {
        return Vec::new();
    };
    a.archetypes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let ys = if latency { &c.latency_s } else { &c.throughput };
            let pts: Vec<(f64, f64)> = d
                .levels
                .iter()
                .zip(ys)
                .filter_map(|(l, y)| Some((log2(l.n), (*y)? * scale)))
                .collect();
            (!pts.is_empty()).then(|| Series {
                name: match c.archetype {
                    Archetype::Parallel => format!("parallel ({} cores)", c.cores),
                    other => other.name().to_string(),
                },
                color: CURVE_COLORS[i % CURVE_COLORS.len()].to_string(),
                hollow: vec![false; pts.len()],
                points: pts,
                range: None,
                dashed: true,
                markers: false,
                fit_y: true,
            })
        })
        .collect()
}

fn charts_of(d: &ProbeDoc, title: &str) -> (String, String) {
    let x: Vec<(f64, f64)> = d.levels.iter().map(|l| (log2(l.n), l.throughput)).collect();
    let mut s = vec![measured("measured", x, None)];
    s.extend(archetype_series(d, 1.0, false));
    let tput = line_chart(
        &format!("{title}: throughput X(N)"),
        "log₂ N (clients in flight)",
        "requests per second",
        &s,
    );
    let lat: Vec<(f64, f64)> = d
        .levels
        .iter()
        .map(|l| (log2(l.n), l.latency_s.mean * 1e3))
        .collect();
    let range = d
        .levels
        .iter()
        .map(|l| (l.latency_s.p50 * 1e3, l.latency_s.p99 * 1e3))
        .collect();
    let mut s = vec![measured("measured mean (bar: p50–p99)", lat, Some(range))];
    s.extend(archetype_series(d, 1e3, true));
    let latency = line_chart(
        &format!("{title}: latency"),
        "log₂ N (clients in flight)",
        "ms",
        &s,
    );
    (tput, latency)
}

fn levels_table(o: &mut String, d: &ProbeDoc) {
    o.push_str(&html::table(&probe::levels(d)).into_string());
}

pub(super) fn probe_section(
    o: &mut String,
    charts: &mut Vec<(String, String)>,
    probes: &[Labelled<ProbeDoc>],
) {
    if probes.is_empty() {
        return;
    }
    o.push_str("<h2>Probed servers</h2>");
    for (i, p) in probes.iter().enumerate() {
        let d = p.doc;
        let title = format!("{} · {}", d.target, d.request);
        let _ = write!(
            o,
            "<h3>{}{}</h3>",
            esc(&title),
            if p.label.is_empty() {
                String::new()
            } else {
                format!(" · {}", esc(&p.label))
            }
        );
        let base = format!("probe-{}-{i}", slug(&d.target));
        if d.open.is_some() {
            if let Some(c) = super::probe_open::chart(d, &title) {
                o.push_str(&c);
                charts.push((format!("{base}-open-latency.svg"), c));
            }
            super::probe_open::table(o, d);
            continue;
        }
        o.push_str(&html::blocks(&probe::below(d)).into_string());
        if d.levels.is_empty() {
            continue;
        }
        let (tput, latency) = charts_of(d, &title);
        o.push_str(&tput);
        o.push_str(&latency);
        charts.push((format!("{base}-throughput.svg"), tput));
        charts.push((format!("{base}-latency.svg"), latency));
        levels_table(o, d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn undefined_figures_are_dashes_and_censored_ones_marked() {
        let mut d = crate::results::probe::tests::doc();
        let l = &mut d.levels[0];
        (l.throughput, l.little) = (f64::NAN, f64::NAN);
        (l.timeouts, l.unanswered, l.censored) = (2, 2, 2);
        let mut o = String::new();
        super::levels_table(&mut o, &d);
        assert!(!o.contains("NaN") && o.contains("<td>—</td>"), "{o}");
        assert!(o.contains("≥30.0ms"), "{o}");
    }
}
