//! The report's section for probe documents: X(N) and latency(N) as
//! measured beside the three archetypes' curves, then the lines below the
//! levels and the levels, the same blocks the terminal shows. N is drawn on
//! a log₂ axis so that 1, 2, 4 … 256 are evenly spaced.

use super::{Labelled, slug};
use crate::chart::{PALETTE, Series, esc, line_chart};
use crate::report::probe;
use crate::results::probe::{Latency, ProbeDoc};
use crate::table::html;
use crate::words::probe_report::Named;
use std::fmt::Write;

const CURVE_COLORS: [&str; 3] = ["#999999", "#D55E00", "#009E73"];
const LOG_N: &str = "log₂ N (clients in flight)";

/// The archetypes' curves of `d`, throughput or latency (in ms).
fn archetype_series(d: &ProbeDoc, latency: bool) -> Vec<Series> {
    let Some(a) = &d.analysis else {
        return Vec::new();
    };
    let scale = if latency { 1e3 } else { 1.0 };
    let curves = a.archetypes.iter().zip(CURVE_COLORS.iter().cycle());
    let each = curves.filter_map(|(c, colour)| {
        let ys = if latency { &c.latency_s } else { &c.throughput };
        let levels = d.levels.iter().zip(ys);
        let pts: Vec<_> = levels
            .filter_map(|(l, y)| Some((log2(l.n), (*y)? * scale)))
            .collect();
        let name = Named(c.archetype, c.cores).to_string();
        (!pts.is_empty()).then(|| Series {
            dashed: true,
            ..Series::new(name, colour, pts)
        })
    });
    each.collect()
}

fn log2(n: usize) -> f64 {
    (n as f64).log2()
}

/// The throughput chart and the latency chart of `d`.
fn charts_of(d: &ProbeDoc, title: &str) -> [String; 2] {
    let x = d.levels.iter().map(|l| (log2(l.n), l.throughput)).collect();
    let mut s = vec![Series::new("measured", PALETTE[0], x)];
    s.extend(archetype_series(d, false));
    let tput = line_chart(
        &format!("{title}: throughput X(N)"),
        LOG_N,
        "requests per second",
        &s,
    );
    let ms = |r: Latency| ((r.mean * 1e3), (r.p50 * 1e3, r.p99 * 1e3));
    let each = d.levels.iter().map(|l| (log2(l.n), ms(l.latency_s)));
    let (lat, range) = each.map(|(n, (m, r))| ((n, m), r)).unzip();
    let mean = Series::new("measured mean (bar: p50–p99)", PALETTE[0], lat);
    let mut s = vec![Series {
        range: Some(range),
        ..mean
    }];
    s.extend(archetype_series(d, true));
    [
        tput,
        line_chart(&format!("{title}: latency"), LOG_N, "ms", &s),
    ]
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
        let label = if p.label.is_empty() {
            String::new()
        } else {
            format!(" · {}", esc(&p.label))
        };
        let _ = write!(o, "<h3>{}{label}</h3>", esc(&title));
        let base = format!("probe-{}-{i}", slug(&d.target));
        if d.open.is_some() {
            if let Some(c) = super::probe_open::chart(d, &title) {
                o.push_str(&c);
                charts.push((format!("{base}-open-latency.svg"), c));
            }
            o.push_str(&html::table(&probe::open::steps(d)).into_string());
            o.push_str(&html::blocks(&probe::open::below(d)).into_string());
            continue;
        }
        o.push_str(&html::blocks(&probe::below(d)).into_string());
        if d.levels.is_empty() {
            continue;
        }
        for (c, what) in charts_of(d, &title)
            .into_iter()
            .zip(["throughput", "latency"])
        {
            o.push_str(&c);
            charts.push((format!("{base}-{what}.svg"), c));
        }
        o.push_str(&html::table(&probe::levels(d)).into_string());
    }
}
