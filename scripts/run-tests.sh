#!/usr/bin/env bash
# Runs every registered test (unit + functional) of one build directory with CTest, TEST_JOBS
# (default 2) at a time: the functional tests spend most of their time waiting on servers and
# simulated Kling latencies, so two at once finish sooner on two cores. The longest (highest
# COST in tests/CMakeLists.txt) start first.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
# Sanitizer builds: stop at the first report, with a stack, minus the known CAF false alarm.
export UBSAN_OPTIONS="suppressions=$root/scripts/ubsan.supp:print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
mkdir -p "$build/test-tmp"
cd "$build"
ctest --output-on-failure --timeout 1200 -j"${TEST_JOBS:-2}"
