#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time, starting from the seed corpus
# in fuzz/corpus/<name>/ (copied: new inputs stay in the build dir). The targets run side by side
# (one process each; the machine has as many cores as targets), each for the full time. Exits
# non-zero on a crash, with the crashing input under <build>/artifacts/ (turn it into a unit test).
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
export UBSAN_OPTIONS="suppressions=$root/scripts/ubsan.supp:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
mkdir -p "$build/artifacts"

fuzz_one() { # name binary
  local name=$1 bin=$2 work="$build/corpus/$1"
  mkdir -p "$work"
  cp -n "$root/fuzz/corpus/$name"/* "$work/" 2>/dev/null || true
  "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" "$work" 2>"$build/fuzz-$name.log"
}

names=()
pids=()
for bin in "$build"/bin/fuzz_*; do
  [ -x "$bin" ] || continue
  name=${bin##*/fuzz_}
  echo "# fuzz $name for ${seconds}s"
  fuzz_one "$name" "$bin" &
  names+=("$name")
  pids+=($!)
done
[ "${#names[@]}" -gt 0 ] || { echo "no fuzz targets in $build"; exit 1; }

failed=0
for i in "${!names[@]}"; do
  name=${names[$i]}
  if wait "${pids[$i]}"; then
    echo "fuzz $name:"
    grep -E "stat::number_of_executed_units|Done" "$build/fuzz-$name.log" | tail -2
  else
    tail -40 "$build/fuzz-$name.log"
    echo "fuzz $name: FAILED (input in $build/artifacts)"
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1
echo "fuzz: ${#names[@]} targets, no crashes"
