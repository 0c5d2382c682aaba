//! The report's part for a probe's open-loop steps: latency against the
//! asked rate, corrected (from the intended send times) beside uncorrected
//! (from the real ones), the objective as a line, the steps as a table and
//! the search's answer. Every string from a document is escaped.

use crate::chart::{PALETTE, Series, line_chart};
use crate::report::probe;
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::OpenStep;
use crate::table::html;
use crate::words::Secs;

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
        let name = format!("objective {} ≤ {}", o.quantile.name(), Secs(o.max_s));
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

/// The steps as a table, then the findings, the first failure, why the
/// probe is partial and the search's answer, each once.
pub(super) fn table(o: &mut String, d: &ProbeDoc) {
    if d.open.is_none() {
        return;
    }
    o.push_str(&html::table(&probe::open::steps(d)).into_string());
    o.push_str(&html::blocks(&probe::open::below(d)).into_string());
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
        assert!(
            o.contains("HTTP 503 &lt;b&gt;") && !o.contains("503 <b>"),
            "{o}"
        );
        assert!(o.contains("<td>missed p99</td>"), "{o}");
        let search = crate::report::probe::open::search(d.open.as_ref().unwrap()).unwrap();
        assert_eq!(o.matches(&*crate::escape::html(&search)).count(), 1, "{o}");
    }
}
