//! The page's own words: its title, the line naming its hosts, a cgroup
//! quota, what a report left out, and its sections' headings, charts'
//! titles and notes; and `run`'s footnotes, which its terminal, Markdown
//! and HTML share. Each said once here.

use super::Count;
use std::fmt;

/// The page's title and first heading.
pub const TITLE: &str = "conpar report";

/// Below the speedup chart of `run`'s workloads.
pub const RUN_CHART: &str = "Filled points are measured medians with their min–max; hollow points are projected from the fitted curve, not measured, with their 95% bootstrap interval (a projection whose interval is wider than itself is refused and not drawn). Dashed lines are the model's predictions.";

/// What "stops paying" means, after the words themselves.
pub const STOPS_PAYING: &str = "the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) < 0.5), never later than the USL's peak; not drawn from a fit that is not Amdahl-shaped or from two noisy points.";

/// The footnote of a `run` row marked `!` (every backend).
pub const OVERSUBSCRIBED: &str = "! more cores than this process may use: oversubscribed";

/// The footnote of a `run` error marked `~` (every backend).
pub const WITHIN_NOISE: &str = "~ error within the noise: the prediction, or the range its measured costs' own noise allows, meets the measured wall's 95% interval of the median (min–max with fewer than 6 runs), so the difference may be chance";

/// The headings of the table of files read, one row per file.
pub const FILE_HEADINGS: [&str; 9] = [
    "file",
    "kind",
    "command",
    "started",
    "conpar",
    "host",
    "CPU",
    "allowed CPUs",
    "cgroup quota",
];

/// The hosts whose documents the page shows: `Hosts: a; b.`
pub struct Hosts<'a>(pub &'a [String]);

impl fmt::Display for Hosts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hosts: {}.", self.0.join("; "))
    }
}

/// A cgroup's CPU quota, `none` where there is none.
pub struct Quota(pub Option<f64>);

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(q) => write!(f, "{q:.2} CPUs"),
            None => f.write_str("none"),
        }
    }
}

/// `n` charts of a kind (`what`) a report did not draw, past its `most`.
pub struct ChartsLeftOut<'a> {
    /// How many.
    pub n: usize,
    /// What they are, plural.
    pub what: &'a str,
    /// Most charts a report draws.
    pub most: usize,
}

impl fmt::Display for ChartsLeftOut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ChartsLeftOut { n, what, most } = self;
        write!(
            f,
            "{n} {what} left out: a report draws at most {most} charts (every figure is in the document)."
        )
    }
}

/// The heading of the I/O section.
pub const IO: &str = "Blocking against async I/O";
/// The title of the I/O section's chart.
pub const IO_CHART: &str = "wall-clock of the same requests, by client (shorter is better)";
/// What the I/O section leaves out without room for its chart.
pub const IO_CHART_LEFT_OUT: &str = "chart of I/O wall-clock";
/// What the model's section leaves out without room for its charts.
pub const MODEL_CHARTS_LEFT_OUT: &str = "Gantt charts of the model";

/// The I/O chart's note for the client and core pairs past the most a
/// chart shows.
pub fn io_pairs_left_out(more: usize, most: usize) -> String {
    format!("{more} more client and core pairs not drawn: a chart shows at most {most}.")
}

/// The heading of the tour's section for one host.
pub fn tour(host: &str) -> String {
    format!("The tour on {host}")
}

/// The heading of a model document's section, with its label when there is one.
pub fn model(label: &str) -> String {
    if label.is_empty() {
        "The model".into()
    } else {
        format!("The model · {label}")
    }
}

/// The title of one schedule's Gantt chart.
pub fn model_gantt(workload: &str, cores: usize) -> String {
    format!("{workload} on {}: model", Count(cores, "core"))
}

/// A series' name with its document's label, when there is one.
pub fn labelled(what: &str, label: &str) -> String {
    if label.is_empty() {
        what.into()
    } else {
        format!("{what} · {label}")
    }
}

/// The run section's headings, chart titles and what a report left out,
/// each after the workload's title or a row's label.
pub mod run {
    /// After a workload's title: its section's heading.
    pub const SPEEDUP: &str = " — speedup against cores";
    /// After a workload's title: its speedup chart's title.
    pub const SPEEDUP_CHART: &str = ": speedup against cores (hollow: projected)";
    /// A speedup chart a report left out.
    pub const SPEEDUP_LEFT_OUT: &str = "chart of speedup against cores";
    /// The heading of each document's table of runs.
    pub const EACH_RUN: &str = "Each run";
    /// The table of several hosts' speedups.
    pub const HOSTS: &str = "Hosts side by side";
    /// After a row's label: the heading of its two timelines.
    pub const TIMELINES: &str = " — the real timeline beside the model's";
    /// The two timelines a report left out.
    pub const TIMELINES_LEFT_OUT: &str = "Gantt charts of the real and the model's timeline";
    /// After a workload's title: the loss chart's title.
    pub const LOSS_CHART: &str = ": where cores × wall went";
    /// A loss chart a report left out.
    pub const LOSS_LEFT_OUT: &str = "chart of where cores × wall went";
}
