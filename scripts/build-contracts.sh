#!/usr/bin/env bash
# Builds Stylus contracts for wasm32 and writes, per contract, the deployable artifacts:
#   target/stylus/<crate>.wasm   the module as Stylus validates it (wasm-opt -Oz output: no
#                                reference-types encodings, no debug sections)
#   target/stylus/<crate>.code   the on-chain code: EF F0 00 00 ++ brotli(q11, w22)(wasm)
# and a size report (target/stylus/sizes.md). Fails when a program exceeds 24,576 bytes
# compressed (one code account, EIP-170) or 128 KiB uncompressed, is not a valid module, or
# embeds a path of the machine that built it (so the same commit gives the same code hash
# on every machine: .cargo/config.toml builds without panic locations, and the paths cargo
# could still pass to rustc are remapped here).
#
# usage: scripts/build-contracts.sh [--manifest-path <Cargo.toml>] [--out-dir <dir>] [crate ...]
#   With no crate, builds every cdylib package of the workspace's contracts/ directory
#   (or, with --manifest-path, every cdylib package of that workspace).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAX_CODE=24576
MAX_WASM=$((128 * 1024))
manifest="$ROOT/Cargo.toml"
out_dir=""
crates=()
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest-path) manifest="$(realpath "$2")"; shift 2 ;;
    --out-dir) out_dir="$2"; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    -*) echo "build-contracts: unknown option $1" >&2; exit 2 ;;
    *) crates+=("$1"); shift ;;
  esac
done

"$ROOT/scripts/setup.sh" --check-build-tools

ws_dir="$(dirname "$manifest")"
# The nightly toolchain pinned for contracts lives at the repository root; use it for any
# workspace built here (fixtures included), so every program is built the same way.
toolchain="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml")"
meta="$(cd "$ws_dir" && cargo +"$toolchain" metadata --no-deps --format-version 1 --manifest-path "$manifest")"
target_dir="$(printf '%s' "$meta" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
out_dir="${out_dir:-$target_dir/stylus}"
mkdir -p "$out_dir"

if [ ${#crates[@]} -eq 0 ]; then
  # Every package with a cdylib target (the contracts); libraries and tools are skipped.
  mapfile -t crates < <(printf '%s' "$meta" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if any("cdylib" in t["crate_types"] for t in p["targets"]):
        print(p["name"])')
fi
[ ${#crates[@]} -gt 0 ] || { echo "build-contracts: no contract crates found" >&2; exit 1; }

echo "==> building ${#crates[@]} contract(s) for wasm32 ($toolchain, build-std): ${crates[*]}"
# Machine-specific prefixes rustc could embed (file!(), panic locations, debug info) become
# fixed names. Added to .cargo/config.toml's wasm32 rustflags (cargo merges the arrays).
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
sysroot="$(rustc +"$toolchain" --print sysroot)"
remap=""
for pair in "$ws_dir=/build" "$ROOT=/build" "$cargo_home=/cargo" "$sysroot=/rustc"; do
  remap+="\"--remap-path-prefix=$pair\", "
done
pkg_args=()
for c in "${crates[@]}"; do pkg_args+=(-p "$c"); done
# Same flags cargo-stylus uses for a nightly channel.
(cd "$ws_dir" && cargo +"$toolchain" build --manifest-path "$manifest" --release --lib \
  --target wasm32-unknown-unknown \
  --config "target.wasm32-unknown-unknown.rustflags=[${remap%, }]" \
  -Z build-std=std,panic_abort -Z build-std-features=panic_immediate_abort \
  "${pkg_args[@]}")

# Prints the machine-specific strings found in a module (and fails) or nothing: the checkout,
# the cargo and rustup homes, and anything that looks like a source path (`….rs`).
embedded_paths() {
  python3 - "$1" "$ROOT" "$ws_dir" "$cargo_home" "$sysroot" "${RUSTUP_HOME:-$HOME/.rustup}" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
found = sorted({p for p in sys.argv[2:] if len(p) > 1 and p.encode() in data}
               | {m.decode("latin-1") for m in re.findall(rb"[\w.+-]*(?:/[\w.+-]+)+\.rs", data)})
print(", ".join(found))
sys.exit(1 if found else 0)
PY
}

report="$out_dir/sizes.md"
{
  echo "| contract | wasm (bytes) | compressed code (bytes) | of 24,576 |"
  echo "|---|---:|---:|---:|"
} > "$report"
failed=0
for c in "${crates[@]}"; do
  lib="${c//-/_}"
  raw="$target_dir/wasm32-unknown-unknown/release/$lib.wasm"
  wasm="$out_dir/$c.wasm"
  code="$out_dir/$c.code"
  [ -f "$raw" ] || { echo "build-contracts: $raw was not produced (is $c a cdylib?)" >&2; failed=1; continue; }
  # wasm-opt rewrites the module with MVP encodings (rustc's output uses reference-types
  # encodings that Stylus rejects) and shrinks it.
  wasm-opt -Oz --enable-bulk-memory --strip-debug --strip-producers "$raw" -o "$wasm"
  if ! wasm-validate --disable-reference-types --disable-simd "$wasm" 2>/tmp/wasm-validate.$$; then
    echo "build-contracts: $c: invalid for Stylus: $(cat /tmp/wasm-validate.$$)" >&2; failed=1
  fi
  rm -f /tmp/wasm-validate.$$
  if ! wasm-objdump -x -j Export "$wasm" | grep -q '"user_entrypoint"'; then
    echo "build-contracts: $c: no user_entrypoint export (missing #[entrypoint]?)" >&2; failed=1
  fi
  if ! embedded="$(embedded_paths "$wasm")"; then
    echo "build-contracts: $c: embeds paths of this machine (its code hash would differ on another): $embedded" >&2
    failed=1
  fi
  { printf '\xef\xf0\x00\x00'; brotli -q 11 -w 22 -c "$wasm"; } > "$code"
  wasm_size=$(stat -c %s "$wasm")
  code_size=$(stat -c %s "$code")
  pct=$((code_size * 100 / MAX_CODE))
  printf '| %s | %d | %d | %d%% |\n' "$c" "$wasm_size" "$code_size" "$pct" >> "$report"
  if [ "$code_size" -gt "$MAX_CODE" ]; then
    echo "build-contracts: $c: $code_size bytes compressed, over the $MAX_CODE-byte limit of one program" >&2; failed=1
  fi
  if [ "$wasm_size" -gt "$MAX_WASM" ]; then
    echo "build-contracts: $c: $wasm_size bytes uncompressed, over Nitro's 128 KiB MaxWasmSize" >&2; failed=1
  fi
done
echo "==> sizes ($report)"
cat "$report"
exit $failed
