# Shared by benches/compile-time.sh and benches/incremental-vs-progenitor.sh (sourced, not run).
# Expects `root` (the checkout) and `work` (a scratch directory under target/) to be set.

# The target directory cargo uses for ordinary builds of this checkout.
cargo_target_dir() {
  if [ -n "${CARGO_TARGET_DIR:-}" ]; then echo "$CARGO_TARGET_DIR"; else echo "$root/target"; fi
}

now_ns() { date +%s%N; }
# Seconds between two `now_ns` readings.
secs_since() { echo "scale=3; ($(now_ns) - $1) / 1000000000" | bc -l; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# A checkout of REV (a commit) in $work/baseline-REV, made with `git worktree add` and reused on
# later runs. Prints its path.
baseline_checkout() {
  local rev dir
  rev=$(git -C "$root" rev-parse --short=7 "$1^{commit}") || return 1
  dir="$work/baseline-$rev"
  if [ ! -d "$dir" ]; then
    git -C "$root" worktree prune
    git -C "$root" worktree add --quiet --detach "$dir" "$rev" >&2 || return 1
  fi
  echo "$dir"
}

# Builds the release `schemagen` of the checkout in DIR (sharing this checkout's target
# directory, so dependencies are built once) and copies it to OUT, so that the binary measured
# is the one built from DIR whatever is built later.
build_schemagen() {
  local dir=$1 out=$2 target
  target=$(cargo_target_dir)
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --quiet --release -p schemagen) || return 1
  cp "$target/release/schemagen" "$out"
}

# The machine's state, for the record: load and the other compilers running.
machine_state() {
  echo "machine: $(nproc) cores; $(uptime | sed 's/.*load average/load average/')"
  local others
  others=$(ps -eo pid=,comm= | awk '$2 == "rustc" || $2 == "cargo"' | wc -l)
  echo "rustc/cargo processes running (ours included): $others"
}
