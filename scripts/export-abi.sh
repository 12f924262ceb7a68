#!/usr/bin/env bash
# Writes release/abi/<file>.json for every deployed contract, generated from the code: the
# functions its router exposes (the SDK's export-abi) plus its declared events and errors.
# File names are those the reference client embeds (crates/abi-export RELEASE_ABIS).
#
# usage: scripts/export-abi.sh [--check] [crate ...]
#   --check   regenerate into a temporary directory and fail if release/abi/ differs (stale)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

check=0
crates=()
for a in "$@"; do
  case "$a" in
    --check) check=1 ;;
    *) crates+=("$a") ;;
  esac
done

# crate -> release file, from the RELEASE_ABIS table ("<file>.json" is "<crate with _>.json"
# except where the table says otherwise: the table is the single source).
table="$(sed -n 's/.*("\([a-z_]*\.json\)", "\([A-Za-z]*\)", "\([a-z-]*\)").*/\3 \1/p' crates/abi-export/src/lib.rs)"
[ -n "$table" ] || { echo "export-abi: cannot read RELEASE_ABIS from crates/abi-export/src/lib.rs" >&2; exit 1; }
if [ ${#crates[@]} -eq 0 ]; then
  mapfile -t crates < <(printf '%s\n' "$table" | cut -d' ' -f1)
fi

out="release/abi"
[ $check -eq 1 ] && out="$(mktemp -d)"
mkdir -p "$out"
for c in "${crates[@]}"; do
  file="$(printf '%s\n' "$table" | awk -v c="$c" '$1 == c { print $2 }')"
  [ -n "$file" ] || { echo "export-abi: $c has no row in RELEASE_ABIS" >&2; exit 1; }
  echo "==> $c -> release/abi/$file"
  cargo run --quiet --locked -p "$c" --features export-abi -- abi-json > "$out/$file.tmp"
  mv "$out/$file.tmp" "$out/$file"
done

if [ $check -eq 1 ]; then
  stale=0
  for c in "${crates[@]}"; do
    file="$(printf '%s\n' "$table" | awk -v c="$c" '$1 == c { print $2 }')"
    if ! cmp -s "$out/$file" "release/abi/$file"; then
      echo "export-abi: release/abi/$file is stale or missing: run scripts/export-abi.sh $c" >&2
      stale=1
    fi
  done
  rm -rf "$out"
  [ $stale -eq 0 ] && echo "==> release/abi/ is up to date"
  exit $stale
fi
