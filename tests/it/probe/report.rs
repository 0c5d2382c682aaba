//! The probe's renderers on stored documents: undefined figures, censored
//! latencies, the CSV's header and columns, every line below the tables
//! said once in every backend with a server's bytes escaped, the verdict's
//! tone from its typed finding, and `--color` colouring it or not.

use crate::probe::{probe_scripted, text};
use crate::real_work;
use conpar::report::probe::{self as report, columns::LEVEL, columns::STEP, open};
use conpar::results::probe::{Finding, Partial, ProbeDoc, RequestFailure};
use conpar::results::{Document, parse};
use conpar::table::{Block, Role, Tone};

fn doc(name: &str) -> ProbeDoc {
    let file = format!(
        "{}/tests/it/probe/data/report-{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    match parse(&file, &std::fs::read(&file).unwrap()).unwrap() {
        Document::Probe(d) => d,
        other => panic!("{file} is not a probe document: {other:?}"),
    }
}

/// The lines of `blocks`, as written before any backend escapes them.
fn lines(blocks: &[Block]) -> Vec<String> {
    let each = blocks.iter().filter_map(|b| match b {
        Block::Line(c) => Some(c.value.to_string()),
        _ => None,
    });
    each.collect()
}

/// The text a page shows: its tags dropped, its entities read.
fn visible(html: &str) -> String {
    let mut o = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => o.push(c),
            _ => {}
        }
    }
    let entities = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
    ];
    let o = entities.iter().fold(o, |o, (e, c)| o.replace(e, c));
    o.replace("&amp;", "&")
}

fn page(d: &ProbeDoc) -> String {
    conpar::report::html::build(&[("p".into(), Document::Probe(d.clone()))]).html
}

#[test]
fn an_empty_probe_csv_still_has_its_header_and_it_names_every_field() {
    let mut d = doc("analysed");
    let full = String::from_utf8(report::csv(&d).unwrap()).unwrap();
    let keys: Vec<&str> = LEVEL.iter().filter_map(|c| c.key).collect();
    for l in full.lines() {
        assert_eq!(l.split(',').count(), keys.len(), "{l}");
    }
    // The archetypes' predicted X is written beside each level.
    let serial = keys.iter().position(|k| *k == "serial_x").unwrap();
    let second: Vec<&str> = full.lines().nth(2).unwrap().split(',').collect();
    assert_eq!(second[serial], "200.0", "{full}");
    d.levels.clear();
    let empty = String::from_utf8(report::csv(&d).unwrap()).unwrap();
    assert_eq!(empty, format!("{}\n", keys.join(",")));
    assert_eq!(full.lines().next(), empty.lines().next());
}

#[test]
fn undefined_figures_are_dashes_not_nan() {
    let mut l = doc("level").levels[0].clone();
    (l.throughput, l.little) = (f64::NAN, f64::NAN);
    for x1 in [Some(0.0), Some(f64::NAN), None] {
        let r = report::row(&l, x1);
        assert!(!r.contains("NaN") && !r.contains("inf"), "{r}");
        assert!(r.contains('—'), "{r}");
    }
    let mut d = doc("level");
    d.levels[0] = l;
    (
        d.levels[0].timeouts,
        d.levels[0].unanswered,
        d.levels[0].censored,
    ) = (2, 2, 2);
    let o = conpar::table::html::table(&report::levels(&d)).into_string();
    assert!(!o.contains("NaN") && o.contains("<td>—</td>"), "{o}");
    assert!(o.contains("≥30.0ms"), "{o}");
}

#[test]
fn censored_latencies_are_marked_and_explained() {
    let mut d = doc("level");
    let l = &mut d.levels[0];
    (l.timeouts, l.unanswered, l.censored) = (3, 3, 3);
    let r = report::row(l, Some(50.0));
    assert!(r.contains("≥"), "{r}");
    let want = conpar::words::probe::TimedOut {
        n: 1,
        timeouts: 3,
        unanswered: 3,
        censored: 3,
        deadline_s: 10.0,
    };
    let said = lines(&report::below(&d));
    assert_eq!(said[1], want.to_string());
    assert_eq!(report::summary(&d).matches(&said[1]).count(), 1);
}

/// Every line below the levels, in every backend, exactly once: the
/// verdict is never said twice ("one core: one core:" was), and a server's
/// bytes are escaped for each output.
#[test]
fn each_backend_says_every_line_once() {
    let d = doc("analysed");
    let all = lines(&report::below(&d));
    assert!(all.len() >= 7, "{all:?}");
    let text = conpar::table::text::blocks(&report::blocks(&d));
    let md = conpar::report::markdown::render(&Document::Probe(d.clone()));
    let html = page(&d);
    let shown = visible(&html);
    for t in &all {
        let term = conpar::escape::terminal(t);
        assert_eq!(text.matches(&*term).count(), 1, "{t}\n{text}");
        assert_eq!(shown.matches(t.as_str()).count(), 1, "{t}\n{shown}");
    }
    assert!(
        !md.contains("reset <b>") && !html.contains("reset <b>"),
        "{md}"
    );
    assert!(!shown.contains("one core: one core"));
    assert_eq!(md.matches("What stops X").count(), 1, "{md}");
    assert_eq!(shown.matches("What stops X").count(), 1);
    // One column list: every heading in the text, Markdown and HTML.
    for h in LEVEL.iter().filter_map(|c| c.head) {
        assert!(text.contains(h) && shown.contains(h), "{h}");
        assert!(md.contains(&conpar::table::markdown::cell(h)), "{h}");
    }
}

#[test]
fn steps_show_both_latencies_findings_and_the_search() {
    let d = doc("open");
    let t = conpar::table::text::blocks(&open::blocks(&d));
    assert!(t.contains("missed p99") && t.contains("held"), "{t}");
    // p99 corrected 160ms beside uncorrected 40ms; max not measured.
    assert!(
        t.contains(" 160ms ") && t.contains(" 40.0ms ") && t.contains("—"),
        "{t}"
    );
    let said = lines(&open::below(&d));
    // The legend, two findings and the search's answer.
    assert_eq!(said.len(), 4, "{said:?}");
    let search = open::search(d.open.as_ref().unwrap()).unwrap().to_string();
    assert!(said[3].ends_with(&search), "{said:?}");
    let html = page(&d);
    let shown = visible(&html);
    for l in &said {
        assert_eq!(
            t.matches(&*conpar::escape::terminal(l)).count(),
            1,
            "{l}\n{t}"
        );
        assert_eq!(shown.matches(l.as_str()).count(), 1, "{l}\n{shown}");
    }
    assert!(html.contains("HTTP 503 &lt;b&gt;") && !html.contains("503 <b>"));
    assert!(html.contains("<td>missed p99</td>"), "{html}");
    assert!(html.contains("p99, uncorrected") && html.contains("objective p99"));
    assert!(!html.contains("NaN"));
}

#[test]
fn the_open_csv_has_a_column_for_every_field() {
    let csv = String::from_utf8(open::csv(&doc("open")).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    let width = STEP.iter().filter(|c| c.key.is_some()).count();
    for l in &lines {
        assert_eq!(l.split(',').count(), width, "{l}");
    }
    assert!(
        lines[0].starts_with("asked,achieved,repeat,scheduled"),
        "{}",
        lines[0]
    );
    assert!(lines[2].starts_with("200.0,200.0,0,100"), "{}", lines[2]);
    assert!(lines[2].contains(",0.16,0.16,,"), "{}", lines[2]);
}

/// The verdict's role and tone, from the typed finding and why the probe
/// is partial, never from its words.
#[test]
fn the_verdict_is_toned_by_its_finding() {
    let roles = |bs: Vec<Block>| {
        let roles = bs.iter().filter_map(|b| match b {
            Block::Line(c) => Some(c.role),
            _ => None,
        });
        roles
            .filter(|r| matches!(r, Role::Verdict(_)))
            .collect::<Vec<_>>()
    };
    let verdict = |d: &ProbeDoc| roles(report::below(d));
    let mut d = doc("analysed");
    assert_eq!(
        d.analysis.as_ref().unwrap().verdict.finding,
        Finding::OneCore
    );
    assert_eq!(verdict(&d), [Role::Verdict(Tone::Good)]);
    d.analysis.as_mut().unwrap().verdict.finding = Finding::CannotTell;
    assert_eq!(verdict(&d), [Role::Verdict(Tone::Unsure)]);
    d.partial = Some(Partial::ServerExited { pid: 7, n: 4 });
    assert_eq!(verdict(&d), [Role::Verdict(Tone::Bad)]);
    d.analysis = None;
    assert_eq!(verdict(&d), [Role::Verdict(Tone::Bad)]);
    let failed = RequestFailure::new(conpar::results::probe::FailureKind::Timeout, "");
    for (p, tone) in [
        (Partial::Interrupted { after_n: 2 }, Tone::Unsure),
        (
            Partial::LevelFailed {
                n: 2,
                failure: failed.clone(),
            },
            Tone::Bad,
        ),
        (
            Partial::StepFailed {
                rate: 9.0,
                failure: failed,
            },
            Tone::Bad,
        ),
    ] {
        assert_eq!(
            conpar::table::paint::probe_tone(Some(Finding::Parallel), Some(&p)),
            tone,
            "{p:?}"
        );
    }
    for f in [
        Finding::Serial,
        Finding::OneCore,
        Finding::Parallel,
        Finding::Concurrent,
    ] {
        assert_eq!(
            conpar::table::paint::probe_tone(Some(f), None),
            Tone::Good,
            "{f:?}"
        );
    }
    let mut o = doc("open");
    assert!(roles(open::below(&o)).is_empty());
    o.partial = Some(Partial::Interrupted { after_n: 1 });
    assert_eq!(roles(open::below(&o)), [Role::Verdict(Tone::Unsure)]);
}

/// `--color always` colours the verdict line (one level: cannot tell,
/// yellow); `--color never` writes no escape at all.
#[test]
fn the_verdict_line_is_coloured_only_when_asked() {
    let _real = real_work();
    for (colour, want) in [("always", true), ("never", false)] {
        let more = ["--color", colour];
        let (out, doc) = probe_scripted("threads-sleep", "1", ["300ms", "100ms"], &more);
        let t = text(&out);
        let finding = &doc.expect("a document")["analysis"]["verdict"]["finding"];
        assert_eq!(finding, "cannot-tell", "{t}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .find(|l| l.contains("verdict: cannot tell"))
            .expect(&t);
        assert_eq!(line.starts_with("\x1b[33mverdict:"), want, "{line:?}");
        assert_eq!(stdout.contains('\x1b'), want, "{stdout:?}");
    }
}
