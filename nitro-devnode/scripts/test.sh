#!/usr/bin/env bash
# Builds and runs all of nitro-devnode's tests: fmt, clippy, unit + integration tests
# (Stylus fixtures built from source), the cast smoke test and, when cargo-stylus is
# installed, the `cargo stylus deploy --no-verify` smoke test. Installs what a fresh
# machine lacks (binaryen, brotli, npm @foundry-rs/cast). Exits non-zero on failure.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
cd "$HERE"
export CARGO_TARGET_DIR="$HERE/target"

need_apt=()
command -v wasm-opt >/dev/null || need_apt+=(binaryen)
command -v brotli >/dev/null || need_apt+=(brotli)
if ((${#need_apt[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

echo "== fixtures"
./scripts/build-fixtures.sh "$HERE/target/fixtures"
# The tests reuse these outputs (cached by mtime).
touch "$HERE/target/fixtures/"*.code

echo "== fmt + clippy"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings

echo "== tests"
cargo test --locked

echo "== cast smoke test"
./scripts/smoke-cast.sh

echo "== cargo stylus deploy smoke test"
./scripts/smoke-cargo-stylus.sh
echo "nitro-devnode: all tests passed"
