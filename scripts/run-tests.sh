#!/usr/bin/env bash
# Runs every registered test (unit + functional) of one build directory with CTest.
set -euo pipefail
build=${1:-build}
mkdir -p "$build/test-tmp"
cd "$build"
ctest --output-on-failure --timeout 1200 -j1
