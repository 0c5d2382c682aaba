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
            "[[task]]\nname = \"A\"\nsteps = [\"cpu 1\"]\ncount = \"two\"\n",
            "w.toml:4:9: invalid type: string \"two\", expected i64",
        ),
        ("name = \"x\"\n", "no tasks"),
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
    assert!(dup.unwrap_err().contains("duplicate"));
    assert!(Workload::builder("x").build().is_err());
    assert!(Workload::builder("x").task("A", &[]).build().is_err());
    assert!(
        Workload::builder("x")
            .tick_ns(0)
            .task("A", &[Step::Cpu(1)])
            .build()
            .is_err()
    );
}

#[test]
fn steps_parse_and_print() {
    assert_eq!("cpu 3".parse::<Step>(), Ok(Step::Cpu(3)));
    assert_eq!("  io   7 ".parse::<Step>(), Ok(Step::Io(7)));
    assert!("cpu".parse::<Step>().is_err());
    assert!("cpu 1 2".parse::<Step>().is_err());
    assert_eq!(Step::Io(7).to_string(), "io 7");
}
