//! `conpar model`'s table, CSV, terminal sweep and one schedule's figures.

use conpar::findings::model::Schedule;
use conpar::model::{Discipline, IoMode, Machine, analyze};
use conpar::report::model::{csv, host_table, table, workload_text};
use conpar::results::model::ModelRun;
use conpar::table::Value;

fn analyses(name: &str, cores: &[usize]) -> Vec<conpar::model::Analysis> {
    let w = conpar::workload::builtin(name).unwrap().unwrap();
    cores
        .iter()
        .map(|&p| {
            let m = Machine {
                cores: p,
                discipline: Discipline::List,
                io: IoMode::Blocking,
            };
            analyze(&w, &m).unwrap()
        })
        .collect()
}

fn runs(cores: &[usize]) -> Vec<ModelRun> {
    analyses("amdahl-10", cores)
        .into_iter()
        .map(ModelRun::from)
        .collect()
}

#[test]
fn one_row_per_schedule_and_the_csv_keeps_its_columns() {
    let r = runs(&[1, 2, 4]);
    let t = table(&r);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[2][6].value, Value::Count(r[2].wall_ticks));
    let csv = String::from_utf8(csv(&r).unwrap()).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        "workload,cores,discipline,quantum,io,serial_ticks,wall_ticks,speedup,utilization,\
         useful_core_ticks,idle_core_ticks,blocked_core_ticks,amdahl_speedup,amdahl_ceiling"
    );
    assert!(host_table(&r).is_none());
}

#[test]
fn the_sweep_leaves_what_its_heading_says_to_the_heading() {
    let text = workload_text(&runs(&[1, 2]), 80, "");
    let head = text.lines().nth(2).unwrap();
    assert!(
        head.starts_with("cores") && !head.contains("workload"),
        "{text}"
    );
    assert!(text.contains('█'));
}

#[test]
fn one_schedule_shows_its_chart_and_its_figures_carry_the_runs_numbers() {
    let a = &analyses("two-tasks", &[2])[0];
    let run = ModelRun::from(a.clone());
    let text = workload_text(std::slice::from_ref(&run), 60, "two tasks");
    assert!(text.starts_with("two-tasks — two tasks\n"), "{text}");
    let chart = conpar::chart::terminal::render(&a.timeline, 60);
    assert!(text.contains(&chart), "{text}");
    let s = Schedule::from(&run);
    assert!(text.contains(&s.to_string()), "{text}");
    let m = &a.metrics;
    assert_eq!((s.serial, s.wall, s.cores), (m.serial, m.wall, 2));
    assert_eq!((s.useful, s.idle, s.blocked), (m.useful, m.idle, m.blocked));
    assert_eq!(
        (s.lower_bound, s.upper_bound),
        (a.lower_bound, a.upper_bound)
    );
    let laws = s.laws.expect("two-tasks has CPU work");
    assert_eq!(laws.amdahl, a.amdahl_speedup);
    assert_eq!(laws.gustafson, a.gustafson_speedup);
    // Only I/O: no serial time, so no laws.
    let io = ModelRun {
        serial_ticks: 0,
        ..run
    };
    assert_eq!(Schedule::from(&io).laws, None);
}

#[test]
fn the_speedup_bar_scales_to_its_full_width_and_marks_the_law() {
    use conpar::chart::terminal::bar;
    assert_eq!(bar(1.0, 2.0, 4.0, 8), "██ │    ");
    assert_eq!(bar(4.0, 2.0, 4.0, 8), "███┃████");
    assert_eq!(bar(9.0, 0.0, 4.0, 8), "████████");
}
