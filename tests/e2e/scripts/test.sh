#!/usr/bin/env bash
# End-to-end suite: builds the contracts' artifacts if they are missing, then runs the tests
# of tests/e2e against fresh in-process devnodes (each test starts its own on a free port).
# The crate is a member of prime-cli's workspace; rustfmt and clippy of both run in
# prime-cli/scripts/test.sh. Exits non-zero on failure.
#
# usage: tests/e2e/scripts/test.sh [--rebuild] [cargo test args...]
#   --rebuild   run scripts/build-contracts.sh even when artifacts exist
set -euo pipefail
E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$E2E/../.." && pwd)"
rebuild=0
if [ "${1:-}" = "--rebuild" ]; then rebuild=1; shift; fi

if [ $rebuild -eq 1 ] || ! ls "$ROOT"/target/stylus/*.code >/dev/null 2>&1; then
  echo "==> building the contract artifacts (target/stylus)"
  "$ROOT/scripts/build-contracts.sh"
fi

cd "$E2E"
echo "==> e2e: fmt"
cargo fmt --check
echo "==> e2e: tests"
cargo test --locked -p prime-e2e -- --test-threads "${E2E_THREADS:-2}" "$@"
