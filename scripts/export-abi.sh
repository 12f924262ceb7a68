#!/usr/bin/env bash
# Writes release/abi/<file>.json for every deployed contract, generated from the code: the
# functions its router exposes (the SDK's export-abi) plus its declared events and errors.
# File names are those the reference client embeds (crates/abi-export RELEASE_ABIS).
# One cargo build compiles every contract's export-abi binary (so the shared dependencies are
# resolved and compiled once, in parallel), then each binary prints its ABI.
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
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) crates+=("$a") ;;
  esac
done

# crate -> release file, from the RELEASE_ABIS table (the single source). rustfmt puts long
# rows on several lines, so the table is read as one string.
table="$(python3 - <<'PY'
import re
src = open("crates/abi-export/src/lib.rs").read()
body = src[src.index("pub const RELEASE_ABIS"):]
body = body[: body.index("];")]
for f, _, c in re.findall(r'\(\s*"([a-z_]+\.json)",\s*"([A-Za-z]+)",\s*"([a-z-]+)",?\s*\)', body):
    print(c, f)
PY
)"
[ -n "$table" ] || { echo "export-abi: cannot read RELEASE_ABIS from crates/abi-export/src/lib.rs" >&2; exit 1; }
if [ ${#crates[@]} -eq 0 ]; then
  mapfile -t crates < <(printf '%s\n' "$table" | cut -d' ' -f1)
fi
file_of() { printf '%s\n' "$table" | awk -v c="$1" '$1 == c { print $2 }'; }
for c in "${crates[@]}"; do
  [ -n "$(file_of "$c")" ] || { echo "export-abi: $c has no row in RELEASE_ABIS" >&2; exit 1; }
done

pkgs=() features=()
for c in "${crates[@]}"; do pkgs+=(-p "$c"); features+=("$c/export-abi"); done
echo "==> building the export-abi binaries of ${#crates[@]} contract(s)"
cargo build --quiet --locked --bins "${pkgs[@]}" --features "$(IFS=,; echo "${features[*]}")"
bin_dir="$(cargo metadata --no-deps --format-version 1 \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug"

out="release/abi"
[ $check -eq 1 ] && out="$(mktemp -d)"
mkdir -p "$out"
for c in "${crates[@]}"; do
  file="$(file_of "$c")"
  echo "==> $c -> release/abi/$file"
  "$bin_dir/$c" abi-json > "$out/$file.tmp"
  mv "$out/$file.tmp" "$out/$file"
done

if [ $check -eq 1 ]; then
  stale=0
  for c in "${crates[@]}"; do
    file="$(file_of "$c")"
    if ! cmp -s "$out/$file" "release/abi/$file"; then
      echo "export-abi: release/abi/$file is stale or missing: run scripts/export-abi.sh $c" >&2
      stale=1
    fi
  done
  rm -rf "$out"
  [ $stale -eq 0 ] && echo "==> release/abi/ is up to date (${#crates[@]} files)"
  exit $stale
fi
