#!/usr/bin/env python3
"""Where the server's threads spend their time, on and off the CPU: a sampling of /proc.

Usage: thread_states.py PID [--seconds 10] [--hz 200]

Every 1/HZ s it reads, for each thread of PID, its state (R running or runnable, S sleeping,
D uninterruptible: waiting for the disk) and the system call it is in (/proc/PID/task/TID/syscall:
futex = waiting for a lock or a condition, fdatasync/fsync = waiting for the disk, poll/read/
recvfrom = an HTTP thread waiting for its connection, nanosleep, ...). Then, per thread with
any CPU time, the CPU share it used (utime + stime) and the share of samples in each state.
A perf profile shows where the CPU goes; this shows what a serial thread (the writer) waits for.
Needs root (or ptrace rights over PID) for the syscall file.
"""

import argparse
import collections
import os
import time

SYSCALLS = {0: "read", 1: "write", 3: "close", 7: "poll", 8: "lseek", 9: "mmap", 11: "munmap",
            17: "pread64", 18: "pwrite64", 23: "select", 35: "nanosleep", 44: "sendto",
            45: "recvfrom", 46: "sendmsg", 47: "recvmsg", 74: "fsync", 75: "fdatasync",
            202: "futex", 232: "epoll_wait", 230: "clock_nanosleep", 270: "pselect6",
            271: "ppoll", 281: "epoll_pwait", 288: "accept4", 72: "fcntl", 257: "openat",
            262: "newfstatat", 87: "unlink", 82: "rename", 4: "stat", 5: "fstat", 2: "open",
            96: "gettimeofday", 228: "clock_gettime", 24: "sched_yield", 77: "ftruncate",
            16: "ioctl", 19: "readv", 20: "writev"}


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def cpu_ticks(stat):
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pid", type=int)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--hz", type=float, default=200)
    args = parser.parse_args()
    task_dir = "/proc/%d/task" % args.pid
    hz = os.sysconf("SC_CLK_TCK")
    start_ticks, states = {}, collections.defaultdict(collections.Counter)
    for tid in os.listdir(task_dir):
        s = read("%s/%s/stat" % (task_dir, tid))
        if s:
            start_ticks[tid] = cpu_ticks(s)
    t0, samples = time.monotonic(), 0
    while time.monotonic() - t0 < args.seconds:
        for tid in os.listdir(task_dir):
            stat = read("%s/%s/stat" % (task_dir, tid))
            call = read("%s/%s/syscall" % (task_dir, tid))
            if not stat:
                continue
            state = stat[stat.rindex(")") + 2]
            if state == "R":
                key = "running"
            elif call and call.split()[0].lstrip("-").isdigit():
                number = int(call.split()[0])
                key = "%s:%s" % (state, SYSCALLS.get(number, "sys%d" % number))
            else:
                key = state
            states[tid][key] += 1
        samples += 1
        time.sleep(max(0, t0 + samples / args.hz - time.monotonic()))
    elapsed = time.monotonic() - t0
    rows = []
    for tid, counter in states.items():
        s = read("%s/%s/stat" % (task_dir, tid))
        used = (cpu_ticks(s) - start_ticks.get(tid, 0)) / hz if s else 0
        rows.append((used, tid, counter))
    rows.sort(key=lambda r: -r[0])
    print("%d samples over %.1f s; per thread: CPU used (%% of one core), then %% of samples "
          "by state[:syscall]" % (samples, elapsed))
    idle = 0
    for used, tid, counter in rows:
        if used < 0.01 * elapsed:
            idle += 1
            continue
        total = sum(counter.values())
        parts = ", ".join("%s %.0f%%" % (k, 100 * n / total) for k, n in counter.most_common(5))
        print("  tid %s: cpu %.0f%%; %s" % (tid, 100 * used / elapsed, parts))
    print("  (%d threads under 1%% CPU not shown)" % idle)


if __name__ == "__main__":
    main()
