#!/usr/bin/env bash
# Summary-quality benchmark: every storyweave method and the baselines, same sentences and budget.
# Usage: bash benchmarks/summaries.sh   (needs ../shared/datasets and `make install`)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/datasets}
SW=.venv/bin/storyweave
METHODS=concepts,mmr,centroid,lexrank,submodular,lead,lead-rr,sumy-lexrank,sumy-textrank,sumy-lsa,sumy-kl,sumy-sumbasic
$SW eval summarize --data "$DATA/duc2003.jsonl" --method "$METHODS" --words 100 --scorer perl --json \
  > benchmarks/results/duc2003-perl.json
$SW eval summarize --data "$DATA/duc2003-raw" --method concepts,lead,sumy-lexrank --words 100 --scorer perl --json \
  > benchmarks/results/duc2003-raw-perl.json
$SW eval summarize --data "$DATA/multinews-dev.jsonl" --method "$METHODS" --words 230 --scorer rouge-score --json \
  > benchmarks/results/multinews-rouge-score.json
