#!/usr/bin/env bash
# The gas benchmark (issue 13): builds the contracts, then runs `prime-bench` (prime-cli/bench,
# on the `prime` deploy library): the protocol's whole flow twice, each on a fresh in-process
# nitro-devnode (Nitro's metering), with the programs uncached and with every program cached
# through ArbWasmCache. Prints per step the gas used, the Stylus program entries (from the
# stylusTracer), the Solidity reference's gas and the ratio, the issue's targets, and writes
# docs/gas.md, docs/gas.svg and the summary between the bench-gas markers in README.md.
#
# usage: scripts/bench-gas.sh [--skip-build] [--no-write] [--artifacts DIR]
#   --skip-build  do not run setup.sh and build-contracts.sh (the artifacts must exist)
#   --no-write    print the results only
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build=1
args=()
for a in "$@"; do
  case "$a" in
    --skip-build) build=0 ;;
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

if [ $build -eq 1 ]; then
  echo "==> setup (toolchains, wasm tools)" >&2
  "$ROOT/scripts/setup.sh" >&2
  echo "==> building the contracts (target/stylus/*.code)" >&2
  "$ROOT/scripts/build-contracts.sh" >&2 || { echo "bench-gas: error: the contract build failed (see above)" >&2; exit 1; }
fi
command -v cargo >/dev/null 2>&1 || { echo "bench-gas: cargo is required (https://rustup.rs)" >&2; exit 1; }
echo "==> building and running prime-bench" >&2
# From prime-cli/: its rust-toolchain.toml and .cargo/config.toml (target dir) apply.
cd "$ROOT/prime-cli"
exec cargo run --locked --quiet -p prime-bench -- "${args[@]}"
