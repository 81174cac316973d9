#!/usr/bin/env bash
# Runs the benchmarks of one build (all, or the one named) and prints their JSON lines.
set -euo pipefail
build=${1:-build}
only=${2:-}
export BENCH_DIR=${BENCH_DIR:-$build/bench-tmp}
mkdir -p "$BENCH_DIR"
ran=0
for bin in "$build"/bin/bench_*; do
  name=${bin##*/bench_}
  if [ -n "$only" ] && [ "$name" != "$only" ]; then continue; fi
  echo "# bench $name" >&2
  "$bin"
  ran=$((ran + 1))
done
root=$(cd "$(dirname "$0")/.." && pwd)
for script in "$root"/bench/*.sh; do
  name=$(basename "$script" .sh)
  if [ "$name" = lib ]; then continue; fi # helpers the others source, not a benchmark
  if [ -n "$only" ] && [ "$name" != "$only" ]; then continue; fi
  echo "# bench $name" >&2
  "$script" "$build"
  ran=$((ran + 1))
done
rm -rf "$BENCH_DIR"
if [ "$ran" -eq 0 ]; then echo "no benchmark named '$only'" >&2; exit 2; fi
