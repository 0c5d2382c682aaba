#!/usr/bin/env bash
# scripts/docs.sh [DIR] — reruns the commands whose outputs README.md,
# docs/io.md and docs/statistics.md quote
# and redraws every picture in docs/, into DIR (default: docs).
#
#   DIR/outputs/*.txt      terminal output of each command (README.md, docs/io.md
#                          and docs/statistics.md quote these)
#   DIR/outputs/README.md  which command wrote each file, on which host, commit and date
#   DIR/*.svg              charts from `conpar report` of this host's run and io results
#   DIR/report-2cpu.png    the HTML report of those results, drawn by headless Chromium
#   DIR/report-xeon-16cpu.png  the report of docs/measurements/xeon-16cpu/run.json
#                          (figures from that 16-CPU host; only the drawing is redone here)
#
# Repetition counts are small so that the whole script takes a few minutes on
# two cores; figures move with the machine's load (each output is real, from
# this host, on the date written in outputs/README.md). Every step runs under
# `timeout`; a step that fails is reported and the others still run (exit 1).
# The PNGs need chromium-headless-shell or chromium (`apt-get install
# chromium-headless-shell`); without one they are left as they are, and said so.
set -uo pipefail
begin=$(date +%s)
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs}
mkdir -p "$out/outputs" || exit 1
out=$(cd "$out" && pwd)
cd "$root" || exit 1
export NO_COLOR=1 LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
index="$work/index.md"

timeout 900 cargo build --release --quiet || { echo "docs.sh: cargo build --release failed" >&2; exit 1; }
# Commands run in the scratch folder with conpar on PATH, so that the command
# lines recorded in the result documents read `conpar … --json cpu.json`.
export PATH="$root/target/release:$PATH"
cd "$work" || exit 1

# step SECONDS OUTPUT-FILE COMMAND…: runs COMMAND under timeout, standard output
# and standard error into outputs/OUTPUT-FILE (or nowhere when OUTPUT-FILE is
# -), and records it in the index.
step() {
  local limit=$1 file=$2 t0 rc
  shift 2
  echo "docs.sh: $* > outputs/$file" >&2
  t0=$(date +%s.%N)
  if [ "$file" = - ]; then
    timeout "$limit" "$@" >/dev/null
  else
    timeout "$limit" "$@" >"$out/outputs/$file" 2>&1
  fi
  rc=$?
  local shown="${*//$root\//}"
  printf '| `%s` | `%s` | %s | %.1f |\n' "$file" "$shown" "$rc" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" >>"$index"
  if [ "$rc" -ne 0 ] && [ "${ok_rc:-0}" != "$rc" ]; then failed+=("$file (exit $rc)"); fi
}

# The tour: every claim of the article, predicted, measured, judged.
step 300 tour.txt conpar tour -q --json tour.json
# The tick model: exact, the same everywhere.
step 30 model-two-tasks-rr.txt conpar model two-tasks -d round-robin
step 30 model-two-tasks-2.txt conpar model two-tasks -c 2
step 30 model-five-on-four.txt conpar model five-on-four -c 4
step 30 model-blocking.txt conpar model blocking-vs-async
step 30 model-async.txt conpar model blocking-vs-async --io async
# Real runs beside the model, and the I/O clients.
step 300 run.txt conpar run two-tasks uneven -r 3 -q --json cpu.json
step 120 io.txt conpar io -r 3 -q --json io.json
step 120 calibrate.txt conpar calibrate -q
step 120 scale.txt conpar scale --threads 1,2 -r 8 -q -- conpar __scaleload --serial 40 --parallel 200
# docs/statistics.md: the noise warnings of a short run, and adaptive runs
# with a time budget (their warnings and the count of how the pairs stopped).
step 120 statistics-warnings.txt conpar run two-tasks -s rayon,threads -c 1,2 -r 3 --tick 2ms -q
step 120 statistics-adaptive.txt conpar run even -s rayon,threads -c 1,2 --tick 2ms --min-runs 3 --max-runs 12 --budget 1s -q
# A mistake on the command line (exit 2).
ok_rc=2 step 10 usage-error.txt conpar run two-taks
ok_rc=0

# Pictures: this host's report, and the 16-CPU host's shipped results.
step 60 - conpar report -q cpu.json io.json --report report-2cpu
for svg in speedup-uneven gantt-uneven-measured gantt-uneven-model loss-uneven io-wall; do
  cp "$work/report-2cpu/$svg.svg" "$out/$svg.svg" || failed+=("$svg.svg")
done
step 60 - conpar report -q "$root/docs/measurements/xeon-16cpu/run.json" --report report-xeon

chrome=$(command -v chromium-headless-shell || command -v chromium || true)
shoot() { # HTML PNG WIDTH HEIGHT
  timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size="$3,$4" --screenshot="$2" "file://$1" >/dev/null 2>&1 || failed+=("$2")
}
if [ -n "$chrome" ]; then
  shoot "$work/report-2cpu/index.html" "$out/report-2cpu.png" 1000 1250
  shoot "$work/report-xeon/index.html" "$out/report-xeon-16cpu.png" 1000 1000
else
  echo "docs.sh: no chromium-headless-shell or chromium: the PNGs in $out are left as they were" >&2
fi

seconds=$(( $(date +%s) - begin ))
{
  echo "# Outputs quoted in README.md and docs/"
  echo
  echo "Written by \`scripts/docs.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), conpar at commit"
  echo "\`$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)\`, on $(hostname): $(nproc) allowed CPUs,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), Linux $(uname -r); 1-minute load average"
  echo "$(cut -d' ' -f1 /proc/loadavg) at the end (other programs share this machine). The whole script took ${seconds} s."
  echo
  echo "| file | command | exit | seconds |"
  echo "|---|---|---|---|"
  cat "$index"
} >"$out/outputs/README.md"

echo "docs.sh: done in ${seconds} s; outputs in $out/outputs, pictures in $out" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "docs.sh: failed: ${failed[*]}" >&2
  exit 1
fi
