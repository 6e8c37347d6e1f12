#!/usr/bin/env bash
# Measures time and peak memory of `amend` on large generated inputs: bases of 1, 10 and
# 100 MB (sections of 20 numbered paragraphs) and a base that is one 1 MB line. The figures
# in README.md (Limits) come from this script. Needs GNU time (/usr/bin/time) for memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/amend
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

measure() { # label, command...
  local label=$1
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$label: %e s, peak %M KB, exit %x" "$@" >/dev/null 2>"$dir/time" || true
    tail -n 1 "$dir/time"
  else
    local start=$SECONDS
    "$@" >/dev/null 2>&1 || true
    echo "$label: $((SECONDS - start)) s"
  fi
}

base() { # size in MB
  awk -v mb="$1" 'BEGIN {
    srand(1); n = split("members shall elect the committee at conference by majority", w, " ")
    while (size < mb * 1048576) {
      s++; line = s ") Section " s "\n\n"; printf "%s", line; size += length(line)
      for (p = 1; p <= 20; p++) {
        line = s "." p " The"; k = 10 + int(rand() * 30)
        for (i = 0; i < k; i++) line = line " " w[1 + int(rand() * n)]
        line = line ".\n\n"; printf "%s", line; size += length(line)
      }
    }
  }'
}

cat >"$dir/edit.amend" <<'SHEET'
Para 1.1: DELETE “The”; INSERT “The annual”.
Para 2.3: DELETE ALL.
Para 1.5 – NO CHANGE.

INSERT “A new paragraph.”
SHEET
printf 'Para 1.1: DELETE “no such words here”.\n' >"$dir/missing.amend"
printf 'DELETE “no such words here”.\n' >"$dir/nowhere.amend"

for mb in 1 10 100; do
  base "$mb" >"$dir/base.txt"
  echo "== base of $(($(wc -c <"$dir/base.txt") / 1048576)) MB, $(grep -c '' "$dir/base.txt") lines"
  measure "outline" "$bin" outline "$dir/base.txt"
  measure "apply -o (3 edits, renumbering)" "$bin" apply "$dir/base.txt" "$dir/edit.amend" -o "$dir/out.txt"
  measure "check, text not found in 1.1" "$bin" check "$dir/base.txt" "$dir/missing.amend"
  measure "check, text not found anywhere" "$bin" check "$dir/base.txt" "$dir/nowhere.amend"
done

awk 'BEGIN { srand(2); n = split("members shall elect the committee at conference by majority", w, " ")
  printf "1) Rules\n\n1.1 Start"; while (size < 1048576) { x = w[1 + int(rand() * n)]; printf " %s", x; size += length(x) + 1 }
  print " and the end." }' >"$dir/line.txt"
echo "== one line of $(wc -c <"$dir/line.txt") bytes"
printf 'Para 1.1: DELETE “the end.”; INSERT “the finish.”\n' >"$dir/end.amend"
printf 'Para 1.1: DELETE FINAL SENTENCE.\n' >"$dir/sentence.amend"
measure "apply, edit at the end" "$bin" apply "$dir/line.txt" "$dir/end.amend" -o "$dir/out.txt"
measure "apply, delete final sentence" "$bin" apply "$dir/line.txt" "$dir/sentence.amend" -o "$dir/out.txt"
measure "check, text not found" "$bin" check "$dir/line.txt" "$dir/missing.amend"
