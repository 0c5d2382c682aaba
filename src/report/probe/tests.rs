//! The probe's table and CSV: undefined figures, censored latencies, the header.

use super::*;
use crate::words::probe::TimedOut;
use columns::LEVEL;

#[test]
fn an_empty_probe_csv_still_has_its_header_and_it_names_every_field() {
    let mut d = crate::results::probe::tests::analysed_doc();
    let full = String::from_utf8(csv(&d).unwrap()).unwrap();
    let keys: Vec<&str> = LEVEL.iter().filter_map(|c| c.key).collect();
    for l in full.lines() {
        assert_eq!(l.split(',').count(), keys.len(), "{l}");
    }
    // The archetypes' predicted X is written beside each level.
    let serial = keys.iter().position(|k| *k == "serial_x").unwrap();
    let second: Vec<&str> = full.lines().nth(2).unwrap().split(',').collect();
    assert_eq!(second[serial], "200.0", "{full}");
    d.levels.clear();
    let empty = String::from_utf8(csv(&d).unwrap()).unwrap();
    assert_eq!(empty, format!("{}\n", keys.join(",")));
    assert_eq!(full.lines().next(), empty.lines().next());
}

#[test]
fn undefined_figures_are_dashes_not_nan() {
    let mut l = crate::results::probe::tests::doc().levels[0].clone();
    l.throughput = f64::NAN;
    l.little = f64::NAN;
    for x1 in [Some(0.0), Some(f64::NAN), None] {
        let r = row(&l, x1);
        assert!(!r.contains("NaN") && !r.contains("inf"), "{r}");
        assert!(r.contains('—'), "{r}");
    }
}

#[test]
fn censored_latencies_are_marked_and_explained() {
    let mut d = crate::results::probe::tests::doc();
    let l = &mut d.levels[0];
    (l.timeouts, l.unanswered, l.censored) = (3, 3, 3);
    let r = row(l, Some(50.0));
    assert!(r.contains("≥"), "{r}");
    let said = lines(&d).before[0].clone();
    let want = TimedOut {
        n: 1,
        timeouts: 3,
        unanswered: 3,
        censored: 3,
        deadline_s: 10.0,
    };
    assert_eq!(said, want.to_string());
    assert_eq!(summary(&d).matches(&said).count(), 1);
}

/// Every line below the levels, in every backend, exactly once: the
/// verdict is never said twice ("one core: one core:" was), and a server's
/// bytes are escaped for each output.
#[test]
fn each_backend_says_every_line_once() {
    let d = crate::results::probe::tests::analysed_doc();
    let l = lines(&d);
    let all: Vec<&String> = l
        .before
        .iter()
        .chain(&l.usl)
        .chain(&l.verdict)
        .chain(&l.partial)
        .collect();
    assert!(all.len() >= 6, "{all:?}");
    let text = table(&d);
    let doc = crate::results::Document::Probe(d.clone());
    let md = crate::report::markdown::render(&doc);
    let html = crate::report::html::build(&[("p".into(), doc)]).html;
    let page = visible(&html);
    for t in &all {
        let t: &str = t;
        assert_eq!(
            text.matches(&*crate::escape::terminal(t)).count(),
            1,
            "{t}\n{text}"
        );
        assert_eq!(page.matches(t).count(), 1, "{t}\n{page}");
    }
    assert!(
        !md.contains("reset <b>") && !html.contains("reset <b>"),
        "{md}"
    );
    let v = &l.verdict[0];
    assert!(!v.contains("one core: one core"), "{v}");
    assert!(!page.contains("one core: one core"));
    assert_eq!(md.matches("What stops X").count(), 1, "{md}");
    assert_eq!(page.matches("What stops X").count(), 1);
    // One column list: every heading in the text, Markdown and HTML.
    for h in LEVEL.iter().filter_map(|c| c.head) {
        assert!(text.contains(h), "{h}");
        assert!(page.contains(h), "{h}");
        let md_h = crate::table::markdown::cell(h);
        assert!(md.contains(&md_h), "{h}");
    }
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
    o.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
