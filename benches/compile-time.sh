#!/usr/bin/env bash
# Clean-build time of the generated crate, types only and with the `client` feature.
# Alternates the two builds, each in a fresh target directory, RUNS times (default 3), and prints
# the median of each and their ratio. Dependencies are fetched first so network time is excluded.
# Usage: benches/compile-time.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo fetch --quiet
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
declare -a types client
for i in $(seq 1 "$runs"); do
  for kind in types client; do
    target="$scratch/$kind-$i"
    args=(build --quiet -p voicecall-apis --offline)
    [ "$kind" = client ] && args+=(--features client)
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$target" cargo "${args[@]}"
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc -l)
    printf '%s run %d: %.1f s\n' "$kind" "$i" "$secs"
    if [ "$kind" = types ]; then types+=("$secs"); else client+=("$secs"); fi
    rm -rf "$target"
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mt=$(median "${types[@]}"); mc=$(median "${client[@]}")
printf 'median clean build, types only:      %.1f s\n' "$mt"
printf 'median clean build, --features client: %.1f s\n' "$mc"
printf 'ratio client / types-only: %.2fx\n' "$(echo "$mc / $mt" | bc -l)"
