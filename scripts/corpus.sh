#!/usr/bin/env bash
# Scores `amend apply` on the real corpus (../shared/corpus, see its README): exact, refused or
# WRONG per case. Usage: scripts/corpus.sh [debug|release] [CASE…]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-debug}
shift || true
if [ "$profile" = release ]; then cargo build --release -q; bin=target/release/amend; else cargo build -q; bin=target/debug/amend; fi
corpus=../shared/corpus
if [ $# -gt 0 ]; then dirs=("${@/#/$corpus/}"); else dirs=("$corpus"/*/); fi
python3 "$corpus/score.py" "$bin" "${dirs[@]}"
