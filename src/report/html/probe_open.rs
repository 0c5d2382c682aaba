//! The chart of a probe's open-loop steps: latency against the asked rate,
//! corrected (from the intended send times) beside uncorrected (from the
//! real ones), each objective as a line.

use crate::chart::{PALETTE, Series, line_chart};
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::OpenStep;
use crate::words::probe::Objectives;

/// The latency-against-rate chart of `d`'s steps (None without steps).
pub(super) fn chart(d: &ProbeDoc, title: &str) -> Option<String> {
    let open = d.open.as_ref()?;
    let mut steps: Vec<&OpenStep> = open.steps.iter().collect();
    steps.sort_by(|a, b| a.asked.total_cmp(&b.asked));
    let (lo, hi) = (steps.first()?.asked, steps.last()?.asked);
    let pts = |f: fn(&OpenStep) -> f64| -> Vec<(f64, f64)> {
        let each = steps.iter().map(|s| (s.asked, f(s) * 1e3));
        each.filter(|p| p.1.is_finite()).collect()
    };
    let line = |name: &str, c: &str, f: fn(&OpenStep) -> f64, dashed| {
        let new = Series::new(name, c, pts(f));
        Series {
            markers: true,
            dashed,
            ..new
        }
    };
    let mut s = vec![
        line("p99, corrected", PALETTE[0], |s| s.corrected.p99, false),
        line("p50, corrected", PALETTE[1], |s| s.corrected.p50, false),
        line("p99, uncorrected", PALETTE[2], |s| s.uncorrected.p99, true),
    ];
    for o in &open.slo {
        let name = format!("objective {}", Objectives(std::slice::from_ref(o)));
        let pts = vec![(lo, o.max_s * 1e3), (hi, o.max_s * 1e3)];
        let new = Series::new(name, "#999999", pts);
        s.push(Series {
            markers: true,
            dashed: true,
            ..new
        });
    }
    let title = format!("{title}: latency at each arrival rate");
    Some(line_chart(&title, "requests per second asked", "ms", &s))
}
