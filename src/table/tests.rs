use super::*;

fn sample() -> Table {
    let mut t = Table::new(
        "costs",
        vec![
            Column::new("what", "what"),
            Column::spread(
                "wall (median [min–max])",
                ["wall_median_s", "wall_min_s", "wall_max_s"],
            ),
            Column::new("error", "error"),
            Column::csv_only("n"),
            Column::people("verdict"),
        ],
    );
    t.row(vec![
        Cell::label("=cmd|x<b>"),
        Cell::measured(Value::Spread {
            median: 0.2,
            lo: 0.1,
            hi: 0.3,
            unit: Unit::Secs,
        }),
        Cell::predicted(Value::error(0.125)),
        Cell::measured(Value::count(3usize)),
        Cell::verdict("holds", Some(Tone::Good)),
    ]);
    t.row(vec![
        Cell::label("b"),
        Cell::measured(Value::Absent("not measured")),
        Cell::predicted(Value::error(f64::NAN)),
    ]);
    t
}

#[test]
fn csv_writes_keys_raw_numbers_and_guarded_text() {
    let csv = String::from_utf8(csv::table(&sample()).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "what,wall_median_s,wall_min_s,wall_max_s,error,n");
    assert_eq!(lines[1], "'=cmd|x<b>,0.2,0.1,0.3,0.125,3");
    assert_eq!(lines[2], "b,,,,,");
}

#[test]
fn text_aligns_columns_and_marks_only_verdicts() {
    let t = text::table(&sample());
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines[0], "costs:");
    assert!(lines[1].starts_with("what "), "{t}");
    // The spread ends under the heading's right edge; the verdict is marked.
    let plain = crate::table::paint::apply(&t, false);
    let rows: Vec<&str> = plain.lines().collect();
    assert_eq!(
        rows[1].find("error").map(|i| i + 5),
        rows[2].find("+12.5%").map(|i| i + 6)
    );
    assert_eq!(t.matches(crate::escape::PAINT_MARKS[0]).count(), 1);
    assert!(!rows[2].contains(" 3 "), "CSV-only column shown: {t}");
    assert!(rows[3].contains("not measured") && rows[3].contains('—'));
}

#[test]
fn markdown_and_html_escape_and_class_by_role() {
    let md = markdown::table(&sample());
    assert!(md.contains("\\|x\\<b\\>"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 4);
    let h = html::table(&sample()).into_string();
    assert!(h.contains("=cmd|x&lt;b&gt;"), "{h}");
    assert!(h.contains(r#"<td class="holds">holds</td>"#), "{h}");
    assert_eq!(h.matches("<tr>").count(), 3);
}

#[test]
fn html_shows_at_most_max_rows() {
    let mut t = Table::new("", vec![Column::new("n", "n")]);
    for i in 0..html::MAX_ROWS + 7 {
        t.row(vec![Cell::measured(Value::count(i))]);
    }
    let h = html::table(&t).into_string();
    assert_eq!(h.matches("<tr>").count(), html::MAX_ROWS + 1);
    assert!(h.contains("7 more rows not shown"));
}
