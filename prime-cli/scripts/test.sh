#!/usr/bin/env bash
# The `prime` crate's checks: rustfmt and clippy over its workspace (prime-cli and the
# end-to-end suite tests/e2e), then its unit tests (amounts, durations, the signature vectors
# of spec §7.4) and the command-line tests, which run the built binary against fresh
# devnodes: the protocol's complete flow through `prime` subcommands, bad input for every
# subcommand, `prime deploy`, the devnode lifecycle; then the gas benchmark's tests
# (prime-bench: its runner on the whole flow, counting program entries). Builds the contract
# artifacts if missing.
#
# usage: prime-cli/scripts/test.sh [cargo test args...]
set -euo pipefail
CLI="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$CLI/.." && pwd)"

if ! ls "$ROOT"/target/stylus/*.code >/dev/null 2>&1; then
  echo "==> building the contract artifacts (target/stylus)"
  "$ROOT/scripts/build-contracts.sh"
fi
"$ROOT/scripts/setup.sh" --cast >/dev/null

cd "$CLI"
echo "==> prime: fmt, clippy (prime-cli and tests/e2e)"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -q -- -D warnings
echo "==> prime: unit and command-line tests"
PRIME_E2E_REQUIRE_CAST=1 cargo test --locked -p prime -- --test-threads "${E2E_THREADS:-2}" "$@"
echo "==> prime-bench: the gas benchmark's runner (scripts/bench-gas.sh)"
cargo test --locked -p prime-bench
