#!/usr/bin/env bash
# Measures how fast report.html opens in headless Chromium (Debian `chromium`).
#
#   bench/report/render.sh REPORT.html [RUNS]     (default RUNS 5)
#
# Prints, as medians of RUNS runs, the page's own measures (body data-*-ms attributes):
#   ready_ms   from the start of navigation (reading the file, parsing the HTML and the
#              embedded data) to the first page of stories drawn: how long the report takes to
#              open, browser start-up excluded;
#   render_ms  the part of that spent in the page's script (JSON.parse and drawing);
#   loaded_ms  from the start of navigation until the whole file is read (DOMContentLoaded):
#              the rest of the stories can be scrolled to from then on;
# and the size of the file and the number of stories drawn at first.
set -euo pipefail
REPORT=${1:?usage: render.sh REPORT.html [RUNS]}
RUNS=${2:-5}
CHROMIUM=${STORYLINE_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || { echo "render: Chromium not found (scripts/install-deps installs it)" >&2; exit 1; }
[ -f "$REPORT" ] || { echo "render: $REPORT not found" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
URL="file://$(realpath "$REPORT")"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$WORK/render"
: >"$WORK/ready"
: >"$WORK/loaded"
for _ in $(seq "$RUNS"); do
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$WORK/profile" --dump-dom "$URL" >"$WORK/dom" 2>/dev/null
  grep -o 'data-render-ms="[0-9.]*"' "$WORK/dom" | grep -o '[0-9.]*' >>"$WORK/render" ||
    { echo "render: the page did not draw (no data-render-ms)" >&2; exit 1; }
  grep -o 'data-ready-ms="[0-9.]*"' "$WORK/dom" | grep -o '[0-9.]*' >>"$WORK/ready"
  grep -o 'data-loaded-ms="[0-9.]*"' "$WORK/dom" | grep -o '[0-9.]*' >>"$WORK/loaded"
done
stories=$({ grep -o '<article class="story"' "$WORK/dom" || true; } | wc -l)
printf 'ready_ms %s\nrender_ms %s\nloaded_ms %s\nbytes %s\nstories_drawn %s\n' \
  "$(median <"$WORK/ready")" "$(median <"$WORK/render")" "$(median <"$WORK/loaded")" \
  "$(stat -c %s "$REPORT")" "$stories"
