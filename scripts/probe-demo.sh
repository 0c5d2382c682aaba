#!/usr/bin/env bash
# conpar probe against servers whose archetype a person can name, each started
# on 127.0.0.1 by `conpar probe --spawn` and stopped when its probe ends:
#
#   Python http.server HTTPServer, a 20 ms sleep       serial (blocking)
#   Python ThreadingHTTPServer, a 20 ms sleep          concurrent, not CPU-bound
#   Python ThreadingHTTPServer, a 10 ms Python loop    one core (the GIL)
#   Redis GET                                          one event loop
#   Redis BLPOP q 0.02 (waits overlap in the loop)     concurrent, not CPU-bound
#   Redis EVAL of a CPU-heavy Lua loop                 one core: it stalls every client
#   Redis DEBUG SLEEP 0.02 (blocks the loop)           serial
#   nginx gzip -9 of 1 MiB, worker_processes 1         one core
#   nginx gzip -9 of 1 MiB, worker_processes auto      parallel
#   conpar serve, WAIT 20000                            concurrent, not CPU-bound
#
# Needs python3, redis-server and nginx (apt-get install redis-server
# nginx-light). Results: one JSON per server in $OUT (default probe-demo/) and
# an HTML report of them all. Settings: CONPAR (the binary; default
# target/release/conpar, built if missing), DURATION (per level, default 2s),
# ONLY (a word: run only the demos whose name contains it).
set -euo pipefail
cd "$(dirname "$0")/.."
CONPAR=${CONPAR:-target/release/conpar}
DURATION=${DURATION:-2s}
OUT=${OUT:-probe-demo}
ONLY=${ONLY:-}
[ -x "$CONPAR" ] || cargo build --release
mkdir -p "$OUT"
# Only this run's results are merged, and a demo that fails makes the
# script fail: an earlier run's JSON is never reported as this one's.
made=()
failed=()
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# demo NAME TARGET-PATH-OR-EMPTY SCHEME LEVELS [probe options…] -- SERVER COMMAND (PORT for the port)
demo() {
  local name=$1 path=$2 scheme=$3 levels=$4
  shift 4
  if [ -n "$ONLY" ] && [[ $name != *"$ONLY"* ]]; then return; fi
  local port opts=() cmd=()
  port=$(free_port)
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  for a in "$@"; do cmd+=("${a//PORT/$port}"); done
  echo "== $name"
  probe "$name" "$scheme://127.0.0.1:$port$path" --levels "$levels" -d "$DURATION" \
    "${opts[@]}" --spawn -- "${cmd[@]}"
  echo
}

# probe NAME TARGET [probe options…]: one probe into $OUT/NAME.json, its
# earlier result removed first; a failure is counted, not merged.
probe() {
  local name=$1
  shift
  rm -f "$OUT/$name.json"
  local status=0
  "$CONPAR" probe "$@" --json "$OUT/$name.json" || status=$?
  if [ "$status" = 0 ] && [ -s "$OUT/$name.json" ]; then
    made+=("$OUT/$name.json")
  else
    echo "($name: exit status $status)"
    rm -f "$OUT/$name.json"
    failed+=("$name")
  fi
}

nginx_prefix() { # DIR WORKERS PORT
  local d=$1
  mkdir -p "$d"
  chmod 755 "$tmp" "$d"
  python3 - "$d/big.txt" <<'PY'
import random, sys
r = random.Random(1)
words = "alpha beta gamma delta kappa lambda omicron sigma tau upsilon omega zeta".split()
text, n = [], 0
while n < 1 << 20:
    line = " ".join(r.choice(words) + str(r.randrange(1000)) for _ in range(12)) + "\n"
    text.append(line)
    n += len(line)
open(sys.argv[1], "w").write("".join(text)[: 1 << 20])
PY
  echo hello > "$d/small.txt"
  chmod 644 "$d"/*.txt
  local user=""
  [ "$(id -u)" -eq 0 ] && user="user nobody nogroup;"
  cat > "$d/nginx.conf" <<EOF
worker_processes $2;
daemon off;
master_process on;
pid $d/nginx.pid;
error_log $d/error.log;
$user
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/body;
  proxy_temp_path $d/proxy;
  keepalive_requests 1000000;
  default_type text/plain;
  server {
    listen 127.0.0.1:$3 reuseport;
    root $d;
    gzip on;
    gzip_comp_level 9;
    gzip_types text/plain;
    gzip_min_length 0;
  }
}
EOF
}

PY=(python3 scripts/probe_server.py)
REDIS=(redis-server --port PORT --bind 127.0.0.1 --save '' --appendonly no)
HTTP_LEVELS=1,2,4,8,16,32,64
REDIS_LEVELS=1,2,4,8,16,32,64,128,256

demo python-serial / http "$HTTP_LEVELS" -- "${PY[@]}" serial-sleep PORT
demo python-threads-sleep / http "$HTTP_LEVELS" -- "${PY[@]}" threads-sleep PORT
demo python-threads-cpu / http "$HTTP_LEVELS" -- "${PY[@]}" threads-cpu PORT
demo redis-get "" redis "$REDIS_LEVELS" --command 'GET k' -- "${REDIS[@]}"
demo redis-blpop "" redis "$REDIS_LEVELS" --command 'BLPOP q 0.02' -- "${REDIS[@]}"
demo redis-eval "" redis 1,2,4,8,16 \
  --command 'EVAL "local i = 0 while i < 2000000 do i = i + 1 end return i" 0' -- "${REDIS[@]}"
# DEBUG is refused unless the server is started with --enable-debug-command.
demo redis-debug-sleep "" redis 1,2,4,8,16 --command 'DEBUG SLEEP 0.02' \
  -- "${REDIS[@]}" --enable-debug-command local
for workers in 1 auto; do
  port=$(free_port)
  nginx_prefix "$tmp/nginx-$workers" "$workers" "$port"
  if [ -z "$ONLY" ] || [[ nginx-$workers == *"$ONLY"* ]]; then
    echo "== nginx-$workers"
    probe "nginx-$workers" "http://127.0.0.1:$port/big.txt" -H 'Accept-Encoding: gzip' --levels 1,2,4,8,16 \
      -d "$DURATION" \
      --spawn -- nginx -p "$tmp/nginx-$workers" -c "$tmp/nginx-$workers/nginx.conf" -e "$tmp/nginx-$workers/error.log"
    echo
  fi
done
demo conpar-wait "" conpar 1,2,4,8,16,32,64 --command 'WAIT 20000' -- "$CONPAR" serve --bind 127.0.0.1:PORT

if [ ${#made[@]} -gt 0 ]; then
  "$CONPAR" report "${made[@]}" --out "$OUT/report"
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "probe-demo: failed: ${failed[*]} (${#failed[@]} of the demos); results reported: ${#made[@]}" >&2
  exit 1
fi
[ ${#made[@]} -gt 0 ] || { echo "probe-demo: no demo ran (ONLY=$ONLY)" >&2; exit 1; }
