# shellcheck shell=bash disable=SC2034
# Shell helpers shared by the wrk-based benchmarks (bench/http.sh, bench/auth.sh). Source it:
#   . "$(dirname "$0")/lib.sh"
# Knobs: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64).
bench_seconds=${BENCH_SECONDS:-10}
bench_conns=${BENCH_CONNECTIONS:-64}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The graphql_read query (bench/http.sh; bench/auth.sh measures against it): small, anonymous,
# by id on a warm entity. bench_prepare_read_entity sets it up on a server started with
# --demo-data; until then it is the entity-free `{ health { status } }`.
bench_read_body='{"query":"{ health { status } }"}'
bench_read_answer='{"data":{"health":{"status":"OK"}}}'

# Logs in as the demo admin, creates and publishes a product, reads it once (now it is warm),
# and points bench_read_body/bench_read_answer at `product(id)`. Needs --demo-data and the login
# and mutation limits lifted.
# Creates a brand as the admin whose bearer token is $1; prints its id.
bench_create_brand() {
  local created
  created=$(bench_post /graphql '{"query":"mutation { createBrand(input: {name: \"Bench brand\"}) { brand { id } } }"}' \
    -H "authorization: Bearer $1")
  echo "$created" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}

bench_prepare_read_entity() {
  local login token created id brand
  login='{"query":"mutation { login(email: \"admin@colors.example\", password: \"colors-admin-demo\") { accessToken } }"}'
  token=$(bench_post /graphql "$login" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "bench: demo admin login failed" >&2; return 1; }
  brand=$(bench_create_brand "$token")
  [ -n "$brand" ] || { echo "bench: createBrand failed" >&2; return 1; }
  created=$(bench_post /graphql "{\"query\":\"mutation { createProduct(input: {brandId: \\\"$brand\\\", product: {name: \\\"Linen shirt\\\", price: {amountMinor: 4900, currency: \\\"EUR\\\"}}}) { product { id } } }\"}" \
    -H "authorization: Bearer $token")
  id=$(echo "$created" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  [ -n "$id" ] || { echo "bench: createProduct failed: $created" >&2; return 1; }
  bench_post /graphql "{\"query\":\"mutation { setProductStatus(id: \\\"$id\\\", status: ACTIVE) { product { status } } }\"}" \
    -H "authorization: Bearer $token" >/dev/null
  bench_read_body="{\"query\":\"{ product(id: \\\"$id\\\") { id name price { amountMinor currency } } }\"}"
  bench_read_answer="{\"data\":{\"product\":{\"id\":\"$id\",\"name\":\"Linen shirt\",\"price\":{\"amountMinor\":4900,\"currency\":\"EUR\"}}}}"
  [ "$(bench_post /graphql "$bench_read_body")" = "$bench_read_answer" ] \
    || { echo "bench: product read failed" >&2; return 1; }
}

bench_require_wrk() {
  command -v wrk >/dev/null || { echo "wrk is missing (make deps installs it)" >&2; exit 2; }
}

# Starts "$build/bin/colors" on a free loopback port with its data in "$dir/data" and its log in
# "$dir/log", plus any extra flags; sets `server_pid` and `addr` (host:port) once it listens.
# The caller's EXIT trap must call bench_stop_server.
bench_start_server() {
  local build=$1 dir=$2
  shift 2
  "$build/bin/colors" --listen 127.0.0.1:0 --data-dir "$dir/data" --no-access-log "$@" \
    2>"$dir/log" &
  server_pid=$!
  addr=
  for _ in $(seq 300); do
    addr=$(grep -o '"msg":"listening","address":"[^"]*"' "$dir/log" \
             | sed 's/.*"address":"//;s/"//') || true
    [ -n "$addr" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start listening:" >&2
  cat "$dir/log" >&2
  return 1
}

# Stops the server bench_start_server started: SIGTERM, then SIGKILL (with a warning) when it has
# not exited within BENCH_STOP_SECONDS (default 20), so a shutdown hang cannot hold the
# benchmark lock. Safe to call twice.
bench_stop_server() {
  [ -n "${server_pid:-}" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$server_pid" 2>/dev/null && [ "$waited" -lt $((${BENCH_STOP_SECONDS:-20} * 10)) ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$server_pid" 2>/dev/null; then
    echo "bench: the server did not stop within ${BENCH_STOP_SECONDS:-20} s of SIGTERM; killed" >&2
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# Runs wrk against POST http://$addr/graphql with bench/graphql_post.lua, the body "$1" and, when
# "$2" is not empty, that bearer token; prints what bench_measure prints. More wrk options follow.
bench_measure_graphql() {
  local body=$1 bearer=$2
  shift 2
  BENCH_BODY=$body BENCH_BEARER=$bearer \
    bench_measure -s "$bench_dir/graphql_post.lua" "$@" "http://$addr/graphql"
}

# Runs wrk with the benchmark's connections and duration plus "$@" (options, then the URL) and
# prints "<requests/s> <p99 ms> <non-2xx responses> <socket errors>".
bench_measure() {
  wrk -t2 -c"$bench_conns" -d"${bench_seconds}s" --latency "$@" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
               if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; p99 = v }
    /Non-2xx or 3xx responses/ { bad = $NF }
    /Socket errors/ { gsub(/,/, ""); errs = $4 + $6 + $8 + $10 }
    END { printf "%s %s %d %d\n", rps, p99, bad, errs }'
}

# Short load to warm up the server and the connections: bench_warm SECONDS [wrk args...].
bench_warm() {
  local secs=$1
  shift
  wrk -t2 -c"$bench_conns" -d"${secs}s" "$@" >/dev/null
}

# POSTs the JSON body "$2" to http://$addr$1 and prints the answer; extra curl args follow.
bench_post() {
  local path=$1 body=$2
  shift 2
  curl -sS --max-time 30 -XPOST "http://$addr$path" -H 'content-type: application/json' "$@" \
    -d "$body"
}

# Prints the JSON lines of a throughput and a p99 figure against a baseline:
#   bench_emit NAME RPS P99 BASE_RPS BASE_P99
# The requests/s ratio is value/baseline, the p99 ratio baseline/value (above 1 is better in both).
bench_emit() {
  awk -v n="$1" -v r="$2" -v p="$3" -v b="$4" -v bp="$5" 'BEGIN {
    printf "{\"name\":\"%s\",\"value\":%.1f,\"unit\":\"requests/s\",\"baseline\":%.1f,\"ratio\":%.3f}\n", n, r, b, (b > 0 ? r / b : 0)
    printf "{\"name\":\"%s_p99\",\"value\":%.3f,\"unit\":\"ms\",\"baseline\":%.3f,\"ratio\":%.3f}\n", n, p, bp, (p > 0 ? bp / p : 0)
  }'
}
