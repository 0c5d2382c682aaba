//! The renderers of `calibrate`, `io`, `model` and Markdown, through their
//! public API: every figure has its cell, CSV keeps its columns, and the
//! findings carry the document's own numbers.

mod calibrate;
mod io;
mod model;

/// The cells of a Markdown table cannot split a row or inject markup.
#[test]
fn markdown_cells_cannot_split_a_row_or_inject_markup() {
    assert_eq!(
        conpar::table::markdown::cell("a|b\nc<img>"),
        "a\\|b c\\<img\\>"
    );
}
