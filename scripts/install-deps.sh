#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when they are missing.
# Idempotent: a second run checks dpkg and returns without touching the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libcaf-dev librocksdb-dev libboost1.81-dev libsimdjson-dev
  libssl-dev libargon2-dev libcurl4-openssl-dev libprotobuf-dev protobuf-compiler
  doctest-dev curl clang-14 libfuzzer-14-dev wrk libvips-dev libjemalloc-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Functional tests run under node (any Debian-packaged or newer node with `node --test`).
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs)
fi

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# promtool (Debian package prometheus) checks our /metrics output in the tests. Only the
# binary is needed: unpack the package into .cache/ instead of installing a Prometheus service.
root=$(cd "$(dirname "$0")/.." && pwd)
promtool="$root/.cache/prometheus/usr/bin/promtool"
if [ ! -x "$promtool" ]; then
  echo "install-deps: unpacking promtool into .cache/prometheus"
  tmp=$(mktemp -d)
  (cd "$tmp" && { apt-get download prometheus >/dev/null 2>&1 \
    || { $SUDO apt-get update -qq && apt-get download prometheus; }; })
  mkdir -p "$root/.cache/prometheus"
  dpkg-deb -x "$tmp"/prometheus_*.deb "$root/.cache/prometheus"
  rm -rf "$tmp"
fi

# graphql-js (the GraphQL reference of the conformance tests) and graphql-ws, from npm, once.
if [ -f "$root/tests/package.json" ] && [ ! -d "$root/tests/node_modules" ] && ! command -v npm >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends npm
fi
# Re-run when the lock file changed since the last install (the stamp is a copy of it).
stamp="$root/tests/node_modules/.colors-lock-stamp"
if [ -f "$root/tests/package-lock.json" ] && ! cmp -s "$root/tests/package-lock.json" "$stamp"; then
  (cd "$root/tests" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.colors-lock-stamp)
fi
