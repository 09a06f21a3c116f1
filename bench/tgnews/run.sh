#!/usr/bin/env bash
# Times the Telegram contest modes on contest-style pages made from real articles:
# `tgnews languages|threads|top DIR`, the median wall time of 5 runs each (after one warm-up run
# that also fills the page cache), with user+sys CPU time and peak memory of the median run;
# then `storyline run` on the same pages, which also builds the story views.
#
# Usage: bench/tgnews/run.sh [BUILD_DIR] [PAGES]   (defaults: build, 1000)
# Needs ../shared/data (ECB+ and DUC 2004; skipped with a message when absent) and python3.
# The pages are written to a temporary directory, removed at the end.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
pages="${2:-1000}"
runs=5
tgnews="$build/src/cli/tgnews"
data="$root/../shared/data"

if [[ ! -d "$data/clustering" && ! -d "$data/summaries" ]]; then
  echo "bench/tgnews: skipped: $data (ECB+, DUC 2004) is absent" >&2
  exit 0
fi
if [[ ! -x "$tgnews" ]]; then
  echo "bench/tgnews: $tgnews not found; build first (make build)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/tgnews/make_pages.py" --count "$pages" --data "$data" "$work/pages"
echo "pages: $(find "$work/pages" -name '*.html' | wc -l) files, $(du -sh "$work/pages" | cut -f1)," \
  "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# Median of $runs runs of a command (after a warm-up run), stdout to $work/$label.out.
time_median() {
  local label="$1"
  shift
  "$@" > "$work/$label.out" 2> /dev/null || true  # warm-up
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/$label.out" 2> /dev/null || true
    cat "$work/time"
  done | sort -n | awk -v label="$label" -v runs="$runs" '
    { wall[NR] = $1; line[NR] = $0 }
    END {
      split(line[int((runs + 1) / 2)], m, " ")
      printf "%-22s median %.2f s wall (min %.2f, max %.2f), %.2f s CPU, %d MiB peak\n",
             label, m[1], wall[1], wall[runs], m[2] + m[3], m[4] / 1024
    }'
}

for mode in languages threads top; do
  time_median "tgnews $mode" "$tgnews" "$mode" "$work/pages"
  cp "$work/tgnews $mode.out" "$work/$mode.json"
done
# For comparison: the whole pipeline with the story views, stories.json and report.html.
time_median "storyline run -q -o" "$build/src/cli/storyline" run -q -o "$work/run" "$work/pages"
python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
languages = json.load(open(work + "/languages.json"))
threads = json.load(open(work + "/threads.json"))
top = json.load(open(work + "/top.json"))
articles = sum(len(t["articles"]) for t in threads)
print("output: %s; %d threads holding %d articles (largest %d); top: %d threads"
      % (", ".join("%s %d" % (l["lang_code"], len(l["articles"])) for l in languages),
         len(threads), articles, max((len(t["articles"]) for t in threads), default=0),
         len(top[0]["threads"])))
EOF
