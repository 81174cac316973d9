#!/usr/bin/env bash
# make bench ONLY=ws_fanout
#   10,000 graphql-transport-ws subscribers to one topic, one update at a time:
#   `subscription { productUpdated(id: ...) { id name price { amountMinor currency } } }` (public,
#   no token) on a product created and activated here (--demo-data, as the brand's admin); an
#   update is the updateProduct mutation, a plain HTTP POST. All subscribers share one live group
#   (http/live_subscriptions.hpp): one fetch, execution and serialization, then one send each.
#   The load client is build/bin/ws_fanout_client (bench/ws_fanout_client.cpp, epoll, one thread).
#   Figures (JSON lines):
#     ws_fanout_p99, ws_fanout_p50: delivery latency over all rounds (ROUNDS updates, 1 s apart),
#       from just before the POST is written to when a subscriber's `next` has been read. Goal:
#       p99 under 20 ms. Baseline: the same run's single-subscriber update round trip (one
#       connection, 10 updates 200 ms apart after an uncounted warm-up one; their p99 and p50).
#     ws_fanout_memory_per_subscriber: (server VmRSS after all N are subscribed and idle - before
#       them) / N, in bytes. Goal: under 20 KB. No baseline.
#     ws_fanout_delivered: fewest subscribers reached in a round (all N must be).
#     ws_fanout_floor_p99, ws_fanout_floor_p50: this machine's floor, no server at all
#       (build/bin/loopback_floor, bench/loopback_floor.cpp): one process writes one 150-byte
#       frame with plain send() to each of the same N loopback connections from as many threads
#       as the server has I/O threads, another reads them with one epoll loop. No server with
#       that many threads can deliver faster than this here. Run after the server's rounds,
#       with the server idle.
#   stderr shows each round's p50/p99/max and when the mutation itself was answered.
#   The client and the server share this machine's two cores: the client's receiving of 10,000
#   frames competes with the server's sending, so the latencies are upper bounds of the server's.
#   Holds /tmp/colors-bench.lock for the run (other sessions benchmark on this machine).
# Knobs: WS_FANOUT_SUBSCRIBERS (default 10000), WS_FANOUT_ROUNDS (5), WS_FANOUT_INTERVAL_MS (1000),
# WS_FANOUT_IO_THREADS (the server's --io-threads, default its own: 2).
set -euo pipefail
build=${1:-build}
. "$(dirname "$0")/lib.sh"
subscribers=${WS_FANOUT_SUBSCRIBERS:-10000}
rounds=${WS_FANOUT_ROUNDS:-5}
interval_ms=${WS_FANOUT_INTERVAL_MS:-1000}
client="$build/bin/ws_fanout_client"
floor="$build/bin/loopback_floor"
for tool in "$client" "$floor"; do
  [ -x "$tool" ] || { echo "$tool is missing (ninja -C $build ${tool##*/})" >&2; exit 2; }
done

# Both processes need more than 10,000 descriptors (the server inherits this limit).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((subscribers + 256)) ]; then
  echo "ws_fanout: ulimit -n is $(ulimit -n), too low for $subscribers subscribers" >&2
  exit 2
fi

exec 9>>/tmp/colors-bench.lock
flock 9

dir=$(mktemp -d)
trap 'bench_stop_server; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
extra=()
[ -n "${WS_FANOUT_IO_THREADS:-}" ] && extra+=(--io-threads "$WS_FANOUT_IO_THREADS")
bench_start_server "$build" "$dir" --demo-data --demo-products 0 --rate-limit login=off,mutation=off,request=off \
  "${extra[@]}"

fail() { echo "ws_fanout bench: $*" >&2; exit 1; }

answer=$(bench_post /graphql \
  '{"query":"mutation { login(email: \"admin@colors.example\", password: \"colors-admin-demo\") { accessToken } }"}')
token=$(sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p' <<<"$answer")
[ -n "$token" ] || fail "login answered $answer"
brand=$(bench_create_brand "$token")
[ -n "$brand" ] || fail "createBrand failed"
answer=$(bench_post /graphql \
  '{"query":"mutation { createProduct(input: {brandId: \"'"$brand"'\", product: {name: \"Linen shirt\", price: {amountMinor: 4900, currency: \"EUR\"}}}) { product { id } } }"}' \
  -H "Authorization: Bearer $token")
product=$(sed -n 's/.*"product":{"id":"\([^"]*\)".*/\1/p' <<<"$answer")
[ -n "$product" ] || fail "createProduct answered $answer"
answer=$(bench_post /graphql \
  '{"query":"mutation { setProductStatus(id: \"'"$product"'\", status: ACTIVE) { product { status } } }"}' \
  -H "Authorization: Bearer $token")
[[ $answer == *'"status":"ACTIVE"'* ]] || fail "setProductStatus answered $answer"

"$client" "${addr%:*}" "${addr##*:}" "$product" "$token" "$server_pid" \
  "$subscribers" "$rounds" "$interval_ms" 10
"$floor" "$subscribers" "$rounds" 150 "${WS_FANOUT_IO_THREADS:-2}"
