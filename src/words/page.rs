//! The page's own words: its title, the line naming its hosts, a cgroup
//! quota, what a report left out, the fixed paragraphs below the charts
//! and `run`'s footnotes (which its terminal, Markdown and HTML share).
//! Each said once here.

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
