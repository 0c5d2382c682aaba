//! `conpar man [COMMAND]`: the manual page of conpar or of one subcommand,
//! generated from the clap definition, with the exit statuses and the pages
//! that exist named under SEE ALSO.

use std::io::Write;

/// The subcommands with a page of their own (`conpar man COMMAND`): every
/// visible subcommand but `help`.
pub(super) const PAGES: [&str; 14] = [
    "model",
    "run",
    "io",
    "serve",
    "scale",
    "fit",
    "diff",
    "probe",
    "report",
    "calibrate",
    "completions",
    "man",
    "tour",
    "workspan",
];

/// Every exit status conpar gives, and when.
pub(super) const EXIT_STATUSES: [(&str, &str); 7] = [
    ("0", "Success."),
    (
        "1",
        "An error: the command could not do what it was asked (a run, a file or a server failed); a tour claim that could not run; run: a (strategy, cores) pair that failed, also with --keep-going; scale: a run of the command that failed, without --keep-going; workspan: a run of the program that failed or ran past --timeout, a wrong result, or a binary that recorded no work.",
    ),
    (
        "2",
        "A usage error: an option, value or argument that is not accepted, reported before any work.",
    ),
    (
        "3",
        "io: requests failed; scale --keep-going: runs of the command failed; probe: requests failed or timed out, or the probe is partial; probe --find-max: no rate held the objectives.",
    ),
    (
        "4",
        "diff --fail-on-regression PCT: a row is slower beyond the noise by more than PCT per cent, or a row of the old document is lost, failed or has failures in the new.",
    ),
    (
        "124",
        "run: one run went past --timeout and was abandoned (rows finished before it are saved).",
    ),
    (
        "130",
        "Interrupted by Ctrl-C (SIGINT); 143 when ended by SIGTERM. A --json or --csv file holds every row finished before.",
    ),
];

/// The page of `page` (the main page for `None`) from `root`, conpar's
/// whole command line.
pub(super) fn render(mut root: clap::Command, page: Option<&str>) -> std::io::Result<String> {
    let cmd = match page {
        // `help` has no page of its own.
        None => root.disable_help_subcommand(true),
        Some(name) => {
            // Built, so that the global flags are the subcommand's too.
            root.build();
            let full = format!("conpar-{name}");
            root.find_subcommand(name)
                .unwrap_or_else(|| panic!("{name} is a listed page"))
                .clone()
                .name(full.clone())
                .display_name(full)
        }
    };
    let has_args = cmd.get_arguments().any(|a| !a.is_hide_set());
    let has_subcommands = cmd.get_subcommands().any(|s| !s.is_hide_set());
    let has_extra = cmd.get_after_long_help().is_some() || cmd.get_after_help().is_some();
    let has_version = cmd.get_version().is_some();
    let man = clap_mangen::Man::new(cmd).source(format!("conpar {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if has_args {
        man.render_options_section(&mut buf)?;
    }
    if has_subcommands {
        man.render_subcommands_section(&mut buf)?;
    }
    if has_extra {
        man.render_extra_section(&mut buf)?;
    }
    exit_status(&mut buf)?;
    see_also(&mut buf, page)?;
    if has_version {
        man.render_version_section(&mut buf)?;
    }
    Ok(once_preamble(&String::from_utf8_lossy(&buf)))
}

/// `page` with the preamble each section rendered alone repeats kept once.
fn once_preamble(page: &str) -> String {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    match page.split_once(PREAMBLE) {
        Some((before, after)) => format!("{before}{PREAMBLE}{}", after.replace(PREAMBLE, "")),
        None => page.to_string(),
    }
}

/// `s` as roff text: backslashes and hyphens escaped, no line starting as a
/// request.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with(['.', '\'']) {
        format!("\\&{s}")
    } else {
        s
    }
}

fn exit_status(w: &mut dyn Write) -> std::io::Result<()> {
    writeln!(w, ".SH \"EXIT STATUS\"")?;
    for (code, when) in EXIT_STATUSES {
        writeln!(w, ".TP\n\\fB{code}\\fR\n{}", roff(when))?;
    }
    Ok(())
}

/// The main page names every subcommand's page; a subcommand's names the
/// main page and its siblings.
fn see_also(w: &mut dyn Write, page: Option<&str>) -> std::io::Result<()> {
    let mut pages: Vec<String> = Vec::new();
    if page.is_some() {
        pages.push("\\fBconpar\\fR(1)".into());
    }
    pages.extend(
        PAGES
            .iter()
            .filter(|p| Some(**p) != page)
            .map(|p| format!("\\fBconpar\\-{p}\\fR(1)")),
    );
    writeln!(w, ".SH \"SEE ALSO\"\n{}\n.PP", pages.join(", "))?;
    writeln!(
        w,
        "{}",
        roff(
            "conpar man prints the main page, conpar man COMMAND a subcommand's: e.g. conpar man run | man -l -."
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_visible_subcommand_but_help_has_a_page() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let visible: Vec<&str> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .map(|s| s.get_name())
            .collect();
        assert_eq!(visible, PAGES);
    }

    #[test]
    fn roff_text_is_escaped() {
        assert_eq!(roff("a-b"), "a\\-b");
        assert_eq!(roff(".x\\"), "\\&.x\\e");
    }
}
