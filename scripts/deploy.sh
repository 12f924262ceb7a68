#!/usr/bin/env bash
# The project's main job: builds the contracts, starts a local Stylus chain (the embedded
# nitro-devnode) unless RPC_URL is set, deploys and wires the whole protocol as the reference
# deploy scripts do, writes release/deployments.json (and release/abi/), and prints the
# addresses with a ready-to-paste `cast call`. See docs/deploy.md.
#
# usage: scripts/deploy.sh [--demo] [--force] [--strict] [--skip-build]
#                          [--client-addresses|--no-client-addresses] [--create] | --stop
#   --demo        then create a domain and a compute pool, start it, set its reward rate
#   --force       deploy even if the chain already holds a deployment
#   --strict      fail when a contract's artifact is missing (default: skip and report)
#   --skip-build  do not run setup/build-contracts/export-abi (artifacts must exist)
#   --artifacts D take the programs from D instead of target/stylus
#   --client-addresses     the deployer's own nonces create the protocol's contracts, as in the
#                 reference deploy: with anvil key #0 on a fresh chain, the addresses the reference
#                 client hard-codes (default when PRIVATE_KEY is anvil #0; local chains only)
#   --no-client-addresses  every program through the StylusDeployer, in one transaction each
#   --create      CREATE + ArbWasm.activateProgram + constructor call, even with a StylusDeployer
#   --stop        stop the devnode this script started, and exit
# env: RPC_URL (unset: start nitro-devnode on 127.0.0.1:8547), PRIVATE_KEY (deployer and
#      federator; default anvil #0), VALIDATOR_ADDRESS or VALIDATOR_KEY (default anvil #1),
#      POOL_OWNER_KEY (--demo pool owner; default anvil #5), HELPER_KEY (client-address
#      helper; default anvil #9), DEVNODE_PORT (default 8547), DEVNODE_DIR (pid file and log;
#      default target/devnode).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { echo "==> $*" >&2; }
die() { echo "deploy: error: $*" >&2; exit 1; }

NODE_DIR="${DEVNODE_DIR:-$ROOT/target/devnode}" # pid file and log of the devnode it starts
PID_FILE="$NODE_DIR/devnode.pid"
LOG_FILE="$NODE_DIR/devnode.log"
BIN_DIR="$ROOT/nitro-devnode/target/debug" # shared target dir of nitro-devnode and tests/e2e

build=1
deploy_args=()
artifacts="$ROOT/target/stylus"
while [ $# -gt 0 ]; do
  a="$1"; shift
  case "$a" in
    --demo|--force|--strict|--client-addresses|--no-client-addresses|--create) deploy_args+=("$a") ;;
    --artifacts) artifacts="$(realpath "${1:?--artifacts needs a directory}")"; shift; deploy_args+=(--artifacts "$artifacts") ;;
    --skip-build) build=0 ;;
    --stop)
      if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        kill "$(cat "$PID_FILE")" && rm -f "$PID_FILE" && say "stopped the devnode"
      else
        say "no devnode started by this script is running"; rm -f "$PID_FILE"
      fi
      exit 0 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0"; exit 0 ;;
    *) die "unknown option $a (see --help)" ;;
  esac
done

for tool in cargo rustup curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not installed"
done

if [ $build -eq 1 ]; then
  say "setup (toolchains, wasm tools)"
  scripts/setup.sh
  say "building the contracts (target/stylus/*.code)"
  scripts/build-contracts.sh || die "the contract build failed (see above)"
  say "exporting the ABIs (release/abi/)"
  scripts/export-abi.sh || die "the ABI export failed (see above)"
fi
ls "$artifacts"/*.code >/dev/null 2>&1 || die "no contract artifacts in ${artifacts#"$ROOT"/}: run scripts/build-contracts.sh"

# Both tools are built with the dev profile (dependencies at opt-level 2), which is what the
# e2e suite builds too, so CI compiles revm/alloy once.
say "building nitro-devnode and prime-deploy"
(cd nitro-devnode && cargo build --quiet --bin nitro-devnode) || die "building nitro-devnode failed"
(cd tests/e2e && cargo build --quiet --bin prime-deploy) || die "building prime-deploy failed"

rpc_ok() { # <url>: prints the chain id when the node answers
  curl -sf -m 2 -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" 2>/dev/null \
    | sed -n 's/.*"result":"\(0x[0-9a-fA-F]*\)".*/\1/p' || true
}

started=0
if [ -z "${RPC_URL:-}" ]; then
  port="${DEVNODE_PORT:-8547}"
  RPC_URL="http://127.0.0.1:$port"
  if [ -n "$(rpc_ok "$RPC_URL")" ]; then
    say "a node already answers at $RPC_URL; deploying to it"
  else
    mkdir -p "$NODE_DIR"
    say "starting nitro-devnode on $RPC_URL (log: ${LOG_FILE#"$ROOT"/})"
    nohup "$BIN_DIR/nitro-devnode" --host 127.0.0.1 --port "$port" >"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    started=1
    for _ in $(seq 1 100); do
      [ -n "$(rpc_ok "$RPC_URL")" ] && break
      kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "nitro-devnode exited: $(tail -5 "$LOG_FILE")"
      sleep 0.1
    done
    [ -n "$(rpc_ok "$RPC_URL")" ] || die "nitro-devnode did not answer eth_chainId at $RPC_URL (log: $LOG_FILE)"
  fi
else
  chain="$(rpc_ok "$RPC_URL")"
  [ -n "$chain" ] || die "node unreachable at RPC_URL=$RPC_URL (no eth_chainId answer)"
  say "using RPC_URL=$RPC_URL (chain id $((chain)))"
fi

say "deploying"
status=0
RPC_URL="$RPC_URL" "$BIN_DIR/prime-deploy" --rpc-url "$RPC_URL" "${deploy_args[@]}" || status=$?
if [ $started -eq 1 ]; then
  echo
  echo "nitro-devnode keeps running at $RPC_URL (pid $(cat "$PID_FILE"), log ${LOG_FILE#"$ROOT"/});"
  echo "stop it with: scripts/deploy.sh --stop"
fi
if [ $status -ne 0 ]; then
  die "deployment failed (exit $status); nothing more was sent after the error above"
fi
if [ -x "$ROOT/.tools/node_modules/.bin/cast" ]; then
  echo "(cast is installed at .tools/node_modules/.bin/cast)"
else
  echo "(install cast with: scripts/setup.sh --cast; it lands in .tools/node_modules/.bin/)"
fi
