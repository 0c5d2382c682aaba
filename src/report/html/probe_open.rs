//! The report's part for a probe's open-loop steps: latency against the
//! asked rate, corrected (from the intended send times) beside uncorrected
//! (from the real ones), the objective as a line, the steps as a table and
//! the search's answer. Every string from a document is escaped.

use super::super::svg::{PALETTE, Series, esc, line_chart};
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::OpenStep;
use crate::units::Nanos;
use std::fmt::Write;

fn series(name: &str, color: &str, pts: Vec<(f64, f64)>, dashed: bool) -> Series {
    Series {
        name: name.to_string(),
        color: color.to_string(),
        hollow: vec![false; pts.len()],
        points: pts,
        range: None,
        dashed,
        markers: true,
        fit_y: true,
    }
}

/// The latency-against-rate chart of `d`'s steps (None without steps).
pub(super) fn chart(d: &ProbeDoc, title: &str) -> Option<String> {
    let open = d.open.as_ref()?;
    let mut steps: Vec<&OpenStep> = open.steps.iter().collect();
    if steps.is_empty() {
        return None;
    }
    steps.sort_by(|a, b| a.asked.total_cmp(&b.asked));
    let pts = |f: &dyn Fn(&OpenStep) -> f64| -> Vec<(f64, f64)> {
        steps
            .iter()
            .map(|s| (s.asked, f(s) * 1e3))
            .filter(|p| p.1.is_finite())
            .collect()
    };
    let mut s = vec![
        series(
            "p99, corrected",
            PALETTE[0],
            pts(&|s| s.corrected.p99),
            false,
        ),
        series(
            "p50, corrected",
            PALETTE[1],
            pts(&|s| s.corrected.p50),
            false,
        ),
        series(
            "p99, uncorrected",
            PALETTE[2],
            pts(&|s| s.uncorrected.p99),
            true,
        ),
    ];
    for o in &open.slo {
        let (lo, hi) = (steps[0].asked, steps[steps.len() - 1].asked);
        let name = format!("objective {} ≤ {}", o.quantile.name(), Nanos(o.max_s * 1e9));
        let line = vec![(lo, o.max_s * 1e3), (hi, o.max_s * 1e3)];
        s.push(series(&name, "#999999", line, true));
    }
    Some(line_chart(
        &format!("{title}: latency at each arrival rate"),
        "requests per second asked",
        "ms",
        &s,
    ))
}

/// The steps as a table, the findings and the search's answer.
pub(super) fn table(o: &mut String, d: &ProbeDoc) {
    let Some(open) = &d.open else {
        return;
    };
    if let Some(f) = &open.find_max {
        let _ = write!(o, "<p><b>find-max</b>: {}</p>", esc(&f.text));
    }
    o.push_str("<table><tr><th>asked/s</th><th>sent/s</th><th>sent</th><th>answered</th><th>errors</th><th>timeouts</th><th>dropped</th><th>late (connections busy)</th><th>late (client behind)</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>uncorrected p50</th><th>uncorrected p99</th><th>objective</th></tr>");
    let t = |x: f64| {
        if x.is_finite() {
            Nanos(x * 1e9).to_string()
        } else {
            "—".into()
        }
    };
    for s in &open.steps {
        let _ = write!(
            o,
            "<tr><td>{:.1}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            s.asked,
            s.achieved,
            s.sent,
            s.answered,
            s.errors,
            s.timeouts,
            s.dropped,
            s.late_pool,
            s.late_client,
            t(s.corrected.p50),
            t(s.corrected.p90),
            t(s.corrected.p99),
            t(s.corrected.p999),
            t(s.corrected.max),
            t(s.uncorrected.p50),
            t(s.uncorrected.p99),
            esc(&crate::report::probe::open::slo_cell(s.slo.as_ref())),
        );
    }
    o.push_str("</table>");
    let notes: Vec<String> = open
        .steps
        .iter()
        .flat_map(|s| {
            s.notes
                .iter()
                .map(move |n| format!("<li>{:.1} req/s: {}</li>", s.asked, esc(&n.text)))
        })
        .collect();
    if !notes.is_empty() {
        let _ = write!(o, "<ul>{}</ul>", notes.join(""));
    }
}

#[cfg(test)]
mod tests {
    use crate::results::probe::tests::open_doc;

    #[test]
    fn the_chart_draws_both_latencies_and_the_table_escapes_notes() {
        let d = open_doc();
        let c = super::chart(&d, "t").unwrap();
        assert!(
            c.contains("p99, uncorrected") && c.contains("objective p99"),
            "{c}"
        );
        assert!(!c.contains("NaN"));
        let mut o = String::new();
        super::table(&mut o, &d);
        assert!(o.contains("coordinated omission &lt;b&gt;"), "{o}");
        assert!(o.contains("<td>missed p99</td>") && o.contains("between 100 and 200"));
    }
}
