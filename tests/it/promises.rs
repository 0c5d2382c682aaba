//! What the README promises of every command, checked against the binary:
//! which of the shared flags each accepts (one table, the README's), `--help`
//! for each, and exit status 2 for every usage error.

use crate::conpar;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// The shared flags, each with a value it accepts.
const FLAGS: [(&str, Option<&str>); 7] = [
    ("--json", Some("-")),
    ("--csv", Some("-")),
    ("--markdown", Some("-")),
    ("--report", Some("a-directory")),
    ("--quiet", None),
    ("--color", Some("never")),
    ("--oversubscribe", None),
];

const Y: bool = true;
const N: bool = false;

/// Command × flag (in the order of [`FLAGS`]) accepted, as the README says.
/// `serve --quiet` is its own hidden flag (print only the address line);
/// `report --report DIR` is where its page goes (alias `--out`).
const ACCEPTS: [(&str, [bool; 7]); 14] = [
    //              json csv md report quiet color oversub
    ("model", [Y, Y, Y, Y, Y, Y, N]),
    ("run", [Y, Y, Y, Y, Y, Y, Y]),
    ("io", [Y, Y, Y, Y, Y, Y, Y]),
    ("serve", [N, N, N, N, Y, Y, N]),
    ("scale", [Y, Y, Y, Y, Y, Y, N]),
    ("fit", [Y, Y, Y, Y, Y, Y, N]),
    ("diff", [N, N, N, N, Y, Y, N]),
    ("probe", [Y, Y, Y, Y, Y, Y, N]),
    ("report", [N, N, N, Y, Y, Y, N]),
    ("calibrate", [Y, Y, Y, Y, Y, Y, N]),
    ("completions", [N, N, N, N, Y, Y, N]),
    ("man", [N, N, N, N, Y, Y, N]),
    ("tour", [Y, Y, Y, Y, Y, Y, N]),
    ("workspan", [Y, Y, Y, Y, Y, Y, N]),
];

/// Arguments that take each command up to where it checks its output
/// targets, before any work (`{}`: where the output flags go).
const MINIMAL: [(&str, &[&str]); 10] = [
    ("model", &["two-tasks", "{}"]),
    ("run", &["even", "{}"]),
    ("io", &["{}"]),
    ("scale", &["{}", "--", "true"]),
    ("fit", &["table.csv", "{}"]),
    ("probe", &["http://127.0.0.1:9/", "{}"]),
    ("report", &["results.json", "{}"]),
    ("calibrate", &["{}"]),
    ("tour", &["{}"]),
    ("workspan", &["fib", "{}"]),
];

/// The subcommands `conpar --help` lists, less `help`.
fn listed_commands() -> Vec<String> {
    let help = crate::stdout_of(conpar().arg("--help"));
    let help = String::from_utf8_lossy(&help);
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section");
    list.lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(String::from)
        .collect()
}

#[test]
fn every_command_accepts_the_flags_the_readme_says_and_no_others() {
    let _shared = crate::shared();
    let names: Vec<&str> = ACCEPTS.iter().map(|(c, _)| *c).collect();
    assert_eq!(listed_commands(), names, "the table names every command");
    for (command, accepts) in ACCEPTS {
        for ((flag, value), accepted) in FLAGS.into_iter().zip(accepts) {
            // Parsed up to `--help`: accepted, it prints the help; not, a usage error.
            let mut cmd = conpar();
            cmd.arg(command).arg(flag).args(value).arg("--help");
            if accepted {
                cmd.assert()
                    .success()
                    .stdout(contains(format!("Usage: conpar {command}")));
            } else {
                cmd.assert()
                    .code(2)
                    .stderr(contains(format!("unexpected argument '{flag}'")));
            }
        }
    }
}

#[test]
fn every_command_has_help() {
    let _shared = crate::shared();
    for (command, _) in ACCEPTS {
        for args in [
            vec![command, "--help"],
            vec![command, "-h"],
            vec!["help", command],
        ] {
            conpar()
                .args(&args)
                .assert()
                .success()
                .stdout(contains(format!("Usage: conpar {command}")));
        }
    }
}

#[test]
fn every_usage_error_exits_2() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    for (command, _) in ACCEPTS {
        conpar()
            .args([command, "--no-such-flag"])
            .assert()
            .code(2)
            .stderr(contains("unexpected argument '--no-such-flag'"));
        conpar()
            .args([command, "--color", "sometimes"])
            .assert()
            .code(2)
            .stderr(contains("[possible values: auto, always, never]"));
    }
    let missing: [&[&str]; 8] = [
        &["model"],
        &["fit"],
        &["run"],
        &["scale"],
        &["diff", "old.json"],
        &["probe"],
        &["report"],
        &["completions"],
    ];
    for args in missing {
        conpar()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("required"));
    }
    for (command, args) in MINIMAL {
        let with = |flags: &[&str]| -> Vec<String> {
            let mut v = vec![command.to_string()];
            for a in args {
                match *a {
                    "{}" => v.extend(flags.iter().map(|f| f.to_string())),
                    a => v.push(a.to_string()),
                }
            }
            v
        };
        // A report is a directory: standard output is refused, in every command.
        conpar()
            .current_dir(dir.path())
            .args(with(&["--report", "-"]))
            .assert()
            .code(2)
            .stderr(
                contains("cannot go to standard output")
                    .and(contains(format!("Usage: conpar {command} "))),
            );
        if command != "report" {
            conpar()
                .current_dir(dir.path())
                .args(with(&["--json", "-", "--csv", "-"]))
                .assert()
                .code(2)
                .stderr(contains("both want standard output"));
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was written"
    );
}

#[test]
fn report_takes_its_directory_as_out_too() {
    let _shared = crate::shared();
    conpar()
        .args(["report", "--out", "-", "results.json"])
        .assert()
        .code(2)
        .stderr(contains("--report -").and(contains("standard output")));
}
