#!/usr/bin/env bash
# `amend diff` against GNU wdiff on the same pairs of texts: 1 MB and 10 MB rulebooks with a
# tenth of their paragraphs amended, and two unrelated 1 MB texts. Prints the best of three
# wall-clock times for each (both print to /dev/null; amend writes plain wdiff-style marks).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wdiff >/dev/null 2>&1; then
  echo "wdiff is not installed (Debian: apt-get install wdiff)" >&2
  exit 2
fi
dir=target/bench-corpus
cargo build --release --quiet
if [ ! -f "$dir/10mb-new.txt" ]; then
  AMEND_BENCH_CORPUS="$dir" cargo bench --bench diff --quiet
fi

# Milliseconds of the fastest of three runs of a command.
best_of_3() {
  local best="" start end ms
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true # wdiff exits 1 when the texts differ
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

printf '%-16s %14s %12s %8s\n' "texts" "amend diff ms" "wdiff ms" "ratio"
for pair in "1mb-old 1mb-new" "10mb-old 10mb-new" "1mb-old 1mb-unrelated"; do
  set -- $pair
  old="$dir/$1.txt"
  new="$dir/$2.txt"
  a=$(best_of_3 target/release/amend diff --format plain "$old" "$new")
  w=$(best_of_3 wdiff "$old" "$new")
  printf '%-16s %14s %12s %8s\n' "$1→${2#*-}" "$a" "$w" "$(awk "BEGIN { printf \"%.2f\", $a / $w }")"
done
