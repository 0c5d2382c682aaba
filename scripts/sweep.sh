#!/usr/bin/env bash
# The standard sweep on one host: every shipped CPU workload through every
# strategy on every core count this host allows, the I/O clients, and the
# tour, into result files named after the host and its CPU count. Run it on
# each host, then merge:  conpar report results/*.json --out report/
#
# Usage: scripts/sweep.sh [OUT_DIR]      (default: results, in the directory
# it is run from)
# CONPAR may name a conpar binary; otherwise it is built with cargo.
set -euo pipefail
out=${1:-results}
if [ -z "${CONPAR:-}" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  (cd "$here" && cargo build --release --quiet)
  CONPAR=$here/target/release/conpar
fi
mkdir -p "$out"
cpus=$(nproc)
name="$(hostname)-${cpus}cpu"
"$CONPAR" run two-tasks five-on-four even uneven amdahl-10 oversubscribed --cores all --json "$out/$name-run.json"
"$CONPAR" io --json "$out/$name-io.json"
"$CONPAR" tour --json "$out/$name-tour.json"
"$CONPAR" report "$out/$name-run.json" "$out/$name-io.json" "$out/$name-tour.json" --out "$out/$name-report"
echo "results in $out/$name-*.json"
