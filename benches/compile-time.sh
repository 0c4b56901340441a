#!/usr/bin/env bash
# Compile time of the generated crate `voicecall-apis`, this checkout against a baseline commit
# (default 73ed929, the last commit before the runtime crate split), and what generating it costs:
#
#   1. lines of generated/src, per file and in total;
#   2. clean `cargo build -p voicecall-apis`, types only and `--features client`, in a fresh
#      target directory each time, alternating baseline and this checkout (baseline types, ours
#      types, baseline client, ours client; RUNS rounds), medians and ratios; every build runs
#      with `--timings`, and the median time of each unit (the generated crate, the runtime
#      crate, chrono, uuid, serde, ...) and the moment the generated crate starts compiling are
#      printed too;
#   3. `schemagen regenerate --check` as a whole process (release build), alternating,
#      CHECK_RUNS rounds (default 31), median and ratio.
#
# The baseline is checked out with `git worktree add` into target/compile-time/ and reused on
# later runs. Dependencies are fetched first, so network time is excluded.
# Usage: benches/compile-time.sh [RUNS] [BASELINE]     (RUNS default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-3}
rev=${2:-73ed929}
check_runs=${CHECK_RUNS:-31}
work="$root/target/compile-time"
mkdir -p "$work"
# shellcheck source=common.sh
source benches/common.sh
py() { python3 "$root/benches/compile_time.py" "$@"; }

base=$(baseline_checkout "$rev")
echo "baseline: $(git -C "$base" log -1 --format='%h %s' | cut -c1-90)"
echo "this checkout: $(git -C "$root" log -1 --format='%h %s' | cut -c1-90)$(git -C "$root" diff --quiet HEAD -- generated templates generator || echo ' (with uncommitted changes)')"
machine_state
echo "building schemagen (release) here and at the baseline..."
build_schemagen "$root" "$work/schemagen-now"
build_schemagen "$base" "$work/schemagen-baseline"
(cd "$root" && cargo fetch --quiet)
(cd "$base" && cargo fetch --quiet)

echo
echo "## Lines of generated/src"
echo
{
  (cd "$base/generated/src" && wc -l -- *.rs | awk '$2 != "total" {print $2 "\tbaseline\t" $1}')
  (cd "$root/generated/src" && wc -l -- *.rs | awk '$2 != "total" {print $2 "\tnow\t" $1}')
} | awk -F'\t' '
  { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } lines[$1, $2] = $3; total[$2] += $3 }
  END {
    print "| file | baseline | now |"; print "|---|---|---|"
    for (i = 1; i <= n; i++) {
      f = order[i]
      b = (f SUBSEP "baseline") in lines ? lines[f, "baseline"] : "–"
      w = (f SUBSEP "now") in lines ? lines[f, "now"] : "–"
      print "| " f " | " b " | " w " |"
    }
    print "| total | " total["baseline"] " | " total["now"] " |"
  }'

echo
echo "## Clean builds of voicecall-apis ($runs alternating rounds)"
echo
samples="$work/clean.tsv"
units="$work/units.tsv"
: >"$samples"
: >"$units"
for i in $(seq 1 "$runs"); do
  for kind in types client; do
    for variant in baseline now; do
      tree=$root
      [ "$variant" = baseline ] && tree=$base
      target="$work/build-$variant-$kind-$i"
      rm -rf "$target"
      args=(build --quiet --offline --locked -p voicecall-apis --timings)
      [ "$kind" = client ] && args+=(--features client)
      start=$(now_ns)
      (cd "$tree" && CARGO_TARGET_DIR="$target" cargo "${args[@]}" 2>"$work/build.log") \
        || { cat "$work/build.log"; exit 1; }
      secs=$(secs_since "$start")
      label="clean build, types only"
      [ "$kind" = client ] && label="clean build, --features client"
      printf '%s\t%s\t%s\n' "$label" "$variant" "$secs" >>"$samples"
      printf '%-8s %-7s round %d: %6.2f s\n' "$variant" "$kind" "$i" "$secs"
      py units "$target/cargo-timings/cargo-timing.html" | awk -F'\t' -v k="$kind" -v v="$variant" '
        $1 == "voicecall-apis" && $2 == "lib" { print k ": voicecall-apis starts at\t" v "\t" $3 }
        $4 > 0 { name = $1; if ($2 != "lib") name = name " (" $2 ")"; print k ": " name "\t" v "\t" $4 }' >>"$units"
      rm -rf "$target"
    done
  done
done
echo
py table "$samples"
echo
echo "Per unit (cargo --timings, medians): the generated crate, when it starts (how long it waits"
echo "for its dependencies on this machine), and the crates only one side builds:"
echo
tab=$'\t'
own="voicecall-apis|schemagen-runtime|chrono|uuid|num-traits|autocfg"
grep -E "^[a-z]+: ($own)( |$tab)" "$units" >"$units.own" || true
py table "$units.own"
echo
echo "Other units of at least 2 s:"
echo
grep -vE "^[a-z]+: ($own)( |$tab)" "$units" >"$units.other" || true
py table "$units.other" 2

echo
echo "## regenerate --check ($check_runs alternating rounds, release build, whole process)"
echo
checks="$work/check.tsv"
: >"$checks"
for variant in baseline now; do # once each, untimed; stops here if the output is not up to date
  tree=$root
  [ "$variant" = baseline ] && tree=$base
  (cd "$tree" && "$work/schemagen-$variant" regenerate --check >/dev/null)
done
for i in $(seq 1 "$check_runs"); do
  for variant in baseline now; do
    tree=$root
    [ "$variant" = baseline ] && tree=$base
    start=$(now_ns)
    (cd "$tree" && "$work/schemagen-$variant" regenerate --check >/dev/null 2>&1)
    printf 'regenerate --check\t%s\t%s\n' "$variant" "$(secs_since "$start")" >>"$checks"
  done
done
py table "$checks"
echo
machine_state
