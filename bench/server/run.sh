#!/usr/bin/env bash
# Load test of `storyline serve` (wrk + the scripts of bench/server): ingest rate with
# durability on, GET latency with 100,000 live documents under concurrent ingest, restart time
# after SIGTERM and after kill -9, resident memory over time, and the kill -9 fault test.
#
# Usage: bench/server/run.sh [STORYLINE_BINARY]     (default $STORYLINE, else build/src/cli/storyline)
# It builds nothing. Every setting is an environment variable (defaults below); for example
#   PUT_SECONDS=30 PUT_REPEATS=3 PRELOAD=100000 bench/server/run.sh build-helper4/src/cli/storyline
#
# Phases (each on the server's default options plus $SERVER_ARGS):
#   pages  $PAGES, made when missing: story_stream ($STORY_STREAM, next to the binary's build)
#          writes $PAGE_COUNT documents from ../shared/data, make_pages.py turns them into pages.
#   a      ingest: PUT_REPEATS x (wrk PUT for PUT_SECONDS at each of PUT_CONNS connections), each
#          run on a fresh server and database; documents/s by wrk and by storyline_puts_total
#          (between 3 s after the start and 2 s before the end); one run on the contest route.
#          PERF=1 adds a run with `perf record` on the server (20 s, DWARF call graphs), and
#          profiles in (b) too: 15 s of the preload from 80% on, and one more GET run.
#   b      a fresh server preloaded to PRELOAD documents with wrk (PRELOAD_CONNS connections),
#          then GET_REPEATS x (wrk --latency, GET_CONNS connections, GET_SECONDS, each connection
#          pausing GET_DELAY_MS before each request: 0 = as fast as answered, saturation) on
#          /api/stories?limit=50 and /threads?period=86400&lang_code=en while a second wrk
#          PUTs (INGEST_CONNS connections, each pausing INGEST_DELAY_MS between requests), and
#          once each without ingest; the server's histograms of the same interval too.
#   c      on that server (PHASES=c alone: on $WORK/b.db of an earlier run, when there is one):
#          RESTART_REPEATS x (SIGTERM, restart) and RESTART_REPEATS x (PUT for
#          KILL_INGEST_SECONDS, kill -9, restart): seconds from the process start until
#          /healthz answers 200; FULL_REINDEX=1 adds a kill -9 restart without the snapshot.
#   d      the server's VmRSS and CPU time every second into $WORK/rss.csv, throughout.
#   e      bench/server/kill9.py, KILL9_ROUNDS rounds.
# Everything goes to $WORK (default /tmp/storyline-server-bench): logs, wrk outputs, /metrics
# dumps, results.txt (one line per measurement) and the summary printed at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$(realpath "${1:-${STORYLINE:-$root/build/src/cli/storyline}}")"
build="$(dirname "$(dirname "$(dirname "$bin")")")"
STORY_STREAM="${STORY_STREAM:-$build/bench/stories/story_stream}"
DATA="${DATA:-$root/../shared/data}"
WORK="${WORK:-/tmp/storyline-server-bench}"
PAGES="${PAGES:-$WORK/pages.tsv}"
PAGE_COUNT="${PAGE_COUNT:-150000}"
PORT="${PORT:-18080}"
SERVER_ARGS="${SERVER_ARGS:-}"
WRK_THREADS="${WRK_THREADS:-2}"
PUT_SECONDS="${PUT_SECONDS:-30}"
PUT_CONNS="${PUT_CONNS:-8 32}"
PUT_REPEATS="${PUT_REPEATS:-3}"
PERF="${PERF:-0}"
PRELOAD="${PRELOAD:-100000}"
PRELOAD_CONNS="${PRELOAD_CONNS:-32}"
GET_SECONDS="${GET_SECONDS:-30}"
GET_CONNS="${GET_CONNS:-4}"
GET_REPEATS="${GET_REPEATS:-3}"
GET_DELAY_MS="${GET_DELAY_MS:-0}"
INGEST_CONNS="${INGEST_CONNS:-2}"
INGEST_DELAY_MS="${INGEST_DELAY_MS:-10}"
RESTART_REPEATS="${RESTART_REPEATS:-3}"
KILL_INGEST_SECONDS="${KILL_INGEST_SECONDS:-10}"
FULL_REINDEX="${FULL_REINDEX:-1}"
KILL9_ROUNDS="${KILL9_ROUNDS:-3}"
PHASES="${PHASES:-a b c e}"

url="http://127.0.0.1:$PORT"
results="$WORK/results.txt"
run_id="$(date +%s)"  # in the ids of the pages PUT to a database an earlier run may have filled
server_pid=""
sampler_pid=""
mkdir -p "$WORK"
: > "$results"
[[ -x "$bin" ]] || { echo "run.sh: $bin not found; build it first" >&2; exit 1; }
command -v wrk > /dev/null || { echo "run.sh: wrk not found (apt-get install wrk)" >&2; exit 1; }

log() { echo "[$(date +%T)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' /; }
now() { date +%s.%N; }
# record SECTION NAME key=value...: one measurement, with the machine's load at the time.
record() { echo "$1 | $2 | ${*:3} load=$(load)" | tee -a "$results" >&2; }
metrics() { curl -sf --max-time 10 "$url/metrics" > "$1"; }
# A metric's value in a /metrics dump (as stats.py reads it; awk, since the preload reads three
# each second and a Python start costs more CPU than the server spends on a page).
gauge() { awk -v n="$2" '$1 == n {v = $2} END {if (v == "") print "nan"; else printf "%.1f\n", v + 0}' "$1"; }
phase() { echo "$1" > "$WORK/phase"; }


# (d) VmRSS and CPU seconds (utime + stime) of the server every second, with the busy CPU
# seconds of the whole machine (all cores: the server, wrk and anything else running); the
# server's documents every 5 s.
sample_rss() {
  local tick=0 hz pid docs rss cpu busy
  hz="$(getconf CLK_TCK)"
  echo "time,phase,pid,rss_kib,cpu_s,machine_busy_s,documents" > "$WORK/rss.csv"
  while true; do
    pid="$(cat "$WORK/server.pid" 2> /dev/null || true)"
    rss="" cpu="" docs=""
    if [[ -n "$pid" && -r "/proc/$pid/status" ]]; then
      rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2> /dev/null || true)"
      cpu="$(awk -v hz="$hz" '{print ($14 + $15) / hz}' "/proc/$pid/stat" 2> /dev/null || true)"
      if (( tick % 5 == 0 )); then
        docs="$(curl -sf --max-time 2 "$url/metrics" | awk '$1 == "storyline_documents" {print $2}' || true)"
      fi
    fi
    busy="$(awk -v hz="$hz" '/^cpu / {print ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat)"
    echo "$(date +%s.%N),$(cat "$WORK/phase"),$pid,$rss,$cpu,$busy,$docs" >> "$WORK/rss.csv"
    tick=$((tick + 1))
    sleep 1
  done
}

# start_server DB: starts a server on DB; sets server_pid and ready_s (process start to the
# first 200 of /healthz). A server that dies while starting is recorded (with its exit status:
# 139 is a segmentation fault) and started again, up to 3 times; then it returns 1.
start_server() {
  local t0 code attempt status
  for attempt in 1 2 3; do
    t0="$(now)"
    # shellcheck disable=SC2086
    "$bin" serve --db "$1" --port "$PORT" $SERVER_ARGS 2>> "$WORK/server.log" &
    server_pid=$!
    echo "$server_pid" > "$WORK/server.pid"
    while true; do
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url/healthz" || true)"
      if [[ "$code" == 200 ]]; then
        ready_s="$(echo "$(now) - $t0" | bc)"
        return 0
      fi
      if ! kill -0 "$server_pid" 2> /dev/null; then
        status=0
        wait "$server_pid" || status=$?
        echo "run.sh: the server died while starting (exit status $status, see $WORK/server.log)" >&2
        echo "storyline: (run.sh) the server died while starting, exit status $status" >> "$WORK/server.log"
        record "!" "server died while starting" "db=$1 phase=$(cat "$WORK/phase") exit_status=$status attempt=$attempt"
        break
      fi
      sleep 0.01
    done
  done
  echo "run.sh: the server does not start" >&2
  server_pid=""
  return 1
}

stop_server() {  # SIGTERM; sets stop_s (signal to exit)
  local t0
  [[ -n "$server_pid" ]] || return 0
  t0="$(now)"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  stop_s="$(echo "$(now) - $t0" | bc)"
  server_pid=""
}

kill9_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -KILL "$server_pid"
  wait "$server_pid" 2> /dev/null || true
  server_pid=""
}

fresh_db() { rm -f "$WORK/$1".db*; echo "$WORK/$1.db"; }
ready_line() { grep 'storyline: ready:' "$WORK/server.log" | tail -1 | sed 's/^storyline: //'; }
puts_done() {  # PUTs answered so far (stored or rejected): where the next run's pages start
  local m="$WORK/m.tmp"
  metrics "$m"
  echo $(( $(gauge "$m" storyline_puts_total | cut -d. -f1) + $(gauge "$m" storyline_rejected_total | cut -d. -f1) ))
}

# put_wrk OUT CONNS SECONDS TAG [ROUTE]: wrk PUT run; sets put_rate_metrics (storyline_puts_total
# per second between 3 s after the start and 2 s before the end).
put_wrk() {
  local out="$1" conns="$2" secs="$3" tag="$4" route="${5:-api}" wrk_pid p0 p1 t0 t1
  (( secs >= 6 )) || { echo "run.sh: a PUT run needs >= 6 s (3 s in, 2 s out), not $secs" >&2; exit 1; }
  PUT_PAGES="$PAGES" PUT_THREADS="$WRK_THREADS" PUT_TAG="$tag" PUT_ROUTE="$route" \
    PUT_START="${PUT_START:-0}" \
    wrk -t"$WRK_THREADS" -c"$conns" -d"${secs}s" --latency --timeout 30s -s "$here/put.lua" \
    "$url" > "$out" 2>&1 &
  wrk_pid=$!
  sleep 3
  metrics "$WORK/m0.tmp"; t0="$(now)"
  sleep $((secs - 5))
  metrics "$WORK/m1.tmp"; t1="$(now)"
  wait "$wrk_pid"
  p0="$(gauge "$WORK/m0.tmp" storyline_puts_total)"
  p1="$(gauge "$WORK/m1.tmp" storyline_puts_total)"
  put_rate_metrics="$(echo "scale=1; ($p1 - $p0) / ($t1 - $t0)" | bc)"
}

# perf_start NAME SECONDS: profiles the server in the background (PERF=1 only).
perf_pid=""
perf_start() {
  [[ "$PERF" == 1 ]] && command -v perf > /dev/null || return 0
  perf record -F 199 --call-graph dwarf,8192 -o "$WORK/perf-$1.data" -p "$server_pid" -- sleep "$2" \
    2> "$WORK/perf-$1.log" &
  perf_pid=$!
}
# perf_finish NAME: waits for the profile, writes self time by function, inclusive time by
# function and time by thread (the writer and the story-list refresher are the first two
# threads the server starts) into $WORK/perf-NAME-{self,children,threads}.txt.
perf_finish() {
  [[ -n "$perf_pid" ]] || return 0
  wait "$perf_pid" || true
  perf_pid=""
  local view
  for view in "self --no-children --sort dso,symbol --percent-limit 0.7" \
              "children --children --sort symbol --percent-limit 3" \
              "threads --no-children --sort pid --percent-limit 1"; do
    # shellcheck disable=SC2086
    perf report -i "$WORK/perf-$1.data" --stdio ${view#* } -g none 2> /dev/null \
      | grep -v '^#' | grep -v '^$' | sed 's/  \+/ /g' | cut -c1-200 > "$WORK/perf-$1-${view%% *}.txt" || true
  done
  log "perf: $WORK/perf-$1-{self,children,threads}.txt"
}

# At exit (also after a failure): stop the server and the sampler, then the summary.
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null || true; fi
  phase "end"
  [[ -n "$sampler_pid" ]] || return 0
  sleep 1
  kill "$sampler_pid" 2> /dev/null || true
  record d "rss" "$(python3 "$here/stats.py" rss "$WORK/rss.csv")" || true
  # The median over the runs of each measurement.
python3 - "$results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    section, name, fields = [s.strip() for s in line.split(" | ", 2)]
    if name != "preload progress":
        rows.setdefault((section, name), []).append(fields)
keys = ["rps", "metrics_rate", "rate", "p50", "p90", "p99", "max", "server_p50", "server_p90",
        "server_p99", "put_p50", "put_p99", "ingest_rps", "documents", "seconds", "stop_s",
        "ready_s", "restore_s", "put_before_kill", "non2xx", "socket_errors"]
print("\nsummary: medians over n runs (latency ms, rates per second, times s; load = 1-min load"
      " average at each run)")
for (section, name), runs in rows.items():
    if section in ("d", "e", "!"):
        print("%s  %-30s %s" % (section, name, runs[-1]))
        continue
    values = [dict(kv.split("=", 1) for kv in r.split() if "=" in kv) for r in runs]
    parts = []
    for k in keys:
        try:
            nums = [float(v[k]) for v in values if k in v]
        except ValueError:
            continue
        if nums:
            med = statistics.median(nums)
            parts.append("%s %s" % (k, ("%.0f" if abs(med) >= 100 else "%.2f") % med))
    loads = ",".join(v.get("load", "?").split("/")[0] for v in values)
    print("%s  %-30s n=%d  %s; load %s" % (section, name, len(runs), "; ".join(parts), loads))
EOF
}
trap cleanup EXIT

echo "none" > "$WORK/phase"
: > "$WORK/server.log"
log "binary $bin; work $WORK; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(load)"

# --- pages -----------------------------------------------------------------------------------
if [[ ! -s "$PAGES" ]]; then
  [[ -x "$STORY_STREAM" ]] || { echo "run.sh: $STORY_STREAM not found (build the story_stream target)" >&2; exit 1; }
  [[ -d "$DATA/summaries" ]] || { echo "run.sh: $DATA not found (ECB+, DUC 2004)" >&2; exit 1; }
  log "pages: $PAGE_COUNT documents from story_stream"
  "$STORY_STREAM" --duc "$DATA/summaries/duc2004/docs" --ecb "$DATA/clustering/ecbplus_docs.jsonl" \
    --thesaurus /usr/share/mythes/th_en_US_v2.dat --documents "$PAGE_COUNT" -o "$WORK/stream.jsonl"
  python3 "$here/make_pages.py" "$WORK/stream.jsonl" "$PAGES"
  rm -f "$WORK/stream.jsonl"
fi
log "pages: $(wc -l < "$PAGES") in $PAGES ($(du -h "$PAGES" | cut -f1))"

sample_rss &
sampler_pid=$!

# --- (a) ingest ------------------------------------------------------------------------------
if [[ " $PHASES " == *" a "* ]]; then
  for ((rep = 1; rep <= PUT_REPEATS; rep++)); do
    for c in $PUT_CONNS; do
      phase "a-put-c$c"
      start_server "$(fresh_db a)" || exit 1
      put_wrk "$WORK/a-put-c$c-$rep.wrk" "$c" "$PUT_SECONDS" "a$c-$rep"
      metrics "$WORK/a-put-c$c-$rep.metrics"
      record a "put c=$c" "$(python3 "$here/stats.py" wrk "$WORK/a-put-c$c-$rep.wrk")" \
        "metrics_rate=$put_rate_metrics" \
        "documents=$(gauge "$WORK/a-put-c$c-$rep.metrics" storyline_documents)" \
        "commits=$(gauge "$WORK/a-put-c$c-$rep.metrics" storyline_commits_total)" \
        "$(grep 'put.lua:' "$WORK/a-put-c$c-$rep.wrk" | head -1 | tr ' ' _)"
      stop_server
    done
  done
  c="${PUT_CONNS##* }"
  phase "a-tgnews-c$c"
  start_server "$(fresh_db a)" || exit 1
  put_wrk "$WORK/a-tgnews-c$c.wrk" "$c" "$PUT_SECONDS" "t$c" tgnews
  metrics "$WORK/a-tgnews.metrics"
  record a "tgnews put c=$c" "$(python3 "$here/stats.py" wrk "$WORK/a-tgnews-c$c.wrk")" \
    "metrics_rate=$put_rate_metrics" "$(grep 'put.lua:' "$WORK/a-tgnews-c$c.wrk" | head -1 | tr ' ' _)"
  stop_server
  if [[ "$PERF" == 1 ]]; then
    phase "a-perf-c$c"
    start_server "$(fresh_db a)" || exit 1
    PUT_PAGES="$PAGES" PUT_THREADS="$WRK_THREADS" PUT_TAG="p$c" \
      wrk -t"$WRK_THREADS" -c"$c" -d30s -s "$here/put.lua" "$url" > "$WORK/a-perf.wrk" 2>&1 &
    wrk_pid=$!
    sleep 5
    perf_start a-ingest 20
    wait "$wrk_pid"
    perf_finish a-ingest
    stop_server
  fi
fi

# --- (b) 100,000 documents, GET latency under ingest ------------------------------------------
if [[ " $PHASES " != *" b "* && " $PHASES " == *" c "* && -s "$WORK/b.db" ]]; then
  # (c) alone on the database an earlier run preloaded (PHASES=c, same WORK).
  phase "c-start"
  start_server "$WORK/b.db" || exit 1
  record c "start on the existing database" "ready_s=$ready_s line=$(ready_line | tr ' ' _)"
elif [[ " $PHASES " == *" b "* || " $PHASES " == *" c "* ]]; then
  phase "b-preload"
  start_server "$(fresh_db b)" || exit 1
  PUT_PAGES="$PAGES" PUT_THREADS="$WRK_THREADS" PUT_TAG=pre PUT_COUNT="$PRELOAD" \
    wrk -t"$WRK_THREADS" -c"$PRELOAD_CONNS" -d3600s --latency --timeout 60s -s "$here/put.lua" \
    "$url" > "$WORK/b-preload.wrk" 2>&1 &
  wrk_pid=$!
  t0="$(now)"
  next_report=10000
  profiled=0
  last_answered=-1
  stalled=0
  while true; do
    sleep 1
    metrics "$WORK/m.tmp" || continue
    docs="$(gauge "$WORK/m.tmp" storyline_documents | cut -d. -f1)"
    answered=$(( $(gauge "$WORK/m.tmp" storyline_puts_total | cut -d. -f1) + $(gauge "$WORK/m.tmp" storyline_rejected_total | cut -d. -f1) ))
    if (( docs >= next_report )); then
      record b "preload progress" "documents=$docs seconds=$(echo "$(now) - $t0" | bc)" \
        "list_build_ms=$(gauge "$WORK/m.tmp" storyline_story_list_build_milliseconds)" \
        "rss_mib=$(( $(awk '/^VmRSS/ {print $2}' /proc/$server_pid/status) / 1024 ))"
      next_report=$((next_report + 10000))
    fi
    if (( profiled == 0 && docs >= PRELOAD * 8 / 10 )); then
      perf_start b-preload 15
      profiled=1
    fi
    (( answered >= PRELOAD )) && break
    if (( answered == last_answered )); then
      stalled=$((stalled + 1))
      (( stalled >= 10 )) && { echo "run.sh: the preload stalled at $answered" >&2; break; }
    else
      stalled=0
    fi
    last_answered=$answered
  done
  preload_s="$(echo "$(now) - $t0" | bc)"
  kill -INT "$wrk_pid"; wait "$wrk_pid" || true
  perf_finish b-preload
  metrics "$WORK/b-preload.metrics"
  docs="$(gauge "$WORK/b-preload.metrics" storyline_documents | cut -d. -f1)"
  record b "preload" "documents=$docs seconds=$preload_s rate=$(echo "scale=1; $docs / $preload_s" | bc)" \
    "$(python3 "$here/stats.py" wrk "$WORK/b-preload.wrk")" \
    "$(grep 'put.lua:' "$WORK/b-preload.wrk" | head -1 | tr ' ' _)" \
    "stories=$(gauge "$WORK/b-preload.metrics" storyline_stories)" \
    "list_build_ms=$(gauge "$WORK/b-preload.metrics" storyline_story_list_build_milliseconds)" \
    "dedup_mib=$(echo "$(gauge "$WORK/b-preload.metrics" storyline_dedup_index_bytes) / 1048576" | bc)" \
    "story_mib=$(echo "$(gauge "$WORK/b-preload.metrics" storyline_story_index_bytes) / 1048576" | bc)" \
    "db_mib=$(( $(du -cb "$WORK"/b.db* | tail -1 | cut -f1) / 1048576 ))"

  declare -A routes=([stories]="/api/stories?limit=50" [threads]="/threads?period=86400&lang_code=en")
  declare -A metric_route=([stories]=list_stories [threads]=threads)
  # get_run ROUTE REP INGEST(0/1) [PROFILE]: one GET wrk run, with a PUT wrk beside it.
  get_run() {
    local r="$1" rep="$2" ingest="$3" name="b-get-$1-$2" ingest_pid="" server put_server extra=""
    if (( ingest )); then
      phase "b-get-$r-ingest"
      PUT_START="$(puts_done)" PUT_PAGES="$PAGES" PUT_THREADS=1 PUT_TAG="ing$r$rep-$run_id" \
        PUT_DELAY_MS="$INGEST_DELAY_MS" \
        wrk -t1 -c"$INGEST_CONNS" -d"$((GET_SECONDS + 4))s" --latency -s "$here/put.lua" "$url" \
        > "$WORK/$name.ingest.wrk" 2>&1 &
      ingest_pid=$!
      sleep 3  # the ingest wrk reads its way to PUT_START first
    else
      phase "b-get-$r-idle"
    fi
    metrics "$WORK/$name.before"
    [[ -n "${4:-}" ]] && perf_start "$4" "$((GET_SECONDS - 2))"
    GET_DELAY_MS="$GET_DELAY_MS" wrk -t1 -c"$GET_CONNS" -d"${GET_SECONDS}s" --latency \
      -s "$here/get.lua" "$url${routes[$r]}" > "$WORK/$name.wrk" 2>&1
    metrics "$WORK/$name.after"
    [[ -n "${4:-}" ]] && perf_finish "$4"
    server="$(python3 "$here/stats.py" histogram "$WORK/$name.before" "$WORK/$name.after" \
      "${metric_route[$r]}" | sed 's/\([a-z0-9]*\)=/server_\1=/g')"
    put_server="$(python3 "$here/stats.py" histogram "$WORK/$name.before" "$WORK/$name.after" \
      put_document | sed 's/\([a-z0-9]*\)=/put_\1=/g')"
    if [[ -n "$ingest_pid" ]]; then
      wait "$ingest_pid" || true
      extra="ingest_rps=$(python3 "$here/stats.py" wrk "$WORK/$name.ingest.wrk" | sed 's/.*rps=\([0-9.]*\).*/\1/')"
    fi
    record b "get $r $( ((ingest)) && echo ingest || echo idle)${4:+ (perf)}" \
      "$(python3 "$here/stats.py" wrk "$WORK/$name.wrk")" "$server" "$put_server" $extra \
      "documents=$(gauge "$WORK/$name.after" storyline_documents)" \
      "list_build_ms=$(gauge "$WORK/$name.after" storyline_story_list_build_milliseconds)"
  }
  for r in stories threads; do get_run "$r" 0 0; done
  for ((rep = 1; rep <= GET_REPEATS; rep++)); do
    for r in stories threads; do get_run "$r" "$rep" 1; done
  done
  if [[ "$PERF" == 1 ]]; then get_run threads perf 1 b-get; fi
fi

# --- (c) restarts ---------------------------------------------------------------------------
# record_restart NAME FIELDS: records a restart with the restored server's documents, restore
# time and ready line.
record_restart() {
  metrics "$WORK/m.tmp"
  record c "$1" "$2" "documents=$(gauge "$WORK/m.tmp" storyline_documents)" \
    "restore_s=$(gauge "$WORK/m.tmp" storyline_restore_seconds)" "line=$(ready_line | tr ' ' _)"
}
if [[ " $PHASES " == *" c "* ]]; then
  db="$WORK/b.db"
  for ((rep = 1; rep <= RESTART_REPEATS; rep++)); do
    phase "c-sigterm"
    stop_server
    start_server "$db" || break
    record_restart "sigterm restart" "stop_s=$stop_s ready_s=$ready_s"
  done
  for ((rep = 1; rep <= RESTART_REPEATS; rep++)); do
    phase "c-kill9"
    [[ -n "$server_pid" ]] || start_server "$db" || break
    before="$(puts_done)"
    PUT_START="$before" put_wrk "$WORK/c-ingest-$rep.wrk" "$PRELOAD_CONNS" "$KILL_INGEST_SECONDS" "kill$rep-$run_id"
    added=$(( $(puts_done) - before ))
    kill9_server
    start_server "$db" || break
    record_restart "kill9 restart" "ready_s=$ready_s put_before_kill=$added"
  done
  # A clean restart after the kill -9 ones: does it still replay what they replayed?
  phase "c-sigterm-after-kill9"
  stop_server
  if start_server "$db"; then
    record_restart "sigterm restart after kill9s" "stop_s=$stop_s ready_s=$ready_s"
  fi
  if [[ "$FULL_REINDEX" == 1 ]]; then
    phase "c-kill9-nosnapshot"
    kill9_server
    mkdir -p "$WORK/snapshot.keep"
    rm -f "$WORK"/snapshot.keep/*
    mv "$db".snapshot.* "$WORK/snapshot.keep/" 2> /dev/null || true
    start_server "$db" || { record c "kill9 restart, no snapshot" "failed=server_does_not_start"; }
  fi
  if [[ -n "$server_pid" && "$FULL_REINDEX" == 1 ]]; then
    record_restart "kill9 restart, no snapshot" "ready_s=$ready_s"
  fi
fi
if [[ -n "$server_pid" ]]; then stop_server; fi

# --- (e) kill -9 fault test -----------------------------------------------------------------
if [[ " $PHASES " == *" e "* ]]; then
  phase "e-kill9"
  python3 "$here/kill9.py" --binary "$bin" --pages "$PAGES" --work "$WORK/kill9" \
    --port "$((PORT + 1))" --rounds "$KILL9_ROUNDS" 2>&1 | tee "$WORK/kill9.txt" >&2 || true
  record e "kill9.py" "$(tail -1 "$WORK/kill9.txt" | tr ' ' _)"
fi

echo "run.sh: done; $results has every measurement" >&2
