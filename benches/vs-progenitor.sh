#!/usr/bin/env bash
# Side by side with progenitor (not run in CI): generate Rust from the same OpenAPI documents
# with `cargo progenitor` and with `schemagen import-openapi` + `schemagen regenerate`, alternating
# runs, and report the median of each, the ratio, and where a tool fails.
# Documents: our four exports (`schemagen openapi --all`) plus every `*.json`/`*.yaml` spec in
# tests/fixtures/openapi/ (real vendor specs).
# Usage: benches/vs-progenitor.sh [RUNS]   (default 5)
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
root=$(pwd)
work="$root/target/vs-progenitor"
mkdir -p "$work/specs" "$work/tools"
if [ ! -x "$work/tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor 0.15.1 into $work/tools (one time)..."
  cargo install --quiet --locked cargo-progenitor --version 0.15.1 --root "$work/tools" || { echo "cannot install cargo-progenitor"; exit 2; }
fi
cargo build --quiet --release -p schemagen || exit 2
schemagen="$root/target/release/schemagen"
progenitor="$work/tools/bin/cargo-progenitor"
"$schemagen" openapi --all --out-dir "$work/specs" --format json || exit 2
for f in tests/fixtures/openapi/*.json tests/fixtures/openapi/*.yaml tests/fixtures/openapi/*/*.json; do
  [ -f "$f" ] && cp "$f" "$work/specs/"
done
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-40s %12s %12s %8s  %s\n' spec progenitor schemagen ratio notes
for spec in "$work"/specs/*; do
  name=$(basename "$spec"); name=${name%.*}
  declare -a tp=() ts=()
  note=""
  for i in $(seq 1 "$runs"); do
    out="$work/out/$name"; rm -rf "$out"; mkdir -p "$out"
    s=$(now)
    if "$progenitor" progenitor -i "$spec" -o "$out/progenitor" -n "gen-${name//[^a-zA-Z0-9]/-}" -v 0.1.0 >"$out/progenitor.log" 2>&1; then
      tp+=("$(echo "$(now) - $s" | bc -l)")
    else
      note="progenitor failed: $(grep -m1 -iE 'panicked|error' "$out/progenitor.log" | cut -c1-80)"
    fi
    s=$(now)
    if "$schemagen" import-openapi "$spec" --out "$out/schema.yaml" >"$out/schemagen.log" 2>&1 \
       && "$schemagen" regenerate --schemas "$out/schema.yaml" --out "$out/schemagen" >>"$out/schemagen.log" 2>&1; then
      ts+=("$(echo "$(now) - $s" | bc -l)")
    else
      note="$note schemagen failed: $(grep -m1 -iE 'error' "$out/schemagen.log" | cut -c1-80)"
    fi
  done
  mp=$([ ${#tp[@]} -gt 0 ] && median "${tp[@]}" || echo nan)
  ms=$([ ${#ts[@]} -gt 0 ] && median "${ts[@]}" || echo nan)
  ratio=$( [ "$mp" != nan ] && [ "$ms" != nan ] && echo "$mp / $ms" | bc -l || echo nan)
  printf '%-40s %10.3fs %10.3fs %7.2fx  %s\n' "$name" "$mp" "$ms" "$ratio" "$note" 2>/dev/null \
    || printf '%-40s %12s %12s %8s  %s\n' "$name" "$mp" "$ms" "$ratio" "$note"
done
