#!/usr/bin/env bash
# make bench ONLY=auth
#   Against the unauthenticated graphql_read of the same server in the same run (the query and
#   load of bench/http.sh):
#   auth_me:    `{ me { id email displayName } }` with `Authorization: Bearer <access token>`, so
#               every request checks the token (JWT signature, claims, the user's epoch) and
#               reads the user entity. Goal: ratio >= 0.8.
#   auth_login: the `login` mutation for an account registered first. Argon2id-bound by design
#               (goal none); wrk waits up to 30 s per request here.
#   JSON lines: requests/s and p99 latency of each, graphql_read as the baseline.
# graphql_read and auth_me run in alternating rounds (BENCH_ROUNDS, default 2, splitting
# BENCH_SECONDS); the figures are the means over the rounds.
# The server runs with --demo-data and with the rate limits lifted (login, mutation, request).
# Knobs: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64), BENCH_ROUNDS (2).
set -euo pipefail
build=${1:-build}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_require_wrk
dir=$(mktemp -d)
trap 'bench_stop_server; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
bench_start_server "$build" "$dir" --demo-data --demo-products 0 --rate-limit login=off,mutation=off,request=off
bench_prepare_read_entity # graphql_read: the warm product read of bench/http.sh

fail() { echo "auth bench: $*" >&2; exit 1; }

email="bench-$$-$RANDOM@example.com"
password="bench-password-$RANDOM-$RANDOM"
# shellcheck disable=SC2016 # GraphQL variables, not shell ones
register_body=$(printf '{"query":"mutation($i: RegisterInput!) { register(input: $i) { accessToken userErrors { code message } } }","variables":{"i":{"email":"%s","password":"%s","displayName":"Bench User"}}}' "$email" "$password")
# shellcheck disable=SC2016
login_body=$(printf '{"query":"mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken userErrors { code } } }","variables":{"e":"%s","p":"%s"}}' "$email" "$password")
me_body='{"query":"{ me { id email displayName } }"}'

token_of() { sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'; }
answer=$(bench_post /graphql "$register_body")
[ -n "$(token_of <<<"$answer")" ] || fail "register answered $answer"
answer=$(bench_post /graphql "$login_body")
token=$(token_of <<<"$answer")
[ -n "$token" ] || fail "login answered $answer"
check_me() {
  local got
  got=$(bench_post /graphql "$me_body" -H "Authorization: Bearer $token")
  [[ $got == '{"data":{"me":{"id":"'*'","email":"'"$email"'","displayName":"Bench User"}}}' ]] \
    || fail "me answered $got"
}
check_read() {
  local got
  got=$(bench_post /graphql "$bench_read_body")
  [ "$got" = "$bench_read_answer" ] || fail "graphql_read answered $got"
}
# shellcheck disable=SC2015
# Refuses a run where some requests failed (wrk counts non-2xx and socket errors).
checked() {
  local what=$1 rps p99 bad errs
  read -r rps p99 bad errs
  [ "$bad" -eq 0 ] && [ "$errs" -eq 0 ] || fail "$what: $bad non-2xx answers, $errs socket errors"
  echo "$rps $p99"
}
check_read
check_me

bench_warm 2 "http://$addr/healthz"
BENCH_BODY=$me_body BENCH_BEARER=$token bench_warm 2 -s "$bench_dir/graphql_post.lua" \
  "http://$addr/graphql"
# graphql_read and auth_me alternate in BENCH_ROUNDS rounds that share BENCH_SECONDS each, so a
# change of background load on this shared machine hits both alike; their figures are the means.
rounds=${BENCH_ROUNDS:-2}
slice=$(( bench_seconds / rounds > 0 ? bench_seconds / rounds : 1 ))
read_figs='' me_figs=''
for _ in $(seq "$rounds"); do
  read_figs+=$(bench_seconds=$slice bench_measure_graphql "$bench_read_body" "" \
                 | checked graphql_read)$'\n'
  me_figs+=$(bench_seconds=$slice bench_measure_graphql "$me_body" "$token" | checked auth_me)$'\n'
done
mean() { awk '{ r += $1; p += $2; n++ } END { printf "%.1f %.3f\n", r / n, p / n }'; }
read_fig=$(mean <<<"${read_figs%$'\n'}")
me_fig=$(mean <<<"${me_figs%$'\n'}")
check_me
login_fig=$(bench_measure_graphql "$login_body" "" --timeout 30s | checked auth_login)
read -r read_rps read_p99 <<<"$read_fig"
read -r me_rps me_p99 <<<"$me_fig"
read -r login_rps login_p99 <<<"$login_fig"
check_read

bench_emit graphql_read "$read_rps" "$read_p99" "$read_rps" "$read_p99"
bench_emit auth_me "$me_rps" "$me_p99" "$read_rps" "$read_p99"
bench_emit auth_login "$login_rps" "$login_p99" "$read_rps" "$read_p99"
