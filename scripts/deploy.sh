#!/usr/bin/env bash
# The project's main job: builds the contracts, then `prime deploy`: starts the local Stylus
# chain (nitro-devnode, in the background) unless RPC_URL is set, deploys and wires the whole
# protocol as the reference deploy scripts do, writes release/deployments.json, and prints the
# addresses. See docs/deploy.md; `scripts/prime deploy --help` lists every option.
#
# usage: scripts/deploy.sh [--skip-build] [prime deploy options: --demo --force --strict
#                          --client-addresses|--no-client-addresses --create --artifacts DIR ...]
#        scripts/deploy.sh --stop        stop the devnode it started (= scripts/prime devnode stop)
#   --skip-build  do not run setup.sh and build-contracts.sh (the artifacts must exist)
# env: RPC_URL, PRIVATE_KEY, VALIDATOR_ADDRESS or VALIDATOR_KEY, POOL_OWNER_KEY, HELPER_KEY,
#      DEVNODE_PORT (default 8547), DEVNODE_DIR (pid file and log; default target/devnode).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build=1
args=()
for a in "$@"; do
  case "$a" in
    --skip-build) build=0 ;;
    --stop) exec "$ROOT/scripts/prime" devnode stop ;;
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

if [ $build -eq 1 ]; then
  echo "==> setup (toolchains, wasm tools)" >&2
  "$ROOT/scripts/setup.sh" >&2
  echo "==> building the contracts (target/stylus/*.code)" >&2
  "$ROOT/scripts/build-contracts.sh" >&2 || { echo "deploy: error: the contract build failed (see above)" >&2; exit 1; }
fi
exec "$ROOT/scripts/prime" deploy "${args[@]}"
