#!/usr/bin/env bash
# Starts the real Nitro dev node in Docker (where Docker and Docker Hub are available),
# configured like OffchainLabs/nitro-devnode's run-dev-node.sh, so the same test suites can
# run against real Nitro (export STYLUS_RPC_URL=http://127.0.0.1:8547). Written from the
# behaviour described in shared/stylus/execution.md §1.1.
set -euo pipefail
IMAGE="${TARGET_IMAGE:-offchainlabs/nitro-node:${NITRO_NODE_VERSION:-v3.7.1-926f1ab}}"
RPC="${RPC:-http://127.0.0.1:8547}"
KEY=0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659
EXTRA=()
if [[ "${1:-}" == "--contract-size" && -n "${2:-}" ]]; then EXTRA+=(--init.dev-max-code-size "$2"); fi
command -v docker >/dev/null || { echo "docker is not installed" >&2; exit 1; }
CAST="${CAST:-$(command -v cast || echo "$(dirname "$0")/.tools/node_modules/.bin/cast")}"
[[ -x "$CAST" ]] || { echo "cast not found (npm install --prefix $(dirname "$0")/.tools @foundry-rs/cast)" >&2; exit 1; }

docker run --rm --name nitro-dev -p 8547:8547 "$IMAGE" --dev --http.addr 0.0.0.0 \
  --http.api=net,web3,eth,debug "${EXTRA[@]}" &
DOCKER_PID=$!
trap 'docker stop nitro-dev >/dev/null 2>&1 || true' INT TERM
until curl -s -X POST -H 'Content-Type: application/json' \
  --data '{"jsonrpc":"2.0","method":"net_version","params":[],"id":1}' "$RPC" >/dev/null; do sleep 0.5; done

# Chain owner, zero L1 price (ArbDebug / ArbOwner).
"$CAST" send --rpc-url "$RPC" --private-key "$KEY" 0x00000000000000000000000000000000000000FF 'becomeChainOwner()' >/dev/null
"$CAST" send --rpc-url "$RPC" --private-key "$KEY" 0x0000000000000000000000000000000000000070 'setL1PricePerUnit(uint256)' 0 >/dev/null
# CREATE2 factory (Arachnid's pre-signed deployment).
"$CAST" send --rpc-url "$RPC" --private-key "$KEY" --value 1ether 0x3fab184622dc19b6109349b94811493bf2a45362 >/dev/null
"$CAST" publish --rpc-url "$RPC" 0xf8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222 >/dev/null || true
# StylusDeployer through the CREATE2 factory (salt 0), from its bytecode file if provided.
if [[ -n "${STYLUS_DEPLOYER_BYTECODE:-}" && -f "$STYLUS_DEPLOYER_BYTECODE" ]]; then
  "$CAST" send --rpc-url "$RPC" --private-key "$KEY" 0x4e59b44847b379578588920ca78fbf26c0b4956c \
    "0x0000000000000000000000000000000000000000000000000000000000000000$(tr -d '\n' < "$STYLUS_DEPLOYER_BYTECODE" | sed 's/^0x//')" >/dev/null
else
  echo "note: set STYLUS_DEPLOYER_BYTECODE to nitro-devnode's stylus-deployer-bytecode.txt to deploy StylusDeployer" >&2
fi
echo "real Nitro dev node ready at $RPC"
wait "$DOCKER_PID"
