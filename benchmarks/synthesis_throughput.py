"""End-to-end throughput of ``dive run``, as a user runs it: ratios measured in one sitting.

Each configuration runs the CLI in a fresh process (start-up, every item and the export
included) and is timed from outside. Printed:

- kept tasks per second of the whole command, for 1 worker and for ``--workers`` workers, and the CPU
  time (user + system) the machine was busy for during the run, per kept task (``/proc/stat``: every process
  of the run, tool hosts' forked copies and JVMs included, but also any other work on the machine);
- the speed-up of N workers over 1 (ideal: N on an otherwise idle machine);
- wall / (total tool time / N): how far the run is from the physical limit of N cores busy
  only inside tools (1.0 is the limit); the tool time of N workers includes waits for a busy shared host and
  calls slowed by other processes, so the line also divides by the tool time of 1 worker;
- whether ``tasks.jsonl`` is byte-identical for 1 and N workers;
- the largest resident set of any process of the run (driver, worker, tool host or a host's forked copy) at T
  and 4T tasks, and their ratio (flat in T: 1.0).

Other work on the machine skews absolute times, not much the ratios of runs made back to back;
use ``--repeat`` for medians.

Run: ``python benchmarks/synthesis_throughput.py [--tasks 250] [--workers 2] [--packs core,geo,time]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    wall_s: float
    tool_s: float
    kept: int
    items: int
    tasks_bytes: bytes
    max_rss_mb: float
    cpu_s: float


def _run(tasks: int, workers: int, seed: int, packs: list[str], root: Path) -> Result:
    out = root / f"t{tasks}-w{workers}-{time.monotonic_ns()}"
    cmd = [sys.executable, "-m", "dive.cli", "run", "--tasks", str(tasks), "--seed", str(seed), "--out", str(out),
           "--workers", str(workers), "--quiet", "--json"]
    if packs:
        cmd += ["-o", f"tools.packs={json.dumps(packs)}"]
    start, busy = time.perf_counter(), _busy_s()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", _MEASURE, *cmd], stdout=stdout, stderr=stderr, text=True)
        peak_kib = 0
        while proc.poll() is None:  # forked copies of tool hosts are not the run's children: read their peaks live
            peak_kib = max(peak_kib, _peak_rss_kib(proc.pid))
            time.sleep(0.25)
        wall, busy = time.perf_counter() - start, _busy_s() - busy
        stdout.seek(0)
        stderr.seek(0)
        done = subprocess.CompletedProcess(proc.args, proc.returncode, stdout.read(), stderr.read())
    if done.returncode not in (0, 1):
        raise SystemExit(f"dive run failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    _, rss_kib = done.stderr.strip().splitlines()[-1].split()
    return Result(wall, summary["tool_s"], summary["kept"], summary["items"], (out / "tasks.jsonl").read_bytes(),
                  max(int(rss_kib), peak_kib) / 1024, busy)


def _peak_rss_kib(root: int) -> int:
    """The largest peak resident set (``VmHWM``) of any live process descended from ``root``."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    peak = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as f:
                peak = max([peak, *(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))])
        except (OSError, ValueError, IndexError):
            continue
    return peak


def _busy_s() -> float:
    """CPU seconds the machine has been busy (user, nice, system, irq, softirq) since boot."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:8]]
    return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / os.sysconf("SC_CLK_TCK")


# Runs the command and prints, last on standard error, the largest resident set (KiB) of it or any descendant
# it waited for (workers, tool hosts),
# and the CPU time (user + system) of them all.
_MEASURE = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr); sys.exit(rc)")


def _median(results: list[Result]) -> Result:
    by_wall = sorted(results, key=lambda r: r.wall_s)
    return by_wall[len(by_wall) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=250)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--packs", default="", help="comma-separated packs (default: every installed pack)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration (the median is printed)")
    parser.add_argument("--no-rss", action="store_true", help="skip the 4T run for the memory ratio")
    args = parser.parse_args()
    packs = [p for p in args.packs.split(",") if p]
    n = args.workers
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one = _median([_run(args.tasks, 1, args.seed, packs, root) for _ in range(args.repeat)])
        many = _median([_run(args.tasks, n, args.seed, packs, root) for _ in range(args.repeat)])
        big = None if args.no_rss else _run(4 * args.tasks, n, args.seed, packs, root)
    print(f"tasks {args.tasks} (kept {one.kept} from {one.items} items); packs {','.join(packs) or 'all installed'}; "
          f"{len(os.sched_getaffinity(0))} cores; load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end")
    for label, r, w in (("1 worker", one, 1), (f"{n} workers", many, n)):
        print(f"{label:>10}: wall {r.wall_s:7.2f} s  kept/s {r.kept / r.wall_s:6.2f}  tool time {r.tool_s:7.2f} s  "
              f"wall / (tool time / {w}) = {r.wall_s / (r.tool_s / w):.2f}  CPU (machine busy) "
              f"{r.cpu_s:7.1f} s = {r.cpu_s / max(r.kept, 1):.3f} s per kept task")
    print(f"wall of {n} workers / (tool time of 1 worker / {n}) = {many.wall_s / (one.tool_s / n):.2f}")
    print(f"speed-up of {n} workers over 1: {one.wall_s / many.wall_s:.2f}x")
    print(f"tasks.jsonl identical for 1 and {n} workers: {one.tasks_bytes == many.tasks_bytes}")
    if big is not None:
        print(f"max RSS of a process: {many.max_rss_mb:.0f} MB at {args.tasks} tasks, {big.max_rss_mb:.0f} MB at "
              f"{4 * args.tasks} tasks (ratio {big.max_rss_mb / many.max_rss_mb:.2f}; {big.kept} kept in "
              f"{big.wall_s:.1f} s)")
    if args.repeat > 1:
        print(f"(each line: the median of {args.repeat} runs)")


if __name__ == "__main__":
    main()
