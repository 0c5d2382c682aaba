//! Fixed paragraphs and footnotes of the rendered outputs (terminal,
//! Markdown, CSV's neighbours and the HTML page), each written once.

/// Below the speedup chart of `run`'s workloads on the HTML page.
pub const RUN_CHART: &str = "Filled points are measured medians with their min–max; hollow points are projected from the fitted curve, not measured, with their 95% bootstrap interval (a projection whose interval is wider than itself is refused and not drawn). Dashed lines are the model's predictions.";

/// What "stops paying" means, after the words themselves.
pub const STOPS_PAYING: &str = "the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) < 0.5), never later than the USL's peak; not drawn from a fit that is not Amdahl-shaped or from two noisy points.";

/// The footnote of a row marked `!`.
pub const OVERSUBSCRIBED: &str = "! more cores than this process may use: oversubscribed";

/// The footnote of an error marked `~`.
pub const WITHIN_NOISE: &str = "~ error within the noise: the prediction, or the range its measured costs' own noise allows, meets the measured wall's 95% interval of the median (min–max with fewer than 6 runs), so the difference may be chance";
