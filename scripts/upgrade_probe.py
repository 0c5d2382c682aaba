"""The probe's part of scripts/upgrade-results.py: schema-2 `probe` documents
to schema 3, where the verdict, its evidence and notes, `partial` and the
failures are typed findings (src/findings/probe/) instead of sentences. What
the stored figures hold is re-derived; every sentence is dropped, and what
could not be re-derived is said on standard error. Schema-3 `probe`
documents to schema 4, where what a failed request's answer got wrong is a
typed value beside the message from outside (`probe_to_4`).
"""
import re
import sys


# A schema-2 probe verdict's sentence began with one of these (conpar's own
# words, src/probe/classify/verdict.rs at schema 2): the reason it names.
# Checked in order; the first that matches wins.
PROBE_REASONS = [
    ("cannot tell:", "too-few-levels"),
    ("none: X stayed flat, but the host's CPUs were full and", "flat-unloaded"),
    ("serial: one request at a time, and it waits", "flat-waiting"),
    ("none: X stayed flat and", "host-full-flat"),
    ("one core: every request needs the same core", "flat-one-core"),
    ("parallel within each request", "flat-parallel"),
    ("parallel on about", "parallel"),
    ("concurrent, not CPU-bound: the requests' waits overlap", "waits-overlap"),
    ("concurrent, not CPU-bound: X reached", "past-ceiling"),
    ("concurrent, not CPU-bound: its requests overlap (X grew to", "backlog"),
    ("one event loop:", "one-thread"),
    ("one core:", "one-core"),
    ("none: the server computes", "spread"),
    ("serial: one request at a time; X stays at X(1)", "flat-no-cpu"),
    ("concurrent: X grew with N", "growing-no-cpu"),
]


def probe_reason(text, doc, verdict):
    """The typed reason a schema-2 verdict's sentence names."""
    head = text.split(" What stops X:")[0]
    if head.startswith("none: X stops growing at N"):
        return {"kind": "saturated-no-cpu" if "--pid" in head else "capped-outside"}
    if head.startswith("none: X gr"):
        return {"kind": "host-full", "flat": False}
    for prefix, kind in PROBE_REASONS:
        if head.startswith(prefix):
            break
    else:
        return {"kind": "unstated"}
    if kind == "host-full-flat":
        return {"kind": "host-full", "flat": True}
    if kind == "too-few-levels":
        ns = sorted(l["n"] for l in doc.get("levels") or [])
        return {"kind": kind, "ns": ns, "needed": verdict.get("levels_needed") or 3}
    if kind == "growing-no-cpu":
        return {"kind": kind, "beyond_cores": "waits rather than computes" in head}
    return {"kind": kind}


def number_after(text, pattern):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else None


def probe_evidence(doc, analysis, verdict, text):
    """The figures a verdict rests on, from the stored levels and analysis."""
    levels = sorted(doc.get("levels") or [], key=lambda l: l["n"])
    xs = [l["throughput"] for l in levels if isinstance(l.get("throughput"), (int, float))]
    x1 = levels[0]["throughput"] if levels and levels[0]["n"] == 1 else None
    if not isinstance(x1, (int, float)) or x1 <= 0:
        raise ValueError("an analysis without a level N = 1")
    last = levels[-1]
    last_x = last["throughput"] if isinstance(last.get("throughput"), (int, float)) else 0.0
    d = analysis.get("server_cpu_per_request_s")
    s = analysis["service_time_s"]
    used, wanted = verdict.get("effective_cores"), verdict.get("wanted_cores")
    share = number_after(text, r"its busiest thread did ([0-9.]+) %")
    return {
        "x1": x1,
        "service_time_s": s,
        "x_max": max(xs),
        "top_n": last["n"],
        "saturated": last["n"] > 1 and last_x < 0.7 * last["n"] * x1,
        "cores": doc["server_cores"],
        "busiest_share": share / 100 if share is not None else None,
        "cpu_share": d / s if d and s else None,
        "starved": used is not None and wanted is not None and wanted - used >= 0.2,
    }


def probe_notes(doc, verdict, text):
    """What followed a schema-2 verdict, re-derived from the stored figures."""
    levels = sorted(doc.get("levels") or [], key=lambda l: l["n"])
    notes = []
    answers = verdict.get("syn_retry_latencies") or 0
    if answers and any((l.get("kernel") or {}).get("listen_overflows", 0) > 0 for l in levels):
        notes.append({"kind": "syn-retransmits", "answers": answers})
    idle = number_after(text, r"The host had only ([0-9.]+) cores idle there")
    if idle is not None:
        notes.append({"kind": "host-full", "idle_cores": idle})
    if verdict.get("client_bound"):
        notes.append({"kind": "client-busy"})
    for l in levels:
        x, little = l.get("throughput"), l.get("little")
        if isinstance(x, (int, float)) and x > 0 and isinstance(little, (int, float)) and little < 0.8:
            notes.append({"kind": "little", "n": l["n"], "ratio": little})
            break
    return notes


def probe_failure(text):
    """A schema-2 failure's text as a typed failure: its kind, and the
    message it came with, at most 512 bytes."""
    kinds = [("cannot connect: ", "connect"), ("answered an error: ", "rejected")]
    kind, detail = None, text
    for prefix, k in kinds:
        if text.startswith(prefix):
            kind, detail = k, text[len(prefix):]
    if text == "timed out":
        kind, detail = "timeout", ""
    elif text == "the server closed the kept-alive connection":
        kind, detail = "stale", ""
    elif kind is None:
        said = ("the server sent", "its answer began", "longer than", "too large", "not `DONE`")
        kind = "protocol" if any(w in text for w in said) else "broken"
    cut = detail.encode()[:512].decode("utf-8", "ignore")
    return {"kind": kind, "detail": cut}


def probe_partial(text):
    """A schema-2 `partial` sentence as its typed reason (`unstated` when
    it names none this script knows)."""
    if text is None:
        return None
    m = re.match(r"level N = (\d+) stopped: every recent request failed \((.*)\); the levels", text)
    if m:
        return {"kind": "level-failed", "n": int(m.group(1)), "failure": probe_whole_failure(m.group(2))}
    m = re.match(r"the server \(pid (\d+)\) exited during level N = (\d+)", text)
    if m:
        return {"kind": "server-exited", "pid": int(m.group(1)), "n": int(m.group(2))}
    m = re.match(r"interrupted: .*stopped after level N = (\d+)", text)
    if m:
        return {"kind": "interrupted", "after_n": int(m.group(1))}
    m = re.match(r"the step at ([0-9.]+) req/s stopped: every recent request failed \((.*)\); the steps", text)
    if m:
        return {"kind": "step-failed", "rate": float(m.group(1)), "failure": probe_whole_failure(m.group(2))}
    return {"kind": "unstated"}


def probe_whole_failure(text):
    """A whole probe's failure (it named the target) as a typed failure."""
    patterns = [
        (r"cannot connect to \S+: (.*)$", "connect"),
        (r"\S+ does not answer as [^:]*: (.*)$", "protocol"),
        (r"\S+ answered `.*` with an error: (.*)$", "rejected"),
        (r"\S+ did not answer `.*` within .*$", "timeout"),
    ]
    for p, kind in patterns:
        m = re.match(p, text)
        if m:
            detail = m.group(1) if m.groups() else ""
            return {"kind": kind, "detail": detail.encode()[:512].decode("utf-8", "ignore")}
    return probe_failure(text)


def probe_usl(note):
    """A schema-2 `usl_note` as why the USL was not fitted."""
    if note is None:
        return None
    m = re.search(r"needs at least (\d+) distinct core counts including 1, got (\d+)", note)
    if m:
        return {"kind": "too-few-levels", "need": int(m.group(1)), "got": int(m.group(2))}
    if "positive number" in note:
        return {"kind": "not-positive"}
    return {"kind": "no-curve"}


def probe_to_3(doc, path):
    """A schema-2 probe: every sentence dropped, its typed value re-derived
    from the stored figures where they hold it; what could not be, said."""
    said = []
    for l in doc.get("levels") or []:
        if isinstance(l.get("first_error"), str):
            l["first_error"] = probe_failure(l["first_error"])
    doc["partial"] = probe_partial(doc.get("partial"))
    if doc["partial"] == {"kind": "unstated"}:
        said.append("its `partial` sentence named no reason this script knows: kept as `unstated`")
    a = doc.get("analysis")
    if isinstance(a, dict):
        a["usl_missing"] = probe_usl(a.pop("usl_note", None))
        v = a["verdict"]
        text = v.pop("text", "")
        v["reason"] = probe_reason(text, doc, v)
        if v["reason"]["kind"] == "unstated":
            said.append("its verdict's sentence named no reason this script knows: kept as `unstated`")
        v["evidence"] = probe_evidence(doc, a, v, text)
        v["notes"] = probe_notes(doc, v, text)
        lim = v.get("limit")
        if isinstance(lim, dict) and lim.get("kind") == "cpu":
            one = lim.pop("one_thread", False)
            lim["what"] = "one-thread" if one else ("one-core" if lim["cores"] < 1.3 else "several")
        said.append("the verdict's sentence was dropped; its reason, evidence and notes were re-derived from the stored figures")
    o = doc.get("open")
    if isinstance(o, dict):
        for st in o.get("steps") or []:
            st["notes"] = [n["finding"] if isinstance(n, dict) and "finding" in n else n for n in st.get("notes") or []]
            if isinstance(st.get("first_error"), str):
                st["first_error"] = probe_failure(st["first_error"])
        if isinstance(o.get("find_max"), dict) and o["find_max"].pop("text", None) is not None:
            said.append("the search's sentence was dropped (its rates and why it stopped are kept)")
    for s in said:
        print(f"upgrade-results: {path}: {s}", file=sys.stderr)
    return doc


# What a schema-3 failure's detail began with when conpar's own words said
# what was wrong (src/probe/{conn,http,redis_conn,load,capped}.rs at schema
# 3): the typed `wrong` of schema 4, and the group kept as the detail.
WRONG = [
    (r"the server closed the connection without an answer$", {"kind": "no-answer"}),
    (r"the server keeps closing connections before answering$", {"kind": "keeps-closing"}),
    (r"the answer is not `DONE` or `PONG`$", {"kind": "not-protocol", "expected": "conpar"}),
    (r"the answer is not HTTP/1\.x: (.*)$", {"kind": "not-protocol", "expected": "http"}),
    (r"the answer is not a Redis reply: (.*)$", {"kind": "not-protocol", "expected": "redis"}),
]


def probe_wrong(failure):
    """A schema-3 failure with what was wrong taken out of its detail."""
    if not isinstance(failure, dict) or not isinstance(failure.get("detail"), str):
        return failure
    d = failure["detail"]
    m = re.search(r"the answer is longer than (\d+) bytes \(--max-response\)", d)
    if m:
        failure.update(wrong={"kind": "too-long", "cap": int(m.group(1))}, detail="")
        return failure
    m = re.match(r"HTTP (\d{3})(?: (.*))?$", d, re.S)
    if failure.get("kind") == "rejected" and m:
        failure.update(wrong={"kind": "status", "code": int(m.group(1))}, detail=m.group(2) or "")
        return failure
    for pattern, wrong in WRONG:
        m = re.match(pattern, d, re.S)
        if m:
            failure.update(wrong=dict(wrong), detail=m.group(1) if m.groups() else "")
            return failure
    return failure


def probe_to_4(doc, path):
    """A schema-3 probe: each failure's own words (what the answer got
    wrong) become its typed `wrong`, the message from outside kept."""
    for l in doc.get("levels") or []:
        probe_wrong(l.get("first_error"))
    o = doc.get("open")
    for st in (o.get("steps") or []) if isinstance(o, dict) else []:
        probe_wrong(st.get("first_error"))
    p = doc.get("partial")
    if isinstance(p, dict):
        probe_wrong(p.get("failure"))
    doc["schema"] = 4
    return doc
