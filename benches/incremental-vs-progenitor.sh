#!/usr/bin/env bash
# Rebuild time of a crate generated from a large third-party OpenAPI document, schemagen against
# progenitor: Oxide's Nexus API (benches/fixtures/nexus.json, 437 KB, progenitor's own sample).
#
# Crates generated (all built in debug, in one shared target directory under target/incremental):
#   progenitor           `cargo progenitor` 0.15.1 (installed into target/vs-progenitor/tools)
#   schemagen            `schemagen import-openapi` + `generate --crate --runtime crate`
#                        (runtime from this checkout's templates/runtime), `--features client`
#   schemagen-inline     the same with `--runtime inline`
#   schemagen-BASELINE   the same schema with the schemagen of a baseline commit (default
#                        73ed929; its only runtime mode is inline), `--features client`
#   and, to find what the time goes to, schemagen's crate built without `client` and with some
#   kinds of items deleted from the generated file (benches/compile_time.py strip): types-only
#   (client module present but not compiled), no client module, no structure checks, no
#   `Validate` impls, no serde derives (each variant deletes one more kind).
#
# Measured, every variant in turn in each round (RUNS rounds, default 11), medians, ratios to
# progenitor:
#   - incremental rebuild: append a comment line to the crate's largest generated file
#     (progenitor: src/lib.rs; schemagen: src/nexus.rs), then `cargo build` (the dev profile,
#     incremental);
#   - full compile of the generated crate alone (FULL_RUNS rounds, default 3): the same edit,
#     then `CARGO_INCREMENTAL=0 cargo build`, which recompiles the crate from scratch and none
#     of its dependencies.
# Also prints the lines of each generated crate and lines per item kind.
# Usage: benches/incremental-vs-progenitor.sh [RUNS] [BASELINE]
#        (PREPARE_ONLY=1: generate and build everything once, measure nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-11}
rev=${2:-73ed929}
full_runs=${FULL_RUNS:-3}
work="$root/target/incremental"
mkdir -p "$work"
# shellcheck source=common.sh
source benches/common.sh
py() { python3 "$root/benches/compile_time.py" "$@"; }
spec="$root/benches/fixtures/nexus.json"

tools="$root/target/vs-progenitor/tools"
if [ ! -x "$tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor 0.15.1 into $tools (one time)..."
  cargo install --quiet --locked cargo-progenitor --version 0.15.1 --root "$tools"
fi
base=$(baseline_checkout "$rev")
brev=$(git -C "$base" rev-parse --short=7 HEAD)
machine_state
echo "building schemagen (release) here and at $brev..."
build_schemagen "$root" "$work/schemagen-now"
build_schemagen "$base" "$work/schemagen-baseline"

echo "generating the crates..."
gen="$work/crates"
rm -rf "$gen"
mkdir -p "$gen/schema-now" "$gen/schema-baseline"
"$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$gen/progenitor" -n nexus-progenitor -v 0.1.0 >"$work/progenitor.log" 2>&1 \
  || { cat "$work/progenitor.log"; exit 1; }
"$work/schemagen-now" import-openapi "$spec" --out "$gen/schema-now/nexus.yaml" 2>"$work/import-now.log" \
  || { cat "$work/import-now.log"; exit 1; }
"$work/schemagen-baseline" import-openapi "$spec" --out "$gen/schema-baseline/nexus.yaml" 2>"$work/import-baseline.log" \
  || { cat "$work/import-baseline.log"; exit 1; }
tail -n 1 "$work/import-now.log"
"$work/schemagen-now" generate --schemas "$gen/schema-now/nexus.yaml" --crate "$gen/schemagen" \
  --name nexus-schemagen --runtime crate --runtime-path "$root/templates/runtime" >"$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
"$work/schemagen-now" generate --schemas "$gen/schema-now/nexus.yaml" --crate "$gen/schemagen-inline" \
  --name nexus-schemagen-inline --runtime inline >"$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
"$work/schemagen-baseline" generate --schemas "$gen/schema-baseline/nexus.yaml" --crate "$gen/schemagen-$brev" \
  --name "nexus-schemagen-$brev" >"$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
# Measurement variants of schemagen's crate: each deletes one more kind of item.
ablate() { # NAME KIND...
  local name=$1
  shift
  cp -r "$gen/schemagen" "$gen/$name"
  sed -i "s/^name = \"nexus-schemagen\"/name = \"nexus-$name\"/" "$gen/$name/Cargo.toml"
  if [ $# -gt 0 ]; then
    for f in nexus.rs lib.rs; do
      py strip "$gen/schemagen/src/$f" "$@" >"$gen/$name/src/$f"
    done
  fi
}
ablate types-only
ablate no-client client
ablate no-checks client checks
ablate no-validate client checks validate
ablate no-serde client checks validate serde
# The crates live under this workspace's directory: make each its own workspace.
for d in "$gen"/*/; do
  [ -f "$d/Cargo.toml" ] && printf '\n[workspace]\n' >>"$d/Cargo.toml"
done

variants=(progenitor schemagen schemagen-inline "schemagen-$brev" types-only no-client no-checks no-validate no-serde)
edited() { # the file the edit goes to
  case $1 in
    progenitor) echo "$gen/progenitor/src/lib.rs" ;;
    *) echo "$gen/$1/src/nexus.rs" ;;
  esac
}
features() {
  case $1 in
    schemagen | schemagen-inline | schemagen-*[0-9a-f]) echo "--features client" ;;
    *) echo "" ;;
  esac
}
build() { # VARIANT [env...]: builds it, prints nothing unless it fails
  local v=$1
  shift
  # shellcheck disable=SC2046
  (cd "$gen/$v" && env "$@" CARGO_TARGET_DIR="$work/target" cargo build --quiet $(features "$v") 2>"$work/build-$v.log") \
    || { cat "$work/build-$v.log"; exit 1; }
}

echo
echo "## Lines of generated code"
echo
echo "| crate | files | lines |"
echo "|---|---|---|"
for v in progenitor schemagen schemagen-inline "schemagen-$brev"; do
  files=$(cd "$gen/$v/src" && ls -- *.rs | tr '\n' ' ')
  lines=$(cat "$gen/$v"/src/*.rs | wc -l)
  echo "| $v | $files | $lines |"
done
echo
echo "Lines per item kind (doc comments and attributes counted with their item):"
for v in progenitor schemagen "schemagen-$brev"; do
  echo
  echo "$v:"
  echo
  if [ "$v" = progenitor ]; then py kinds "$gen/$v/src/lib.rs"; else py kinds "$gen/$v/src/nexus.rs"; fi
done

echo
echo "building each crate once (dependencies included)..."
for v in "${variants[@]}"; do
  start=$(now_ns)
  build "$v"
  printf '  %-22s %7.1f s\n' "$v" "$(secs_since "$start")"
done
machine_state
[ "${PREPARE_ONLY:-0}" = 1 ] && exit 0

echo
echo "## Incremental rebuild after appending a comment line ($runs alternating rounds)"
echo
samples="$work/incremental.tsv"
: >"$samples"
for v in "${variants[@]}"; do # one untimed edit and rebuild each, so every round is alike
  echo "// warm-up" >>"$(edited "$v")"
  build "$v"
done
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    echo "// edit $i" >>"$(edited "$v")"
    start=$(now_ns)
    build "$v"
    printf 'incremental rebuild\t%s\t%s\n' "$v" "$(secs_since "$start")" >>"$samples"
  done
  echo "round $i done"
done
py rows "$samples"
machine_state

if [ "$full_runs" -gt 0 ]; then
  echo
  echo "## Full compile of the generated crate alone, CARGO_INCREMENTAL=0 ($full_runs alternating rounds)"
  echo
  full="$work/full.tsv"
  : >"$full"
  for i in $(seq 1 "$full_runs"); do
    for v in "${variants[@]}"; do
      echo "// full $i" >>"$(edited "$v")"
      start=$(now_ns)
      build "$v" CARGO_INCREMENTAL=0
      printf 'full compile\t%s\t%s\n' "$v" "$(secs_since "$start")" >>"$full"
    done
    echo "round $i done"
  done
  py rows "$full"
  machine_state
fi
