#!/usr/bin/env bash
# Measures `storyline run` end to end on the evaluation data in ../shared/data: wall time and
# peak memory (median of RUNS runs, GNU time), documents per second, and, where gold labels
# exist, `storyline eval cluster`. The figures go into docs/BENCHMARKS.md.
#
#   bench/run_eval.sh [RUNS]        (default 5; needs a built build/src/cli/storyline)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BIN=${STORYLINE:-build/src/cli/storyline}
DATA=${DATA:-../shared/data}
[ -x "$BIN" ] || { echo "run_eval: $BIN not found; run 'make' first" >&2; exit 1; }
[ -d "$DATA" ] || { echo "run_eval: skipped: evaluation data not found at $DATA" >&2; exit 0; }
[ -x /usr/bin/time ] || { echo "run_eval: needs GNU time (apt-get install time)" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure NAME INPUT [GOLD FIELD]
measure() {
  local name=$1 input=$2 gold=${3:-} field=${4:-}
  : >"$OUT/times"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$OUT/t" "$BIN" run "$input" -o "$OUT/$name" -q 2>/dev/null
    cat "$OUT/t" >>"$OUT/times"
  done
  local secs kib docs
  secs=$(cut -d' ' -f1 "$OUT/times" | median)
  kib=$(cut -d' ' -f2 "$OUT/times" | median)
  docs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['stats']['documents'])" \
    "$OUT/$name/stories.json")
  printf '%-8s %6s docs  wall %6.2f s (median of %s)  %8.0f docs/s  peak RSS %5.0f MiB\n' \
    "$name" "$docs" "$secs" "$RUNS" "$(echo "$docs / $secs" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
  if [ -n "$gold" ]; then
    "$BIN" eval cluster --gold "$gold" --field "$field" --pred "$OUT/$name/stories.json" | sed 's/^/         /'
  fi
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
measure seeds "$DATA/seeds"
measure ecbplus "$DATA/clustering/ecbplus_docs.jsonl" "$DATA/clustering/ecbplus_docs.jsonl" subtopic_event_cluster
measure uci "$DATA/clustering/uci-news-headlines.csv" "$DATA/clustering/uci-news-headlines.csv" STORY
