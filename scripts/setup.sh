#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, deploy and test the project:
#   - the pinned Rust toolchains (rust-toolchain.toml here and in nitro-devnode/), with the
#     wasm32 target and rust-src (build-std);
#   - Debian packages: binaryen (wasm-opt), brotli, wabt (wasm-validate, wasm-objdump), python3
#     and curl (used by deploy.sh and the smoke tests);
#   - npm's @foundry-rs/cast for the cast smoke tests (only with --cast).
# Idempotent: anything already present is left alone.
#
# usage: scripts/setup.sh [--check-build-tools] [--cast]
#   --check-build-tools  only make sure the contract build tools are there (used by the
#                        build script; quiet when nothing is missing)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { echo "==> $*"; }

need_apt=()
for tool in wasm-opt:binaryen brotli:brotli wasm-validate:wabt wasm-objdump:wabt python3:python3 curl:curl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need_apt+=("${tool##*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

install_toolchain() { # <dir with rust-toolchain.toml>
  # Installs the pinned channel with the file's components and targets; a no-op (well under
  # a second) when they are all there.
  (cd "$1" && rustup toolchain install >/dev/null 2>&1) || {
    echo "setup: could not install the Rust toolchain of $1/rust-toolchain.toml" >&2
    (cd "$1" && rustup toolchain install) >&2
    exit 1
  }
}

command -v rustup >/dev/null 2>&1 || { echo "setup: rustup is required (https://rustup.rs)" >&2; exit 1; }
install_toolchain "$ROOT"
[ -f "$ROOT/nitro-devnode/rust-toolchain.toml" ] && install_toolchain "$ROOT/nitro-devnode"

if [ "${1:-}" = "--check-build-tools" ]; then exit 0; fi

if [ "${1:-}" = "--cast" ] || [ "${2:-}" = "--cast" ]; then
  if [ ! -x "$ROOT/.tools/node_modules/.bin/cast" ]; then
    command -v npm >/dev/null 2>&1 || { echo "setup: npm is needed for cast" >&2; exit 1; }
    say "installing @foundry-rs/cast (npm) into .tools/"
    npm install --silent --prefix "$ROOT/.tools" @foundry-rs/cast@1.7.1 >/dev/null
  fi
fi
say "setup complete"
