#!/usr/bin/env python3
"""Times one command of scripts/bench.sh: runs it REPEATS times and prints one JSON object with
the median and best wall time (s, whole process), the median CPU time (user + sys, s), the peak
resident memory (MiB, the largest of the runs) and, when the command is a `hesa run` that wrote
run-meta.json into OUT, the median run's wall time by phase (config, lowering, simulation,
outputs). Standard library only.

Usage: bench_case.py REPEATS OUT [--stdout FILE] -- COMMAND...
(--stdout: the last run's standard output goes to FILE, else nowhere)
"""
import json
import os
import statistics
import sys
import time


def run_once(cmd, stdout):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            out = os.open(stdout or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench_case.py: {' '.join(cmd)} failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def main():
    args = sys.argv[1:]
    stdout = None
    if len(args) > 3 and args[2] == "--stdout":
        stdout = args[3]
        del args[2:4]
    if len(args) < 4 or args[2] != "--":
        sys.exit(__doc__)
    repeats, out, cmd = int(args[0]), args[1], args[3:]
    runs = []
    for _ in range(repeats):
        wall, cpu, rss = run_once(cmd, stdout)
        phases = None
        meta = os.path.join(out, "run-meta.json") if out != "-" else ""
        if meta and os.path.exists(meta):
            with open(meta) as f:
                phases = json.load(f).get("phases_s")
        runs.append((wall, cpu, rss, phases))
    by_wall = sorted(runs, key=lambda r: r[0])
    median = by_wall[len(by_wall) // 2]
    print(json.dumps({
        "wall_median_s": median[0],
        "wall_best_s": by_wall[0][0],
        "cpu_median_s": statistics.median(r[1] for r in runs),
        "peak_mib": max(r[2] for r in runs),
        "phases_s": median[3],
    }))


if __name__ == "__main__":
    main()
