#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when they are missing.
# Idempotent: a second run checks dpkg and returns without touching the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libcaf-dev librocksdb-dev libboost1.81-dev libsimdjson-dev
  libssl-dev libcurl4-openssl-dev libprotobuf-dev protobuf-compiler
  doctest-dev curl
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

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
