//! The Gantt chart in SVG: one row per core, one bar per slice, tasks in
//! colours apart from the loss chart's status colours, a task legend and a
//! labelled time axis. Pure.

use super::{T, W, esc, fin, fmt_tick};
use crate::timeline::{State, Timeline};
use std::fmt::Write;

/// A Gantt chart: one row per core, one rectangle per slice, coloured by task;
/// blocked slices are grey. `scale_end` fixes the time axis (to share it).
pub fn gantt(title: &str, t: &Timeline, scale_end: u64, unit_label: &str) -> String {
    let rows = t.cores.min(32);
    let row_h = 20.0;
    let legend: Vec<usize> = (0..t.tasks.len().min(MAX_LEGEND_TASKS)).collect();
    let legend_rows = legend.len().div_ceil(4) + usize::from(t.tasks.len() > MAX_LEGEND_TASKS);
    let h = T + 10.0 + row_h * rows as f64 + 30.0 + 18.0 * legend_rows as f64;
    let (lw, pw) = (60.0, W - 60.0 - 20.0);
    let end = scale_end.max(t.wall()).max(1) as f64;
    let time = |v: f64| {
        if unit_label == "ns" {
            crate::units::Nanos(v).to_string()
        } else {
            format!("{} {unit_label}", fmt_tick(v))
        }
    };
    let mut o = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-family="sans-serif" font-size="12"><rect width="{W}" height="{h}" fill="#fff"/><text x="10" y="20" font-size="14" font-weight="bold">{}</text>"##,
        esc(title)
    );
    for c in 0..rows {
        let y = T + row_h * c as f64;
        let _ = write!(
            o,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">core {c}</text><rect x="{lw}" y="{y:.1}" width="{pw}" height="{:.1}" fill="#f4f4f4"/>"##,
            lw - 6.0,
            y + 14.0,
            row_h - 4.0
        );
    }
    for s in t.slices.iter().filter(|s| (s.core as usize) < rows) {
        let x = fin(lw + pw * (s.start as f64 / end));
        let w = fin((pw * (s.end.saturating_sub(s.start) as f64 / end)).max(0.5));
        let y = T + row_h * s.core as f64;
        let blocked = s.state == State::Blocked;
        let color = if blocked {
            BLOCKED_GREY
        } else {
            task_colour(s.task as usize)
        };
        let _ = write!(
            o,
            r##"<rect class="slice" x="{x:.2}" y="{y:.1}" width="{w:.2}" height="{:.1}" fill="{color}" stroke="#fff" stroke-width="0.3"><title>{} {} {}–{}</title></rect>"##,
            row_h - 4.0,
            esc(t.tasks.get(s.task as usize).map_or("?", String::as_str)),
            if blocked { "blocked" } else { "runs" },
            esc(&time(s.start as f64)),
            esc(&time(s.end as f64))
        );
    }
    let y = T + row_h * rows as f64 + 16.0;
    for i in 0..=4 {
        let v = end * f64::from(i) / 4.0;
        let anchor = match i {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
            lw + pw * f64::from(i) / 4.0,
            esc(&time(v))
        );
    }
    task_legend(&mut o, t, &legend, y + 18.0);
    o.push_str("</svg>");
    o
}

/// Most tasks the Gantt legend names; the rest are counted.
const MAX_LEGEND_TASKS: usize = 16;

/// Blocked slices: grey, apart from every task colour.
const BLOCKED_GREY: &str = "#9a9a9a";

/// Task colours, apart from the loss chart's status colours (Tableau 10).
const TASK_PALETTE: [&str; 8] = [
    "#4E79A7", "#F28E2B", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F",
];

fn task_colour(task: usize) -> &'static str {
    TASK_PALETTE[task % TASK_PALETTE.len()]
}

fn task_legend(o: &mut String, t: &Timeline, shown: &[usize], top: f64) {
    for (k, &task) in shown.iter().enumerate() {
        let (x, y) = (60.0 + 140.0 * (k % 4) as f64, top + 18.0 * (k / 4) as f64);
        let _ = write!(
            o,
            r#"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            y - 10.0,
            task_colour(task),
            x + 16.0,
            y,
            esc(&t.tasks[task].chars().take(16).collect::<String>())
        );
    }
    if t.tasks.len() > shown.len() {
        let y = top + 18.0 * shown.len().div_ceil(4) as f64;
        let _ = write!(
            o,
            r#"<text x="60" y="{y:.1}">… and {} more tasks (colours repeat); grey: blocked on I/O</text>"#,
            t.tasks.len() - shown.len()
        );
    }
}
