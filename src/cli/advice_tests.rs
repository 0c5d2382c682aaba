//! Every flag that a warning or a verdict suggests is one the command that
//! printed it accepts, with the value suggested.

use super::Cli;
use crate::compare::noise::{self, Advice};
use clap::{CommandFactory, Parser};

/// The flags a sentence names: `-r 10`, `--tick 20ms`, `--budget`, each with
/// the value that follows it when there is one.
fn suggested(text: &str) -> Vec<(String, Option<String>)> {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "(),;:".contains(c)))
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let flag = w.strip_prefix('-').is_some_and(|r| {
            let r = r.strip_prefix('-').unwrap_or(r);
            r.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        });
        if !flag {
            continue;
        }
        let value = words
            .get(i + 1)
            .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
            .map(|v| v.to_string());
        out.push((w.to_string(), value));
    }
    out
}

/// A command line of `advice`'s command with `flag` (and its value).
fn line(advice: Advice, flag: &str, value: Option<&str>) -> Vec<String> {
    let mut v = vec!["conpar".to_string(), advice.command.to_string()];
    if advice.command == "run" {
        v.push("two-tasks".into());
    }
    v.push(flag.into());
    v.extend(value.map(str::to_string));
    if advice.command == "scale" {
        v.extend(["--".into(), "true".into()]);
    }
    v
}

fn accepts(advice: Advice, flag: &str, value: Option<&str>) -> Result<(), String> {
    let cmd = Cli::command();
    let sub = cmd
        .find_subcommand(advice.command)
        .ok_or_else(|| format!("no command {}", advice.command))?;
    let known = sub.get_arguments().any(|a| match flag.strip_prefix("--") {
        Some(long) => a.get_long() == Some(long),
        None => flag.strip_prefix('-').and_then(|s| s.chars().next()) == a.get_short(),
    });
    if !known {
        return Err(format!("`conpar {}` has no {flag}", advice.command));
    }
    if value.is_some() {
        Cli::try_parse_from(line(advice, flag, value)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[test]
fn every_suggested_flag_is_accepted_by_its_command() {
    for advice in [noise::RUN, noise::TOUR, noise::SCALE] {
        let texts: Vec<String> = noise::every_remedy(advice)
            .iter()
            .map(ToString::to_string)
            .collect();
        let flags: Vec<_> = texts.iter().flat_map(|t| suggested(t)).collect();
        assert!(
            flags.len() >= 3,
            "{} suggests too little: {texts:?}",
            advice.command
        );
        for (flag, value) in &flags {
            if let Err(e) = accepts(advice, flag, value.as_deref()) {
                panic!("`conpar {}` suggests {flag} {value:?}: {e}", advice.command);
            }
        }
    }
    // The tour suggests no --tick, which it does not take.
    let tour: Vec<String> = noise::every_remedy(noise::TOUR)
        .iter()
        .map(ToString::to_string)
        .collect();
    let tour = tour.join(" ");
    assert!(!tour.contains("--tick"), "{tour}");
    // The tour's "cannot tell" asks for more repetitions.
    assert!(accepts(noise::TOUR, "--repeat", Some("6")).is_ok());
}

#[test]
fn a_flag_the_command_lacks_is_caught() {
    assert!(accepts(noise::TOUR, "--tick", Some("20ms")).is_err());
    assert!(accepts(noise::TOUR, "-r", Some("100")).is_err());
    assert_eq!(
        suggested("try more repetitions (-r 10), a longer tick (--tick 20ms); raise --budget"),
        vec![
            ("-r".into(), Some("10".into())),
            ("--tick".into(), Some("20ms".into())),
            ("--budget".into(), None)
        ]
    );
}
