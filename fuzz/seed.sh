#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixtures: amendment sheets, bases, and base NUL amendment.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse_amendment corpus/parse_document corpus/consolidate
for case in ../fixtures/*/; do
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
  for b in "$case"base.* "$case"expected.*; do
    [ -e "$b" ] || continue
    cp "$b" "corpus/parse_document/$name-$(basename "$b")"
  done
done
# One line per instruction, so that short inputs cover every form.
i=0
for f in corpus/parse_amendment/*; do
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    i=$((i + 1))
    printf '%s\n' "$line" > "corpus/parse_amendment/line-$i"
    printf '%s\n' "$line" > "corpus/consolidate/line-$i"
  done < "$f"
done
echo "seeded: $(ls corpus/parse_amendment | wc -l) amendment, $(ls corpus/parse_document | wc -l) document, $(ls corpus/consolidate | wc -l) consolidate inputs"
