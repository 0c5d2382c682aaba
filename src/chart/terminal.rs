//! Terminal Gantt charts: one row per core, one cell per tick (or per group of
//! ticks when the schedule is wider than the chart), one letter per task.
//! `~` marks a core blocked on I/O and `.` an idle core. Pure: timeline in,
//! text out.

use crate::timeline::{State, Timeline, Unit};
use std::fmt::Write;

/// Mark for a blocked cell.
pub const BLOCKED: char = '~';
/// Mark for an idle cell.
pub const IDLE: char = '.';
/// Mark for a serial phase (the model's `(serial before)` and `(serial after)`).
pub const SERIAL: char = '=';
/// Rows drawn before the rest of the cores are summarised.
const MAX_ROWS: usize = 32;
/// Symbols given to tasks, in task order, when names are longer than one letter.
const SYMBOLS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// One symbol per task: the names themselves when each is a single distinct
/// character, otherwise A–Z, a–z, 0–9 in task order and `#` beyond that.
pub fn symbols(t: &Timeline) -> Vec<char> {
    let mut sym = task_symbols(t);
    for (s, name) in sym.iter_mut().zip(&t.tasks) {
        if name.starts_with("(serial") {
            *s = SERIAL;
        }
    }
    sym
}

fn task_symbols(t: &Timeline) -> Vec<char> {
    let single: Vec<char> = t
        .tasks
        .iter()
        .filter_map(|n| {
            let mut c = n.chars();
            match (c.next(), c.next()) {
                (Some(ch), None) if ch != BLOCKED && ch != IDLE => Some(ch),
                _ => None,
            }
        })
        .collect();
    let mut distinct = single.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if single.len() == t.tasks.len() && distinct.len() == single.len() {
        return single;
    }
    (0..t.tasks.len())
        .map(|i| SYMBOLS.chars().nth(i).unwrap_or('#'))
        .collect()
}

/// Mark for a cell shared by several tasks, none holding it half the time.
pub const MIXED: char = '*';

/// The cells of one core: each cell shows what held the core at least half of
/// it, `*` when it was busy but shared, `.` when it was mostly idle.
fn row(t: &Timeline, core: u32, cell: u64, cells: usize, sym: &[char]) -> String {
    // Per cell: the longest single holder, and the total busy time.
    let mut best: Vec<(char, u64, u64)> = vec![(IDLE, 0, 0); cells];
    for s in t.core_slices(core) {
        let ch = if s.state == State::Blocked {
            BLOCKED
        } else {
            sym[s.task as usize]
        };
        let first = (s.start / cell) as usize;
        let last = ((s.end - 1) / cell) as usize;
        for (i, b) in best
            .iter_mut()
            .enumerate()
            .take(last.min(cells - 1) + 1)
            .skip(first)
        {
            let lo = s.start.max(i as u64 * cell);
            let hi = s.end.min((i as u64 + 1) * cell);
            b.2 += hi - lo;
            if hi - lo > b.1 {
                b.0 = ch;
                b.1 = hi - lo;
            }
        }
    }
    let wall = t.wall();
    best.iter()
        .enumerate()
        .map(|(i, &(ch, longest, busy))| {
            let half = cell.min(wall.saturating_sub(i as u64 * cell)).max(1);
            if longest * 2 >= half {
                ch
            } else if busy * 2 >= half {
                MIXED
            } else {
                IDLE
            }
        })
        .collect()
}

/// Draws `t` at most `width` cells wide.
pub fn render(t: &Timeline, width: usize) -> String {
    let wall = t.wall();
    if wall == 0 {
        return "(empty schedule)\n".into();
    }
    let cell = wall.div_ceil(width.max(10) as u64);
    render_cells(t, cell, wall.div_ceil(cell) as usize)
}

/// Two timelines drawn on one scale of at most `width` cells (10 at
/// least): the time units per cell and each drawing.
pub fn pair(a: &Timeline, b: &Timeline, width: usize) -> (u64, String, String) {
    let wall = a.wall().max(b.wall()).max(1);
    let cell = wall.div_ceil(width.max(10) as u64);
    let cells = wall.div_ceil(cell) as usize;
    (
        cell,
        render_cells(a, cell, cells),
        render_cells(b, cell, cells),
    )
}

/// Draws `t` with `cell` time units per cell and `cells` cells, so that two
/// timelines can share a scale.
pub fn render_cells(t: &Timeline, cell: u64, cells: usize) -> String {
    let mut out = String::new();
    let cell = cell.max(1);
    let cells = cells.max(1);
    let sym = symbols(t);
    let unit = match t.unit {
        Unit::Ticks => "tick",
        Unit::Nanos => "ns",
    };
    let label_w = format!("core {}", t.cores.saturating_sub(1)).len();
    // A ruler every 10 cells, labelled with the time at that cell.
    let mut ruler = String::new();
    let mut i = 0;
    while i < cells {
        let label = match t.unit {
            Unit::Ticks => (i as u64 * cell).to_string(),
            Unit::Nanos => crate::units::Nanos((i as u64 * cell) as f64).to_string(),
        };
        if ruler.chars().count() <= i {
            ruler.push_str(&" ".repeat(i - ruler.chars().count()));
            ruler.push_str(&label);
        }
        i += 10;
    }
    let _ = writeln!(out, "{:label_w$}  {ruler}", "");
    let rows = t.cores.min(MAX_ROWS);
    for core in 0..rows {
        let _ = writeln!(
            out,
            "{:<label_w$} |{}|",
            format!("core {core}"),
            row(t, core as u32, cell, cells, &sym)
        );
    }
    if t.cores > rows {
        let _ = writeln!(out, "… {} more cores not drawn", t.cores - rows);
    }
    let scale = match (cell, t.unit) {
        (1, Unit::Ticks) => format!("1 cell = 1 {unit}"),
        (_, Unit::Nanos) => format!(
            "1 cell = {} (what held the core at least half of it; {MIXED} several tasks)",
            crate::units::Nanos(cell as f64)
        ),
        _ => format!(
            "1 cell = {cell} {unit}s (what held the core at least half of it; {MIXED} several tasks)"
        ),
    };
    let serial = if sym.contains(&SERIAL) {
        format!(", {SERIAL} serial phase")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{scale}; {BLOCKED} blocked on I/O, {IDLE} idle{serial}"
    );
    let named: Vec<String> = t
        .tasks
        .iter()
        .zip(&sym)
        .filter(|(n, s)| **s != SERIAL && (n.chars().count() != 1 || !n.starts_with(**s)))
        .take(12)
        .map(|(n, s)| format!("{s} = {n}"))
        .collect();
    if !named.is_empty() {
        let more = if t.tasks.len() > 12 && named.len() == 12 {
            ", …"
        } else {
            ""
        };
        let _ = writeln!(out, "{}{more}", named.join(", "));
    }
    out
}

/// A horizontal bar of `value`, `cells` wide for `full`, with `│` at `mark`
/// (`┃` where the bar covers it): a speedup beside the law's.
pub fn bar(value: f64, mark: f64, full: f64, cells: usize) -> String {
    let len = |x: f64| ((x / full) * cells as f64).round().clamp(0.0, cells as f64) as usize;
    let (b, a) = (len(value), len(mark));
    let mut bar: Vec<char> = std::iter::repeat_n('█', b).collect();
    bar.resize(cells, ' ');
    if a > 0 {
        bar[a - 1] = if a <= b { '┃' } else { '│' };
    }
    bar.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Slice;

    fn tl(cores: usize, tasks: &[&str], slices: &[(u32, u32, u64, u64, State)]) -> Timeline {
        Timeline {
            unit: Unit::Ticks,
            cores,
            tasks: tasks.iter().map(|s| s.to_string()).collect(),
            finish: 0,
            slices: slices
                .iter()
                .map(|&(task, core, start, end, state)| Slice {
                    task,
                    core,
                    start,
                    end,
                    state,
                    work: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn compresses_wide_schedules() {
        let t = tl(
            1,
            &["A", "B"],
            &[
                (0, 0, 0, 600, State::Run),
                (1, 0, 600, 1000, State::Blocked),
            ],
        );
        let g = render(&t, 10);
        assert!(g.contains("|AAAAAA~~~~|"), "{g}");
        assert!(g.contains("1 cell = 100 ticks"), "{g}");
    }

    #[test]
    fn long_names_get_symbols_and_a_legend() {
        let t = tl(
            2,
            &["alpha", "beta"],
            &[(0, 0, 0, 2, State::Run), (1, 1, 0, 1, State::Run)],
        );
        let g = render(&t, 80);
        assert!(
            g.contains("core 0 |AA|") && g.contains("core 1 |B.|"),
            "{g}"
        );
        assert!(g.contains("A = alpha, B = beta"), "{g}");
    }
}
