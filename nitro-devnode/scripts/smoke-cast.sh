#!/usr/bin/env bash
# Smoke test: drives a nitro-devnode with `cast` (npm @foundry-rs/cast): deploy a Stylus
# contract with a constructor through StylusDeployer, call it, read its event, move the clock.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
cd "$HERE"
if ! command -v npm >/dev/null; then
  echo "SKIP smoke-cast: npm is not installed (needed for @foundry-rs/cast)"
  exit 0
fi
CAST="$HERE/.tools/node_modules/.bin/cast"
if [[ ! -x "$CAST" ]]; then
  npm install --silent --prefix "$HERE/.tools" @foundry-rs/cast >/dev/null
fi
cargo build --quiet --locked --bin nitro-devnode
[[ -f target/fixtures/counter.code ]] || ./scripts/build-fixtures.sh target/fixtures

LOG="$(mktemp)"
./target/debug/nitro-devnode --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 50); do grep -q listening "$LOG" && break; sleep 0.1; done
RPC="$(grep -o 'http://[0-9.:]*' "$LOG" | head -1)"
[[ -n "$RPC" ]] || { cat "$LOG"; echo "node did not start"; exit 1; }
KEY=0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659
DEPLOYER=0xcEcba2F1DC234f70Dd89F2041029807F8D03A990

[[ "$("$CAST" chain-id --rpc-url "$RPC")" == 412346 ]]
CODE="0x$(xxd -p -c 1000000 target/fixtures/counter.code)"
LEN=$(( ${#CODE} / 2 - 1 ))
INIT="0x7f$(printf '%064x' "$LEN")80602b6000396000f300${CODE#0x}"
INITDATA="$("$CAST" concat-hex "$("$CAST" sig 'stylus_constructor()')" "$("$CAST" abi-encode 'f(uint256)' 41)")"
SALT=0x0000000000000000000000000000000000000000000000000000000000000000
# Activation costs a data fee: without value the deployment reverts with
# ProgramInsufficientValue; with more than enough, the StylusDeployer refunds the rest.
# (cast call reports the revert on stderr; its exit status is not relied on.)
OUT="$("$CAST" call --rpc-url "$RPC" --from "$("$CAST" wallet address --private-key "$KEY")" "$DEPLOYER" \
  'deploy(bytes,bytes,uint256,bytes32)' "$INIT" "$INITDATA" 0 "$SALT" 2>&1 || true)"
echo "$OUT" | grep -q "$("$CAST" sig 'ProgramInsufficientValue(uint256,uint256)' | cut -c3-)" \
  || { echo "$OUT"; echo "expected ProgramInsufficientValue"; exit 1; }
"$CAST" send --rpc-url "$RPC" --private-key "$KEY" --value 0.01ether "$DEPLOYER" \
  'deploy(bytes,bytes,uint256,bytes32)' "$INIT" "$INITDATA" 0 "$SALT" >/dev/null
[[ "$("$CAST" balance --rpc-url "$RPC" "$DEPLOYER")" == 0 ]]
ADDR="$("$CAST" compute-address --nonce 1 "$DEPLOYER" | grep -o '0x[0-9a-fA-F]\{40\}')"
[[ "$("$CAST" call --rpc-url "$RPC" "$ADDR" 'number()(uint256)')" == 41 ]]
RECEIPT="$("$CAST" send --rpc-url "$RPC" --private-key "$KEY" "$ADDR" 'increment()' --json)"
echo "$RECEIPT" | grep -q "$("$CAST" keccak 'Incremented(address,uint256)')"
[[ "$("$CAST" call --rpc-url "$RPC" "$ADDR" 'number()(uint256)')" == 42 ]]
LOGS="$("$CAST" logs --rpc-url "$RPC" --from-block 0 --address "$ADDR" 'Incremented(address indexed,uint256)')"
[[ -n "$LOGS" ]]
T0="$("$CAST" call --rpc-url "$RPC" "$ADDR" 'timestamp()(uint64)' | cut -d' ' -f1)"
"$CAST" rpc --rpc-url "$RPC" evm_increaseTime 86400 >/dev/null
"$CAST" rpc --rpc-url "$RPC" evm_mine >/dev/null
T1="$("$CAST" call --rpc-url "$RPC" "$ADDR" 'timestamp()(uint64)' | cut -d' ' -f1)"
(( T1 >= T0 + 86400 ))
echo "smoke-cast: ok (counter at $ADDR, number 42, clock +1d)"
