#!/usr/bin/env bash
# The standard sweep on many hosts at once, through GNU parallel, merged into
# one report. Each HOST is an sshlogin as GNU parallel takes it (`user@host`,
# `:` for this machine), optionally followed by `=PREFIX`, a command the
# sweep runs under there (e.g. `:=taskset -c 0` runs a local "host" confined
# to CPU 0). The conpar binary is copied to each host (--transferfile), run
# there, and its result documents come back (--return); nothing is installed.
#
# Usage: scripts/fleet.sh [--quick] [--out DIR] HOST[=PREFIX]...
#   --quick   a short sweep (two-tasks with rayon on every allowed core count,
#             one repetition, 1 ms ticks) instead of scripts/sweep.sh's
#   --out     where results and the merged report go (default: fleet)
# CONPAR may name a conpar binary; otherwise it is built with cargo.
# The Slurm equivalent is in README.md ("Many hosts").
set -euo pipefail
quick=0
out=fleet
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --out)
      if [ $# -lt 2 ] || [ -z "$2" ]; then
        echo "fleet.sh: --out needs a directory (usage: scripts/fleet.sh [--quick] [--out DIR] HOST[=PREFIX]...)" >&2
        exit 2
      fi
      out=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "fleet.sh: unknown option $1 (accepted: --quick, --out DIR)" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: scripts/fleet.sh [--quick] [--out DIR] HOST[=PREFIX]...  (HOST ':' is this machine)" >&2
  exit 2
fi
command -v parallel >/dev/null || { echo "fleet.sh: GNU parallel is missing (apt-get install parallel)" >&2; exit 1; }
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${CONPAR:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
  CONPAR=$here/target/release/conpar
fi
mkdir -p "$out"
cp "$CONPAR" "$out/conpar"
cd "$out"
# Results and logs of an earlier fleet here would be merged as this one's.
rm -f host-*-run.json host-*.log
if [ "$quick" = 1 ]; then
  sweep='run two-tasks -s rayon -c all -r 1 --tick 1ms -q --json'
else
  sweep='run two-tasks five-on-four even uneven amdahl-10 -c all -q --json'
fi
pids=()
i=0
for spec in "$@"; do
  i=$((i + 1))
  login=${spec%%=*}
  prefix=""
  [ "$login" != "$spec" ] && prefix=${spec#*=}
  result="host-$i-run.json"
  # One parallel per host, so each runs its own sweep under its own prefix;
  # a remote host gets the binary and sends its result back.
  remote=(--transferfile {} --return "$result" --cleanup)
  [ "$login" = ":" ] && remote=()
  parallel --will-cite --sshlogin "$login" "${remote[@]}" \
    "$prefix ./{} $sweep $result > host-$i.log" ::: conpar &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
results=(host-*-run.json)
[ -e "${results[0]}" ] || { echo "fleet.sh: no host returned a result" >&2; exit 1; }
./conpar report -q "${results[@]}" --report report
n=${#results[@]}
echo "fleet: $n $( ((n == 1)) && echo result || echo results) merged into $out/report/index.html; $failed $( ((failed == 1)) && echo host || echo hosts) failed"
[ "$failed" = 0 ]
