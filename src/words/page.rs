//! The HTML report's fixed words: its sections' headings, its charts'
//! titles and what a section left undrawn, each written once.

use super::Count;

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
