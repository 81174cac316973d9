#!/usr/bin/env bash
# Functional test of the first admin: colctl create-admin on a stopped server's data dir, then
# the real server accepts that admin's login, and colctl actors needs the admin's token.
#   colctl_admin_test.sh COLCTL COLORS WORK_DIR
set -euo pipefail
colctl=$1
colors=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
data=$work/data
fail() { echo "colctl_admin_test: FAILED: $*" >&2; exit 1; }

echo "short" | "$colctl" create-admin --data-dir "$data" --email root@example.com \
  >/dev/null 2>"$work/err" && fail "a weak password was accepted"
grep -q "at least 10" "$work/err" || fail "no password policy message: $(cat "$work/err")"
echo "first admin password" | "$colctl" create-admin --data-dir "$data" \
  --email Root@Example.com --name Root | grep -q "platform admin" || fail "create-admin"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$colors" --listen 127.0.0.1:$port --data-dir "$data" --no-access-log >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

login='{"query":"mutation { login(email: \"root@example.com\", password: \"first admin password\") { accessToken user { roles { role } } userErrors { message } } }"}'
answer=$(curl -s "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -d "$login")
token=$(node -e 'const a=JSON.parse(process.argv[1]).data.login; if(!a.accessToken) throw new Error(JSON.stringify(a)); if(!a.user.roles.some(r=>r.role==="PLATFORM_ADMIN")) throw new Error("not admin"); console.log(a.accessToken)' "$answer") \
  || fail "admin login: $answer"

"$colctl" actors --server 127.0.0.1:$port >/dev/null 2>"$work/err" && fail "actors without a token"
grep -q 401 "$work/err" || fail "actors without a token: $(cat "$work/err")"
"$colctl" actors --server 127.0.0.1:$port --token "$token" | grep -q "users \[registry\]" \
  || fail "actors with the admin token"
COLORS_TOKEN=$token "$colctl" actors --server 127.0.0.1:$port --json | grep -q '"event-writer"' \
  || fail "actors --json with COLORS_TOKEN"

kill -TERM $pid
wait $pid || fail "server exit code $?"
trap - EXIT
echo "colctl_admin_test: ok"
