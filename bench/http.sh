#!/usr/bin/env bash
# make bench ONLY=http
#   graphql_read: POST /graphql with a small query, 64 connections (wrk), vs GET /healthz of the
#   same server under the same load in the same run. JSON lines: requests/s and p99 latency.
#   The query reads a warm product by id: `{ product(id: ...) { id name price {...} } }`.
# Knobs: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64).
set -euo pipefail
build=${1:-build}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_require_wrk
dir=$(mktemp -d)
trap 'bench_stop_server; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
bench_start_server "$build" "$dir" --demo-data --demo-products 0 --rate-limit login=off,mutation=off
bench_prepare_read_entity

bench_warm 2 "http://$addr/healthz"
read -r base_rps base_p99 _ < <(bench_measure "http://$addr/healthz")
read -r gql_rps gql_p99 _ < <(bench_measure_graphql "$bench_read_body" "")
check=$(bench_post /graphql "$bench_read_body")
[ "$check" = "$bench_read_answer" ] || { echo "unexpected answer: $check" >&2; exit 1; }

bench_emit graphql_read "$gql_rps" "$gql_p99" "$base_rps" "$base_p99"
