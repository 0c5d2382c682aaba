//! The charts' own tests: every coordinate finite, whatever the data.

use super::*;

#[test]
fn charts_are_svg_with_their_data() {
    let s = Series {
        name: "rayon <host>".into(),
        color: PALETTE[0].into(),
        points: vec![(1.0, 1.0), (2.0, 1.9), (4.0, 3.1)],
        range: Some(vec![(0.9, 1.1), (1.8, 2.0), (3.0, 3.2)]),
        hollow: vec![false, false, true],
        dashed: false,
        markers: true,
        fit_y: true,
    };
    let svg = line_chart("speedup", "cores", "speedup", &[s]);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<circle").count(), 3);
    assert_eq!(svg.matches(r#"class="projected""#).count(), 1);
    // The segment out to the projection is dashed, apart from the
    // measured line.
    assert_eq!(svg.matches(r#"class="projected-line""#).count(), 1);
    assert_eq!(svg.matches(r#"class="range""#).count(), 3);
    assert!(svg.contains("rayon &lt;host&gt;"));
    let b = stacked_bars(
        "loss",
        &["a".into()],
        &[("useful", "#000"), ("idle", "#999")],
        &[vec![3.0, 1.0]],
    );
    assert!(b.contains("useful 75.0%"));
}

#[test]
fn extreme_numbers_are_drawn_finite() {
    let s = Series {
        name: "x".into(),
        color: PALETTE[0].into(),
        points: vec![(1.0, 1.0), (2.0, 1.7e308), (f64::MAX, f64::NAN)],
        range: Some(vec![(0.0, f64::NAN), (-1.7e308, 1.7e308), (0.0, 1.0)]),
        hollow: vec![],
        dashed: false,
        markers: true,
        fit_y: true,
    };
    let series = [("a", "#000", vec![1.7e308, f64::NAN, -5.0])];
    let cats = ["p".to_string(), "q".into(), "r".into()];
    let parts = [("useful", "#000"), ("idle", "#999")];
    for svg in [
        line_chart("t", "x", "y", std::slice::from_ref(&s)),
        grouped_bars("t", "s", &cats, &series),
        stacked_bars("t", &cats[..1], &parts, &[vec![1.7e308, 1.7e308]]),
    ] {
        for bad in ["inf", "NaN", "=\"-"] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
    }
    assert_eq!(fmt_tick(u64::MAX as f64), "1.84e19");
    assert_eq!(fmt_tick(f64::NAN), "—");
}
