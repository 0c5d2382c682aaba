"""The fitted laws' part of scripts/upgrade-results.py: schema-3 `run` and
`scale` documents to schema 4 and schema-2 `fit` documents to schema 3, where
the fitted laws' notes, `scale`'s verdict and `fit`'s baseline and notes are
typed findings (src/findings/fits.rs) instead of sentences. What the stored
figures allow is re-derived by the rules conpar uses (src/compare/scaling.rs);
the other sentences are dropped, and how many is said on standard error.
A document out of shape raises `Refused`, which the script reports.
"""
import re
import sys


class Refused(Exception):
    """A document that is not of the layout it names."""


# The schema each kind's fitted laws became typed findings in.
FITS_SCHEMA = {"run": 4, "scale": 4, "fit": 3}
# The sentences of the fitted laws that schema 4 (3 for `fit`) replaced.
FIT_NOTES = ("amdahl_note", "usl_note", "shape_note", "stops_paying_note",
             "interval_note", "projection_note")


def law_refusals(fit, strategy):
    """Why Amdahl and the USL were not fitted, re-derived from the points."""
    measured = [p for p in fit.get("points") or [] if isinstance(p, dict) and p.get("measured")]
    counts = {p.get("cores") for p in measured} | {1}
    if strategy == "interleave":
        why = {"kind": "one-thread", "strategy": strategy}
        return why, why
    if any(p.get("speedup") is None for p in measured):
        return {"kind": "no-cpu-work"}, {"kind": "no-cpu-work"}
    few = lambda law, need: (  # noqa: E731
        {"kind": "too-few-counts", "law": law, "need": need, "got": len(counts)}
        if len(counts) < need else None)
    return few("amdahl", 2), few("usl", 3)


def fit_shape(fit, measured):
    """The shape of a fit, by the rule of `compare::scaling`."""
    s, k = fit.get("amdahl_serial_fraction"), fit.get("usl_kappa")
    if s is not None and not 0.0 <= s <= 1.0:
        off = {"kind": "serial-outside", "s": s}
    elif k is not None and k < 0.0:
        off = {"kind": "kappa-negative", "kappa": k}
    else:
        return None
    pts = [(p["cores"], p["speedup"]) for p in measured if p.get("speedup") is not None]
    if any(c > 1 and x > c for c, x in pts):
        cause = "superlinear"
    elif any(c > 1 and x < 1.0 for c, x in pts):
        cause = "slower"
    elif (s is not None and s < 0.0) or (k is not None and k < 0.0):
        cause = "bends-up"
    else:
        cause = "growing-losses"
    return {"off": off, "cause": cause}


def typed_fit(fit, strategy, path):
    """A schema-3 `Fit` with its notes typed; returns how many were dropped."""
    if not isinstance(fit, dict):
        raise Refused(f"{path}: not a document of schema 3: a `fit` is not an object")
    points = fit.get("points") or []
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise Refused(f"{path}: not a document of schema 3: `fit.points` is out of shape")
    measured = [p for p in points if p.get("measured")]
    no_amdahl, no_usl = law_refusals(fit, strategy)
    if fit.get("amdahl_serial_fraction") is None and no_amdahl:
        fit["no_amdahl"] = no_amdahl
    if fit.get("usl_sigma") is None and no_usl:
        fit["no_usl"] = no_usl
    shape = fit_shape(fit, measured)
    if shape:
        fit["shape"] = shape
    at = fit.get("stops_paying")
    if isinstance(at, int):
        fit["stops_paying"] = {"kind": "beyond", "at": at, "by": "not-recorded"}
    elif shape:
        fit["stops_paying"] = {"kind": "not-amdahl-shaped"}
    elif fit.get("amdahl_serial_fraction") is None and fit.get("usl_sigma") is None:
        fit["stops_paying"] = {"kind": "no-law"}
    else:
        fit["stops_paying"] = {"kind": "not-recorded"}
    projected = [p for p in points if not p.get("measured")]
    refused = [p["cores"] for p in projected if (p.get("interval") or {}).get("refused")]
    if refused:
        widest = max([p["cores"] for p in measured] or [1])
        fit["withheld"] = [{"kind": "too-noisy", "counts": refused,
                            "all": len(refused) == len(projected), "widest": widest}]
    kept = {"amdahl_note": "no_amdahl", "usl_note": "no_usl", "shape_note": "shape",
            "projection_note": "withheld"}
    dropped = sum(1 for k in FIT_NOTES if fit.get(k) and not fit.get(kept.get(k, "")))
    if fit.get("stops_paying_note") and fit["stops_paying"]["kind"] != "not-recorded":
        dropped -= 1
    for k in FIT_NOTES:
        fit.pop(k, None)
    return dropped


def scale_verdict(fit):
    """`scale`'s verdict from its typed fit, by the rule of `compare::scaling::verdict`."""
    if fit.get("shape"):
        return {"kind": "not-amdahl", "shape": fit["shape"]}
    s = fit.get("amdahl_serial_fraction")
    if s is None:
        return {"kind": "no-fit", "why": fit.get("no_amdahl")}
    if s <= 0.001:
        return {"kind": "linear"}
    best = max((p for p in fit.get("points") or []
                if p.get("measured") and isinstance(p.get("speedup"), (int, float))),
               key=lambda p: p["speedup"], default=None)
    if best is not None and best["speedup"] > 1.0 / s:
        return {"kind": "ceiling-below-measured", "s": s, "ceiling": 1.0 / s,
                "best": best["speedup"], "at": best["cores"]}
    return {"kind": "ceiling", "s": s, "ci95": fit.get("serial_fraction_ci95"),
            "ceiling": 1.0 / s, "stops_paying": fit["stops_paying"]}


def typed_fit_notes(doc, path):
    """A schema-3 `run` or `scale` document brought to schema 4."""
    dropped = 0
    if doc["kind"] == "run":
        workloads = doc.get("workloads") or []
        if not isinstance(workloads, list) or not all(isinstance(w, dict) for w in workloads):
            raise Refused(f"{path}: not a `run` document of schema 3: `workloads` is out of shape")
        for w in workloads:
            for sf in w.get("scaling") or []:
                if not isinstance(sf, dict):
                    raise Refused(f"{path}: not a `run` document of schema 3: `scaling` is out of shape")
                dropped += typed_fit(sf.get("fit"), sf.get("strategy"), path)
    else:
        dropped += typed_fit(doc.get("fit"), None, path)
        if doc.get("verdict"):
            dropped += 1
        doc["verdict"] = scale_verdict(doc["fit"])
    doc["schema"] = FITS_SCHEMA[doc["kind"]]
    said_dropped(path, dropped)
    return doc


READ_NOTES = (
    (re.compile(r"^column `(.*)` was read but not used: (.*) comes first$"),
     lambda m: {"kind": "column-unused", "column": m[1], "used": m[2]}),
    (re.compile(r"^(\d+) levels? without a positive throughput (?:was|were) left out$"),
     lambda m: {"kind": "levels-left-out", "levels": int(m[1])}),
)


def typed_fit_document(doc, path):
    """A schema-2 `fit` document brought to schema 3."""
    levels = doc.get("levels")
    if not isinstance(levels, list) or not all(isinstance(l, dict) for l in levels):
        raise Refused(f"{path}: not a `fit` document of schema 2: `levels` is out of shape")
    ones = [l["x"] for l in levels if l.get("n") == 1]
    usl = doc.get("usl") or {}
    if ones:
        doc["baseline"] = {"kind": "measured-x1", "x": ones[0]}
    elif isinstance(usl, dict) and usl.get("lambda") is not None:
        doc["baseline"] = {"kind": "fitted-lambda", "lambda": usl["lambda"]}
    else:
        raise Refused(f"{path}: not a `fit` document of schema 2: no X(1) and no λ to take speedups against")
    counts = {l.get("n") for l in levels} | {1}
    if doc.get("amdahl_serial_fraction") is None and len(counts) < 2:
        doc["no_amdahl"] = {"kind": "too-few-counts", "law": "amdahl", "need": 2, "got": len(counts)}
    notes, dropped = [], 0
    for n in doc.get("notes") or []:
        typed = next((make(m) for rx, make in READ_NOTES
                      for m in [rx.match(n) if isinstance(n, str) else None] if m), None)
        if typed:
            notes.append(typed)
        else:
            dropped += 1
    doc["notes"] = notes
    for k in ("usl_note", "amdahl_note", "interval_note"):
        if doc.pop(k, None):
            dropped += 1
    doc["schema"] = FITS_SCHEMA["fit"]
    said_dropped(path, dropped)
    return doc


def said_dropped(path, dropped):
    """Says on standard error how many sentences were dropped."""
    if dropped:
        print(
            f"upgrade-results: {path}: {dropped} {'note' if dropped == 1 else 'notes'} of the fitted laws in sentences cannot be re-derived from the stored figures; dropped (the figures are kept)",
            file=sys.stderr,
        )
