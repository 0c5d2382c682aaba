"""Files from before schema 2, for `upgrade-results.py`: they named no kind
and had no header, so the caller gives the kind and this module turns each
kind's old body into the current one. Every summary of repeated times
without `n` gets the run count given; figures are copied, never recomputed.
"""


def summary(s, n):
    out = {"median": s["median"], "min": s["min"], "max": s["max"], "n": n, "ci95": None}
    out.update({k: v for k, v in s.items() if k in ("n", "ci95", "mean", "sd", "samples")})
    return out


def run_row(r):
    r = dict(r)
    r["measured"] = dict(r["measured"])
    r["measured"]["wall_s"] = summary(r["measured"]["wall_s"], r["repeats"])
    r["predicted"] = dict(r["predicted"])
    r["predicted"].setdefault("idle_fraction", 0.0)
    r["predicted"].setdefault("blocked_fraction", 0.0)
    r["predicted"]["model"].setdefault("quantum", None)
    r.setdefault("why", "")
    return r


def run(doc, repeats):
    runs = doc if isinstance(doc, list) else [doc]
    body = {"overheads_ns": overheads(runs[0]["overheads_ns"], repeats), "workloads": []}
    for w in runs:
        serial = w.get("serial")
        body["workloads"].append({
            "workload": w["workload"],
            "serial_fraction": w["serial_fraction"],
            "tick_ns": w["tick_ns"],
            "serial_wall_s": w["serial_wall_s"],
            "serial": summary(serial, serial.get("n", repeats)) if serial else None,
            "calibration": w["calibration"],
            "rows": [run_row(r) for r in w["rows"]],
            "failures": w.get("failures", []),
        })
    return runs[0]["host"], body


def overheads(o, repeats):
    return {k: (summary(v, v.get("n", repeats)) if isinstance(v, dict) and "median" in v else v)
            for k, v in o.items()}


def io(doc, repeats):
    rows = []
    for r in doc["rows"]:
        r = dict(r)
        r["measured"] = dict(r["measured"])
        r["measured"]["wall_s"] = summary(r["measured"]["wall_s"], repeats)
        rows.append(r)
    return doc["host"], {"target": doc["target"], "calibration": doc["calibration"], "rows": rows}


def tour(doc, repeats):
    return doc["host"], {"seconds": doc["seconds"], "claims": doc["claims"]}


def calibrate(doc, repeats):
    body = {k: v for k, v in doc.items() if k != "host"}
    body["overheads_ns"] = overheads(doc["overheads_ns"], repeats)
    return doc["host"], body


KINDS = {"run": run, "io": io, "tour": tour, "calibrate": calibrate}
