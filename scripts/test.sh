#!/usr/bin/env bash
# Runs every test of the project, from a fresh machine: installs what is missing, builds
# every contract for wasm32 with the size check, checks that release/abi/ is generated from
# the current code, runs the unit tests (motsu) and the ABI parity test, the devnode's own
# test suite, the `prime` tool's tests (the protocol's flow through its commands), the
# end-to-end suite, and the README's first command (scripts/deploy.sh) with cast. Exits
# non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# One build per run: incremental compilation's caches would only take disk (GBs over the
# three workspaces) on a machine that builds everything once.
export CARGO_INCREMENTAL=0
step() { echo; echo "=== $* ==="; }
start=$SECONDS

step "setup"
scripts/setup.sh

step "contracts: wasm32 build and size check"
scripts/build-contracts.sh

step "contracts: release ABIs are generated from the code"
scripts/export-abi.sh --check

step "contracts: formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "contracts: unit tests and ABI parity"
cargo test --workspace --locked

if [ -x nitro-devnode/scripts/test.sh ]; then
  step "devnode tests"
  nitro-devnode/scripts/test.sh
fi

step "prime: the command-line tool, its unit tests and the flow through its commands (prime-cli)"
prime-cli/scripts/test.sh

step "end-to-end: the protocol deployed on the devnode (tests/e2e)"
tests/e2e/scripts/test.sh

step "the main job: scripts/deploy.sh --demo, checked with cast"
scripts/smoke-deploy.sh

echo
echo "all tests passed in $((SECONDS - start)) s"
