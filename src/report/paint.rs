//! Terminal colour for tables already rendered: verdict words, and
//! prediction errors beyond ±10 %. Pure; whether to colour at all is the
//! caller's choice.

/// `text` with verdict words coloured: green holds, red differs or error.
pub fn verdicts(text: &str) -> String {
    let (green, red, reset) = ("\x1b[32m", "\x1b[31m", "\x1b[0m");
    text.lines()
        .map(|line| {
            let line = line
                .replace(" holds", &format!(" {green}holds{reset}"))
                .replace("DIFFERS", &format!("{red}DIFFERS{reset}"))
                .replace(" differs", &format!(" {red}differs{reset}"));
            if line.trim_end().ends_with(" error") {
                format!(
                    "{}{red}error{reset}",
                    line.trim_end().trim_end_matches("error")
                )
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// `text` with prediction errors beyond ±10 % (and beyond the noise: a `~`
/// marks those within it) in red.
pub fn errors(text: &str) -> String {
    let large = |t: &str| {
        t.strip_suffix('%')
            .filter(|n| n.starts_with(['+', '-']))
            .and_then(|n| n.parse::<f64>().ok())
            .is_some_and(|x| x.abs() > 10.0)
    };
    text.split_inclusive([' ', '\n'])
        .map(|t| {
            let word = t.trim_end();
            if large(word) {
                format!("\x1b[31m{word}\x1b[0m{}", &t[word.len()..])
            } else {
                t.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_errors_and_verdicts_are_coloured() {
        let table = "rayon 2 30ms +42.0% ~+12.0% -3.1% -15.5%\nclaim holds\nother DIFFERS\n";
        let e = errors(table);
        assert!(e.contains("\x1b[31m+42.0%\x1b[0m") && e.contains("\x1b[31m-15.5%\x1b[0m"));
        assert!(e.contains(" ~+12.0% ") && e.contains(" -3.1% "), "{e}");
        let v = verdicts(table);
        assert!(v.contains("\x1b[32mholds") && v.contains("\x1b[31mDIFFERS"));
    }
}
