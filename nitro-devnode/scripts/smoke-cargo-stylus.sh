#!/usr/bin/env bash
# Smoke test: `cargo stylus deploy --no-verify` (cargo-stylus 0.10.x) of the counter fixture
# with a constructor, then `cargo stylus check` and `cargo stylus trace` (JS and native
# tracer) of a transaction, against a freshly started nitro-devnode.
# Skips with a message when cargo-stylus is not installed. The scratch project lives under
# target/ so its build is cached between runs.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
cd "$HERE"
if ! cargo stylus --version >/dev/null 2>&1; then
  echo "SKIP smoke-cargo-stylus: cargo-stylus is not installed (cargo install cargo-stylus --version 0.10.10 --locked)"
  exit 0
fi
TOOLCHAIN="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$HERE/../rust-toolchain.toml" 2>/dev/null || true)"
TOOLCHAIN="${TOOLCHAIN:-nightly-2025-08-01}"
P="$HERE/target/cargo-stylus-counter"
mkdir -p "$P/src"
cp fixtures/counter/src/lib.rs "$P/src/lib.rs"
cat > "$P/Cargo.toml" <<'TOML'
[package]
name = "counter"
version = "0.1.0"
edition = "2021"

[workspace]

[dependencies]
stylus-sdk = { version = "=0.9.0", default-features = false, features = ["mini-alloc", "hostio"] }
alloy-primitives = { version = "=0.8.20", default-features = false }
alloy-sol-types = { version = "=0.8.20", default-features = false }

[features]
export-abi = ["stylus-sdk/export-abi"]

[lib]
crate-type = ["lib", "cdylib"]

[[bin]]
name = "counter"
path = "src/main.rs"

[profile.release]
codegen-units = 1
panic = "abort"
opt-level = "z"
strip = true
lto = true
TOML
cat > "$P/src/main.rs" <<'RS'
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#[cfg(not(any(test, feature = "export-abi")))]
#[no_mangle]
pub extern "C" fn main() {}
#[cfg(feature = "export-abi")]
fn main() {
    counter::print_from_args();
}
RS
printf '[workspace]\nnetworks = {}\n\n[workspace.contracts.counter]\npath = "."\n' > "$P/Stylus.toml"
printf '[toolchain]\nchannel = "%s"\ncomponents = ["rust-src"]\ntargets = ["wasm32-unknown-unknown"]\n' "$TOOLCHAIN" > "$P/rust-toolchain.toml"
if [[ ! -f "$P/Cargo.lock" ]]; then
  (cd "$P" && cargo generate-lockfile -q && cargo update -q -p ruint --precise 1.16.0)
fi

cargo build --quiet --locked --bin nitro-devnode
LOG="$(mktemp)"
./target/debug/nitro-devnode --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 50); do grep -q listening "$LOG" && break; sleep 0.1; done
RPC="$(grep -o 'http://[0-9.:]*' "$LOG" | head -1)"
KEY=0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659

OUT="$(cd "$P" && cargo stylus deploy --no-verify --endpoint "$RPC" --private-key "$KEY" --constructor-args 5 2>&1)" || { echo "$OUT"; exit 1; }
ADDR="$(printf '%s' "$OUT" | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'deployed code at address: 0x[0-9a-fA-F]\{40\}' | grep -o '0x.*')"
[[ -n "$ADDR" ]] || { echo "$OUT"; echo "no address in cargo stylus output"; exit 1; }
# number() == 5
RES="$(curl -s -X POST -H 'Content-Type: application/json' "$RPC" \
  --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"$ADDR\",\"data\":\"0x8381f58a\"},\"latest\"]}")"
echo "$RES" | grep -q '0x0000000000000000000000000000000000000000000000000000000000000005' || { echo "$RES"; exit 1; }
(cd "$P" && cargo stylus check --endpoint "$RPC" >/dev/null 2>&1) || { echo "cargo stylus check failed"; exit 1; }
# increment() from the node's dev account, then `cargo stylus trace` of it, with cargo-stylus's
# JS query and with the native stylusTracer: the hostios of the run, with their ink.
TX="$(curl -s -X POST -H 'Content-Type: application/json' "$RPC" \
  --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendTransaction\",\"params\":[{\"from\":\"0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E\",\"to\":\"$ADDR\",\"data\":\"0xd09de08a\"}]}" \
  | grep -o '0x[0-9a-f]\{64\}')"
[[ -n "$TX" ]] || { echo "increment() was not sent"; exit 1; }
for flag in "" "--use-native-tracer"; do
  TRACE="$(cd "$P" && cargo stylus trace $flag --tx "$TX" --endpoint "$RPC" 2>&1)" || { echo "$TRACE"; exit 1; }
  for hostio in user_entrypoint storage_load_bytes32 storage_cache_bytes32 emit_log storage_flush_cache user_returned; do
    grep -q "\"name\":\"$hostio\"" <<<"$TRACE" || { echo "$TRACE"; echo "cargo stylus trace $flag: no $hostio"; exit 1; }
  done
done
echo "smoke-cargo-stylus: ok (deployed with constructor at $ADDR, number() == 5, check passes, trace of increment() with both tracers)"
