#!/usr/bin/env bash
# How fast `amend apply` and `amend diff` are against git, wdiff and dwdiff on generated
# constitutions, and how much memory apply and a history build need. Not run by CI (it takes
# several minutes); see "Speed" in the README.
#
#   benches/speed.sh            1 MB and 10 MB pairs, the 100 MB memory check and the history
#   RUNS=10 benches/speed.sh    more timed runs per command (default 5)
#   QUICK=1 benches/speed.sh    the 1 MB and 10 MB timings only
#
# The inputs come from the benchmark generator in the shared folder (GEN, by default
# ../shared/bench/gen.py beside the repository): a constitution of 1 MB with 1,000 instructions
# and one of 10 MB (27,536 numbered paragraphs) with 10,000; for the memory check, a 100 MB one
# with 10,000 instructions, made by the same generator with a size it does not offer on its
# command line (its SIZES table extended by 100M). Every apply is checked against the
# generator's after.md, byte for byte, before anything is timed.
set -euo pipefail
cd "$(dirname "$0")/.."

gen=${GEN:-../shared/bench/gen.py}
runs=${RUNS:-5}
data=target/speed-data
amend=target/release/amend

if [ ! -f "$gen" ]; then
  echo "the benchmark generator is not at $gen (set GEN=path/to/gen.py)" >&2
  exit 2
fi

# Tools from Debian, installed when missing (as .ci/run installs what its tests need).
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
command -v wdiff >/dev/null 2>&1 || missing+=(wdiff)
command -v dwdiff >/dev/null 2>&1 || missing+=(dwdiff)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --locked --quiet

if [ ! -f "$data/10M/n10000/after.md" ]; then
  python3 "$gen" --sizes 1M,10M --ns 1000,10000 --out "$data" >/dev/null
fi

# amend apply must give the generator's expected text exactly, or no figure means anything.
check_apply() {
  local size=$1 n=$2
  if ! "$amend" apply "$data/$size/before.md" "$data/$size/$n/amendments.txt" | cmp -s - "$data/$size/$n/after.md"; then
    echo "amend apply on $size/$n does not give after.md" >&2
    exit 1
  fi
}

# Times the commands of one pair with hyperfine; medians go to $data/SIZE.json.
time_pair() {
  local size=$1 n=$2
  local before="$data/$size/before.md" after="$data/$size/$n/after.md" sheet="$data/$size/$n/amendments.txt"
  check_apply "$size" "$n"
  echo "== $size constitution, $n instructions ($(wc -c <"$before") bytes)"
  # git, wdiff and dwdiff exit 1 when the texts differ: failures are ignored (-i).
  hyperfine -N -i --warmup 1 --runs "$runs" --style basic --export-json "$data/$size.json" \
    -n "amend apply" "$amend apply $before $sheet" \
    -n "amend diff" "$amend diff --format plain $before $after" \
    -n "git diff" "git diff --no-index --word-diff=porcelain $before $after" \
    -n "wdiff" "wdiff $before $after" \
    -n "dwdiff" "dwdiff $before $after" \
    -n "read floor" "cat $before $after" >/dev/null
}

time_pair 1M n1000
time_pair 10M n10000

# Wall-clock medians, and processor time (user + system, mean of the runs), which a busy machine
# disturbs less; ratios to git's word diff of the same pair, and growth from 1 MB to 10 MB.
python3 - "$data" <<'EOF'
import json, sys
data = sys.argv[1]
def times(size):
    with open(f"{data}/{size}.json") as f:
        return {r["command"]: (r["median"], r["user"] + r["system"]) for r in json.load(f)["results"]}
small, large = times("1M"), times("10M")
git_wall, git_cpu = large["git diff"]
print(f"\n10 MB pair     {'wall s':>8}{'× git':>7}{'cpu s':>8}{'× git':>7}   1→10 MB wall, cpu")
for name, (wall, cpu) in large.items():
    s_wall, s_cpu = small[name]
    print(f"{name:<14}{wall:>8.3f}{wall / git_wall:>7.2f}{cpu:>8.3f}{cpu / git_cpu:>7.2f}"
          f"   {wall / s_wall:>5.1f}×, {cpu / s_cpu:>4.1f}×")
EOF

if [ -n "${QUICK:-}" ]; then
  exit 0
fi

# Peak memory of apply on a 100 MB base, output thrown away.
if [ ! -f "$data/100M/n10000/after.md" ]; then
  echo "== generating the 100 MB constitution (a minute or two)"
  python3 - "$gen" "$data" <<'EOF'
import os, sys
gen_path, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(gen_path)))
import gen
gen.SIZES["100M"] = 100_000_000
sys.argv = ["gen.py", "--sizes", "100M", "--ns", "10000", "--out", out]
gen.main()
EOF
fi
check_apply 100M n10000
base_bytes=$(wc -c <"$data/100M/before.md")
/usr/bin/time -v "$amend" apply "$data/100M/before.md" "$data/100M/n10000/amendments.txt" >/dev/null 2>"$data/100M.time"
peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$data/100M.time")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$data/100M.time")
echo "== amend apply on a 100 MB base: peak $((peak_kb / 1024)) MB, $(awk "BEGIN { printf \"%.2f\", $peak_kb * 1024 / $base_bytes }") bytes per byte of base, $wall"

# A 50-version history of a 1 MB rulebook (written by the history benchmark), built whole.
history=$data/history
if [ ! -f "$history/constitution.yaml" ]; then
  if ! AMEND_BENCH_WRITE="$history" cargo bench --bench history --locked --quiet -- --list >"$data/history-write.log" 2>&1; then
    cat "$data/history-write.log" >&2
    exit 1
  fi
fi
rm -rf "$data/history-site"
/usr/bin/time -v "$amend" build "$history/constitution.yaml" --out "$data/history-site" --no-pdf 2>"$data/history.time" >/dev/null
peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$data/history.time")
user=$(awk -F': ' '/User time/ { print $2 }' "$data/history.time")
sys=$(awk -F': ' '/System time/ { print $2 }' "$data/history.time")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$data/history.time")
echo "== amend build of 50 versions of a 1 MB rulebook: peak $((peak_kb / 1024)) MB, ${user} s user + ${sys} s system, $wall wall"
