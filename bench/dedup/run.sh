#!/usr/bin/env bash
# The duplicate-detection benchmark end to end: builds dedup_harness, generates the corpus from
# ../shared/data (DUC 2004 + ECB+ and their transformed copies), runs `storyline dedup` on it
# and scores the output against the labels (see bench/dedup/corpus.h and score.h).
#
#   bench/dedup/run.sh                  (after `make build`; BUILD_DIR=... for another build)
#
# Only dedup_harness is built here; storyline must already be built (`make build`).
# Environment: BUILD_DIR (default build), STORYLINE (default $BUILD_DIR/src/cli/storyline),
# DATA (default ../shared/data), SEED (default 1), THESAURUS (default
# /usr/share/mythes/th_en_US_v2.dat), KEEP=DIR to keep the corpus, labels and output in DIR
# instead of a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-build}
DATA=${DATA:-../shared/data}
SEED=${SEED:-1}
THESAURUS=${THESAURUS:-/usr/share/mythes/th_en_US_v2.dat}
DUC="$DATA/summaries/duc2004/docs"
ECB="$DATA/clustering/ecbplus_docs.jsonl"

if [ ! -d "$DUC" ] || [ ! -f "$ECB" ]; then
  echo "dedup run: skipped: evaluation data not found at $DATA (needs $DUC and $ECB)" >&2
  exit 0
fi
[ -f "$THESAURUS" ] || { echo "dedup run: $THESAURUS missing; run scripts/install-deps" >&2; exit 1; }
STORYLINE=${STORYLINE:-$BUILD_DIR/src/cli/storyline}
[ -x "$STORYLINE" ] || { echo "dedup run: $STORYLINE not found; run 'make build' first" >&2; exit 1; }
cmake --build "$BUILD_DIR" --target dedup_harness >/dev/null
HARNESS="$BUILD_DIR/bench/dedup/dedup_harness"

if [ -n "${KEEP:-}" ]; then
  OUT=$KEEP
  mkdir -p "$OUT"
else
  OUT=$(mktemp -d)
  trap 'rm -rf "$OUT"' EXIT
fi

# GNU time gives peak memory; plain `time` otherwise.
measure() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "  %e s wall, %M KiB peak RSS" "$@"
  else
    time "$@"
  fi
}

echo "== generate (seed $SEED)"
measure "$HARNESS" generate --duc "$DUC" --ecb "$ECB" --thesaurus "$THESAURUS" --seed "$SEED" \
  -o "$OUT/corpus.jsonl" --labels "$OUT/labels.tsv" --overlaps "$OUT/overlaps.tsv"
echo "  corpus: $(wc -l <"$OUT/corpus.jsonl") documents, $(du -h "$OUT/corpus.jsonl" | cut -f1)"

echo "== storyline dedup"
measure "$STORYLINE" dedup "$OUT/corpus.jsonl" -o "$OUT/out.jsonl" -q

echo "== score (real copies among the sources, 5-gram containment >= 0.5, count as copies)"
"$HARNESS" score --labels "$OUT/labels.tsv" --dedup "$OUT/out.jsonl" --overlaps "$OUT/overlaps.tsv"
echo
echo "== score with every source its own gold group (real copies count as false copies)"
"$HARNESS" score --labels "$OUT/labels.tsv" --dedup "$OUT/out.jsonl" --examples 0 |
  grep -E '^(overall|ARI|different-outlet|cross-story)'
