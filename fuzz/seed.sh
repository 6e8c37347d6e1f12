#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixtures: amendment sheets, bases, and base NUL amendment.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse_amendment corpus/parse_document corpus/consolidate corpus/diff corpus/derive corpus/read_sheet
for case in ../fixtures/*/ ../fixtures/real/*/; do
  name=$(basename "$case")
  for a in "$case"*.amend; do
    [ -e "$a" ] || continue
    cp "$a" "corpus/parse_amendment/$name-$(basename "$a")"
    cp "$a" "corpus/consolidate/$name-$(basename "$a")"
    for b in "$case"base.*; do
      [ -e "$b" ] || continue
      { cat "$b"; printf '\0'; cat "$a"; } > "corpus/consolidate/$name-pair-$(basename "$a")"
    done
  done
  # diff: base NUL expected; derive: texts a member might make of the LLA constitution.
  for b in "$case"base.*; do
    for e in "$case"expected.*; do
      [ -e "$b" ] && [ -e "$e" ] || continue
      { cat "$b"; printf '\0'; cat "$e"; } > "corpus/diff/$name-$(basename "$e")"
    done
  done
  for e in "$case"expected.*; do
    [ -e "$e" ] && cp "$e" "corpus/derive/$name-$(basename "$e")"
  done
  for b in "$case"base.* "$case"expected.*; do
    [ -e "$b" ] || continue
    cp "$b" "corpus/parse_document/$name-$(basename "$b")"
  done
done
# read_sheet: a selector byte (0: the sheet alone; 1-4: also applied to a real base) and a
# width byte, then the sheet; the corpus's sheets too, when the shared folder is beside the repo.
k=0
for a in ../fixtures/*/*.amend ../fixtures/real/*/*.amend ../../shared/corpus/*/amendments.txt; do
  [ -e "$a" ] || continue
  k=$((k + 1))
  { printf "\\$(printf '%03o' $((k % 5)))\\$(printf '%03o' $((k % 64)))"; cat "$a"; } > "corpus/read_sheet/sheet-$k"
done
# One line per instruction, so that short inputs cover every form (of the fixtures' sheets only:
# the corpus also holds what the fuzzer found, and seeding again must not split those too).
i=0
for f in ../fixtures/*/*.amend ../fixtures/real/*/*.amend; do
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    i=$((i + 1))
    printf '%s\n' "$line" > "corpus/parse_amendment/line-$i"
    printf '%s\n' "$line" > "corpus/consolidate/line-$i"
  done < "$f"
done
cp ../fixtures/lla_constitution/base.txt corpus/derive/lla-base.txt
for t in parse_amendment parse_document consolidate diff derive read_sheet; do
  echo "seeded $t: $(ls corpus/$t | wc -l) inputs"
done
