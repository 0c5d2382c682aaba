//! `conpar man [COMMAND]`: a page for conpar and for every subcommand, each
//! with its options and the exit statuses; and "did you mean" for a
//! misspelt subcommand.

use crate::{conpar, stdout_of};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// Every subcommand with a page of its own.
const PAGES: [&str; 13] = [
    "model",
    "run",
    "io",
    "serve",
    "scale",
    "diff",
    "probe",
    "report",
    "calibrate",
    "completions",
    "man",
    "tour",
    "workspan",
];

/// Every exit status conpar gives.
const EXIT_STATUSES: [&str; 7] = ["0", "1", "2", "3", "4", "124", "130"];

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// The long flags `conpar COMMAND --help` lists.
fn long_flags(command: &str) -> Vec<String> {
    text(stdout_of(conpar().args([command, "--help"])))
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("-")
                .filter(|r| !r.starts_with('-'))
                .map_or(l, |r| r.split_once(", ").map_or(l, |(_, flag)| flag));
            let flag = l.strip_prefix("--")?;
            let name: String = flag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            (!name.is_empty()).then(|| format!("--{name}"))
        })
        .collect()
}

/// The EXIT STATUS section of a roff page, up to the next section.
fn exit_status_section(page: &str) -> &str {
    let start = page
        .find(".SH \"EXIT STATUS\"")
        .expect("an EXIT STATUS section");
    let rest = &page[start + 4..];
    &rest[..rest.find("\n.SH").unwrap_or(rest.len())]
}

#[test]
fn every_subcommand_has_a_page_with_its_options_and_exit_statuses() {
    let _shared = crate::shared();
    for page in PAGES {
        let roff = text(stdout_of(conpar().args(["man", page])));
        assert!(
            roff.contains(&format!(".TH conpar-{page} 1")),
            "{page}:\n{roff}"
        );
        assert!(
            roff.contains(&format!("conpar\\-{page} \\- ")),
            "{page}: NAME\n{roff}"
        );
        let flags = long_flags(page);
        assert!(flags.contains(&"--help".to_string()), "{page}: {flags:?}");
        for flag in flags {
            let escaped = flag.replace('-', "\\-");
            assert!(roff.contains(&escaped), "{page}: {flag} not in its page");
        }
        let statuses = exit_status_section(&roff);
        for code in EXIT_STATUSES {
            assert!(
                statuses.contains(&format!("\\fB{code}\\fR")),
                "{page}: exit {code}"
            );
        }
    }
}

#[test]
fn the_main_page_refers_only_to_pages_that_exist() {
    let _shared = crate::shared();
    let roff = text(stdout_of(conpar().arg("man")));
    assert!(exit_status_section(&roff).contains("\\fB124\\fR"));
    let see_also = &roff[roff.find(".SH \"SEE ALSO\"").expect("a SEE ALSO section")..];
    // Every `conpar-X(1)` named anywhere on the page is a page `conpar man X` prints.
    let named: Vec<&str> = roff
        .split("conpar\\-")
        .skip(1)
        .filter_map(|s| {
            s.split_once("(1)")
                .map(|(name, _)| name.trim_end_matches("\\fR"))
        })
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    assert!(!named.contains(&"help"), "{named:?}");
    for page in PAGES {
        assert!(
            see_also.contains(&format!("conpar\\-{page}\\fR(1)")),
            "{page}"
        );
        assert!(named.contains(&page), "{page} not named: {named:?}");
    }
    for name in named {
        conpar().args(["man", name]).assert().success();
    }
}

#[test]
fn an_unknown_page_is_a_usage_error_naming_the_pages() {
    let _shared = crate::shared();
    let err = conpar().args(["man", "nosuch"]).assert().code(2);
    let stderr = text(err.get_output().stderr.clone());
    assert!(stderr.contains("'nosuch'"), "{stderr}");
    for page in PAGES {
        assert!(stderr.contains(page), "{page} not named:\n{stderr}");
    }
}

#[test]
fn a_misspelt_subcommand_gets_the_nearest_name() {
    let _shared = crate::shared();
    for (typed, meant) in [
        ("rnu", "run"),
        ("tuor", "tour"),
        ("calibrat", "calibrate"),
        ("mdoel", "model"),
    ] {
        conpar()
            .arg(typed)
            .assert()
            .code(2)
            .stderr(contains(format!("similar subcommand exists: '{meant}'")));
    }
    // Nothing near: no suggestion, still a usage error.
    conpar()
        .arg("xyzzy")
        .assert()
        .code(2)
        .stderr(contains("unrecognized subcommand").and(contains("similar").not()));
}
