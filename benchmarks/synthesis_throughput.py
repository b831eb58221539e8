"""End-to-end throughput of ``dive run``, as a user runs it: ratios measured in one sitting.

Each configuration runs the CLI in a fresh process (start-up, every item and the export
included) and is timed from outside. Printed:

- kept tasks per second of the whole command, for 1 worker and for ``--workers`` workers, and the CPU
  time (user + system) of every process of the run per kept task (robust to other work on the machine);
- the speed-up of N workers over 1 (ideal: N on an otherwise idle machine);
- wall / (total tool time / N): how far the run is from the physical limit of N cores busy
  only inside tools (1.0 is the limit);
- whether ``tasks.jsonl`` is byte-identical for 1 and N workers;
- the largest resident set of any process of the run (driver, worker or tool host) at T and
  4T tasks, and their ratio (flat in T: 1.0).

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
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"dive run failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    cpu_s, rss_kib = done.stderr.strip().splitlines()[-1].split()
    return Result(wall, summary["tool_s"], summary["kept"], summary["items"], (out / "tasks.jsonl").read_bytes(),
                  int(rss_kib) / 1024, float(cpu_s))


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
              f"wall / (tool time / {w}) = {r.wall_s / (r.tool_s / w):.2f}  CPU (user+sys, every process) "
              f"{r.cpu_s:7.1f} s = {r.cpu_s / max(r.kept, 1):.3f} s per kept task")
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
