#!/usr/bin/env bash
# Functional test of colctl: seed a store with crash_store, then export and verify it.
#   colctl_test.sh COLCTL CRASH_STORE WORK_DIR
set -euo pipefail
colctl=$1
crash_store=$2
work=$3
events=1000

rm -rf "$work"
mkdir -p "$work"
data=$work/data

fail() { echo "colctl_test: FAILED: $*" >&2; exit 1; }

# Every line is a JSON object with the envelope's fields; prints the number of lines.
check_ndjson() {
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
    if (lines.pop() !== "") throw new Error("missing final newline");
    const need = ["global_seq", "stream_id", "stream_version", "event_id", "type",
                  "schema_version", "occurred_at", "correlation_id", "causation_id"];
    let prev = 0;
    for (const line of lines) {
      const ev = JSON.parse(line);
      for (const k of need) if (!(k in ev)) throw new Error("no " + k + ": " + line);
      if (!("payload" in ev) && !("payload_base64" in ev)) throw new Error("no payload: " + line);
      if (ev.global_seq <= prev) throw new Error("out of order: " + line);
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(ev.occurred_at))
        throw new Error("bad occurred_at: " + line);
      prev = ev.global_seq;
    }
    console.log(lines.length);
  ' "$1"
}

# node one-liner over an export file; prints the expression evaluated on the parsed events.
query() {
  node -e '
    const evs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")
      .filter(Boolean).map(JSON.parse);
    console.log(eval(process.argv[2]));
  ' "$1" "$2"
}

"$crash_store" seed --dir "$data" --events $events >/dev/null

# Usage errors exit 2.
set +e
"$colctl" >/dev/null 2>&1; [[ $? == 2 ]] || fail "no command should exit 2"
"$colctl" nope >/dev/null 2>&1; [[ $? == 2 ]] || fail "unknown command should exit 2"
"$colctl" export --data-dir "$data" --bogus >/dev/null 2>&1; [[ $? == 2 ]] || fail "unknown flag should exit 2"
"$colctl" export >/dev/null 2>&1; [[ $? == 2 ]] || fail "missing --data-dir should exit 2"
"$colctl" verify --data-dir "$work/none" >/dev/null 2>&1; [[ $? == 2 ]] || fail "missing store should exit 2"
"$colctl" export --data-dir "$data" --from 5 --to 4 >/dev/null 2>&1; [[ $? == 2 ]] || fail "--from after --to should exit 2"
set -e
"$colctl" --help | grep -q export || fail "--help lists no export"
"$colctl" export --help | grep -q -- --stream || fail "export --help lists no --stream"

# The whole log.
"$colctl" export --data-dir "$data" --out "$work/all.ndjson"
[[ $(check_ndjson "$work/all.ndjson") == "$events" ]] || fail "export has not $events lines"
[[ $(query "$work/all.ndjson" 'evs.map(e => e.global_seq).join(",") === Array.from({length: evs.length}, (_, i) => i + 1).join(",")') == true ]] \
  || fail "export is not the gap-free sequence 1..$events"
[[ $(query "$work/all.ndjson" 'evs.filter(e => e.type === "colors.events.TestPayload").every(e => e.payload.writer === "seed")') == true ]] \
  || fail "TestPayload events did not decode"
[[ $(query "$work/all.ndjson" 'evs.filter(e => e.type === "colors.events.Opaque").every(e => e.payload_base64 === "AAH/" && e.correlation_id.length === 36)') == true ]] \
  || fail "unknown payloads are not base64"
[[ $(query "$work/all.ndjson" 'evs.filter(e => e.stream_id === "odd\"stream\\9").length > 0') == true ]] \
  || fail "the stream id that needs escaping is missing"
# stdout is the same as --out.
"$colctl" export --data-dir "$data" | cmp -s - "$work/all.ndjson" || fail "stdout export differs from --out"

# One stream: exactly its events, versions 1..n.
"$colctl" export --data-dir "$data" --stream seed-3 > "$work/s3.ndjson"
expected=$(query "$work/all.ndjson" 'evs.filter(e => e.stream_id === "seed-3").length')
[[ $(check_ndjson "$work/s3.ndjson") == "$expected" ]] || fail "stream export has not $expected lines"
[[ $(query "$work/s3.ndjson" 'evs.every((e, i) => e.stream_id === "seed-3" && e.stream_version === i + 1)') == true ]] \
  || fail "stream export is not seed-3 versions 1..n"
"$colctl" export --data-dir "$data" --stream 'odd"stream\9' > "$work/odd.ndjson"
[[ $(check_ndjson "$work/odd.ndjson") -gt 0 ]] || fail "the odd stream exported nothing"
"$colctl" export --data-dir "$data" --stream no-such-stream > "$work/none.ndjson"
[[ ! -s "$work/none.ndjson" ]] || fail "an unknown stream exported events"

# Ranges of the global sequence, alone and with a stream.
"$colctl" export --data-dir "$data" --from 101 --to 250 > "$work/range.ndjson"
[[ $(check_ndjson "$work/range.ndjson") == 150 ]] || fail "--from 101 --to 250 is not 150 lines"
[[ $(query "$work/range.ndjson" 'evs[0].global_seq === 101 && evs[evs.length - 1].global_seq === 250') == true ]] \
  || fail "range export has the wrong ends"
[[ $(check_ndjson <("$colctl" export --data-dir "$data" --from 990)) == 11 ]] || fail "--from 990 is not 11 lines"
[[ $(check_ndjson <("$colctl" export --data-dir "$data" --from 2000)) == 0 ]] || fail "--from past the end is not empty"
"$colctl" export --data-dir "$data" --stream seed-3 --from 101 --to 250 > "$work/s3range.ndjson"
expected=$(query "$work/all.ndjson" 'evs.filter(e => e.stream_id === "seed-3" && e.global_seq >= 101 && e.global_seq <= 250).length')
[[ $(check_ndjson "$work/s3range.ndjson") == "$expected" ]] || fail "stream range export has not $expected lines"

# verify: ok, human and JSON.
"$colctl" verify --data-dir "$data" > "$work/verify.txt" || fail "verify did not exit 0"
grep -q "events:   $events" "$work/verify.txt" || fail "verify summary: $(cat "$work/verify.txt")"
json=$("$colctl" verify --data-dir "$data" --json)
[[ $(node -e 'const r = JSON.parse(process.argv[1]); console.log(r.ok && r.events === +process.argv[2] && r.streams === 10 && r.problem_count === 0)' "$json" "$events") == true ]] \
  || fail "verify --json: $json"

# Beside a live writer (read-only open): a consistent prefix of the log. A read-only open that
# races a background flush may fail to open (exit 2), so that alone is retried; problems (exit
# 1) never are.
"$crash_store" child --dir "$work/live" --acks "$work/live.acks" 2>"$work/live.err" &
child=$!
trap 'kill -9 $child 2>/dev/null || true' EXIT
sleep 1.5
for attempt in 1 2 3 4 5; do
  set +e
  "$colctl" verify --data-dir "$work/live" --json > "$work/live.json"
  rc=$?
  set -e
  [[ $rc == 2 ]] || break
  sleep 0.3
done
[[ $rc == 0 ]] || fail "verify beside a writer: exit $rc: $(cat "$work/live.json")"
for attempt in 1 2 3 4 5; do
  "$colctl" export --data-dir "$work/live" > "$work/live.ndjson" 2>/dev/null && break
  [[ $attempt -lt 5 ]] || fail "export beside a writer failed"
  sleep 0.3
done
live=$(check_ndjson "$work/live.ndjson")
[[ $live -gt 0 ]] || fail "export beside a writer found no events"
kill -9 $child; wait $child 2>/dev/null || true
trap - EXIT

echo "colctl_test: ok ($events events exported and verified; $live exported beside a writer)"
