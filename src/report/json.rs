//! JSON shapes of results. The keys are a contract: scripts read them.

use crate::model::Analysis;
use crate::timeline::Timeline;
use serde::Serialize;
use serde_json::{Value, json};

/// A float that JSON can hold: infinities and NaN become `null`.
pub fn finite(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// `timeline` as a list of `{task, core, start, end, state}` with task names.
pub fn timeline(t: &Timeline) -> Value {
    #[derive(Serialize)]
    struct S<'a> {
        task: &'a str,
        core: u32,
        start: u64,
        end: u64,
        state: crate::timeline::State,
    }
    let mut slices: Vec<_> = t.slices.iter().collect();
    slices.sort_by_key(|s| (s.start, s.core));
    json!(
        slices
            .iter()
            .map(|s| S {
                task: &t.tasks[s.task as usize],
                core: s.core,
                start: s.start,
                end: s.end,
                state: s.state,
            })
            .collect::<Vec<_>>()
    )
}

/// One model run: `workload`, `cores`, `discipline`, `quantum`, `io`,
/// `serial_ticks`, `wall_ticks`, `speedup`, `utilization`, `useful_core_ticks`,
/// `idle_core_ticks`, `blocked_core_ticks`, `serial_fraction`, `amdahl_speedup`,
/// `amdahl_ceiling` (null when infinite), `gustafson_speedup`, `work_ticks`,
/// `span_ticks`, `bounds` (`lower`, `upper`) and `timeline`.
pub fn model(a: &Analysis) -> Value {
    let m = &a.metrics;
    json!({
        "workload": a.workload,
        "cores": a.machine.cores,
        "discipline": a.machine.discipline.name(),
        "quantum": a.quantum(),
        "io": a.machine.io.name(),
        "serial_ticks": m.serial,
        "wall_ticks": m.wall,
        "speedup": finite(m.speedup),
        "utilization": finite(m.utilization),
        "useful_core_ticks": m.useful,
        "idle_core_ticks": m.idle,
        "blocked_core_ticks": m.blocked,
        "serial_fraction": a.serial_fraction,
        "amdahl_speedup": finite(a.amdahl_speedup),
        "amdahl_ceiling": finite(a.amdahl_ceiling),
        "gustafson_speedup": finite(a.gustafson_speedup),
        "work_ticks": a.work,
        "span_ticks": a.span,
        "bounds": { "lower": a.lower_bound, "upper": a.upper_bound },
        "timeline": timeline(&a.timeline),
    })
}

/// Model runs as CSV with a header, one line per run.
pub fn model_csv(runs: &[Analysis]) -> String {
    let mut o = String::from(
        "workload,cores,discipline,quantum,io,serial_ticks,wall_ticks,speedup,utilization,useful_core_ticks,idle_core_ticks,blocked_core_ticks,amdahl_speedup,amdahl_ceiling\n",
    );
    for a in runs {
        let m = &a.metrics;
        o.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            a.workload,
            a.machine.cores,
            a.machine.discipline.name(),
            a.quantum().map_or(String::new(), |q| q.to_string()),
            a.machine.io.name(),
            m.serial,
            m.wall,
            m.speedup,
            m.utilization,
            m.useful,
            m.idle,
            m.blocked,
            a.amdahl_speedup,
            if a.amdahl_ceiling.is_finite() {
                a.amdahl_ceiling.to_string()
            } else {
                String::new()
            }
        ));
    }
    o
}
