//! The import rules ARCHITECTURE.md states, checked against the imports
//! themselves: no cycle between the folders of `src/` nor inside one, the
//! pure modules import no module that runs work, `report` imports only what
//! it may, and only `cli` knows clap and anyhow. A failure names the file,
//! the line and the import.

mod graph;

use graph::{File, Import, Module};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules that never touch a clock, a thread, a socket or a file (the
/// workload loader reads its one file through `input`).
const PURE: [&str; 28] = [
    "table",
    "chart",
    "model",
    "findings",
    "words",
    "repeat",
    "stats",
    "timeline",
    "workload",
    "results",
    "kinds",
    "escape",
    "judge",
    "units",
    "fit",
    "compare::costs",
    "compare::predict",
    "compare::row",
    "compare::noise",
    "compare::scaling",
    "compare::intervals",
    "compare::diff",
    "compare::loss",
    "compare::lanes",
    "compare::ends",
    "tour::judge",
    "tour::verdicts",
    "report",
];

/// Modules whose own file is pure, though some of their submodules are not.
const PURE_ALONE: [&str; 1] = ["compare"];

/// What the pure modules may import beyond each other: `input` (the workload
/// loader's one file) and plain data types of modules that run work.
const PURE_MAY_USE: [&str; 10] = [
    "input",
    "measure::Host",
    "measure::CgroupCpu",
    "kernel::Calibration",
    "exec::Plan",
    "exec::Trace",
    "exec::task_names",
    "workspan::Profile",
    "workspan::programs::Program",
    "workspan::programs::Size",
];

/// The only paths `report` imports (besides its own): documents, pure
/// helpers, and of the model its laws and the types of a run beside them.
const REPORT_MAY_USE: [&str; 14] = [
    "table",
    "chart",
    "results",
    "findings",
    "words",
    "units",
    "escape",
    "timeline",
    "kinds",
    "stats",
    "judge",
    "model::laws",
    "model::Analysis",
    "model::IoMode",
];

/// What a pure module's code never names: clocks, threads, sockets, files,
/// processes, runtimes and pools.
const EFFECTS: [&str; 10] = [
    "std::fs",
    "std::thread",
    "std::net",
    "std::process",
    "Instant",
    "SystemTime",
    "tokio::",
    "rayon::",
    "libc::",
    "mono_ns",
];

fn pure(module: &[String]) -> bool {
    PURE.iter().any(|p| under(module, p)) || PURE_ALONE.iter().any(|p| module.join("::") == *p)
}

fn source() -> (Vec<File>, Vec<Import>) {
    let files = graph::files(Path::new(env!("CARGO_MANIFEST_DIR")));
    let imports = graph::imports(&files);
    // A reader that found nothing would pass every rule.
    assert!(
        files.len() > 50,
        "only {} files read under src/",
        files.len()
    );
    let crossing = imports
        .iter()
        .filter(|i| i.from.first() != i.to.first())
        .count();
    assert!(
        crossing > 100,
        "only {crossing} imports across modules read"
    );
    (files, imports)
}

fn named(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

fn under(module: &[String], prefix: &str) -> bool {
    let prefix: Vec<&str> = prefix.split("::").collect();
    module.len() >= prefix.len() && module.iter().zip(&prefix).all(|(a, b)| a == b)
}

/// The import's path starts with `prefix` (module or item).
fn path_under(import: &Import, prefix: &str) -> bool {
    let path: Vec<String> = import.path.split("::").map(str::to_string).collect();
    under(&path, prefix)
}

/// The child of `parent` that holds `module`, if `module` is strictly below it.
fn child_of(parent: &[String], module: &[String]) -> Option<String> {
    (module.len() > parent.len() && module.starts_with(parent))
        .then(|| module[parent.len()].clone())
}

/// The cycles of a graph whose edges each carry the first import that made
/// them: every edge between two nodes that reach each other, described.
pub fn cycles(edges: &BTreeMap<(String, String), &Import>) -> Vec<String> {
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().insert(b);
    }
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            for m in next.get(n).into_iter().flatten() {
                if seen.insert(*m) {
                    todo.push(m);
                }
            }
        }
        seen
    };
    edges
        .iter()
        .filter(|((a, b), _)| reach(b).contains(a.as_str()))
        .map(|((a, b), import)| format!("{a} → {b}: {}", import.describe()))
        .collect()
}

/// The graph among the children of `parent` (its direct submodules).
fn edges_among_children<'a>(
    parent: &[String],
    imports: &'a [Import],
) -> BTreeMap<(String, String), &'a Import> {
    let mut edges = BTreeMap::new();
    for import in imports {
        let (Some(a), Some(b)) = (child_of(parent, &import.from), child_of(parent, &import.to))
        else {
            continue;
        };
        if a != b {
            edges.entry((a, b)).or_insert(import);
        }
    }
    edges
}

#[test]
fn no_cycle_between_the_top_level_modules() {
    let (_, imports) = source();
    let found = cycles(&edges_among_children(&[], &imports));
    assert!(
        found.is_empty(),
        "cycles between modules:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_circle_among_the_files_of_one_folder() {
    let (files, imports) = source();
    let parents: BTreeSet<Module> = files
        .iter()
        .flat_map(|f| (0..f.module.len()).map(|n| f.module[..n].to_vec()))
        .filter(|p| !p.is_empty())
        .collect();
    let mut found = Vec::new();
    for parent in &parents {
        for c in cycles(&edges_among_children(parent, &imports)) {
            found.push(format!("in {}: {c}", named(parent)));
        }
    }
    assert!(
        found.is_empty(),
        "circles inside folders:\n{}",
        found.join("\n")
    );
}

#[test]
fn pure_modules_import_no_module_that_runs_work() {
    let (_, imports) = source();
    let found: Vec<String> = imports
        .iter()
        .filter(|i| pure(&i.from) && !i.to.is_empty() && !pure(&i.to))
        .filter(|i| !PURE_MAY_USE.iter().any(|p| path_under(i, p)))
        .map(Import::describe)
        .collect();
    assert!(
        found.is_empty(),
        "pure modules importing impure ones:\n{}",
        found.join("\n")
    );
}

#[test]
fn pure_modules_touch_no_clock_thread_socket_or_file() {
    let (files, _) = source();
    let mut found = Vec::new();
    for file in files.iter().filter(|f| pure(&f.module)) {
        for (n, line) in file.code.lines().enumerate() {
            if let Some(e) = EFFECTS.iter().find(|e| line.contains(*e)) {
                found.push(format!(
                    "{}:{} names {e}: {}",
                    file.path,
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "pure modules with effects:\n{}",
        found.join("\n")
    );
}

#[test]
fn report_imports_only_documents_and_pure_helpers() {
    let (_, imports) = source();
    let found: Vec<String> = imports
        .iter()
        .filter(|i| under(&i.from, "report") && !under(&i.to, "report"))
        .filter(|i| !REPORT_MAY_USE.iter().any(|p| path_under(i, p)))
        .map(Import::describe)
        .collect();
    assert!(
        found.is_empty(),
        "report imports beyond its rule:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_cli_knows_clap_and_anyhow() {
    let (files, _) = source();
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !under(&f.module, "cli")) {
        for (n, line) in file.code.lines().enumerate() {
            let words = line.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            if let Some(w) = words.into_iter().find(|w| matches!(*w, "clap" | "anyhow")) {
                found.push(format!(
                    "{}:{} names {w}: {}",
                    file.path,
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "clap or anyhow outside cli:\n{}",
        found.join("\n")
    );
}

/// The checker itself finds a planted cycle and names the import, and reads
/// nested use-trees.
#[test]
fn the_checker_finds_a_planted_cycle() {
    let file = |path: &str, module: &[&str], code: &str| File {
        path: path.to_string(),
        module: module.iter().map(|s| s.to_string()).collect(),
        code: code.to_string(),
    };
    let files = [
        file("src/a/mod.rs", &["a"], "use crate::b::{x, c::{y, z as w}};"),
        file(
            "src/b/mod.rs",
            &["b"],
            "fn f() {}\nfn g() { super::a::h() }",
        ),
        file("src/b/c.rs", &["b", "c"], "use self::q;"),
    ];
    let imports = graph::imports(&files);
    let paths: Vec<&str> = imports.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["b::x", "b::c::y", "b::c::z", "a::h", "b::c::q"]);
    let found = cycles(&edges_among_children(&[], &imports));
    assert_eq!(
        found,
        [
            "a → b: src/a/mod.rs:1 uses crate::b::x",
            "b → a: src/b/mod.rs:2 uses crate::a::h",
        ]
    );
}
