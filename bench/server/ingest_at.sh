#!/usr/bin/env bash
# Ingest rate at a given index size: a copy of a preloaded database (run.sh phase b leaves one
# in $WORK/b.db with its snapshot) is restored by BINARY, then wrk PUTs pages the preload did not
# send for SECONDS at 32 connections. Prints pages/s (wrk), the documents before and after, the
# server's CPU time per page (utime + stime from /proc, so less sensitive to other load than the
# rate) and the share of it in user space. For A/B runs, interleave the binaries:
#
#   for r in 1 2 3; do for b in old new; do bench/server/ingest_at.sh /tmp/$b /tmp/pre100k 25; done; done
#
# Usage: bench/server/ingest_at.sh BINARY DB_DIR [SECONDS=25] [PORT=18190]
# Environment: PAGES (default /tmp/storyline-server-bench/pages.tsv), PUT_START (default
# 100000: the pages after a 100,000-document preload), SERVER_ARGS (extra `serve` options),
# METRICS_OUT (a file to write the server's /metrics to at the end).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bin="$(realpath "$1")"
src="$2"
seconds="${3:-25}"
port="${4:-18190}"
PAGES="${PAGES:-/tmp/storyline-server-bench/pages.tsv}"
PUT_START="${PUT_START:-100000}"
SERVER_ARGS="${SERVER_ARGS:-}"
[[ -f "$src/b.db" ]] || { echo "ingest_at.sh: no $src/b.db (run run.sh with PHASES=b first)" >&2; exit 1; }
[[ -f "$PAGES" ]] || { echo "ingest_at.sh: no pages file $PAGES" >&2; exit 1; }

work="$(mktemp -d /tmp/ingest-at.XXXXXX)"
cp "$src/b.db" "$work/"
cp "$src"/b.db.snapshot* "$work/" 2> /dev/null || true
# shellcheck disable=SC2086
"$bin" serve --db "$work/b.db" --port "$port" $SERVER_ARGS 2> "$work/server.log" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz")" == 200 ]]; do
  kill -0 "$pid" 2> /dev/null || { echo "ingest_at.sh: the server died (see its log below)" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
documents() { curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "storyline_documents" {print $2 + 0}'; }
cpu() { awk '{print $14 + $15, $14}' "/proc/$pid/stat"; }  # clock ticks: total, user
docs0="$(documents)"
read -r cpu0 user0 < <(cpu)
rps="$(PUT_PAGES="$PAGES" PUT_THREADS=2 PUT_TAG="at$$" PUT_START="$PUT_START" \
  wrk -t2 -c32 -d"${seconds}s" -s "$here/put.lua" "http://127.0.0.1:$port" | awk '/Requests\/sec/ {print $2}')"
read -r cpu1 user1 < <(cpu)
docs1="$(documents)"
[[ -z "${METRICS_OUT:-}" ]] || curl -s "http://127.0.0.1:$port/metrics" > "$METRICS_OUT"
hz="$(getconf CLK_TCK)"
awk -v rps="$rps" -v d0="$docs0" -v d1="$docs1" -v c="$((cpu1 - cpu0))" -v u="$((user1 - user0))" \
  -v hz="$hz" -v load="$(cut -d' ' -f1 /proc/loadavg)" -v bin="$1" 'BEGIN {
    printf "%s: %.1f pages/s, documents %d -> %d, %.3f ms CPU per page (%.0f%% user), load %s\n",
      bin, rps, d0, d1, (d1 > d0 ? c * 1000 / hz / (d1 - d0) : 0), (c > 0 ? 100 * u / c : 0), load }'
