"""Throughput of the offline engine: verified tasks per second and pipeline overhead vs tool time.

Runs ``dive run`` in-process into a temporary directory and prints:

- kept (verified) tasks per second of wall time, with and without the one-off start-up
  (importing the packs and building the pool);
- the ratio of pipeline overhead (sampling, exploration bookkeeping, derivation and
  phrasing, verification minus its tool calls, storage) to the time spent inside tools
  (exploration and replay calls), both summed over items.

Run: ``python benchmarks/synthesis_throughput.py [--tasks 300] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from dive.config import load_config
from dive.pipeline import run, run_context
from dive.records import ItemResult
from dive.store import RunStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    config = load_config(tasks=args.tasks, seed=args.seed)
    start = time.perf_counter()
    run_context(config)  # warm the imports, so the run below measures start-up from warm modules too
    startup_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        start = time.perf_counter()
        funnel = run(config, out)
        wall_s = time.perf_counter() - start
        with RunStore.open(out, readonly=True) as store:
            items = list(store.iter(ItemResult))
    tool_s = sum(i.tool_ms or 0 for i in items) / 1000
    item_s = sum(i.wall_ms or 0 for i in items) / 1000
    print(f"cold start (imports, pool, seeds): {startup_s:.2f} s")
    print(f"items {funnel.items}, derived {funnel.derived}, kept {funnel.kept}, "
          f"rejected {dict(sorted(funnel.rejected.items()))}")
    print(f"wall {wall_s:.2f} s; inside items {item_s:.2f} s; inside tools {tool_s:.2f} s")
    print(f"verified tasks/s (whole run): {funnel.kept / wall_s:.2f}")
    print(f"verified tasks/s (items only): {funnel.kept / item_s:.2f}")
    print(f"pipeline overhead / tool time (items): {(item_s - tool_s) / tool_s:.2f}")
    print(f"store + run set-up share of wall: {(wall_s - item_s) / wall_s:.2%}")


if __name__ == "__main__":
    main()
