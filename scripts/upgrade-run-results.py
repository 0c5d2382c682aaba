#!/usr/bin/env python3
"""Upgrades a `conpar run --json` file written before schema 2 (one object, or
a list of them for several workloads) to one schema-2 document, so that
`conpar report` reads it. Only `run` files are upgraded; figures are copied,
never recomputed. Fields the old layout lacked get neutral values: the
model's idle and blocked fractions 0, the summary counts from `repeats`, and
`command` empty with `conpar_version` saying it was upgraded.

    scripts/upgrade-run-results.py OLD.json NEW.json
"""
import datetime
import json
import os
import sys


def summary(s, n):
    out = {"median": s["median"], "min": s["min"], "max": s["max"], "n": n, "ci95": None}
    out.update({k: v for k, v in s.items() if k in ("n", "ci95")})
    return out


def row(r):
    r = dict(r)
    r["measured"] = dict(r["measured"])
    r["measured"]["wall_s"] = summary(r["measured"]["wall_s"], r["repeats"])
    r["predicted"] = dict(r["predicted"])
    r["predicted"].setdefault("idle_fraction", 0.0)
    r["predicted"].setdefault("blocked_fraction", 0.0)
    r["predicted"]["model"].setdefault("quantum", None)
    r.setdefault("why", "")
    return r


def main(old, new):
    with open(old) as f:
        doc = json.load(f)
    runs = doc if isinstance(doc, list) else [doc]
    if not runs or "rows" not in runs[0] or "kind" in runs[0]:
        sys.exit(f"{old}: not a conpar run result from before schema 2")
    started = datetime.datetime.fromtimestamp(os.path.getmtime(old), datetime.timezone.utc)
    out = {
        "kind": "run",
        "schema": 2,
        "conpar_version": "before 0.1 schema 2 (upgraded)",
        "command": [],
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": runs[0]["host"],
        "overheads_ns": runs[0]["overheads_ns"],
        "workloads": [],
    }
    for w in runs:
        rows = [row(r) for r in w["rows"]]
        serial = w.get("serial")
        out["workloads"].append({
            "workload": w["workload"],
            "serial_fraction": w["serial_fraction"],
            "tick_ns": w["tick_ns"],
            "serial_wall_s": w["serial_wall_s"],
            "serial": summary(serial, serial.get("n", 1)) if serial else None,
            "calibration": w["calibration"],
            "rows": rows,
            "failures": w.get("failures", []),
        })
    with open(new, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
