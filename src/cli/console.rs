//! What the command line says on the terminal: standard output that a closed
//! pipe ends quietly, notes and progress unless `--quiet`, colour when it is
//! on, prose wrapped to the terminal's width (100 columns off a terminal).

pub(super) static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
pub(super) static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `--quiet` was given.
pub(crate) fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether tables may colour their words.
pub(crate) fn color() -> bool {
    COLOR.load(std::sync::atomic::Ordering::Relaxed)
}

/// `text`, escaped and wrapped, with the spans its renderer marked by type
/// (verdicts, large prediction errors) coloured when colour is on, and the
/// marks dropped otherwise.
pub(crate) fn paint(text: &str) -> String {
    crate::table::paint::apply(text, color())
}

/// [`prose`] for text whose renderer marked spans to colour and escaped its
/// strings from outside itself: the marks survive for [`paint`].
pub(crate) fn painted_prose(text: &str) -> String {
    crate::table::wrap::wrap(
        &crate::escape::terminal_painted(text),
        columns(Stream::Stdout),
    )
}

/// A note on standard error, unless `--quiet`, wrapped to fit.
pub(crate) fn note(msg: &str) {
    if !quiet() {
        err_line(&wrap(&crate::escape::terminal_lines(msg), Stream::Stderr));
    }
}

/// `warning: MSG` on standard error, wrapped to fit; shown even with `--quiet`.
pub(crate) fn warn(msg: &str) {
    err_line(&wrap(
        &crate::escape::terminal_lines(&format!("warning: {msg}")),
        Stream::Stderr,
    ));
}

/// `text` and a line break on standard error, its control characters
/// escaped (names, paths and messages from outside may hold escape
/// sequences). A closed or failing standard error is ignored: what is said
/// there never ends a command or costs its results.
pub(crate) fn err_line(text: &str) {
    use std::io::Write;
    let text = crate::escape::terminal_lines(text);
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{text}").and_then(|()| e.flush());
}

/// `text` for standard output with its prose wrapped to fit (tables and
/// charts left whole): see [`crate::table::wrap`]. Control characters are
/// escaped first: workload names and descriptions, hostnames and paths come
/// from outside, and colour is added only after this.
pub(crate) fn prose(text: &str) -> String {
    wrap(&crate::escape::terminal_lines(text), Stream::Stdout)
}

/// Where text is printed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

/// `text` wrapped to the width of `stream`.
pub(crate) fn wrap(text: &str, stream: Stream) -> String {
    crate::table::wrap::wrap(text, columns(stream))
}

/// Columns prose may take on `stream`: `COLUMNS` where it is set (as `ls`
/// takes it), else the terminal's width there, else 100.
fn columns(stream: Stream) -> usize {
    use std::io::IsTerminal;
    let set = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    if let Some(c) = set.filter(|&c: &usize| c > 0) {
        return c;
    }
    let (terminal, fd) = match stream {
        Stream::Stdout => (std::io::stdout().is_terminal(), 1),
        Stream::Stderr => (std::io::stderr().is_terminal(), 2),
    };
    terminal
        .then(|| terminal_columns(fd))
        .flatten()
        .unwrap_or(crate::table::wrap::DEFAULT_WIDTH)
}

/// The width the terminal on `fd` reports.
#[cfg(unix)]
fn terminal_columns(fd: libc::c_int) -> Option<usize> {
    // SAFETY: a zeroed winsize is valid, and TIOCGWINSZ writes only into it.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_columns(_fd: i32) -> Option<usize> {
    None
}

/// A progress bar over `len` runs: drawn on a terminal, hidden with `--quiet`.
pub(crate) fn progress(len: u64) -> indicatif::ProgressBar {
    if quiet() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} runs  {msg}")
            .expect("a valid template"),
    );
    bar
}

/// One line per finished step where no bar can be drawn (standard error is
/// not a terminal: a CI log, a file), so a long run is never silent.
pub(crate) fn step_done(msg: &str) {
    use std::io::IsTerminal;
    if !quiet() && !std::io::stderr().is_terminal() {
        err_line(&wrap(&crate::escape::terminal_lines(msg), Stream::Stderr));
    }
}

/// Writes `text` to standard output; a closed pipe (`conpar … | head`) ends
/// the output quietly instead of failing.
pub(crate) fn out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|()| o.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_coloured_only_when_colour_is_on() {
        use crate::table::paint::{Tone, mark};
        let table = format!("claim holds {}\n", mark("DOES NOT HOLD", Some(Tone::Bad)));
        COLOR.store(false, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(paint(&table), "claim holds DOES NOT HOLD\n");
        COLOR.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            paint(&painted_prose(&table)),
            "claim holds \x1b[31mDOES NOT HOLD\x1b[0m\n"
        );
        // A mark from outside is escaped, never turned into colour.
        assert!(!paint(&prose(&table)).contains('\x1b'));
        COLOR.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}
