#!/usr/bin/env python3
"""Fault test of `storyline serve`: kill -9 during ingest loses no acknowledged document.

Usage: kill9.py --binary BUILD/src/cli/storyline --pages PAGES.tsv [--work DIR] [--port N]
                [--rounds 3] [--threads 8] [--min-s 2] [--max-s 8] [--seed S]
                [-- SERVER OPTIONS...]

Starts a server on a fresh database (DIR/kill9.db, default --snapshot-every 2000 so that the
kills fall between, and sometimes during, periodic snapshots), then for each round: THREADS
threads PUT pages (make_pages.py's file, one page a line) to /api/documents/<id>, each on its
own keep-alive connection, and note every id answered 201 or 200 (acknowledged: durable, by the
server's contract); after a random MIN-S..MAX-S seconds the server gets SIGKILL; it is started
again on the same database, timed until /healthz answers 200 (from the process start), and
every id acknowledged so far, in this round and the earlier ones, must answer 200 on
GET /api/documents/<id>. PUTs in flight at the kill (sent, never answered) may or may not be
there; they are counted, not required. A server that dies while restarting is counted and
started again. Exits 1 if any acknowledged document is missing or the server crashed.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time


def healthz(port, timeout=1.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        r = conn.getresponse()
        body = r.read()
        return r.status, body
    finally:
        conn.close()


class Server:
    def __init__(self, binary, db, port, extra, log_path):
        self.binary, self.db, self.port, self.extra, self.log_path = binary, db, port, extra, log_path
        self.proc = None
        self.crashes = []

    def start(self, timeout=600):
        """Starts the server: the seconds until /healthz answers 200, and /healthz's answer. A
        server that dies while starting is counted in `crashes` and started again (3 tries)."""
        for _ in range(3):
            started = self._start(timeout)
            if started:
                return started
            self.crashes.append(self.proc.returncode)
            print("kill9.py: the server died while starting (exit status %d; -11 is a "
                  "segmentation fault), starting it again" % self.proc.returncode, flush=True)
        sys.exit("kill9.py: the server does not start (see %s)" % self.log_path)

    def _start(self, timeout):
        log = open(self.log_path, "a")
        log.write("=== start %s\n" % time.strftime("%H:%M:%S"))
        log.flush()
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--port", str(self.port)] + self.extra,
            stdout=log, stderr=log)
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                return None
            try:
                status, body = healthz(self.port)
                if status == 200:
                    ready = time.monotonic() - t0
                    return ready, json.loads(body)
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.01)
        sys.exit("kill9.py: the server was not ready within %d s" % timeout)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=300)

    def ready_line(self):
        lines = [l for l in open(self.log_path, encoding="utf-8", errors="replace")
                 if "storyline: ready:" in l]
        return lines[-1].strip() if lines else ""


class Pages:
    """The pages file read in turn by all threads, wrapping at its end (ids stay distinct)."""

    def __init__(self, path):
        self.path, self.file, self.passes = path, open(path, encoding="utf-8"), 0
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            line = self.file.readline()
            if not line:
                self.file.seek(0)
                self.passes += 1
                line = self.file.readline()
            doc_id, page = line.rstrip("\n").split("\t", 1)
            return (doc_id if self.passes == 0 else "%s-w%d" % (doc_id, self.passes)), page


def ingest(port, pages, tag, stop, acked, doubt, counts, lock):
    """PUTs pages until `stop` or until the connection fails (the server is gone)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        doc_id, page = pages.next()
        doc_id = "%s-%s" % (doc_id, tag)
        try:
            conn.request("PUT", "/api/documents/" + doc_id, body=page.encode("utf-8"),
                         headers={"Content-Type": "text/html; charset=utf-8"})
            r = conn.getresponse()
            r.read()
        except (OSError, http.client.HTTPException):
            with lock:
                doubt.append(doc_id)  # sent (or not), never answered
            return
        with lock:
            counts[r.status] = counts.get(r.status, 0) + 1
            if r.status in (200, 201):
                acked.append(doc_id)


def verify(port, ids, threads=4):
    """The ids that do not answer 200 on GET /api/documents/<id>, and whether the connection
    failed on the way (the server died: the caller restarts it and checks again)."""
    missing, lock, chunks = [], threading.Lock(), [ids[i::threads] for i in range(threads)]
    failed = []

    def check(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for doc_id in chunk:
            try:
                conn.request("GET", "/api/documents/" + doc_id)
                r = conn.getresponse()
                r.read()
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    failed.append(repr(e))
                return
            if r.status != 200:
                with lock:
                    missing.append((doc_id, r.status))

    workers = [threading.Thread(target=check, args=(c,)) for c in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return missing, bool(failed)


def verify_restarting(server, ids):
    """verify(), restarting the server when it dies during the check (counted in its crashes)."""
    for _ in range(3):
        missing, failed = verify(server.port, ids)
        if not failed:
            return missing
        server.proc.wait()
        server.crashes.append(server.proc.returncode)
        print("kill9.py: the server died while answering GETs (exit status %d; -11 is a "
              "segmentation fault), starting it again" % server.proc.returncode, flush=True)
        server.start()
    sys.exit("kill9.py: the server keeps dying while answering GETs")


def present(port, ids):
    """How many of `ids` answer 200; -1 when the server cannot be asked."""
    missing, failed = verify(port, ids)
    return -1 if failed else len(ids) - len(missing)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--pages", required=True)
    parser.add_argument("--work", default="/tmp/storyline-kill9")
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--min-s", type=float, default=2)
    parser.add_argument("--max-s", type=float, default=8)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    if not any(a.startswith("--snapshot-every") for a in extra):
        extra += ["--snapshot-every", "2000"]

    os.makedirs(args.work, exist_ok=True)
    db = os.path.join(args.work, "kill9.db")
    for name in os.listdir(args.work):
        if name.startswith("kill9.db"):
            os.remove(os.path.join(args.work, name))
    rng = random.Random(args.seed)
    server = Server(args.binary, db, args.port, extra, os.path.join(args.work, "kill9.log"))
    pages = Pages(args.pages)
    print("kill9.py: seed %d, server options %s" % (args.seed, " ".join(extra)), flush=True)
    ready, _ = server.start()
    acked_all, failed = [], 0
    for r in range(1, args.rounds + 1):
        stop, lock = threading.Event(), threading.Lock()
        acked, doubt, counts = [], [], {}
        tag = "k%d-%d" % (args.seed % 100000, r)
        workers = [threading.Thread(target=ingest,
                                    args=(args.port, pages, tag, stop, acked, doubt, counts, lock))
                   for _ in range(args.threads)]
        after = rng.uniform(args.min_s, args.max_s)
        t0 = time.monotonic()
        for w in workers:
            w.start()
        time.sleep(after)
        server.kill9()
        stop.set()
        for w in workers:
            w.join()
        rate = len(acked) / (time.monotonic() - t0)
        acked_all += acked
        ready, health = server.start()
        missing = verify_restarting(server, acked_all)
        doubt_present = present(args.port, doubt)
        failed += len(missing)
        print("round %d: killed after %.1f s; acknowledged %d (%.0f/s; statuses %s), in flight "
              "at the kill %d (%d of them stored); restart: /healthz 200 after %.2f s, %d "
              "documents; %d of %d acknowledged so far missing%s\n  %s"
              % (r, after, len(acked), rate, counts, len(doubt), doubt_present, ready,
                 health.get("documents", -1), len(missing), len(acked_all),
                 (": " + ", ".join("%s (%d)" % m for m in missing[:5])) if missing else "",
                 server.ready_line()), flush=True)
    server.stop()
    ok = failed == 0 and not server.crashes
    print("kill9.py: %s: %d rounds, %d acknowledged documents, %d missing, %d crashes while "
          "restarting%s" % ("PASS" if ok else "FAIL", args.rounds, len(acked_all), failed,
                            len(server.crashes),
                            " (exit statuses %s)" % server.crashes if server.crashes else ""),
          flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
