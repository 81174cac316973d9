#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time, starting from the seed corpus
# in fuzz/corpus/<name>/ (copied: new inputs stay in the build dir). Exits non-zero on a crash,
# with the crashing input under <build>/artifacts/ (turn it into a unit test).
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
export UBSAN_OPTIONS="suppressions=$root/scripts/ubsan.supp:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
mkdir -p "$build/artifacts"
ran=0
for bin in "$build"/bin/fuzz_*; do
  name=${bin##*/fuzz_}
  work="$build/corpus/$name"
  mkdir -p "$work"
  cp -n "$root/fuzz/corpus/$name"/* "$work/" 2>/dev/null || true
  echo "# fuzz $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" "$work" 2>"$build/fuzz-$name.log" \
    || { tail -40 "$build/fuzz-$name.log"; echo "fuzz $name: FAILED (input in $build/artifacts)"; exit 1; }
  grep -E "stat::number_of_executed_units|Done" "$build/fuzz-$name.log" | tail -2
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "no fuzz targets in $build"; exit 1; }
echo "fuzz: $ran targets, no crashes"
