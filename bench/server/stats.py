#!/usr/bin/env python3
"""Small readers for bench/server/run.sh: wrk output, /metrics dumps and the RSS samples.

  stats.py wrk FILE                  requests/s, latency p50/p90/p99 (ms), non-2xx, socket errors
  stats.py gauge METRICS NAME        one value of a /metrics dump
  stats.py histogram BEFORE AFTER ROUTE
                                     the requests of ROUTE between two /metrics dumps: count,
                                     mean and p50/p90/p99 in ms (linear within a bucket, as
                                     Prometheus' histogram_quantile; '>5000' past the last bound)
  stats.py rss CSV                   per phase: samples, first/last/peak RSS (MiB), CPU % of the
                                     server and of the whole machine (200% = both cores busy)
Every command prints one line of `key=value` pairs.
"""

import csv
import re
import sys

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNIT_MS[m.group(2)] if m else float("nan")


def wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", text)
    out["requests"] = int(m.group(1)) if m else 0
    out["seconds"] = round(ms(m.group(2)) / 1000, 2) if m else 0
    for p in ("50", "90", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+\w+)" % p, text, re.M)
        out["p" + p] = round(ms(m.group(1)), 2) if m else float("nan")
    m = re.search(r"Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)", text)
    out["mean"] = round(ms(m.group(1)), 2) if m else float("nan")
    out["max"] = round(ms(m.group(3)), 2) if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    return out


def parse_metrics(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, value = line.rsplit(" ", 1)
        values[name] = float(value)
    return values


def gauge(path, name):
    return {name: parse_metrics(path).get(name, float("nan"))}


def histogram(before_path, after_path, route):
    before, after = parse_metrics(before_path), parse_metrics(after_path)
    prefix = 'storyline_http_request_duration_seconds_bucket{route="%s",le="' % route
    bounds = []
    for key in after:
        if key.startswith(prefix):
            le = key[len(prefix):-2]
            bound = float("inf") if le == "+Inf" else float(le) * 1000
            bounds.append((bound, after[key] - before.get(key, 0)))
    bounds.sort()
    count_key = 'storyline_http_request_duration_seconds_count{route="%s"}' % route
    sum_key = 'storyline_http_request_duration_seconds_sum{route="%s"}' % route
    count = after.get(count_key, 0) - before.get(count_key, 0)
    total = after.get(sum_key, 0) - before.get(sum_key, 0)
    out = {"count": int(count), "mean": round(total / count * 1000, 2) if count else float("nan")}
    for q in (0.5, 0.9, 0.99):
        rank, lower, below, value = q * count, 0.0, 0.0, float("nan")
        for bound, cumulative in bounds:
            if cumulative >= rank and count:
                if bound == float("inf"):
                    value = ">%g" % lower
                else:
                    share = (rank - below) / (cumulative - below) if cumulative > below else 1
                    value = round(lower + (bound - lower) * share, 2)
                break
            lower, below = bound, cumulative
        out["p%d" % round(q * 100)] = value
    return out


def rss(path):
    phases = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["rss_kib"]:
                continue
            p = phases.setdefault(row["phase"], {"n": 0, "first": None, "last": 0, "peak": 0,
                                                 "t0": None, "t1": 0, "cpu0": None, "cpu1": 0,
                                                 "busy": 0.0, "span": 0.0})
            kib, t, cpu = int(row["rss_kib"]), float(row["time"]), float(row["cpu_s"] or 0)
            busy = float(row["machine_busy_s"])
            if p["n"]:
                p["busy"] += busy - p["busy_last"]
                p["span"] += t - p["t_last"]
            p["busy_last"], p["t_last"] = busy, t
            p["n"] += 1
            p["first"] = kib if p["first"] is None else p["first"]
            p["last"], p["peak"] = kib, max(p["peak"], kib)
            if p["t0"] is None or cpu < p["cpu1"]:  # a restart resets the CPU counter
                p["t0"], p["cpu0"] = t, cpu
            p["t1"], p["cpu1"] = t, cpu
    parts = []
    for name, p in phases.items():
        span = p["t1"] - p["t0"]
        cpu = 100 * (p["cpu1"] - p["cpu0"]) / span if span > 0 else float("nan")
        machine = 100 * p["busy"] / p["span"] if p["span"] > 0 else float("nan")
        parts.append("%s:n=%d,rss_mib_first=%.0f,last=%.0f,peak=%.0f,server_cpu=%.0f%%,"
                     "machine_cpu=%.0f%%" % (name, p["n"], p["first"] / 1024, p["last"] / 1024,
                                             p["peak"] / 1024, cpu, machine))
    return {"phases": " ".join(parts)}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    result = {"wrk": wrk, "gauge": gauge, "histogram": histogram, "rss": rss}[command](*args)
    print(" ".join("%s=%s" % (k, v) for k, v in result.items()))


if __name__ == "__main__":
    main()
