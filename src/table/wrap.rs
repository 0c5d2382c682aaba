//! Prose fitted to a width: notes, warnings, verdicts and their reasons.
//! Tables and charts are left as they are (wider than the width only when a
//! column would otherwise be cut).

/// The most columns prose takes when the width of where it goes is not
/// known (a file, a pipe, a CI log).
pub const DEFAULT_WIDTH: usize = 100;

/// The narrowest width prose is wrapped to, however narrow the terminal.
const MIN_WIDTH: usize = 40;

/// `text` with every prose line wider than `width` columns broken at spaces.
/// A continuation line hangs under the body of its line: after a list
/// marker (`- `, `↳ `, `~ `, `1. `), after a label and the gap that aligns
/// it (`verdict:   …`, `speedup     …`), or after a leading word and its
/// colon (`warning: …`). Table rows (two or more gaps of two spaces) and
/// charts (`|`, `│`, `█`) are left whole, as are words longer than a line.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut o = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            o.push('\n');
        }
        if cols(line) <= width || is_table(line) {
            o.push_str(line);
        } else {
            wrap_line(&mut o, line, width);
        }
    }
    o
}

/// Whether `line` is a table row or a chart (a Gantt row, its axis), not prose.
pub fn is_table(line: &str) -> bool {
    if line.contains(['|', '│', '█']) || line.chars().all(|c| c == ' ' || c.is_ascii_digit()) {
        return true;
    }
    gaps(line.trim_start()) >= 2
}

/// The width of `s` in columns (one a character).
fn cols(s: &str) -> usize {
    s.chars().count()
}

/// How many runs of two or more spaces `s` has.
fn gaps(s: &str) -> usize {
    s.trim_end()
        .split("  ")
        .filter(|p| !p.trim().is_empty())
        .count()
        .saturating_sub(1)
}

/// Appends `line` broken into lines of at most `width` columns.
fn wrap_line(o: &mut String, line: &str, width: usize) {
    let hang = hanging_indent(line).min(width / 2);
    let head: String = line.chars().take(hang).collect();
    let body: String = line.chars().skip(hang).collect();
    let mut current = head;
    let mut fresh = true;
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        if !fresh && cols(&current) + 1 + cols(word) > width {
            o.push_str(current.trim_end());
            o.push('\n');
            current = " ".repeat(hang);
            fresh = true;
        }
        if !fresh {
            current.push(' ');
        }
        current.push_str(word);
        fresh = false;
    }
    o.push_str(current.trim_end());
}

/// The column a continuation of `line` starts at.
fn hanging_indent(line: &str) -> usize {
    let indent = cols(line) - cols(line.trim_start());
    let rest = line.trim_start();
    // A label and the gap that aligns its value: the value's column.
    if let Some(at) = rest.find("  ") {
        let after = &rest[at..];
        let value = cols(&rest[..at]) + cols(after) - cols(after.trim_start());
        return indent + value;
    }
    for marker in ["- ", "* ", "• ", "↳ ", "~ ", "! "] {
        if rest.starts_with(marker) {
            return indent + cols(marker);
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(". ") {
        return indent + digits + 2;
    }
    // `warning: …`, `note: …`, `error: …`: one word and a colon.
    if let Some((word, _)) = rest.split_once(": ")
        && !word.is_empty()
        && word.len() <= 12
        && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
    {
        return indent + word.len() + 2;
    }
    indent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(text: &str) -> usize {
        text.lines().map(cols).max().unwrap_or(0)
    }

    #[test]
    fn prose_fits_and_hangs_under_its_label() {
        let reason = "the measured speedup is within the noise of the model's, so the claim is judged on the band around it and nothing else ".repeat(2);
        let line = format!("   verdict:   holds — {reason}");
        let w = wrap(&line, 60);
        assert!(widest(&w) <= 60, "{w}");
        assert!(w.lines().count() > 3, "{w}");
        for l in w.lines().skip(1) {
            assert!(
                l.starts_with("              ") && !l.starts_with("               "),
                "{l:?}"
            );
        }
        // Nothing lost or added but the breaks.
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&w), words(&line));
    }

    #[test]
    fn warnings_and_list_items_hang_after_their_marker() {
        let long = "word ".repeat(40);
        let w = wrap(&format!("warning: {long}"), 50);
        assert!(
            w.lines().skip(1).all(|l| l.starts_with("         w")),
            "{w}"
        );
        let w = wrap(&format!("                  ↳ useful 50% — {long}"), 50);
        assert!(
            w.lines().skip(1).all(|l| l.starts_with(&" ".repeat(20))),
            "{w}"
        );
        assert!(widest(&w) <= 50, "{w}");
    }

    #[test]
    fn tables_charts_and_short_lines_are_left_alone() {
        let row = format!(
            "rayon      {}  30ms  +42.0%  {}",
            "2".repeat(50),
            "x".repeat(80)
        );
        let chart = format!("core 0 |{}|", "A".repeat(150));
        let axis = format!("        0{}120", " ".repeat(110));
        let text = format!("short line\n{row}\n{chart}\n{axis}\n");
        assert_eq!(wrap(&text, 100), text);
    }

    #[test]
    fn a_narrow_terminal_still_gets_forty_columns() {
        let w = wrap(&"abc ".repeat(30), 10);
        assert!(widest(&w) <= 40 && widest(&w) > 30, "{w}");
    }
}
