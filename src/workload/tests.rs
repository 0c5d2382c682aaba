use super::*;

fn parse(text: &str) -> Result<Workload, String> {
    parse_str(text, "w.toml", "w").map_err(|e| e.to_string())
}

#[test]
fn parses_the_documented_example() {
    let w = parse(
        r#"
name = "blocking-vs-async"
description = "one task waits on I/O while another computes"
tick = "10ms"
kernel = "spin"

[serial]
before = 0
after = 0

[[task]]
name = "A"
steps = ["cpu 1", "io 3", "cpu 1"]

[[task]]
name = "B"
steps = ["cpu 3"]
count = 1
"#,
    )
    .unwrap();
    assert_eq!(w.name, "blocking-vs-async");
    assert_eq!(w.tick_ns, 10_000_000);
    assert_eq!(w.tasks.len(), 2);
    assert_eq!(
        w.tasks[0].steps,
        vec![Step::Cpu(1), Step::Io(3), Step::Cpu(1)]
    );
    assert_eq!(w.work(), 5);
    assert_eq!(w.span(), 5);
}

#[test]
fn count_expands_names() {
    let w = parse("[[task]]\nname = \"B\"\nsteps = [\"cpu 2\"]\ncount = 3\n").unwrap();
    let names: Vec<_> = w.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["B1", "B2", "B3"]);
    assert_eq!(w.name, "w");
    assert_eq!(w.tick_ns, DEFAULT_TICK_NS);
}

#[test]
fn rejections_name_line_column_value_and_what_is_accepted() {
    let cases: &[(&str, &str)] = &[
        (
            "colour = 1\n[[task]]\nname=\"A\"\nsteps=[\"cpu 1\"]\n",
            "w.toml:1:1: unknown field `colour`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"disk 3\"]\n",
            "w.toml:3:10: unknown step kind `disk` in `disk 3`: accepted kinds are `cpu` and `io`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 0\"]\n",
            "w.toml:3:10: tick count 0 in `cpu 0`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu -2\"]\n",
            "w.toml:3:10: tick count `-2` in `cpu -2` is not a whole number",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu x\"]\n",
            "tick count `x` in `cpu x`",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = []\n",
            "w.toml:3:9: task `A` has no steps",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            "w.toml:5:8: duplicate task name `A`",
        ),
        (
            "tick = \"10 parsecs\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            "w.toml:1:8: tick: `10 parsecs` has an unknown `parsecs` unit",
        ),
        (
            "tick = \"0ms\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            "w.toml:1:8: tick: `0ms` is zero",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\ncount = 1000000000\n",
            "w.toml:4:9: count = 1000000000: accepted is a whole number from 1 to 1000000",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 9999999999999\"]\n",
            "above the limit of 1000000000000 ticks per step",
        ),
        (
            "[serial]\nbefore = -1\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            "w.toml:2:10: serial.before = -1",
        ),
        (
            "kernel = \"gpu\"\n[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\n",
            "w.toml:1:10: unknown kernel `gpu`: accepted kernels are spin, memory, hash",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\nkernel = \"disk\"\n",
            "w.toml:4:10: task `A`: unknown kernel `disk`: accepted kernels are spin, memory, hash",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\nkernel = 3\n",
            "w.toml:4:10: invalid type: integer `3`, expected a string",
        ),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\ncount = \"two\"\n",
            "w.toml:4:9: invalid type: string \"two\", expected i64",
        ),
        ("name = \"x\"\n", "no tasks"),
        ("\r x\n", "w.toml:1:1: this is not valid TOML here"),
        (
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\nweight = 3\n",
            "unknown field `weight`",
        ),
    ];
    for (text, want) in cases {
        let err = parse(text).expect_err(text);
        assert!(
            err.contains(want),
            "for {text:?}\n got: {err}\nwant: {want}"
        );
    }
}

#[test]
fn a_task_may_run_its_own_kernel() {
    let w = parse(
        "kernel = \"spin\"\n[[task]]\nname = \"M\"\nsteps = [\"cpu 2\"]\nkernel = \"memory\"\ncount = 2\n[[task]]\nname = \"S\"\nsteps = [\"cpu 1\"]\n",
    )
    .unwrap();
    assert_eq!(w.kernel_of(0), KernelKind::Memory);
    assert_eq!(w.kernel_of(1), KernelKind::Memory);
    assert_eq!(w.kernel_of(2), KernelKind::Spin);
    assert_eq!(w.kernels(), [KernelKind::Spin, KernelKind::Memory]);
    let mut all_hash = w.clone();
    all_hash.set_kernel(KernelKind::Hash);
    assert_eq!(all_hash.kernels(), [KernelKind::Hash]);
    let built = Workload::builder("x")
        .task_on("A", KernelKind::Hash, &[Step::Cpu(1)])
        .build()
        .unwrap();
    assert_eq!(built.kernel_of(0), KernelKind::Hash);
}

#[test]
fn count_expansion_collides_with_an_explicit_name() {
    let err = parse(
        "[[task]]\nname = \"B1\"\nsteps = [\"cpu 1\"]\n[[task]]\nname = \"B\"\nsteps = [\"cpu 1\"]\ncount = 2\n",
    )
    .unwrap_err();
    assert!(err.contains("duplicate task name `B1`"), "{err}");
}

#[test]
fn totals_are_bounded() {
    let err = parse("[[task]]\nname = \"A\"\nsteps = [\"cpu 1000000000000\"]\ncount = 2000\n")
        .unwrap_err();
    assert!(err.contains("ticks in all is above the limit"), "{err}");
}

#[test]
fn builder_validates_like_the_loader() {
    let ok = Workload::builder("x").task("A", &[Step::Cpu(3)]).build();
    assert!(ok.is_ok());
    let dup = Workload::builder("x")
        .task("A", &[Step::Cpu(3)])
        .task("A", &[Step::Cpu(3)])
        .build();
    assert_eq!(dup.unwrap_err(), LimitError::Duplicate { name: "A".into() });
    assert_eq!(
        Workload::builder("x").build().unwrap_err(),
        LimitError::NoTasks
    );
    assert_eq!(
        Workload::builder("x").task("A", &[]).build().unwrap_err(),
        LimitError::NoSteps { task: "A".into() }
    );
    let zero = Workload::builder("x")
        .tick_ns(0)
        .task("A", &[Step::Cpu(1)])
        .build();
    assert_eq!(zero.unwrap_err(), LimitError::Tick { ns: 0 });
}

#[test]
fn steps_parse_and_print() {
    assert_eq!("cpu 3".parse::<Step>(), Ok(Step::Cpu(3)));
    assert_eq!("  io   7 ".parse::<Step>(), Ok(Step::Io(7)));
    assert!("cpu".parse::<Step>().is_err());
    assert!("cpu 1 2".parse::<Step>().is_err());
    assert_eq!(Step::Io(7).to_string(), "io 7");
}

mod fuzz {
    //! The loader against hostile input: random text, and the shipped
    //! workloads mutated byte by byte and line by line. Nothing may panic, and
    //! every refusal must point inside the text.

    use super::super::load::WorkloadError;
    use super::super::{BUILTIN, parse_str};
    use proptest::prelude::*;

    fn check(text: &str) -> Result<(), TestCaseError> {
        match parse_str(text, "fuzz.toml", "fuzz") {
            Ok(w) => {
                prop_assert!(!w.tasks.is_empty());
                prop_assert!(w.tasks.len() as u64 <= super::super::Limits::MAX_TASKS);
            }
            Err(WorkloadError::Invalid {
                file,
                line,
                column,
                message,
            }) => {
                prop_assert_eq!(file, "fuzz.toml");
                let lines = text.split('\n').count();
                prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
                prop_assert!(column >= 1);
                prop_assert!(!message.is_empty());
            }
            Err(e) => prop_assert!(false, "unexpected error kind: {}", e),
        }
        Ok(())
    }

    fn seed() -> impl Strategy<Value = String> {
        (0..BUILTIN.len()).prop_map(|i| BUILTIN[i].1.to_string())
    }

    /// Edits that keep most of the structure: replace, insert or delete a
    /// byte-ish character, duplicate or drop a line, splice a number.
    fn mutated() -> impl Strategy<Value = String> {
        let edit = prop_oneof![
            (any::<prop::sample::Index>(), any::<char>()).prop_map(|(i, c)| (
                0u8,
                i,
                c.to_string()
            )),
            (
                any::<prop::sample::Index>(),
                "[-=\\[\\]\"{},.#0-9a-z ]{1,4}"
            )
                .prop_map(|(i, s)| (1u8, i, s)),
            any::<prop::sample::Index>().prop_map(|i| (2u8, i, String::new())),
            any::<prop::sample::Index>().prop_map(|i| (3u8, i, String::new())),
            (
                any::<prop::sample::Index>(),
                prop_oneof![
                    Just("0"),
                    Just("-1"),
                    Just("99999999999999999999"),
                    Just("1e9"),
                    Just("1000000000")
                ]
            )
                .prop_map(|(i, s)| (4u8, i, s.to_string())),
        ];
        (seed(), prop::collection::vec(edit, 1..6)).prop_map(|(mut text, edits)| {
            for (kind, at, s) in edits {
                let chars: Vec<char> = text.chars().collect();
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                let mut lines: Vec<&str> = text.split('\n').collect();
                let li = at.index(lines.len());
                text = match kind {
                    0 => chars[..i]
                        .iter()
                        .chain(s.chars().collect::<Vec<_>>().iter())
                        .chain(&chars[(i + 1).min(chars.len())..])
                        .collect(),
                    1 | 4 => chars[..i]
                        .iter()
                        .chain(s.chars().collect::<Vec<_>>().iter())
                        .chain(&chars[i..])
                        .collect(),
                    2 => {
                        let l = lines[li];
                        lines.insert(li, l);
                        lines.join("\n")
                    }
                    _ => {
                        lines.remove(li);
                        lines.join("\n")
                    }
                };
            }
            text
        })
    }

    proptest! {
        // CONPAR_FUZZ_CASES raises the count for a longer run (CI: the default).
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("CONPAR_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000)
        ))]

        #[test]
        fn random_text_never_panics(text in "\\PC{0,200}") {
            check(&text)?;
        }

        #[test]
        fn toml_like_text_never_panics(text in "(\\[\\[task\\]\\]\n|name = \"[A-Za-z]{0,3}\"\n|steps = \\[(\"(cpu|io|x) -?[0-9]{1,3}\",? ?){0,3}\\]\n|count = -?[0-9]{1,12}\n|tick = \"[0-9.]{0,4}(ms|s|us|x)?\"\n|\\[serial\\]\n|before = -?[0-9]{1,4}\n){0,12}") {
            check(&text)?;
        }

        #[test]
        fn mutated_workloads_never_panic(text in mutated()) {
            check(&text)?;
        }
    }
}
