#!/usr/bin/env bash
# Builds the Stylus fixture contracts (fixtures/*) for wasm32 and writes, per contract,
# <name>.wasm (Stylus-valid module) and <name>.code (EF F0 00 00 + brotli) into OUT_DIR.
# Uses the repository's scripts/build-contracts.sh when present; otherwise does the same
# steps itself (pinned nightly + build-std, wasm-opt, brotli).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT_DIR="${1:-$HERE/target/fixtures}"
mkdir -p "$OUT_DIR"
MANIFEST="$HERE/fixtures/Cargo.toml"

if [[ -x "$ROOT/scripts/build-contracts.sh" && -z "${NITRO_DEVNODE_OWN_BUILD:-}" ]]; then
  exec "$ROOT/scripts/build-contracts.sh" --manifest-path "$MANIFEST" --out-dir "$OUT_DIR"
fi

TOOLCHAIN="${FIXTURE_TOOLCHAIN:-nightly-2025-08-01}"
command -v wasm-opt >/dev/null || { echo "wasm-opt missing (apt-get install binaryen)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli missing (apt-get install brotli)" >&2; exit 1; }
TARGET_DIR="$HERE/fixtures/target"
(
  cd "$HERE/fixtures"
  RUSTFLAGS="-C link-arg=-zstack-size=32768 -C target-cpu=mvp -C target-feature=+bulk-memory" \
  cargo +"$TOOLCHAIN" build --release --lib --target wasm32-unknown-unknown \
    -Z build-std=std,panic_abort -Z build-std-features=panic_immediate_abort \
    --manifest-path "$MANIFEST" --target-dir "$TARGET_DIR"
)
for dir in "$HERE"/fixtures/*/; do
  [[ -f "$dir/Cargo.toml" ]] || continue
  name="$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1)"
  crate="${name//-/_}"
  wasm="$TARGET_DIR/wasm32-unknown-unknown/release/$crate.wasm"
  [[ -f "$wasm" ]] || { echo "missing $wasm" >&2; exit 1; }
  wasm-opt -Oz --enable-bulk-memory --strip-debug "$wasm" -o "$OUT_DIR/$crate.wasm"
  brotli -q 11 -w 22 -c "$OUT_DIR/$crate.wasm" > "$OUT_DIR/$crate.br"
  { printf '\xef\xf0\x00\x00'; cat "$OUT_DIR/$crate.br"; } > "$OUT_DIR/$crate.code"
  rm -f "$OUT_DIR/$crate.br"
  echo "built $crate: $(stat -c %s "$OUT_DIR/$crate.wasm") B wasm, $(stat -c %s "$OUT_DIR/$crate.code") B code"
done
