//! Escaping, one function per context a string can land in. Every string that
//! comes from a workload, a result file or a server goes through one of these
//! before it reaches markup, a spreadsheet or a terminal.
//!
//! Pure: strings in, strings out.

use std::borrow::Cow;

/// Text or an attribute value in HTML or SVG (XML): `&`, `<`, `>`, `"` and
/// `'` become entities, and control characters, which XML 1.0 does not allow
/// (NUL among them), become U+FFFD.
pub fn html(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(c),
            c if c.is_control() => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// A text cell of a CSV file, guarded against formula injection: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return is opened by a
/// spreadsheet as a formula, so it gets a leading `'`. Quoting of `,`, `"`
/// and line breaks is the CSV writer's job.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A string printed on a terminal: control characters (escape sequences
/// among them) are shown as `\u{..}` instead of being sent raw.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escaped(s, |c| c.is_control() || PAINT_MARKS.contains(&c))
}

/// Text a renderer wrote, its strings from outside already through
/// [`terminal`]: control characters escaped, its own [`PAINT_MARKS`] kept
/// for `table::paint::apply`.
pub fn terminal_painted(s: &str) -> String {
    s.split('\n')
        .map(|l| escaped(l, char::is_control))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `s` with each character `unsafe_char` picks shown as `\u{..}`.
fn escaped(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            o.extend(c.escape_unicode());
        } else {
            o.push(c);
        }
    }
    Cow::Owned(o)
}

/// The private-use characters `table::paint` marks coloured spans with
/// (green, red, yellow, end): [`terminal`] escapes them in anything from
/// outside, so only a renderer can colour.
pub const PAINT_MARKS: [char; 4] = ['\u{E000}', '\u{E001}', '\u{E002}', '\u{E003}'];

/// [`terminal`] for text of several lines: each line escaped, the line
/// breaks kept.
pub fn terminal_lines(s: &str) -> String {
    s.split('\n').map(terminal).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_lines_keep_their_breaks_and_lose_their_escapes() {
        assert_eq!(
            terminal_lines("a\n\u{1b}[31mb\u{7}"),
            "a\n\\u{1b}[31mb\\u{7}"
        );
    }

    #[test]
    fn html_escapes_markup_and_controls() {
        assert_eq!(
            html("<img src=x onerror='a(1)'>&\"\0"),
            "&lt;img src=x onerror=&#39;a(1)&#39;&gt;&amp;&quot;\u{FFFD}"
        );
        assert_eq!(html("even\n"), "even\n");
    }

    #[test]
    fn csv_formulas_are_defused() {
        assert_eq!(csv_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text("@x"), "'@x");
        assert_eq!(csv_text("-1"), "'-1");
        assert_eq!(csv_text("even"), "even");
    }

    #[test]
    fn terminal_shows_escapes() {
        assert_eq!(terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }
}
