//! The HTML report: one self-contained page (inline SVG and CSS, nothing
//! fetched) built from result files of `conpar run`, `conpar io`,
//! `conpar scale` and `conpar tour`. Files from several hosts merge: each host
//! is its own series. Pure: JSON in, markup out.

use super::svg::{PALETTE, Series, esc, gantt, grouped_bars, line_chart, stacked_bars};
use crate::compare::scaling::analyze;
use crate::model::amdahl;
use crate::timeline::{Slice, State, Timeline, Unit};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A built report: the page and each chart as its own SVG file.
#[derive(Debug, Clone)]
pub struct Built {
    /// The self-contained page.
    pub html: String,
    /// (file name, SVG) for every chart on the page.
    pub charts: Vec<(String, String)>,
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn host_label(doc: &Value) -> String {
    let h = &doc["host"];
    let name = h["hostname"].as_str().unwrap_or("unknown host");
    match h["allowed_cpus"].as_array() {
        Some(c) => format!("{name} ({} CPUs)", c.len()),
        None => name.to_string(),
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn timeline_of(v: &Value) -> Option<Timeline> {
    let tasks: Vec<String> = v["tasks"]
        .as_array()?
        .iter()
        .map(|t| t.as_str().unwrap_or("?").to_string())
        .collect();
    let slices = v["slices"]
        .as_array()?
        .iter()
        .filter_map(|s| {
            let a = s.as_array()?;
            Some(Slice {
                task: a.first()?.as_u64()? as u32,
                core: a.get(1)?.as_u64()? as u32,
                start: a.get(2)?.as_u64()?,
                end: a.get(3)?.as_u64()?,
                state: if a.get(4)?.as_u64()? == 1 {
                    State::Blocked
                } else {
                    State::Run
                },
                work: 0,
            })
        })
        .filter(|s| (s.task as usize) < tasks.len())
        .collect();
    Some(Timeline {
        unit: Unit::Nanos,
        cores: v["cores"].as_u64()? as usize,
        tasks,
        finish: v["finish"].as_u64().unwrap_or(0),
        slices,
    })
}

/// Documents of one kind, each with its host label.
type Labelled<'a> = Vec<(String, &'a Value)>;

/// Splits documents (and arrays of them) by kind: runs, I/O, scale, tour.
fn classify(docs: &[(String, Value)]) -> (Labelled<'_>, Labelled<'_>, Labelled<'_>, Labelled<'_>) {
    let (mut runs, mut ios, mut scales, mut tours) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut flat: Vec<(&str, &Value)> = Vec::new();
    for (name, d) in docs {
        match d.as_array() {
            Some(a) => flat.extend(a.iter().map(|d| (name.as_str(), d))),
            None => flat.push((name.as_str(), d)),
        }
    }
    for (file, d) in flat {
        // Two files from one host for the same workload stay apart.
        let mut label = host_label(d);
        if d.get("workload").is_some()
            && runs
                .iter()
                .any(|(l, r): &(String, &Value)| *l == label && r["workload"] == d["workload"])
        {
            label = format!("{label}, {file}");
        }
        if d.get("claims").is_some() {
            tours.push((label, d));
        } else if d.get("command").is_some() && d.get("fit").is_some() {
            scales.push((label, d));
        } else if d["rows"].get(0).is_some_and(|r| r.get("client").is_some()) {
            ios.push((label, d));
        } else if d.get("workload").is_some() && d.get("rows").is_some() {
            runs.push((label, d));
        }
    }
    (runs, ios, scales, tours)
}

fn scaling_table(o: &mut String, rows: &[(String, Vec<(usize, f64)>)]) {
    o.push_str("<table><tr><th>series</th><th>speedup by cores (measured)</th><th>Karp–Flatt e</th><th>Amdahl s (fit)</th><th>USL σ, κ (fit)</th><th>stops paying</th></tr>");
    for (name, pts) in rows {
        let a = analyze(pts, &[]);
        let measured: Vec<String> = a
            .points
            .iter()
            .map(|p| format!("{}: {:.2}×", p.cores, p.speedup))
            .collect();
        let kf: Vec<String> = a
            .points
            .iter()
            .filter_map(|p| p.karp_flatt.map(|e| format!("{}: {e:.3}", p.cores)))
            .collect();
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(name),
            measured.join(", "),
            if kf.is_empty() {
                "—".into()
            } else {
                kf.join(", ")
            },
            a.amdahl_serial_fraction
                .as_ref()
                .map_or_else(|e| esc(e), |s| format!("{s:.3}")),
            a.usl.as_ref().map_or_else(
                |_| format!(
                    "needs 3 or more core counts (got {})",
                    a.points.iter().filter(|p| p.measured).count()
                ),
                |u| format!(
                    "σ = {:.3}, κ = {:.4} (R² {:.3})",
                    u.sigma, u.kappa, u.r_squared
                )
            ),
            a.stops_paying.map_or("—".into(), |p| format!(
                "beyond {p} core{}",
                if p == 1 { "" } else { "s" }
            ))
        );
    }
    o.push_str("</table>");
}

fn speedup_series(name: &str, color: &str, pts: &[(usize, f64, f64, f64)]) -> Series {
    let measured: Vec<(usize, f64)> = pts.iter().map(|p| (p.0, p.1)).collect();
    let top = measured.iter().map(|p| p.0).max().unwrap_or(1);
    let a = analyze(&measured, &[top * 2, top * 4]);
    let mut points: Vec<(f64, f64)> = pts.iter().map(|p| (p.0 as f64, p.1)).collect();
    let mut range: Vec<(f64, f64)> = pts.iter().map(|p| (p.2, p.3)).collect();
    let mut hollow = vec![false; points.len()];
    for p in a.points.iter().filter(|p| !p.measured) {
        points.push((p.cores as f64, p.speedup));
        range.push((p.speedup, p.speedup));
        hollow.push(true);
    }
    Series {
        name: name.into(),
        color: color.into(),
        points,
        range: Some(range),
        hollow,
        dashed: false,
        markers: true,
    }
}

fn runs_section(o: &mut String, charts: &mut Vec<(String, String)>, runs: &[(String, &Value)]) {
    let mut by_workload: BTreeMap<String, Vec<&(String, &Value)>> = BTreeMap::new();
    for r in runs {
        by_workload
            .entry(r.1["workload"].as_str().unwrap_or("?").to_string())
            .or_default()
            .push(r);
    }
    for (workload, docs) in by_workload {
        let _ = write!(o, "<h2>{} — speedup against cores</h2>", esc(&workload));
        let mut series = Vec::new();
        let mut table = Vec::new();
        let mut xmax = 1usize;
        for (host, d) in &docs {
            let mut by_strategy: BTreeMap<String, Vec<(usize, f64, f64, f64)>> = BTreeMap::new();
            for r in d["rows"].as_array().into_iter().flatten() {
                let (p, serial) = (r["cores"].as_u64().unwrap_or(1) as usize, f(&r["serial_s"]));
                let w = &r["measured"]["wall_s"];
                let serial = if serial.is_finite() {
                    serial
                } else {
                    f(&d["serial_wall_s"])
                };
                by_strategy
                    .entry(r["strategy"].as_str().unwrap_or("?").to_string())
                    .or_default()
                    .push((
                        p,
                        f(&r["measured"]["speedup"]),
                        serial / f(&w["max"]),
                        serial / f(&w["min"]),
                    ));
                xmax = xmax.max(p);
            }
            for (strategy, pts) in by_strategy {
                let name = if docs.len() > 1 {
                    format!("{strategy} · {host}")
                } else {
                    strategy.clone()
                };
                series.push(speedup_series(
                    &name,
                    PALETTE[series.len() % PALETTE.len()],
                    &pts,
                ));
                table.push((name, pts.iter().map(|p| (p.0, p.1)).collect()));
            }
        }
        // The model's prediction for the first file, Amdahl's curve and the ideal line.
        let first = docs[0].1;
        let mut predicted: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for r in first["rows"].as_array().into_iter().flatten() {
            predicted
                .entry(r["strategy"].as_str().unwrap_or("?").to_string())
                .or_default()
                .push((f(&r["cores"]), f(&r["predicted"]["speedup"])));
        }
        if let Some((strategy, pts)) = predicted
            .iter()
            .find(|(s, _)| s.as_str() == "rayon")
            .or(predicted.iter().next())
        {
            series.push(Series {
                name: format!("model ({strategy})"),
                color: "#555".into(),
                points: pts.clone(),
                range: None,
                hollow: vec![],
                dashed: true,
                markers: false,
            });
        }
        let xm = (xmax * 4).max(2);
        let s = f(&first["serial_fraction"]);
        if s.is_finite() {
            let pts: Vec<(f64, f64)> = (1..=xm).map(|p| (p as f64, amdahl(s, p as f64))).collect();
            series.push(Series {
                name: format!("Amdahl, s = {s:.2}"),
                color: "#000".into(),
                points: pts,
                range: None,
                hollow: vec![],
                dashed: true,
                markers: false,
            });
        }
        series.push(Series {
            name: "ideal (S = P)".into(),
            color: "#bbb".into(),
            points: vec![(1.0, 1.0), (xm as f64, xm as f64)],
            range: None,
            hollow: vec![],
            dashed: true,
            markers: false,
        });
        let svg = line_chart(
            &format!("{workload}: speedup against cores (hollow: projected)"),
            "cores",
            "speedup",
            &series,
        );
        let name = format!("speedup-{}.svg", slug(&workload));
        o.push_str(&svg);
        charts.push((name, svg));
        o.push_str("<p>Filled points are measured medians with their min–max; hollow points are projected from the fitted curve, not measured.</p>");
        scaling_table(o, &table);

        // The real timeline beside the model's, from the widest pool row.
        let rows: Vec<&Value> = first["rows"].as_array().into_iter().flatten().collect();
        let pick = rows
            .iter()
            .filter(|r| r["timeline"].is_object())
            .max_by_key(|r| (r["strategy"] == "rayon", r["cores"].as_u64().unwrap_or(0)));
        if let Some(r) = pick
            && let (Some(real), Some(model)) = (
                timeline_of(&r["timeline"]),
                timeline_of(&r["model_timeline"]),
            )
        {
            let end = real.wall().max(model.wall());
            let label = format!(
                "{} on {} cores",
                r["strategy"].as_str().unwrap_or("?"),
                r["cores"]
            );
            let _ = write!(
                o,
                "<h3>{} — the real timeline beside the model's</h3>",
                esc(&label)
            );
            for (kind, t) in [("measured", &real), ("model", &model)] {
                let svg = gantt(&format!("{workload}, {label}: {kind}"), t, end, "ns");
                o.push_str(&svg);
                charts.push((format!("gantt-{}-{kind}.svg", slug(&workload)), svg));
            }
        }
        // Where P × wall went.
        let cats: Vec<String> = rows
            .iter()
            .map(|r| format!("{} @ {}", r["strategy"].as_str().unwrap_or("?"), r["cores"]))
            .collect();
        let vals: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| {
                let l = &r["measured"]["loss"];
                vec![
                    f(&l["useful_s"]),
                    f(&l["idle_s"]),
                    f(&l["blocked_s"]),
                    f(&l["overhead_s"]),
                ]
            })
            .collect();
        if !cats.is_empty() {
            let parts = [
                ("useful", "#009E73"),
                ("idle", "#bbbbbb"),
                ("blocked", "#D55E00"),
                ("overhead", "#E69F00"),
            ];
            let svg = stacked_bars(
                &format!("{workload}: where cores × wall went"),
                &cats,
                &parts,
                &vals,
            );
            o.push_str(&svg);
            charts.push((format!("loss-{}.svg", slug(&workload)), svg));
        }
    }
}

fn io_section(o: &mut String, charts: &mut Vec<(String, String)>, ios: &[(String, &Value)]) {
    o.push_str("<h2>Blocking against async I/O</h2>");
    let mut cats: Vec<String> = Vec::new();
    for (_, d) in ios {
        for r in d["rows"].as_array().into_iter().flatten() {
            let c = format!("{} @ {}", r["client"].as_str().unwrap_or("?"), r["cores"]);
            if !cats.contains(&c) {
                cats.push(c);
            }
        }
    }
    let value = |d: &Value, cat: &str, pick: &dyn Fn(&Value) -> f64| {
        d["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| format!("{} @ {}", r["client"].as_str().unwrap_or("?"), r["cores"]) == cat)
            .map_or(0.0, pick)
    };
    let mut names = Vec::new();
    for (i, (host, d)) in ios.iter().enumerate() {
        names.push((
            format!("measured · {host}"),
            PALETTE[i % PALETTE.len()],
            cats.iter()
                .map(|c| value(d, c, &|r| f(&r["measured"]["wall_s"]["median"])))
                .collect::<Vec<_>>(),
        ));
    }
    if let Some((_, d)) = ios.first() {
        names.push((
            "model".to_string(),
            "#999999",
            cats.iter()
                .map(|c| value(d, c, &|r| f(&r["predicted"]["wall_s"])))
                .collect(),
        ));
    }
    let series: Vec<(&str, &str, Vec<f64>)> = names
        .iter()
        .map(|(n, c, v)| (n.as_str(), *c, v.clone()))
        .collect();
    let svg = grouped_bars(
        "wall-clock of the same requests, by client (shorter is better)",
        "s",
        &cats,
        &series,
    );
    o.push_str(&svg);
    charts.push(("io-wall.svg".into(), svg));
}

fn scale_section(o: &mut String, charts: &mut Vec<(String, String)>, scales: &[(String, &Value)]) {
    for (host, d) in scales {
        let cmd = d["command"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let _ = write!(
            o,
            "<h2>conpar scale — <code>{}</code> on {}</h2>",
            esc(&cmd),
            esc(host)
        );
        let pts: Vec<(usize, f64, f64, f64)> = d["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let w = &r["measured"]["wall_s"];
                let base = f(&r["speedup"]) * f(&w["median"]);
                (
                    r["threads"].as_u64().unwrap_or(1) as usize,
                    f(&r["speedup"]),
                    base / f(&w["max"]),
                    base / f(&w["min"]),
                )
            })
            .collect();
        let top = pts.iter().map(|p| p.0).max().unwrap_or(1);
        let mut series = vec![speedup_series("measured", PALETTE[0], &pts)];
        if let Some(s) = d["fit"]["amdahl_serial_fraction"].as_f64() {
            series.push(Series {
                name: format!("Amdahl fit, s = {s:.3}"),
                color: "#000".into(),
                points: (1..=top * 4)
                    .map(|p| (p as f64, amdahl(s, p as f64)))
                    .collect(),
                range: None,
                hollow: vec![],
                dashed: true,
                markers: false,
            });
        }
        series.push(Series {
            name: "ideal".into(),
            color: "#bbb".into(),
            points: vec![(1.0, 1.0), ((top * 4) as f64, (top * 4) as f64)],
            range: None,
            hollow: vec![],
            dashed: true,
            markers: false,
        });
        let svg = line_chart(
            "speedup against threads (hollow: projected)",
            "threads",
            "speedup",
            &series,
        );
        o.push_str(&svg);
        charts.push((format!("scale-{}.svg", charts.len()), svg));
        scaling_table(o, &[(cmd, pts.iter().map(|p| (p.0, p.1)).collect())]);
    }
}

fn tour_section(o: &mut String, tours: &[(String, &Value)]) {
    for (host, d) in tours {
        let _ = write!(
            o,
            "<h2>The tour on {}</h2><table><tr><th>claim</th><th>predicted</th><th>measured</th><th>verdict</th></tr>",
            esc(host)
        );
        for c in d["claims"].as_array().into_iter().flatten() {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
                esc(c["title"].as_str().or(c["name"].as_str()).unwrap_or("?")),
                esc(c["predicted"].as_str().unwrap_or("")),
                esc(c["measured"].as_str().unwrap_or("")),
                esc(c["verdict"].as_str().unwrap_or("")),
                esc(&format!(
                    "{}{}",
                    c["verdict"].as_str().unwrap_or(""),
                    if c["projected"] == true {
                        " (projected)"
                    } else {
                        ""
                    }
                ))
            );
        }
        o.push_str("</table>");
    }
}

const STYLE: &str = "body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}svg{display:block;margin:1em 0;max-width:100%;height:auto}table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.holds{color:#007a3d}.differs{color:#b00}code{background:#f4f4f4;padding:0 3px}";

/// Builds the page from `(file name, parsed JSON)` pairs.
pub fn build(docs: &[(String, Value)]) -> Result<Built, String> {
    let (runs, ios, scales, tours) = classify(docs);
    if runs.is_empty() && ios.is_empty() && scales.is_empty() && tours.is_empty() {
        return Err(
            "none of the files is a conpar result (from run, io, scale or tour --json)".into(),
        );
    }
    let mut hosts: Vec<&String> = runs
        .iter()
        .chain(&ios)
        .chain(&scales)
        .chain(&tours)
        .map(|(h, _)| h)
        .collect();
    hosts.sort();
    hosts.dedup();
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>conpar report</title><style>{STYLE}</style></head><body><h1>conpar report</h1><p>Hosts: {}.</p>",
        hosts.iter().map(|h| esc(h)).collect::<Vec<_>>().join("; ")
    );
    let mut charts = Vec::new();
    runs_section(&mut o, &mut charts, &runs);
    if !ios.is_empty() {
        io_section(&mut o, &mut charts, &ios);
    }
    scale_section(&mut o, &mut charts, &scales);
    tour_section(&mut o, &tours);
    o.push_str("</body></html>\n");
    Ok(Built { html: o, charts })
}
