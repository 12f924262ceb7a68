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
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CAST="${CAST:-$(command -v cast || echo "$ROOT/.tools/node_modules/.bin/cast")}"
[[ -x "$CAST" ]] || { echo "cast not found (scripts/setup.sh --cast installs it into .tools/)" >&2; exit 1; }

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
# The anvil dev accounts #0-#9 (100 ETH each), so that scripts/deploy.sh's default keys work
# (deployer anvil #0 with its client-address helper anvil #9) and the reference client's
# actors (#0-#5) can pay gas. FUND_ANVIL=0 skips this.
if [[ "${FUND_ANVIL:-1}" != 0 ]]; then
  for a in 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 \
           0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC 0x90F79bf6EB2c4f870365E785982E1f101E93b906 \
           0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc \
           0x976EA74026E726554dB657fA54763abd0C3a0aa9 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 \
           0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720; do
    "$CAST" send --rpc-url "$RPC" --private-key "$KEY" --value 100ether "$a" >/dev/null
  done
fi
echo "real Nitro dev node ready at $RPC"
wait "$DOCKER_PID"
