#!/usr/bin/env bash
# make bench ONLY=http
#   graphql_read: POST /graphql with a small query, 64 connections (wrk), vs GET /healthz of the
#   same server under the same load in the same run. JSON lines: requests/s and p99 latency.
#   The query is `{ health { status } }` until entity queries exist (catalog/try-on issues).
# Knobs: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64).
set -euo pipefail
build=${1:-build}
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "wrk is missing (make deps installs it)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
"$build/bin/colors" --listen 127.0.0.1:0 --data-dir "$dir/data" --no-access-log 2>"$dir/log" &
pid=$!
for _ in $(seq 100); do
  addr=$(grep -o '"msg":"listening","address":"[^"]*"' "$dir/log" | sed 's/.*"address":"//;s/"//') || true
  [ -n "${addr:-}" ] && break
  sleep 0.1
done
[ -n "${addr:-}" ] || { cat "$dir/log" >&2; exit 1; }

cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ health { status } }"}'
LUA

# Prints "<requests/s> <p99 ms>" from wrk --latency output.
measure() {
  wrk -t2 -c"$conns" -d"${seconds}s" --latency "$@" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
               if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; p99 = v }
    END { printf "%s %s\n", rps, p99 }'
}

wrk -t2 -c"$conns" -d2s "http://$addr/healthz" >/dev/null # warm-up
read -r base_rps base_p99 < <(measure "http://$addr/healthz")
read -r gql_rps gql_p99 < <(measure -s "$dir/post.lua" "http://$addr/graphql")
check=$(curl -s -XPOST "http://$addr/graphql" -H 'content-type: application/json' \
  -d '{"query":"{ health { status } }"}')
[ "$check" = '{"data":{"health":{"status":"OK"}}}' ] || { echo "unexpected answer: $check" >&2; exit 1; }

awk -v r="$gql_rps" -v b="$base_rps" -v p="$gql_p99" -v bp="$base_p99" 'BEGIN {
  printf "{\"name\":\"graphql_read\",\"value\":%.1f,\"unit\":\"requests/s\",\"baseline\":%.1f,\"ratio\":%.3f}\n", r, b, r / b
  printf "{\"name\":\"graphql_read_p99\",\"value\":%.3f,\"unit\":\"ms\",\"baseline\":%.3f,\"ratio\":%.3f}\n", p, bp, bp / p
}'
