#!/usr/bin/env bash
# make bench ONLY=catalog
#   A catalog of BENCH_PRODUCTS (default 100,000) products, seeded into a data directory by
#   build/bin/catalog_seed (the demo catalog's content at that size, decided by the aggregates),
#   then:
#   - catalog_rebuild: `colctl rebuild catalog` of it, events/s (no baseline: one JSON line);
#   - catalog_search: POST /graphql `products(text, filter: two filters) { facets ... }` under
#     wrk load (BENCH_CONNECTIONS), requests/s, against graphql_read (a warm product by id, as
#     in bench/http.sh) of the same server in the same run; goal ratio >= 0.3. Measured in
#     BENCH_ROUNDS (default 3) interleaved pairs (read, search) of BENCH_SECONDS / 2 each,
#     so that a slow phase of a shared machine weighs on both sides alike; the figures are the
#     means over the rounds, and "round_ratios" lists each pair's ratio;
#   - catalog_search_p50/p99: latency with BENCH_LATENCY_CONNECTIONS (default 4) connections,
#     so that it is the request's time rather than the queue of a saturated server; goal p99 < 5 ms.
# Knobs: BENCH_PRODUCTS, BENCH_SECONDS (default 10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (64),
#        BENCH_LATENCY_CONNECTIONS (4).
set -euo pipefail
build=${1:-build}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_require_wrk
products=${BENCH_PRODUCTS:-100000}
dir=$(mktemp -d)
trap 'bench_stop_server; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

"$build/bin/catalog_seed" --data-dir "$dir/data" --products "$products" >/dev/null
rebuilt=$("$build/bin/colctl" rebuild catalog --data-dir "$dir/data")
rate=$(sed -n 's/.*(\([0-9]*\) events\/s).*/\1/p' <<<"$rebuilt")
events=$(sed -n 's/catalog rebuilt from \([0-9]*\) events.*/\1/p' <<<"$rebuilt")
printf '{"name":"catalog_rebuild","value":%s,"unit":"events/s","events":%s,"products":%s}\n' \
  "$rate" "$events" "$products"

bench_start_server "$build" "$dir" --demo-data --demo-products 0 --rate-limit login=off,mutation=off,request=off
bench_prepare_read_entity
search='{"query":"{ products(text: \"cotton\", first: 20, filter: {colourFamilies: [\"blue\", \"green\"], sizes: [\"M\"]}) { totalCount edges { cursor node { id name price { amountMinor } } } facets { brands { value count } categories { value count } colourFamilies { value count } sizes { value count } prices { min max count } inStock } } }"}'
answer=$(bench_post /graphql "$search")
grep -q '"totalCount":[1-9]' <<<"$answer" || { echo "catalog bench: the search found nothing: ${answer:0:300}" >&2; exit 1; }

# wrk with p50 as well: "<requests/s> <p50 ms> <p99 ms>" of body $1 over $2 connections, for
# $3 seconds (BENCH_SECONDS without it).
measure() {
  BENCH_BODY=$1 BENCH_BEARER= wrk -t2 -c"$2" -d"${3:-$bench_seconds}s" --latency \
    -s "$bench_dir/graphql_post.lua" "http://$addr/graphql" | awk '
    function ms(v,  unit) { unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
                            return unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    END { printf "%s %s %s\n", rps, p50, p99 }'
}

BENCH_BODY=$search BENCH_BEARER= bench_warm 2 -s "$bench_dir/graphql_post.lua" "http://$addr/graphql"
latency_conns=${BENCH_LATENCY_CONNECTIONS:-4}
rounds=${BENCH_ROUNDS:-3}
round_seconds=$(( bench_seconds / 2 > 2 ? bench_seconds / 2 : 2 ))
read_sum=0 search_sum=0 round_ratios=""
for _ in $(seq "$rounds"); do
  read -r one_read _ _ < <(measure "$bench_read_body" "$bench_conns" "$round_seconds")
  read -r one_search _ _ < <(measure "$search" "$bench_conns" "$round_seconds")
  read_sum=$(awk -v a="$read_sum" -v b="$one_read" 'BEGIN { print a + b }')
  search_sum=$(awk -v a="$search_sum" -v b="$one_search" 'BEGIN { print a + b }')
  round_ratios+=$(awk -v r="$one_search" -v b="$one_read" 'BEGIN { printf "%.3f", (b > 0 ? r / b : 0) }'),
done
read_rps=$(awk -v s="$read_sum" -v n="$rounds" 'BEGIN { print s / n }')
search_rps=$(awk -v s="$search_sum" -v n="$rounds" 'BEGIN { print s / n }')
read -r _ read_p50 read_p99 < <(measure "$bench_read_body" "$latency_conns")
read -r _ search_p50 search_p99 < <(measure "$search" "$latency_conns")
awk -v r="$search_rps" -v p50="$search_p50" -v p99="$search_p99" -v b="$read_rps" -v b50="$read_p50" \
    -v b99="$read_p99" -v n="$products" -v c="$latency_conns" -v rr="${round_ratios%,}" 'BEGIN {
  printf "{\"name\":\"catalog_search\",\"value\":%.1f,\"unit\":\"requests/s\",\"baseline\":%.1f,\"ratio\":%.3f,\"products\":%d,\"round_ratios\":[%s]}\n", r, b, (b > 0 ? r / b : 0), n, rr
  printf "{\"name\":\"catalog_search_p50\",\"value\":%.3f,\"unit\":\"ms\",\"baseline\":%.3f,\"connections\":%d}\n", p50, b50, c
  printf "{\"name\":\"catalog_search_p99\",\"value\":%.3f,\"unit\":\"ms\",\"baseline\":%.3f,\"goal\":5,\"connections\":%d}\n", p99, b99, c
}'
