//! Output fits: off a terminal, every line of prose (notes, warnings,
//! verdicts and their reasons, the "why" under each run) is at most 100
//! columns; tables and charts are left whole.

use crate::conpar;

/// The widest prose may be off a terminal.
const WIDTH: usize = 100;

/// A table row (two or more gaps of two spaces after its indent) or a chart
/// (a Gantt row, its axis): left whole.
fn is_table(line: &str) -> bool {
    let gaps = line
        .trim()
        .split("  ")
        .filter(|p| !p.trim().is_empty())
        .count()
        .saturating_sub(1);
    gaps >= 2
        || line.contains(['|', '│', '█'])
        || line.chars().all(|c| c == ' ' || c.is_ascii_digit())
}

/// Runs conpar with `args` (it must succeed) and checks both streams; returns
/// how many prose lines there were.
fn prose_fits(args: &[&str]) -> usize {
    let out = conpar()
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .expect("conpar starts");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{args:?}: {stderr}");
    let mut prose = 0;
    for line in stdout.lines().chain(stderr.lines()) {
        if is_table(line) {
            continue;
        }
        prose += 1;
        assert!(
            line.chars().count() <= WIDTH,
            "{args:?}: a line of {} columns:\n{line}\n\n{stdout}\n{stderr}",
            line.chars().count()
        );
    }
    prose
}

#[test]
fn the_model_and_the_tour_fit_a_hundred_columns() {
    let _real = crate::real_work();
    assert!(prose_fits(&["model", "mixed-io", "-c", "2"]) > 5);
    assert!(prose_fits(&["model", "two-tasks", "--width", "150"]) > 5);
    // The claim's reason and the model's accuracy are each longer than a line.
    let args = [
        "tour",
        "--pool",
        "mock:1",
        "--claim",
        "parallel-max",
        "-r",
        "1",
    ];
    assert!(prose_fits(&args) > 8);
}

#[test]
fn the_why_under_each_run_fits_a_hundred_columns() {
    let _real = crate::real_work();
    let args = [
        "run",
        "two-tasks",
        "-s",
        "interleave",
        "-c",
        "1,2",
        "-r",
        "2",
        "--tick",
        "2ms",
    ];
    assert!(prose_fits(&args) > 5);
}

#[test]
fn columns_sets_the_width() {
    let _shared = crate::shared();
    let out = conpar()
        .env("COLUMNS", "60")
        .args(["model", "mixed-io", "-c", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let prose: Vec<&str> = text.lines().filter(|l| !is_table(l)).collect();
    assert!(prose.iter().all(|l| l.chars().count() <= 60), "{text}");
    // The work/span line, 97 columns unwrapped, hangs under its value.
    let span = prose
        .iter()
        .position(|l| l.starts_with("work/span"))
        .unwrap();
    assert!(prose[span + 1].starts_with(&" ".repeat(18)), "{text}");
}
