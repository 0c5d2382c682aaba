#!/usr/bin/env python3
"""Upgrades a conpar result file to the layout this conpar reads, so that
`conpar report` and `conpar diff` read it. One script for every kind.

    scripts/upgrade-results.py OLD.json NEW.json
    scripts/upgrade-results.py KIND OLD.json NEW.json --started-at DATE \
        --command 'conpar run …' [--repeats N]

A schema-3 `tour` document needs no arguments either: it becomes schema 4,
where a claim holds no sentences at all. Its reason becomes a typed value
with its numbers, its title, statement, command, prediction and measurement
are told from its kind and figures when printed, and the model's "why" is
typed. The old sentences cannot be turned back into numbers: a claim that
failed keeps its error message (data, not a sentence conpar made); every
other reason is marked unknown (`{"kind":"unknown"}`), as are the model's
why and a context-switch claim's bound on threads (null); figures schema 4
added (the model's order, walls and the article's figures, the I/O claims'
waits, the projection's Karp–Flatt fraction…) are absent and read as unknown
(printed `—`), never re-derived from text. The verdicts, margins and every
stored figure are kept, and the script says on standard error what it
dropped.

A schema-2 document (it names its kind) needs no arguments: `run`, `scale`,
`tour` and `probe` documents become schema 3 (`run`, `scale` and `tour` then 4), where
warnings and a run row's `why` are typed findings with their numbers instead
of sentences, and a tour claim's figures are tagged with the claim. A
probe's verdict, notes, failures and `partial` become typed: its verdict's
reason is read from the start of its sentence (conpar's own words), its
evidence and notes are re-derived from the stored levels, a failure's
message is kept (cut to 512 bytes); what names no reason this script knows
becomes `unstated`. A sentence cannot be turned back
into its numbers, so schema-2 warnings and whys are dropped, as are figures
of an older layout than the typed ones, and the script says how many on
standard error; every other figure is kept. A schema-2 `workspan` document
becomes schema 3, where the predictions simulate the recorded fork-join
graph: no graph was recorded then, so it gets `graph` not-recorded, each
row's `simulated` prediction null, and its findings' predictions are marked
as resting on Brent's bound, as they did; every figure is kept. Other kinds
are already current and are copied as they are.

Schema-3 `run` and `scale` documents and schema-2 `fit` documents become
schema 4 and 3, where the fitted laws' notes, `scale`'s verdict and `fit`'s
notes are typed findings with their numbers. What can be re-derived from the
stored figures is (why a law was not fitted for too few counts or no CPU
work, the shape of the fit, where cores stop paying as a count, refused
projections, the verdict, `fit`'s baseline and its notes); the other
sentences are dropped, and the script says how many on standard error.

A file from before schema 2 names no kind, so KIND and the header are given:

KIND is what wrote the file: run, io, tour or calibrate (files before schema 2
did not say). The old layout had no header, so the header is made from the
arguments: `command` is the command line the file's README gives, `started_at`
the date it was measured (RFC 3339), `conpar_version` says the file was
upgraded. Figures are copied, never recomputed. Where the old layout lacked a
field, it gets a neutral value:

- every summary of repeated times without `n` gets `--repeats` (the `-r` of
  the command that wrote it) and `ci95` null; `mean`, `sd` and `samples` stay
  absent (they were not recorded);
- run rows: the model's idle and blocked fractions 0, `quantum` null, `why`
  empty; several workloads (a list) become one document;
- tour claims keep only the one-word `verdict` (`claim_verdict` and
  `model_verdict` did not exist, and are not made up).
"""
import argparse
import json
import os
import re
import stat
import sys
import tempfile

# The fitted laws' part, beside this script; no bytecode is left beside it.
sys.dont_write_bytecode = True
import upgrade_fits  # noqa: E402
import upgrade_probe  # noqa: E402
from upgrade_legacy import KINDS  # noqa: E402

# The same bound `conpar report` puts on a document it reads back.
MAX_BYTES = 64 * 1024 * 1024


# Kinds whose layout changed in schema 3: their warnings became typed
# (`probe`: its verdict, notes, failures and `partial`).
SCHEMA_3 = {"run", "scale", "tour", "probe"}


def workspan_to_3(doc, path):
    """A schema-2 `workspan` document in schema 3's layout: no graph was
    recorded, no schedule simulated; the host model was Brent's, slowed."""
    rows, findings = doc.get("rows"), doc.get("findings")
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("predicted"), dict) for r in rows):
        fail(f"{path}: not a `workspan` document of schema 2: `rows` is out of shape")
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        fail(f"{path}: not a `workspan` document of schema 2: `findings` is out of shape")
    doc["graph"] = {"state": "not-recorded"}
    for r in rows:
        r["predicted"]["simulated"] = None
    for f in findings:
        if f.get("finding") in ("memory-bandwidth", "unexplained"):
            f["basis"] = "brent"
    doc["schema"] = 3
    return doc

# The figures each tour claim keeps in schema 3 (src/results/figures.rs): a
# schema-2 claim whose figures have exactly these keys gets its `claim` tag;
# figures of an older layout are dropped.
FIGURES = {
    "interleave-sum": {"model_wall_ticks", "speedup", "order", "wall_s", "tick_drift"},
    "parallel-max": {"cores", "speedup", "predicted_speedup", "wall_s", "tick_drift"},
    "uneven-idle": {"cores", "speedup", "utilization", "predicted_speedup",
                    "predicted_utilization", "wall_s", "tick_drift"},
    "amdahl": {"serial_fraction", "measured"},
    "context-switches": {"threads", "thread_bound", "switch_same_core_ns", "thread_spawn_ns",
                         "threads_switches", "pool_switches", "threads_wall_s", "pool_wall_s",
                         "slowdown", "predicted_slowdown"},
    "blocking-io": {"requests", "blocking_s", "event_loop_s", "ratio", "predicted_ratio"},
    "async-not-parallel": {"cores", "one_loop_s", "per_core_s", "gain", "predicted_gain"},
    "race": {"read_then_write", "fetch_add", "mutex"},
    "deadlock": {"opposite", "ordered"},
    "eight-cores": {"speedup_8", "speedup_8_band", "model_speedup_8"},
    "span-limits": {"cores", "quicksort_parallelism", "mergesort_parallelism",
                    "quicksort_speedup", "mergesort_speedup"},
}


def to_schema_3(doc, path):
    """A schema-2 document brought to its kind's current schema: warnings,
    sentences in schema 2, are dropped (their numbers are not in them to
    recover), and the count dropped is said."""
    kind = doc.get("kind")
    if kind == "workspan":
        return workspan_to_3(doc, path)
    if kind not in SCHEMA_3:
        return doc
    if kind == "probe":
        try:
            doc = upgrade_probe.probe_to_3(doc, path)
        except (KeyError, TypeError, AttributeError, IndexError, ValueError) as e:
            fail(f"{path}: not a `probe` document of schema 2: a field is missing or has the wrong type ({e})")
        doc["schema"] = 3
        return doc
    if kind == "run":
        holders = doc.get("workloads") or []
    elif kind == "tour":
        holders = doc.get("claims") or []
    else:
        holders = [doc]
    if not isinstance(holders, list) or not all(isinstance(h, dict) for h in holders):
        fail(f"{path}: not a `{kind}` document of schema 2: its list is out of shape")
    dropped = 0
    for h in holders:
        w = h.get("warnings") or []
        if not isinstance(w, list):
            fail(f"{path}: not a `{kind}` document of schema 2: `warnings` is not a list")
        dropped += len(w)
        h["warnings"] = []
    figures = 0
    if kind == "tour":
        for c in holders:
            f = c.get("figures")
            keys = FIGURES.get(c.get("name"))
            if isinstance(f, dict) and keys is not None and set(f) - {"claim"} == keys:
                c["figures"] = dict(f, claim=c["name"])
            elif f is not None:
                figures += 1
                c["figures"] = None
    whys = 0
    if kind == "run":
        for h in holders:
            rows = h.get("rows") or []
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                fail(f"{path}: not a `run` document of schema 2: `rows` is out of shape")
            for r in rows:
                if r.pop("why", None):
                    whys += 1
    doc["schema"] = 3
    if dropped:
        print(
            f"upgrade-results: {path}: {count(dropped, 'warning')} in sentences (schema 2) cannot be turned back into their numbers; dropped",
            file=sys.stderr,
        )
    if figures:
        print(
            f"upgrade-results: {path}: figures of a layout older than this conpar's in {count(figures, 'claim')}; dropped (the claims' words and verdicts are kept)",
            file=sys.stderr,
        )
    if whys:
        print(
            f"upgrade-results: {path}: why, in a sentence (schema 2), in {count(whys, 'row')}: it cannot be turned back into its numbers; dropped (the rows' figures are kept)",
            file=sys.stderr,
        )
    return doc


# A tour claim's sentences in schema 3, told from its kind and figures in
# schema 4.
TOUR_WORDS = ("title", "says", "predicted", "measured", "predicted_short", "measured_short",
              "command")


def tour_to_schema_4(doc, path):
    """A schema-3 tour brought to schema 4: its sentences dropped, its reasons
    typed where they can be (an error's message) and unknown elsewhere."""
    if doc.get("kind") != "tour":
        return doc
    claims = doc.get("claims")
    if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
        fail(f"{path}: not a `tour` document of schema 3: `claims` is out of shape")
    unknown = bounds = 0
    for c in claims:
        if c.get("name") not in FIGURES:
            fail(f"{path}: a claim is named {str(c.get('name'))[:40]!r}; accepted are {', '.join(FIGURES)}")
        for k in TOUR_WORDS:
            c.pop(k, None)
        reason = c.get("reason")
        if c.get("verdict") == "error" and isinstance(reason, str):
            c["reason"] = {"kind": "failed", "message": reason}
        else:
            c["reason"] = {"kind": "unknown"}
            unknown += 1
        m = c.get("model_verdict")
        if isinstance(m, dict):
            m["why"] = None
        f = c.get("figures")
        if isinstance(f, dict) and isinstance(f.get("thread_bound"), str):
            f["thread_bound"] = None
            bounds += 1
    doc["schema"] = 4
    if unknown:
        print(
            f"upgrade-results: {path}: {count(unknown, 'claim reason')} in sentences (schema 3) cannot be turned back into their numbers; marked unknown (verdicts, margins and figures are kept; the prediction and measurement are told from the figures, figures schema 4 added print as unknown)",
            file=sys.stderr,
        )
    if bounds:
        print(
            f"upgrade-results: {path}: {bounds} {'bound' if bounds == 1 else 'bounds'} on threads {'was a sentence' if bounds == 1 else 'were sentences'} in schema 3; marked unknown",
            file=sys.stderr,
        )
    return doc


def to_current(doc, path):
    """A document that names its kind and schema, brought to the current layout."""
    kind = doc.get("kind")
    try:
        if kind == "fit" and doc["schema"] == 2:
            return upgrade_fits.typed_fit_document(doc, path)
        if kind in ("run", "scale") and doc["schema"] == 3:
            return upgrade_fits.typed_fit_notes(doc, path)
        if kind == "tour" and doc["schema"] == 3:
            return tour_to_schema_4(doc, path)
        if doc["schema"] != 2:
            fail(f"{path}: has schema {doc['schema']!r}; accepted are schema 2, and 3 for `run`, `scale` and `tour` (a file from before schema 2 needs KIND)")
        doc = tour_to_schema_4(to_schema_3(doc, path), path)
        return upgrade_fits.typed_fit_notes(doc, path) if kind in ("run", "scale") else doc
    except upgrade_fits.Refused as e:
        fail(str(e))


def upgrade_current(old, new):
    """OLD, a document that names its kind and schema, to the current schema."""
    doc = load(old)
    if not isinstance(doc, dict) or "kind" not in doc or "schema" not in doc:
        fail(f"{old}: names no kind and schema: for a file from before schema 2, give its KIND and header (see --help)")
    write_whole(new, json.dumps(to_current(doc, old), separators=(",", ":")) + "\n")


def main():
    if len(sys.argv) == 3 and not sys.argv[1].startswith("-"):
        upgrade_current(sys.argv[1], sys.argv[2])
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(KINDS))
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--started-at", required=True, help="when it was measured, RFC 3339 in UTC")
    p.add_argument("--command", required=True, help="the command line that wrote the file")
    p.add_argument("--repeats", type=int, default=1, help="-r of that command (summaries without n)")
    a = p.parse_args()
    if a.repeats < 1:
        fail(f"--repeats {a.repeats}: accepted are whole numbers from 1")
    doc = load(a.old)
    first = doc[0] if isinstance(doc, list) and doc else doc
    if not isinstance(first, dict) or "kind" in first or "schema" in first:
        fail(f"{a.old}: not a conpar result from before schema 2")
    try:
        host, body = KINDS[a.kind](doc, a.repeats)
    except KeyError as e:
        fail(f"{a.old}: not a `{a.kind}` result from before schema 2: it has no field {e}")
    except (TypeError, AttributeError, IndexError, ValueError) as e:
        fail(f"{a.old}: not a `{a.kind}` result from before schema 2: a field has the wrong type ({e})")
    out = {
        "kind": a.kind,
        "schema": 2,
        "conpar_version": "before schema 2 (upgraded by scripts/upgrade-results.py)",
        "command": a.command.split(),
        "started_at": a.started_at,
        "host": host,
    }
    out.update(body)
    out = to_current(out, a.old)
    write_whole(a.new, json.dumps(out, separators=(",", ":")) + "\n")


def count(n, noun):
    """`n` with its noun: "1 claim", "2 claims"."""
    return f"{n} {noun if n == 1 else noun + 's'}"


def fail(message):
    """A clear refusal: the message on standard error, exit status 2."""
    print(f"upgrade-results: {message}", file=sys.stderr)
    sys.exit(2)


def load(path):
    """The JSON in `path`, a regular file of at most MAX_BYTES: opened without
    blocking (a FIFO with no writer), never read past the bound."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        fail(f"{path}: cannot open: {e.strerror}")
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            fail(f"{path}: not a regular file; give a result file")
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        fail(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB, the most a result file may be")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as e:
        fail(f"{path}: not JSON: {e}")


def write_whole(path, text):
    """Writes `text` to `path` whole or not at all: a temporary file beside
    it, then a rename."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".upgrade-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise

if __name__ == "__main__":
    main()
