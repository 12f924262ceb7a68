#!/usr/bin/env bash
# Smoke test of the README's first command: runs scripts/deploy.sh --demo against the
# already-built artifacts (--skip-build) on a devnode it starts on a free port, checks with
# `cast` that the protocol answers at the reference client's addresses as the spec says, and
# with `scripts/prime` that the demo pool is there, then stops the devnode. Used by
# scripts/test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CAST="$ROOT/.tools/node_modules/.bin/cast"
[ -x "$CAST" ] || scripts/setup.sh --cast >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
rpc="http://127.0.0.1:$port"
# Its own pid file, so a devnode the developer started with scripts/deploy.sh is left alone.
export DEVNODE_DIR="$ROOT/target/smoke-deploy"
cleanup() { scripts/deploy.sh --stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

out="$(env -u RPC_URL -u PRIVATE_KEY DEVNODE_PORT="$port" scripts/deploy.sh --skip-build --demo 2>&1)" || {
  echo "$out"; echo "smoke-deploy: scripts/deploy.sh failed"; exit 1; }

fail() { echo "$out"; echo "smoke-deploy: $*"; exit 1; }
token=0x5FbDB2315678afecb367f032d93F642f64180aa3
prime=0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9
pool=0x610178dA211FEF7D417bC0e6FeD39F05609AD788
deployer=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
echo "$out" | grep -q "AIToken  *$token" || fail "no AIToken at the client address in the table"
grep -q "\"PrimeNetwork\": \"$prime\"" release/deployments.json || fail "release/deployments.json"
[ "$("$CAST" call "$token" 'name()(string)' --rpc-url "$rpc")" = '"AI Token"' ] || fail "name()"
case "$("$CAST" call "$token" 'balanceOf(address)(uint256)' "$deployer" --rpc-url "$rpc")" in
  "1000000000000000000000000 "*) ;;
  *) fail "balanceOf(deployer) is not the 1,000,000-token mint" ;;
esac
[ "$("$CAST" call "$prime" 'computePool()(address)' --rpc-url "$rpc")" = "$pool" ] || fail "computePool()"
[ "$("$CAST" call "$pool" 'getRewardDistributorForPool(uint256)(address)' 0 --rpc-url "$rpc")" \
  = 0x8aCd85898458400f7Db866d53FCFF6f0D49741FF ] || fail "the demo pool's distributor"
# A second run against the same chain refuses instead of half-deploying.
if env -u PRIVATE_KEY RPC_URL="$rpc" scripts/deploy.sh --skip-build >/dev/null 2>&1; then
  fail "a second deployment on the same chain was not refused"
fi
# The operator's tool reads the same deployment (release/deployments.json).
pool_status="$(scripts/prime pool show --pool 0 --rpc-url "$rpc" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
[ "$pool_status" = ACTIVE ] || fail "scripts/prime pool show --pool 0: status $pool_status, not ACTIVE"
# An unreachable RPC_URL is a clear error, not a hang.
err="$(RPC_URL=http://127.0.0.1:1 scripts/deploy.sh --skip-build 2>&1)" && fail "deploy.sh to a dead RPC_URL succeeded"
echo "$err" | grep -q "node unreachable at http://127.0.0.1:1" || { echo "$err"; fail "unclear error for a dead RPC_URL"; }
echo "smoke-deploy: ok (scripts/deploy.sh --demo on $rpc: client addresses, cast answers)"
