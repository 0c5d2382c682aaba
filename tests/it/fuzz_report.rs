//! Result documents are hostile input when read back: real documents of every
//! kind, mutated at random (hostile strings, huge, negative and fractional
//! numbers, wrong types, removed keys, repeated list items), go through
//! `results::parse` and the report renderer. No panic, no markup from the input
//! left unescaped, and the page stays bounded.

use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

/// The largest page a mutated seed may give: seeds are tens of KiB, and every
/// count a renderer draws is bounded by `results::parse`.
const MAX_PAGE_BYTES: usize = 32 << 20;

const PAYLOADS: [&str; 5] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "a\u{0}b\u{1b}[31m",
    "=HYPERLINK(\"http://127.0.0.1/x\")",
];

/// One real document of each kind that needs no timing to be meaningful.
fn seeds() -> &'static [Value] {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let runs: [&[&str]; 6] = [
            &[
                "run",
                "--json",
                "-",
                "-q",
                "two-tasks",
                "-s",
                "rayon,interleave",
                "-c",
                "1,2",
                "-r",
                "1",
                "--tick",
                "1ms",
            ],
            &[
                "io",
                "--json",
                "-",
                "-q",
                "-k",
                "4",
                "--latency",
                "2ms",
                "--clients",
                "blocking,event-loop",
                "-c",
                "1",
                "-r",
                "1",
            ],
            &[
                "scale", "--json", "-", "-q", "-t", "1,2", "-r", "1", "-w", "0", "--", "true",
            ],
            &[
                "tour", "--json", "-", "-q", "--claim", "deadlock", "-r", "1",
            ],
            &[
                "model",
                "--json",
                "-",
                "-q",
                "blocking-vs-async",
                "-c",
                "1,2",
            ],
            &[
                "workspan", "--json", "-", "-q", "fib", "--size", "small", "-c", "1", "-r", "2",
                "-w", "0",
            ],
        ];
        runs.iter()
            .map(|args| {
                let out = crate::conpar().args(*args).output().unwrap();
                assert!(
                    out.status.success(),
                    "{args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                serde_json::from_slice(&out.stdout).unwrap()
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Text(usize),
    Number(f64),
    Type,
    Remove,
    Repeat(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..PAYLOADS.len()).prop_map(Mutation::Text),
        prop_oneof![
            Just(1e9),
            Just(-1.0),
            Just(0.0),
            Just(1e308),
            Just(0.5),
            Just(4294967296.0)
        ]
        .prop_map(Mutation::Number),
        Just(Mutation::Type),
        Just(Mutation::Remove),
        (1usize..50).prop_map(Mutation::Repeat),
    ]
}

/// Every value's path in `v`, depth first.
fn paths(v: &Value, here: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(here.clone());
    let children: Vec<(String, &Value)> = match v {
        Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .take(8)
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => vec![],
    };
    for (k, c) in children {
        here.push(k);
        paths(c, here, out);
        here.pop();
    }
}

fn apply(doc: &mut Value, path: &[String], m: &Mutation) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let mut p = &mut *doc;
    for k in parent {
        p = match p {
            Value::Object(o) => o.get_mut(k).unwrap(),
            Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
            _ => return,
        };
    }
    match (p, m) {
        (Value::Object(o), Mutation::Remove) => {
            o.remove(last);
        }
        (Value::Array(a), Mutation::Repeat(n)) => {
            let i: usize = last.parse().unwrap();
            let item = a[i].clone();
            a.extend(std::iter::repeat_n(item, *n));
        }
        (Value::Object(o), m) => change(o.get_mut(last).unwrap(), m),
        (Value::Array(a), m) => change(&mut a[last.parse::<usize>().unwrap()], m),
        _ => {}
    }
}

fn change(v: &mut Value, m: &Mutation) {
    *v = match m {
        Mutation::Text(i) => PAYLOADS[*i].into(),
        Mutation::Number(x) => serde_json::json!(x),
        Mutation::Type => match v {
            Value::String(_) => serde_json::json!(7),
            _ => "seven".into(),
        },
        Mutation::Remove | Mutation::Repeat(_) => Value::Null,
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn mutated_documents_never_break_the_report(
        seed in 0usize..5,
        picks in proptest::collection::vec((any::<prop::sample::Index>(), mutation()), 1..6),
    ) {
        let _shared = crate::shared();
        let mut doc = seeds()[seed].clone();
        for (at, m) in &picks {
            let mut all = Vec::new();
            paths(&doc, &mut Vec::new(), &mut all);
            let path = at.get(&all).clone();
            apply(&mut doc, &path, m);
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Ok(d) = conpar::results::parse("fuzz.json", &bytes) {
            let built = conpar::report::html::build(&[("fuzz.json".into(), d)]);
            prop_assert!(built.html.len() < MAX_PAGE_BYTES);
            for (_, svg) in &built.charts {
                prop_assert!(svg.len() < MAX_PAGE_BYTES);
            }
            for bad in ["<script", "<img", "<svg onload", "\u{0}", "\u{1b}"] {
                prop_assert!(!built.html.contains(bad), "{bad} reached the page");
                prop_assert!(built.charts.iter().all(|(_, s)| !s.contains(bad)), "{bad} reached a chart");
            }
        }
    }
}
